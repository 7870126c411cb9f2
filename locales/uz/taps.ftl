## Kamroq bosish: summa hisob ekranining o‘zida, qarzdorlik, tezkor summalar, saqlangan hisoblar

taps-owed = 🧾 To‘lash kerak: <b>{ $amount } so‘m</b>
taps-owed-outside-limits = Xizmat bu summani bir to‘lovda qabul qilmaydi: uning chegarasidagi summani kiriting.
taps-nothing-owed = ✅ Hozircha to‘lanadigan qarz yo‘q.
taps-enter-amount-or-owed = Summani so‘mda kiriting yoki qarzni quyidagi tugma bilan to‘lang.
taps-enter-amount-or-choose = Summani so‘mda kiriting yoki quyidagilardan birini tanlang.
taps-btn-pay-owed = 💳 { $amount } so‘m to‘lash
taps-btn-quick-amount = { $amount } so‘m
taps-btn-edit-account = ✏️ Tahrirlash
taps-accounts-hint = To‘lash uchun hisobni bosing; «✏️ Tahrirlash» uni qayta nomlaydi yoki o‘chiradi.
