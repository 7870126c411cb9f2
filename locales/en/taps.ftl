## Fewer taps: the amount on the preview, what is owed, quick amounts, saved accounts

taps-owed = 🧾 To pay: <b>{ $amount } sum</b>
taps-owed-outside-limits = This service does not take that amount in one payment: type an amount within its limits.
taps-nothing-owed = ✅ Nothing to pay right now.
taps-enter-amount-or-owed = Type the amount in sum, or pay what is owed with the button below.
taps-enter-amount-or-choose = Type the amount in sum, or choose one below.
taps-btn-pay-owed = 💳 Pay { $amount } sum
taps-btn-quick-amount = { $amount } sum
taps-btn-edit-account = ✏️ Edit
taps-accounts-hint = Tap an account to pay it; “✏️ Edit” renames or deletes it.
