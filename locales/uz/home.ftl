## Bosh ekran: saqlangan hisoblar va har birining qarzi, yangi mijozga birinchi so‘zlar

home-intro =
    👋 <b>Paybot</b> elektr energiyasi, gaz, suv, mobil aloqa va internet uchun bank kartasi bilan shu yerning o‘zida, Telegramda to‘laydi.
    Uzcard yoki Humo kartangizni bir marta qo‘shing va bir necha bosishda to‘lang; saqlangan hisob qarzi bilan shu ekranda turadi.
home-support = 🆘 Yordam: { $contact }
home-terms = 📄 Foydalanish shartlari: { $url }
home-accounts-title = ⭐ <b>Hisoblaringiz</b>
home-account-owed = { $name }: <b>{ $amount } so‘m</b> to‘lash kerak
home-account-nothing-owed = { $name }: to‘lanadigan qarz yo‘q
home-account = { $name }
home-debts-later = ⏳ To‘lov xizmati sekin javob bermoqda: hisob qarzi uni ochganingizda ko‘rinadi.
home-btn-pay-owed = 💳 { $name } · { $amount } so‘m
home-btn-pay = 💸 { $name }
