# Mistakes do not throw a payment away (docs/mistakes.md).

# The amount step again, after Back from the card steps or the confirmation: the amount given is kept.
mistakes-amount-kept = Для этого платежа вы уже указали { $amount } сум: продолжите с этой суммой или введите другую.
mistakes-btn-keep-amount = ➡️ Продолжить с { $amount } сум
# The code prompt of a payment left for a command or a menu button, before its code was sent: nothing moved.
mistakes-code-step-left = ✖️ Платёж отменён: { $amount } сум, { $service }, { $account }. Деньги не списаны.
