## `python -m bot shell`: the terminal chat's own lines (bot/devtools/shell_app.py), in the
## shell's language (--lang). The bot's messages come from the other files as in Telegram.

shell-starting = paybot shell запускается (несколько секунд)…
shell-title = paybot shell — настоящий бот, встроенная песочница Paylov, без настоящих денег.
shell-database = База данных: { $url }
shell-admin = Вы администратор: вам доступны /payments, /tx, /stats и /export.
shell-continuing = Продолжаем прошлый запуск: { $database } и { $state } песочницы (удалите оба, чтобы начать заново).
shell-fresh = Новый старт: { $database } и { $state } песочницы сохранят этот запуск для следующего.
shell-state-missing = Рядом с { $database } нет состояния песочницы ({ $state }): сохранённые в ней карты в этой песочнице не привязаны. Удалите { $database }, чтобы начать заново.
shell-forgets = С этой базой данных песочница ничего не хранит между запусками: сохранённые в ней карты после перезапуска не привязаны.
shell-accounts = Тестовые счета песочницы:
shell-cards = Тестовые карты песочницы (номер, срок ММ/ГГ, SMS-код, баланс):
shell-balance = { $amount } сум
shell-usage =
    Наберите /start, чтобы начать. Число нажимает кнопку с этим номером; \5 отправляет текст 5.
    /contact отправляет ваш номер телефона; /reply ТЕКСТ отвечает на последнее сообщение бота;
    /remind ГГГГ-ММ-ДД запускает ежемесячные напоминания как в тот день; /quit — выход.
    Всё остальное уходит боту как сообщение.
