## Поддержка: проблема с платежом доходит до человека

btn-support = 🆘 Проблема с этим платежом?
support-ask =
    🆘 <b>Проблема с этим платежом?</b>
    { $service }, { $account }: { $amount } сум, { $date }

    Опишите одним сообщением, что пошло не так, своими словами (только текст, скриншот не нужен). Наша команда прочитает его и ответит вам здесь, в этом чате.
    Никогда не присылайте номер карты и SMS-коды. Выйти: /cancel
support-too-long = Слишком длинно: пожалуйста, уложитесь в { $max } символов.
support-text-please = Опишите проблему словами, текстовым сообщением: фото, файлы и голосовые сообщения здесь не принимаются.
support-sent = ✅ Отправлено в службу поддержки. Вам ответят здесь, в этом чате, сообщением от этого бота.
support-answer =
    💬 <b>Ответ службы поддержки</b>
    О вашем платеже: { $service }, { $account }: { $amount } сум, { $date }

    { $answer }

    Если проблема осталась, нажмите «🆘 Проблема с этим платежом?» под платежом в /history.

## Поддержка: сторона администраторов

cmd-questions = Открытые вопросы клиентов
support-admin-question =
    🆘 <b>Вопрос №{ $question }</b> о платеже

    Клиент: { $customer } (id <code>{ $user }</code>)
    Платёж №{ $payment }: { $status }
    Услуга: { $service }
    Счёт: { $account }
    Сумма: { $amount } сум
    Карта: { $card }
    Создан: { $date }
    Оплачен (Paylov): { $paid_at }
    Транзакция Paylov: <code>{ $transaction }</code>
    paymentRef: <code>{ $reference }</code>
    Вопрос задан: { $asked }

    { $words }

    ↩️ Ответьте на это сообщение (Reply), чтобы ответить клиенту.
support-admin-delivered = ✅ Отправлено: { $customer }. Вопрос №{ $question } закрыт.
support-admin-owed = 📨 Ответ на вопрос №{ $question } записан. { $customer } получит его, как только Telegram позволит (возможно, клиент пока заблокировал бота).
support-admin-text-only = Ответ может быть только текстом: ответьте на вопрос текстовым сообщением.
support-admin-too-long = Ответ слишком длинный: не больше { $max } символов.
support-open-title = 🆘 <b>Открытые вопросы</b>: { $count }
support-open-empty = Открытых вопросов нет.
support-open-line =
    <b>№{ $question }</b> · { $asked } · { $customer }
    { $service }, { $amount } сум: { $words }
support-open-page = Страница { $page } из { $pages }
support-open-hint = Нажмите на вопрос, чтобы получить его здесь ещё раз, и ответьте на него (Reply).
btn-support-question = №{ $question } · { $customer }
