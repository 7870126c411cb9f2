# What an SMS code authorises, said wherever a code is asked (docs/code-prompts.md).

code-for-payment = This code confirms paying { $amount } sum to { $service } for { $account } with card ·{ $card }.
code-for-card = This code links card ·{ $card } to this bot.
code-never-elsewhere = The bot never asks for a code outside this step. Never tell a code to anyone, even someone who says they are from the bank or the bot.
