## The receipt card: a paid payment as a picture to forward or keep (bot/telegram/screens/receipt_card.py).

btn-receipt-card = 🧾 Receipt image
receipt-card-title = Payment receipt
receipt-card-status = Payment successful
receipt-card-amount = { $amount } sum
receipt-card-service = Service
receipt-card-account = Account
receipt-card-card = Card
receipt-card-paid-at = Paid at (Tashkent)
receipt-card-reference = Reference
receipt-card-transaction = Transaction
receipt-card-merchant = Merchant ID
receipt-card-terminal = Terminal ID
receipt-card-footer = Paid through { $bot }
receipt-card-test-mode = TEST MODE · not a real payment
receipt-card-caption = 🧾 Receipt: { $service }, { $amount } sum. You can forward it or keep it.
