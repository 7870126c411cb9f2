# What an SMS code authorises, said wherever a code is asked (docs/code-prompts.md).

code-for-payment = Bu kod { $service } xizmatiga { $account } uchun { $amount } so‘mni ·{ $card } karta bilan to‘lashni tasdiqlaydi.
code-for-card = Bu kod ·{ $card } kartani shu botga bog‘laydi.
code-never-elsewhere = Bot bu qadamdan tashqari hech qachon kod so‘ramaydi. Kodni hech kimga aytmang, hatto o‘zini bank yoki bot xodimi deb tanishtirganlarga ham.

# What is wrong with a typed code (bot/payments/codes.py), on the code prompt itself.
code-problem-not-digits = Kod faqat raqamlardan iborat, siz kiritganda boshqa belgilar bor. SMS-xabardagi kodni kiriting.
code-problem-too-short = SMS-kod { $min } tadan { $max } tagacha raqamdan iborat, siz { $typed } ta kiritdingiz. SMS-xabarni tekshirib, kodni qaytadan kiriting.
code-problem-too-long = SMS-kod { $min } tadan { $max } tagacha raqamdan iborat, siz { $typed } ta kiritdingiz. SMS-xabarni tekshirib, kodni qaytadan kiriting.
# Paylov stopped the payment after too many wrong codes (or the code expired): a new payment of the same checkout, with a new code.
code-new-code-offer = Bu to‘lov to‘xtatildi, pul yechilmadi. Xuddi shu to‘lov uchun «Yangi kod yuborish» tugmasini bosing: { $amount } so‘m, { $service }, { $account }, karta ·{ $card }.
btn-new-code = 📩 Yangi kod yuborish
