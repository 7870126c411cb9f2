## Main menu and general

welcome = 👋 <b>Paybot</b>ga xush kelibsiz! Elektr energiyasi, gaz, suv, mobil aloqa va internet uchun bank kartangiz bilan to‘lang.
menu-title = Nima qilmoqchisiz?
menu-type-hint = <i>Yoki telefon raqamini yozing — hisobini to‘ldiramiz, yoki xizmat nomini — topib beramiz.</i>
menu-pay = 💸 To‘lash
menu-accounts = ⭐ Saqlangan hisoblar
menu-history = 🧾 Tarix
menu-cards = 💳 Kartalarim
menu-language = 🌐 Til
menu-help = ❓ Yordam
help =
    <b>Qanday to‘lash mumkin</b>
    1. /pay — toifa va xizmatni tanlang.
    2. Hisob ma’lumotlarini kiriting (hudud, hisob raqami, telefon raqami…).
    3. Hisob ma’lumotlarini tekshiring va summani kiriting.
    4. To‘lovni tasdiqlang, so‘ng bankingiz yuborgan SMS-kodni kiriting.

    /accounts — tezkor takroriy to‘lov uchun saqlangan hisoblar
    /history — to‘lovlaringiz va ularning holati
    /cards — kartalaringiz
    /language — tilni o‘zgartirish
    /cancel — joriy amalni to‘xtatish
language-choose = Tilni tanlang:
language-set = ✅ Til: o‘zbekcha
stale-button = Bu tugma endi faol emas.
flow-cancelled = Bekor qilindi. Kartangizdan pul yechilmadi.
nothing-to-cancel = Bekor qilinadigan amal yo‘q.
not-understood = Tushunmadim. Iltimos, quyidagi menyudan foydalaning.
use-buttons = Iltimos, yuqoridagi tugmalardan birini tanlang yoki /cancel ni bosing.
private-only = Men faqat shaxsiy chatda ishlayman. @{ $bot } ni oching va menga o‘sha yerda yozing.
type-as-message = Iltimos, buni matnli xabar qilib yuboring.
not-found = Topilmadi.
internal-error = Biz tomonda xatolik yuz berdi. Iltimos, qaytadan urinib ko‘ring.

## Buttons

btn-cancel = ✖️ Bekor qilish
btn-back = ⬅️ Orqaga
btn-previous = ◀️ Oldingi
btn-next = Keyingi ▶️
btn-retry = 🔄 Qayta urinish
btn-reenter = ✏️ Ma’lumotlarni qayta kiritish
btn-continue = ✅ Davom etish
btn-add-card = ➕ Karta qo‘shish
btn-confirm = ✅ Tasdiqlash va to‘lash
btn-save-account = ⭐ Hisobni saqlash
btn-menu = 🏠 Menyu
btn-remove-card = 🗑 O‘chirish •••• { $card }
btn-yes-remove = 🗑 Ha, o‘chirish
btn-no = Yo‘q
btn-share-phone = 📱 Telefon raqamimni yuborish

## Paylov

paylov-unavailable = ⏳ To‘lov xizmati hozir javob bermayapti. Iltimos, birozdan so‘ng qayta urinib ko‘ring.
paylov-unavailable-code = To‘lov xizmati hozir javob bermayapti. Iltimos, birozdan so‘ng kodni qayta yuboring.
paylov-error = To‘lov xizmati bu so‘rovni bajara olmadi.
paylov-code-invalid-amount = Summa bu xizmat limitlaridan tashqarida.
paylov-code-insufficient-funds = Kartada mablag‘ yetarli emas.
paylov-code-card-not-found = Karta topilmadi. Karta raqami va amal qilish muddatini tekshiring.
paylov-code-card-not-found-in-processing-center = Bank bu kartani topmadi. Karta raqamini tekshiring.
paylov-code-card-expired = Kartaning amal qilish muddati tugagan yoki noto‘g‘ri kiritilgan.
paylov-code-invalid-expire-date = Amal qilish muddati kartaga mos kelmaydi.
paylov-code-card-is-blocked-in-processing-center = Karta bank tomonidan bloklangan.
paylov-code-service-not-available = Bu xizmat hozir to‘lovlarni qabul qilmayapti.
paylov-code-too-many-attempts = Kod juda ko‘p marta noto‘g‘ri kiritildi. To‘lov to‘xtatildi, pul yechilmadi.
paylov-code-otp-expired = Kodning amal qilish muddati tugadi.
paylov-code-transaction-not-available-for-payment = Bu to‘lovni endi amalga oshirib bo‘lmaydi.
paylov-code-transaction-already-payed = Bu to‘lov allaqachon amalga oshirilgan.
paylov-code-account-not-found = Hisob raqami topilmadi.
paylov-code-invalid-account = Hisob ma’lumotlari bu xizmat uchun yaroqsiz.
paylov-code-phone-not-match = Telefon raqami bankda ushbu kartaga biriktirilgan raqamga mos kelmaydi.
paylov-code-sms-not-active = Bu karta uchun SMS-xabarnoma yoqilmagan. Uni bankingizda yoqing.
paylov-code-daily-limit-used-for-this-card = Bu kartaning kunlik limiti tugagan.
paylov-code-cancelled = To‘lov bekor qilindi.
paylov-code-expired = To‘lov o‘z vaqtida yakunlanmadi.

## Payment flow

pay-choose-category = Toifani tanlang yoki xizmat nomini yozing (masalan: Beeline, elektr):
pay-choose-service = <b>{ $category }</b>: xizmatni tanlang ({ $pages } sahifadan { $page }-sahifa):
pay-service-gone = Bu xizmat endi mavjud emas. Iltimos, boshqasini tanlang.
pay-service-unavailable = <b>{ $service }</b> hozir to‘lovlarni qabul qilmayapti. Iltimos, boshqa xizmatni tanlang yoki keyinroq urinib ko‘ring.
pay-service-header = 🏷 <b>{ $service }</b>
pay-choose-value = Tanlang: <b>{ $field }</b>
pay-enter-value = Kiriting: <b>{ $field }</b>
pay-hint-digits = Faqat raqamlar.
pay-hint-length = Ko‘pi bilan { $length } ta belgi.
pay-account-not-found = ❌ Bunday hisob topilmadi. Ma’lumotlarni tekshirib, qaytadan kiriting.
pay-preview-title = <b>Hisob ma’lumotlari</b>
pay-preview-empty = Xizmat bu hisob bo‘yicha ma’lumot qaytarmadi.
pay-enter-amount = Summani so‘mda kiriting, masalan 50 000.
pay-amount-bounds = { $min } so‘mdan { $max } so‘mgacha.
pay-amount-min = { $min } so‘mdan boshlab.
pay-confirm =
    <b>To‘lovni tekshiring</b>

    Xizmat: <b>{ $service }</b>
    { $account }
    Summa: <b>{ $amount } so‘m</b>
    Karta: <b>{ $card }</b>
pay-code-sent = 📩 { $phone } raqamiga kod yuborildi. To‘lash uchun kodni shu yerga kiriting.
pay-card-gone = { $card } karta to‘lov xizmatida hisobingizga endi bog‘lanmagan, shuning uchun u bu yerdan ham olib tashlandi. Pul yechilmadi. Kartani qaytadan qo‘shing yoki boshqasini tanlang.
pay-create-unavailable = ⏳ To‘lov xizmati javob bermadi, shuning uchun to‘lov boshlanmadi. Pul yechilmadi. Qayta urinib ko‘rasizmi?
pay-failed = To‘lov amalga oshmadi. Pul yechilmadi.
pay-pending = ⏳ To‘lov xizmati to‘lovni hali tasdiqlamadi. Biz tekshiryapmiz va natija ma’lum bo‘lishi bilan sizga xabar beramiz. Iltimos, shu orada qayta to‘lamang.
pay-still-settling = Bu hisob bo‘yicha { $amount } so‘mlik oldingi to‘lov hali tasdiqlanmoqda. Pul ikki marta yechilmasligi uchun yangisini u yakunlangach boshlash mumkin: biz xabar beramiz.
pay-code-too-late = Kod juda kech keldi: 30 daqiqa ichida kod kiritilmagani uchun to‘lov bekor qilindi. Pul yechilmadi. Menyudan qaytadan boshlashingiz mumkin.
pay-already-finished = Bu to‘lovning holati: { $status }. Yangisini menyudan boshlashingiz mumkin.
pay-already-handled = Bu to‘lovning holati: { $status }.
receipt =
    ✅ <b>To‘lov muvaffaqiyatli amalga oshirildi</b>

    Xizmat: <b>{ $service }</b>
    { $account }
    Summa: <b>{ $amount } so‘m</b>
    Karta: { $card }
    To‘lov vaqti: { $paid_at }
    Referens: <code>{ $reference }</code>
    Tranzaksiya: <code>{ $transaction }</code>
settled-paid =
    ✅ <b>To‘lovingiz amalga oshdi</b>
    { $service }, { $account }: { $amount } so‘m
    Tranzaksiya: <code>{ $transaction }</code>
settled-failed =
    ❌ <b>To‘lovingiz amalga oshmadi</b>
    { $service }, { $account }: { $amount } so‘m
    Pul yechilmadi. Tranzaksiya: <code>{ $transaction }</code>

status-new = yaratilmoqda
status-created = kod kutilmoqda
status-paying = to‘lanmoqda
status-paid = to‘langan
status-failed = amalga oshmagan
status-pending = tekshirilmoqda
status-cancelled = bekor qilingan

field-problem-empty = «{ $field }» maydonini to‘ldiring.
field-problem-digits-only = «{ $field }» faqat raqamlardan iborat bo‘lishi kerak.
field-problem-too-long = «{ $field }» { $length } ta belgidan oshmasligi kerak.
field-problem-pattern = «{ $field }» formati noto‘g‘ri. Tekshirib, qaytadan kiriting.
amount-not-a-number = Bu summa emas. Raqam kiriting, masalan 50 000.
amount-out-of-range = Summa { $min } so‘mdan { $max } so‘mgacha bo‘lishi kerak.
amount-below-min = Summa kamida { $min } so‘m bo‘lishi kerak.
amount-not-whole = To‘lov faqat butun so‘mda, tiyinsiz qabul qilinadi. Summani kasr qismisiz kiriting, masalan 50 000.
code-type-as-message = Iltimos, SMS-xabardagi kodni matnli xabar qilib yuboring.
code-wrong = Kod noto‘g‘ri. SMS-xabarni tekshirib, kodni qaytadan kiriting.

## Cards

card-share-phone = Karta qo‘shish uchun quyidagi tugma orqali telefon raqamingizni yuboring. Bank uni kartaga biriktirilgan raqam bilan solishtiradi.
card-phone-not-own = Iltimos, quyidagi tugma orqali o‘zingizning telefon raqamingizni yuboring.
card-phone-saved = ✅ Rahmat.
card-enter-expiry = 💳 Kartaning amal qilish muddatini MM/YY ko‘rinishida kiriting, masalan 03/28. Karta raqami keyingi xabarda so‘raladi; ikkalasini bitta xabarda ham yozish mumkin: avval raqam, keyin muddat. Har bir xabar o‘qilishi bilan darhol o‘chiriladi.
card-enter-number = 💳 Endi 16 xonali karta raqamini kiriting (Uzcard yoki Humo). Xabar o‘qilishi bilan darhol o‘chiriladi.
card-number-again = Iltimos, karta raqamini qaytadan kiriting.
card-expiry-first = Karta raqami yozilgan xabar o‘chirildi. Avval amal qilish muddatini kiriting, karta raqami undan keyin so‘raladi.
card-code-sent = 📩 Bankingiz { $phone } raqamiga kod yubordi. Kodni shu yerga kiriting.
card-added = ✅ { $card } kartasi qo‘shildi.
card-add-left = Karta qo‘shish to‘xtatildi.
card-problem-not-16-digits = Karta raqami 16 ta raqamdan iborat bo‘ladi.
card-problem-not-local = Bu yerda faqat Uzcard (8600, 5614) va Humo (9860) kartalarini ulash mumkin.
card-problem-foreign = Bu { $scheme } kartasi. Bu yerda faqat Uzcard (8600, 5614) va Humo (9860) kartalarini ulash mumkin.
card-typed-number = Siz { $card } raqamini kiritdingiz.
card-problem-checksum = Karta raqami noto‘g‘ri kiritilgan. Xato yo‘qligini tekshiring.
card-problem-expiry-format = Amal qilish muddatini MM/YY ko‘rinishida kiriting, masalan 03/28.
card-problem-expired = Bu kartaning amal qilish muddati tugagan.
cards-title = <b>Kartalaringiz</b>
cards-empty = Sizda hali kartalar yo‘q.
cards-remove-confirm = { $card } kartasi o‘chirilsinmi?
cards-removed = Karta o‘chirildi.
card-holder = Egasi: { $owner }
card-balance = Balans: { $amount } so‘m
card-balance-short = { $amount } so‘m
cards-default-mark = ⭐ asosiy
btn-name-card = ✏️ Nomlash •••• { $card }
btn-default-card = ⭐ Asosiy qilish •••• { $card }
cards-ask-name = { $card } kartasi uchun nom kiriting, { $max } belgigacha (masalan: Oylik).
cards-name-invalid = Nom bir qatorda 1 dan { $max } belgigacha bo‘lishi va karta raqamini o‘z ichiga olmasligi kerak. Boshqasini kiriting.
cards-named = ✅ Endi karta nomi: { $name }.
cards-default-set = Bu karta birinchi bo‘lib taklif qilinadi.

## Commands

cmd-pay = Xizmatlar uchun to‘lash
cmd-accounts = Saqlangan hisoblar
cmd-cards = Kartalarim
cmd-history = To‘lovlar tarixi
cmd-language = Tilni o‘zgartirish
cmd-help = Yordam
cmd-cancel = Bekor qilish
cmd-payments = Merchant to‘lovlari
cmd-tx = Tranzaksiya holati
cmd-stats = To‘lovlar statistikasi
cmd-export = To‘lovlarni CSV formatida yuklab olish

## Pul o‘tgan bo‘lishi mumkin bo‘lganda mijozga aytiladigan gaplar

error-payment-paid = ✅ To‘lovingiz amalga oshdi. Chek yo‘lda; iltimos, qayta to‘lamang.
error-payment-checking = ⏳ To‘lov xizmati to‘lovingizni tasdiqlamoqda. Natijani bilishimiz bilan sizga yozamiz. Iltimos, shu orada qayta to‘lamang.
error-payment-unknown = ⚠️ Biz tomonda xatolik yuz berdi. Agar to‘layotgan bo‘lsangiz, qayta to‘lashdan oldin /history ni tekshiring: to‘lov haqida sizga yozamiz.
pay-create-lost =
    ⚠️ <b>To‘lovingiz boshlanmadi</b>
    { $service }, { $account }: { $amount } so‘m
    To‘lov tayyorlanayotganda xizmatimiz qayta ishga tushdi. Pul yechilmadi. Uni menyudan qaytadan boshlashingiz mumkin.
pay-create-cut-off = Bu to‘lov boshlanmadi: u tayyorlanayotganda xizmatimiz qayta ishga tushdi. Pul yechilmadi. Uni menyudan qaytadan boshlashingiz mumkin.
pay-starting = ⏳ To‘lov hali tayyorlanmoqda. Iltimos, SMS kodni kuting.
pay-no-payment = Bu to‘lov endi kod kutmayapti. Bu xabar bilan pul yechilmadi. To‘lovni menyudan boshlashingiz mumkin.
pay-repeat-warning =
    ⚠️ <b>Bu hisobni yaqinda to‘lagansiz</b>

    Summa: <b>{ $amount } so‘m</b>
    To‘langan vaqt: { $paid_at }
    Raqam: <code>{ $reference }</code>

    Yana to‘laysizmi?
btn-pay-twice = 🔁 Ha, yana to‘lash
