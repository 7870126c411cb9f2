## Kvitansiya rasmi: to‘langan to‘lov, uni yuborish yoki saqlab qo‘yish mumkin.

btn-receipt-card = 🧾 Kvitansiya rasmi
receipt-card-title = To‘lov kvitansiyasi
receipt-card-status = To‘lov amalga oshirildi
receipt-card-amount = { $amount } so‘m
receipt-card-service = Xizmat
receipt-card-account = Hisob
receipt-card-card = Karta
receipt-card-paid-at = To‘lov vaqti (Toshkent)
receipt-card-reference = Referens
receipt-card-transaction = Tranzaksiya
receipt-card-merchant = Merchant ID
receipt-card-terminal = Terminal ID
receipt-card-footer = { $bot } orqali to‘langan
receipt-card-test-mode = TEST REJIMI · haqiqiy to‘lov emas
receipt-card-caption = 🧾 Kvitansiya: { $service }, { $amount } so‘m. Uni boshqalarga yuborishingiz yoki saqlab qo‘yishingiz mumkin.
