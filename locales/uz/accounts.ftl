## Saved accounts

accounts-title = ⭐ <b>Saqlangan hisoblar</b>
accounts-empty = Sizda hali saqlangan hisoblar yo‘q. To‘lovdan so‘ng chekdagi «⭐ Hisobni saqlash» tugmasini bosing — keyingi safar shu hisobni bir-ikki bosishda to‘laysiz.
accounts-line = { $number }. <b>{ $name }</b> — { $service }
accounts-page = { $pages } sahifadan { $page }-sahifa
account-card =
    ⭐ <b>{ $name }</b>

    Xizmat: <b>{ $service }</b>
    { $account }
account-ask-name = ⭐ Ushbu <b>{ $service }</b> hisobini qanday nomlaymiz? Nom yozing ({ $max } belgigacha) yoki taklif qilinganini tanlang:
account-name-invalid = Nom 1 dan { $max } belgigacha bo‘lishi kerak. Boshqa nom yozing.
account-saved = ⭐ <b>{ $name }</b> nomi bilan saqlandi. Uni /accounts bo‘limida topasiz.
account-already-saved = Bu hisob allaqachon <b>{ $name }</b> nomi bilan saqlangan.
account-not-saved = Mayli, hisob saqlanmadi.
account-rename-later = Nomini /accounts bo‘limida o‘zgartirishingiz mumkin.
account-ask-rename = <b>{ $name }</b> uchun yangi nom yozing ({ $max } belgigacha):
account-renamed = ✅ Yangi nom: <b>{ $name }</b>.
account-delete-confirm = <b>{ $name }</b> saqlangan hisobi o‘chirilsinmi? To‘lovlar tarixi saqlanib qoladi.
account-deleted = 🗑 Saqlangan hisob o‘chirildi.
account-service-gone = <b>{ $service }</b> xizmati endi mavjud emas, shuning uchun bu hisobni hozir to‘lab bo‘lmaydi.
account-fields-changed = <b>{ $service }</b> xizmati endi boshqa ma’lumotlarni so‘raydi. Iltimos, hisobni qaytadan kiriting.
btn-pay-account = 💸 To‘lash
btn-rename = ✏️ Nomini o‘zgartirish
btn-delete = 🗑 O‘chirish
btn-yes-delete = 🗑 Ha, o‘chirish
btn-accounts = ⭐ Saqlangan hisoblar
btn-pay-again = 🔁 Yana to‘lash

## History

history-title = 🧾 <b>To‘lovlaringiz</b>
history-empty = Sizda hali to‘lovlar yo‘q.
history-page = { $pages } sahifadan { $page }-sahifa
history-line =
    { $number }. { $date } · <b>{ $service }</b>
    { $account } · { $amount } so‘m · { $status }
history-btn-open = { $number }. { $date } · { $amount } so‘m
history-still-settling = Bu to‘lov hali tasdiqlanmoqda. U yakunlangach qayta to‘lang; biz xabar beramiz.
history-details =
    { $status }

    Xizmat: <b>{ $service }</b>
    { $account }
    Summa: <b>{ $amount } so‘m</b>
    Karta: { $card }
    Sana: { $date }
    Tranzaksiya: <code>{ $transaction }</code>
history-nothing-charged = Hech qanday pul yechilmadi.
history-pending-note = ⏳ To‘lov xizmati bu to‘lovni hali tasdiqlamadi. Biz tekshirishda davom etamiz va natijani bilishimiz bilan sizga xabar beramiz. Iltimos, bu orada qayta to‘lamang.
history-not-confirmed-note = Bu to‘lov kod bilan tasdiqlanmagan, shuning uchun hech qanday pul yechilmadi.
