## `python -m bot shell`: the terminal chat's own lines (bot/devtools/shell_app.py), in the
## shell's language (--lang). The bot's messages come from the other files as in Telegram.

shell-starting = paybot shell is starting (a few seconds)…
shell-title = paybot shell — the real bot, the embedded Paylov sandbox, no real money.
shell-database = Database: { $url }
shell-admin = You are an admin: /payments, /tx, /stats and /export work for you.
shell-continuing = Continuing the last run: { $database } and the sandbox's { $state } (delete both to start afresh).
shell-fresh = A fresh start: { $database } and the sandbox's { $state } keep this run for the next one.
shell-state-missing = { $database } has no sandbox state beside it ({ $state }): cards saved in it are not linked in this sandbox. Delete { $database } to start afresh.
shell-forgets = The sandbox keeps nothing between runs with this database: cards saved in it are not linked after a restart.
shell-accounts = Sandbox test accounts:
shell-cards = Sandbox test cards (number, expiry MM/YY, SMS code, balance):
shell-balance = { $amount } so'm
shell-usage =
    Type /start to begin. A number presses the button shown with it; \5 sends the text 5.
    /contact shares your phone number; /reply TEXT answers the bot's newest message;
    /remind YYYY-MM-DD runs the monthly reminders as on that day; /quit ends.
    Everything else is sent to the bot as a message.
