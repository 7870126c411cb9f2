# What an SMS code authorises, said wherever a code is asked (docs/code-prompts.md).

code-for-payment = This code confirms paying { $amount } sum to { $service } for { $account } with card ·{ $card }.
code-for-card = This code links card ·{ $card } to this bot.
code-never-elsewhere = The bot never asks for a code outside this step. Never tell a code to anyone, even someone who says they are from the bank or the bot.

# What is wrong with a typed code (bot/payments/codes.py), on the code prompt itself.
code-problem-not-digits = The code is digits only, and what you typed has other characters. Type the code from the SMS.
code-problem-too-short = The code from the SMS has { $min } to { $max } digits; you typed { $typed }. Check the SMS and type it again.
code-problem-too-long = The code from the SMS has { $min } to { $max } digits; you typed { $typed }. Check the SMS and type it again.
# Paylov stopped the payment after too many wrong codes (or the code expired): a new payment of the same checkout, with a new code.
code-new-code-offer = That payment was stopped and nothing was charged. Press “Send a new code” to pay the same: { $amount } sum to { $service } for { $account } with card ·{ $card }.
btn-new-code = 📩 Send a new code
