# What an SMS code authorises, said wherever a code is asked (docs/code-prompts.md).

code-for-payment = Bu kod { $service } xizmatiga { $account } uchun { $amount } so‘mni ·{ $card } karta bilan to‘lashni tasdiqlaydi.
code-for-card = Bu kod ·{ $card } kartani shu botga bog‘laydi.
code-never-elsewhere = Bot bu qadamdan tashqari hech qachon kod so‘ramaydi. Kodni hech kimga aytmang, hatto o‘zini bank yoki bot xodimi deb tanishtirganlarga ham.
