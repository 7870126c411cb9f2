## Qo‘llab-quvvatlash: to‘lovdagi muammo odamga yetib boradi

btn-support = 🆘 Bu to‘lovda muammo bormi?
support-ask =
    🆘 <b>Bu to‘lovda muammo bormi?</b>
    { $service }, { $account }: { $amount } so‘m, { $date }

    Nima bo‘lganini bitta xabarda o‘z so‘zlaringiz bilan yozing (faqat matn, skrinshot kerak emas). Jamoamiz uni o‘qib, sizga shu chatda javob beradi.
    Hech qachon karta raqami yoki SMS kodni yubormang. Chiqish: /cancel
support-too-long = Juda uzun: iltimos, { $max } ta belgidan oshirmang.
support-text-please = Muammoni so‘z bilan, matnli xabar qilib yozing: bu yerda rasm, fayl va ovozli xabarlar qabul qilinmaydi.
support-sent = ✅ Qo‘llab-quvvatlash jamoasiga yuborildi. Sizga shu chatda, shu botdan keladigan xabar orqali javob berishadi.
support-answer =
    💬 <b>Qo‘llab-quvvatlash xizmatining javobi</b>
    To‘lovingiz haqida: { $service }, { $account }: { $amount } so‘m, { $date }

    { $answer }

    Muammo hal bo‘lmagan bo‘lsa, /history bo‘limida to‘lov ostidagi “🆘 Bu to‘lovda muammo bormi?” tugmasini bosing.

## Qo‘llab-quvvatlash: adminlar tomoni

cmd-questions = Mijozlarning ochiq savollari
support-admin-question =
    🆘 <b>Savol №{ $question }</b>, to‘lov haqida

    Mijoz: { $customer } (id <code>{ $user }</code>)
    To‘lov №{ $payment }: { $status }
    Xizmat: { $service }
    Hisob: { $account }
    Summa: { $amount } so‘m
    Karta: { $card }
    Yaratilgan: { $date }
    To‘langan (Paylov): { $paid_at }
    Paylov tranzaksiyasi: <code>{ $transaction }</code>
    paymentRef: <code>{ $reference }</code>
    Savol berilgan: { $asked }

    { $words }

    ↩️ Mijozga javob berish uchun shu xabarga javob (Reply) yozing.
support-admin-delivered = ✅ Yuborildi: { $customer }. Savol №{ $question } yopildi.
support-admin-owed = 📨 Savol №{ $question } javobi yozib qo‘yildi. { $customer } uni Telegram imkon berishi bilan oladi (mijoz hozircha botni bloklagan bo‘lishi mumkin).
support-admin-text-only = Javob faqat matn bo‘ladi: savolga matnli xabar bilan javob bering.
support-admin-too-long = Javob juda uzun: ko‘pi bilan { $max } ta belgi.
support-open-title = 🆘 <b>Ochiq savollar</b>: { $count }
support-open-empty = Ochiq savollar yo‘q.
support-open-line =
    <b>№{ $question }</b> · { $asked } · { $customer }
    { $service }, { $amount } so‘m: { $words }
support-open-page = { $pages } sahifadan { $page }-sahifa
support-open-hint = Savolni shu yerda yana olish uchun uni bosing, so‘ng unga javob (Reply) yozing.
btn-support-question = №{ $question } · { $customer }
