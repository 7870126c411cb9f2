# What an SMS code authorises, said wherever a code is asked (docs/code-prompts.md).

code-for-payment = Этот код подтверждает оплату { $amount } сум в { $service } за { $account } картой ·{ $card }.
code-for-card = Этот код привязывает карту ·{ $card } к этому боту.
code-never-elsewhere = Бот никогда не просит код вне этого шага. Никому не сообщайте код, даже тем, кто называет себя сотрудником банка или бота.

# What is wrong with a typed code (bot/payments/codes.py), on the code prompt itself.
code-problem-not-digits = Код состоит только из цифр, а в введённом есть другие символы. Введите код из SMS.
code-problem-too-short = В коде из SMS от { $min } до { $max } цифр, а вы ввели { $typed }. Проверьте SMS и введите код ещё раз.
code-problem-too-long = В коде из SMS от { $min } до { $max } цифр, а вы ввели { $typed }. Проверьте SMS и введите код ещё раз.
# Paylov stopped the payment after too many wrong codes (or the code expired): a new payment of the same checkout, with a new code.
code-new-code-offer = Этот платёж остановлен, деньги не списаны. Нажмите «Прислать новый код», чтобы оплатить то же самое: { $amount } сум, { $service }, { $account }, карта ·{ $card }.
btn-new-code = 📩 Прислать новый код
