## `python -m bot shell`: the terminal chat's own lines (bot/devtools/shell_app.py), in the
## shell's language (--lang). The bot's messages come from the other files as in Telegram.

shell-starting = paybot shell ishga tushmoqda (bir necha soniya)…
shell-title = paybot shell — haqiqiy bot, ichki Paylov sinov muhiti, haqiqiy pulsiz.
shell-database = Ma’lumotlar bazasi: { $url }
shell-admin = Siz administratorsiz: /payments, /tx, /stats va /export siz uchun ishlaydi.
shell-continuing = Oldingi ishga tushirish davom etmoqda: { $database } va sinov muhitining { $state } fayli (yangidan boshlash uchun ikkalasini o‘chiring).
shell-fresh = Yangi boshlanish: { $database } va sinov muhitining { $state } fayli bu safargisini keyingisi uchun saqlaydi.
shell-state-missing = { $database } yonida sinov muhitining holati yo‘q ({ $state }): unda saqlangan kartalar bu sinov muhitida bog‘lanmagan. Yangidan boshlash uchun { $database } ni o‘chiring.
shell-forgets = Bu ma’lumotlar bazasi bilan sinov muhiti ishga tushirishlar orasida hech narsani saqlamaydi: unda saqlangan kartalar qayta ishga tushirilgandan keyin bog‘lanmagan bo‘ladi.
shell-accounts = Sinov muhitining test hisoblari:
shell-cards = Sinov muhitining test kartalari (raqam, amal qilish muddati OO/YY, SMS kod, balans):
shell-balance = { $amount } so‘m
shell-usage =
    Boshlash uchun /start yozing. Raqam u bilan ko‘rsatilgan tugmani bosadi; \5 esa 5 matnini yuboradi.
    /contact telefon raqamingizni yuboradi; /reply MATN botning eng so‘nggi xabariga javob beradi;
    /remind YYYY-OO-KK oylik eslatmalarni o‘sha kundagidek ishga tushiradi; /quit — chiqish.
    Qolgan hamma narsa botga xabar sifatida yuboriladi.
