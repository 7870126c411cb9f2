## Mobil aloqa: raqamdan operator, mijozning o‘z raqami, oldingi summa

mobile-number-of-other = { $number } — { $operator } raqami, bu operatorniki emas. Uni { $operator } orqali to‘ldiring yoki boshqa raqam kiriting.
mobile-btn-switch = ➡️ { $operator } orqali to‘ldirish
mobile-btn-my-number = 📱 Mening raqamim { $number }
mobile-btn-last-amount = ↩️ { $amount } so‘m, o‘tgan safargidek
