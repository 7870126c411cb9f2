## Administrator ogohlantirishlari (bot/ops/alerts.py): paydo bo‘lganda, davr ichida bir martadan ko‘p emas, va o‘tganda

alert-unsettled = ⚠️ <b>Natijasiz to‘lovlar</b>: { $count } ta to‘lovga Paylov hali javob bermadi; eng eski <code>pay</code> { $minutes } daqiqa oldin yuborilgan. Bot Paylovdan so‘rashda davom etadi; bu davom etsa, Paylovni tekshiring.
alert-unsettled-clear = ✅ Paylovga yuborilgan barcha to‘lovlarning natijasi yana bor.
alert-paylov-down = ⚠️ <b>Paylov javob bermayapti</b>: { $minutes } daqiqadan beri barcha so‘rovlar muvaffaqiyatsiz. Mijozlar to‘lay olmaydi.
alert-paylov-down-clear = ✅ Paylov yana javob beryapti.
alert-paylov-token = ⚠️ <b>Paylov kirish tokeni yo‘q</b>: { $minutes } daqiqadan beri uni olib bo‘lmayapti. Paylov hisob ma‘lumotlarini tekshiring.
alert-paylov-token-clear = ✅ Botda yana Paylov kirish tokeni bor.
alert-outbox = ⚠️ <b>Mijozlarga xabarlar to‘planib qolmoqda</b>: { $count } ta chek va xabarnoma yuborilishini kutmoqda.
alert-outbox-clear = ✅ Mijozlarga xabarlar yana ketmoqda.
