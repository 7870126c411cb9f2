## Saved accounts

accounts-title = ⭐ <b>Сохранённые счета</b>
accounts-empty = У вас пока нет сохранённых счетов. После оплаты нажмите «⭐ Сохранить счёт» в чеке — и в следующий раз оплатите этот счёт в пару нажатий.
accounts-line = { $number }. <b>{ $name }</b> — { $service }
accounts-page = Страница { $page } из { $pages }
account-card =
    ⭐ <b>{ $name }</b>

    Услуга: <b>{ $service }</b>
    { $account }
account-ask-name = ⭐ Как назвать этот счёт <b>{ $service }</b>? Напишите название (до { $max } символов) или выберите предложенное:
account-name-invalid = Название должно быть от 1 до { $max } символов. Напишите другое.
account-saved = ⭐ Сохранено как <b>{ $name }</b>. Счёт доступен в /accounts.
account-already-saved = Этот счёт уже сохранён как <b>{ $name }</b>.
account-not-saved = Хорошо, счёт не сохранён.
account-rename-later = Переименовать его можно в /accounts.
account-ask-rename = Напишите новое название для <b>{ $name }</b> (до { $max } символов):
account-renamed = ✅ Новое название: <b>{ $name }</b>.
account-delete-confirm = Удалить сохранённый счёт <b>{ $name }</b>? История платежей останется.
account-deleted = 🗑 Сохранённый счёт удалён.
account-service-gone = Услуга <b>{ $service }</b> больше недоступна, поэтому этот счёт сейчас нельзя оплатить.
account-fields-changed = Услуга <b>{ $service }</b> теперь запрашивает другие реквизиты. Пожалуйста, введите счёт заново.
btn-pay-account = 💸 Оплатить
btn-rename = ✏️ Переименовать
btn-delete = 🗑 Удалить
btn-yes-delete = 🗑 Да, удалить
btn-accounts = ⭐ Сохранённые счета
btn-pay-again = 🔁 Оплатить снова

## History

history-title = 🧾 <b>Ваши платежи</b>
history-empty = У вас пока нет платежей.
history-page = Страница { $page } из { $pages }
history-line =
    { $number }. { $date } · <b>{ $service }</b>
    { $account } · { $amount } сум · { $status }
history-btn-open = { $number }. { $date } · { $amount } сум
history-still-settling = Этот платёж ещё подтверждается. Оплатите снова, когда он завершится; мы сообщим.
history-details =
    { $status }

    Услуга: <b>{ $service }</b>
    { $account }
    Сумма: <b>{ $amount } сум</b>
    Карта: { $card }
    Дата: { $date }
    Транзакция: <code>{ $transaction }</code>
history-nothing-charged = Деньги не списаны.
history-pending-note = ⏳ Платёжный сервис ещё не подтвердил этот платёж. Мы продолжаем проверять и сообщим вам, как только узнаем. Пожалуйста, не оплачивайте повторно.
history-not-confirmed-note = Этот платёж не был подтверждён кодом, поэтому деньги не списаны.
