# Mistakes do not throw a payment away (docs/mistakes.md).

# The amount step again, after Back from the card steps or the confirmation: the amount given is kept.
mistakes-amount-kept = You already chose { $amount } sum for this payment: continue with it, or type another amount.
mistakes-btn-keep-amount = ➡️ Continue with { $amount } sum
# The code prompt of a payment left for a command or a menu button, before its code was sent: nothing moved.
mistakes-code-step-left = ✖️ Payment cancelled: { $amount } sum to { $service } for { $account }. Nothing was charged.
