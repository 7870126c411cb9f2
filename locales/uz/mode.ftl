## Haqiqiy foydalanuvchilarga o‘rnatilgan Paylov sinov serveri xizmat qilganda har bir ekranda
## ko‘rsatiladi (PAYLOV_SANDBOX=true).

test-mode-mark = SINOV REJIMI, haqiqiy pulsiz
