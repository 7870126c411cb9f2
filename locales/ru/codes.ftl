# What an SMS code authorises, said wherever a code is asked (docs/code-prompts.md).

code-for-payment = Этот код подтверждает оплату { $amount } сум в { $service } за { $account } картой ·{ $card }.
code-for-card = Этот код привязывает карту ·{ $card } к этому боту.
code-never-elsewhere = Бот никогда не просит код вне этого шага. Никому не сообщайте код, даже тем, кто называет себя сотрудником банка или бота.
