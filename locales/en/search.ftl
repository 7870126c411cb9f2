## Finding a service by typing its name (bot/telegram/routers/search.py)

search-found = 🔎 Found for «{ $query }». Choose a service:
search-more = The { $shown } closest of { $total }: type more of the name to narrow it down.
search-all-categories = 📂 All categories
search-nothing = 🔎 Nothing found for «{ $query }».
search-too-short = 🔎 To find a service, type at least two letters of its name.
search-too-long = 🔎 That is too long for a service's name: a word or two of it is enough.
