## The main screen: saved accounts with what each owes, and a new customer's first words

home-intro =
    👋 <b>Paybot</b> pays your electricity, gas, water, phone and internet bills by bank card, right here in Telegram.
    Add your Uzcard or Humo once, then pay in a few taps; a saved account waits on this screen with what it owes.
home-support = 🆘 Support: { $contact }
home-terms = 📄 Terms of service: { $url }
home-accounts-title = ⭐ <b>Your accounts</b>
home-account-owed = { $name }: <b>{ $amount } sum</b> to pay
home-account-nothing-owed = { $name }: nothing to pay
home-account = { $name }
home-debts-later = ⏳ The payment service is slow to answer: what your accounts owe shows when you tap one.
home-btn-pay-owed = 💳 { $name } · { $amount } sum
home-btn-pay = 💸 { $name }
