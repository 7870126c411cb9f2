## Xizmatni nomini yozib topish (bot/telegram/routers/search.py)

search-found = 🔎 «{ $query }» bo‘yicha topildi. Xizmatni tanlang:
search-more = Eng mos { $shown } tasi ko‘rsatildi, jami { $total } ta: aniqroq topish uchun nomini to‘liqroq yozing.
search-all-categories = 📂 Barcha toifalar
search-nothing = 🔎 «{ $query }» bo‘yicha hech narsa topilmadi.
search-too-short = 🔎 Xizmatni topish uchun nomidan kamida ikki harf yozing.
search-too-long = 🔎 Xizmat nomi uchun bu juda uzun: nomidan bir-ikki so‘z yetarli.
