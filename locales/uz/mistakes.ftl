# Mistakes do not throw a payment away (docs/mistakes.md).

# The amount step again, after Back from the card steps or the confirmation: the amount given is kept.
mistakes-amount-kept = Bu to‘lov uchun { $amount } so‘m tanlagansiz: shu summa bilan davom eting yoki boshqa summani yozing.
mistakes-btn-keep-amount = ➡️ { $amount } so‘m bilan davom etish
# The code prompt of a payment left for a command or a menu button, before its code was sent: nothing moved.
mistakes-code-step-left = ✖️ To‘lov bekor qilindi: { $amount } so‘m, { $service }, { $account }. Pul yechilmadi.
