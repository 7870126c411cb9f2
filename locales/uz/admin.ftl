## Administratorlar buyruqlari: /payments, /tx, /stats, /export

admin-usage-payments =
    Shakli: <code>/payments [dan] [gacha] [xizmat] [mijoz]</code>
    Misol: <code>/payments 2024-05-01 2024-05-31 beeline 123456789</code>
    Sanalar YYYY-MM-DD yoki Toshkent vaqti bilan YYYY-MM-DDTHH:MM ko‘rinishida (<code>2024-05-01T14:00</code>; «gacha» vaqti o‘sha daqiqani ham oladi), <code>-</code> bittasini o‘tkazib yuboradi (<code>/payments - 2024-05-31</code>), 5 va undan ko‘p raqamli son — mijozning Telegram id si, qolgan so‘zlar xizmatni id yoki nomining bir qismi bo‘yicha topadi.
admin-usage-export =
    Shakli: <code>/export [dan] [gacha] [xizmat] [mijoz]</code>
    Misol: <code>/export 2024-05-01 2024-05-31 beeline</code>
    Argumentlar /payments dagidek.
admin-usage-stats =
    Shakli: <code>/stats [dan] [gacha]</code>
    Misol: <code>/stats 2024-05-01 2024-05-31</code>
    Sanalarsiz — oxirgi 30 kun.
admin-usage-tx =
    Shakli: <code>/tx &lt;tranzaksiya id&gt;</code>
    Misol: <code>/tx 2e701897-b04b-4fb0-99c5-520d78d557db</code>

admin-problem-bad-date = ❌ Bu sana emas: <code>{ $token }</code>. Sanalarni YYYY-MM-DD, vaqt bilan YYYY-MM-DDTHH:MM ko‘rinishida yozing.
admin-problem-from-after-to = ❌ Davr tugashidan keyin boshlanmoqda ({ $token }).
admin-problem-too-many-dates = ❌ Sanalar juda ko‘p: <code>{ $token }</code>. Ko‘pi bilan ikkita: dan va gacha.
admin-problem-two-users = ❌ Bittadan ortiq mijoz: <code>{ $token }</code>.
admin-problem-not-a-date = ❌ Bu yerda faqat sanalar kutiladi, <code>{ $token }</code> emas.
admin-problem-period-too-long = ❌ Davr juda uzun ({ $token }): diagramma ko‘pi bilan bir yilni (366 kun) qamraydi.
admin-problem-date-out-of-range = ❌ <code>{ $token }</code> hisobotlar qamraydigan sanalardan tashqarida ({ $earliest } — { $latest }).
admin-problem-too-long = ❌ Juda uzun: <code>{ $token }</code>. Sana, mijoz yoki xizmat ko‘pi bilan { $max } belgi bo‘ladi.
admin-problem-bad-transaction = ❌ Bu tranzaksiya id siga o‘xshamaydi.

admin-service-unknown = ❌ <code>{ $query }</code> ga mos xizmat yo‘q.
admin-service-ambiguous =
    <code>{ $query }</code> ga bir nechta xizmat mos keladi. Nomini aniqroq yozing yoki id ni kiriting:
    { $services }

admin-filter-period = Davr: { $begin } — { $end }
admin-filter-service = Xizmat: { $service }
admin-filter-user = Mijoz: { $user }
admin-filter-open = …

admin-payments-header = 💳 <b>To‘langan tranzaksiyalar: { $count }</b>, jami <b>{ $amount } so‘m</b>
admin-payments-empty = Bu filtr bo‘yicha to‘langan tranzaksiyalar yo‘q.
admin-payments-held-back = ⚠️ Paylov bu filtr bo‘yicha yana { $count } ta tranzaksiyani ko‘rsatmadi.
admin-payments-page = { $pages } sahifadan { $page }-sahifa

admin-export-caption = To‘lovlar: { $count } ta, jami { $amount } so‘m.

admin-stats-empty = 📊 { $begin } dan { $end } gacha to‘lovlar bo‘lmagan.
admin-stats-caption =
    📊 <b>To‘lovlar { $begin } — { $end }</b>
    Soni: <b>{ $count }</b>
    Jami: <b>{ $amount } so‘m</b>
    Eng ko‘p to‘langan xizmatlar:
    { $top }
admin-stats-top-line = { $place }. { $service }: { $amount } so‘m ({ $count })
admin-chart-per-day = Kunlar bo‘yicha to‘lovlar, so‘m (ustun ustidagi son — soni)
admin-chart-per-service = Xizmatlar bo‘yicha, so‘m (soni)

admin-tx-title = 🔎 Tranzaksiya <code>{ $transaction }</code>
admin-paylov-state-created = yaratilgan, to‘lanmagan
admin-paylov-state-paid = to‘langan
admin-paylov-state-cancelled = bekor qilingan
admin-tx-paylov =
    <b>Paylov</b>: { $status }
    Summa: { $amount } so‘m
    Xizmat: { $service }
    To‘langan: { $paid_at }
    Bekor qilingan: { $cancelled_at }
admin-tx-paylov-unknown = <b>Paylov</b>: bunday tranzaksiya yo‘q ({ $code }).
admin-tx-paylov-unavailable = <b>Paylov</b>: hozir javob bermayapti.
admin-tx-local =
    <b>Bizdagi yozuv</b> #{ $id }
    Mijoz: { $user }
    Xizmat: { $service }
    Hisob: { $account }
    Summa: { $amount } so‘m
    Holat: { $status }
admin-tx-no-local = <b>Bizdagi yozuv</b>: yo‘q (bu bot orqali to‘lanmagan).
admin-tx-status-disagree = ⚠️ <b>Paylov va bizning yozuv mos emas</b>: Paylov — { $paylov }, bizda — { $ours }.
admin-tx-amount-disagree = ⚠️ <b>Summalar mos emas</b>: Paylov'da { $paylov } so‘m, bizda { $ours } so‘m.
admin-tx-unknown = <code>{ $transaction }</code> tranzaksiyasi noma’lum: u Paylovda ham, bizning yozuvlarda ham yo‘q.

help-admin =
    <b>Adminlar uchun</b>
    /payments [dan] [gacha] [xizmat] [mijoz] — merchantning to‘langan tranzaksiyalari
    /tx &lt;id&gt; — tranzaksiya holati va bizdagi yozuv
    /stats [dan] [gacha] — kunlar va xizmatlar bo‘yicha to‘lovlar, diagramma
    /export [dan] [gacha] [xizmat] [mijoz] — /payments bilan bir xil, CSV faylda
    /questions — mijozlarning to‘lovlar haqidagi ochiq savollari; javob berish uchun savolga javob (Reply) yozing
    /reconcile [sana] — kun to‘lovlarini Paylov bilan solishtirish (odatda kecha) va aniqini tuzatish
