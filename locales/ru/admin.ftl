## Команды администраторов: /payments, /tx, /stats, /export

admin-usage-payments =
    Формат: <code>/payments [с] [по] [услуга] [клиент]</code>
    Пример: <code>/payments 2024-05-01 2024-05-31 beeline 123456789</code>
    Даты — ГГГГ-ММ-ДД или, со временем по Ташкенту, ГГГГ-ММ-ДДTЧЧ:ММ (<code>2024-05-01T14:00</code>; время «по» включает эту минуту), <code>-</code> пропускает одну (<code>/payments - 2024-05-31</code>), число из 5 и более цифр — Telegram id клиента, остальные слова ищут услугу по id или части названия.
admin-usage-export =
    Формат: <code>/export [с] [по] [услуга] [клиент]</code>
    Пример: <code>/export 2024-05-01 2024-05-31 beeline</code>
    Аргументы те же, что у /payments.
admin-usage-stats =
    Формат: <code>/stats [с] [по]</code>
    Пример: <code>/stats 2024-05-01 2024-05-31</code>
    Без дат — последние 30 дней.
admin-usage-tx =
    Формат: <code>/tx &lt;id транзакции&gt;</code>
    Пример: <code>/tx 2e701897-b04b-4fb0-99c5-520d78d557db</code>

admin-problem-bad-date = ❌ Это не дата: <code>{ $token }</code>. Пишите даты как ГГГГ-ММ-ДД, со временем — ГГГГ-ММ-ДДTЧЧ:ММ.
admin-problem-from-after-to = ❌ Период начинается позже, чем заканчивается ({ $token }).
admin-problem-too-many-dates = ❌ Слишком много дат: <code>{ $token }</code>. Нужно не больше двух: с и по.
admin-problem-two-users = ❌ Больше одного клиента: <code>{ $token }</code>.
admin-problem-not-a-date = ❌ Здесь ожидаются только даты, а не <code>{ $token }</code>.
admin-problem-period-too-long = ❌ Слишком длинный период ({ $token }): диаграмма охватывает не больше года (366 дней).
admin-problem-date-out-of-range = ❌ <code>{ $token }</code> — вне дат, которые охватывают отчёты (с { $earliest } по { $latest }).
admin-problem-too-long = ❌ Слишком длинно: <code>{ $token }</code>. Дата, клиент или услуга — не больше { $max } символов.
admin-problem-bad-transaction = ❌ Это не похоже на id транзакции.

admin-service-unknown = ❌ Нет услуги, подходящей под <code>{ $query }</code>.
admin-service-ambiguous =
    Под <code>{ $query }</code> подходят несколько услуг. Уточните название или укажите id:
    { $services }

admin-filter-period = Период: { $begin } — { $end }
admin-filter-service = Услуга: { $service }
admin-filter-user = Клиент: { $user }
admin-filter-open = …

admin-payments-header = 💳 <b>Оплаченные транзакции: { $count }</b>, на сумму <b>{ $amount } сум</b>
admin-payments-empty = Оплаченных транзакций по этому фильтру нет.
admin-payments-held-back = ⚠️ Paylov не показал ещё { $count } { $count ->
        [one] транзакцию
        [few] транзакции
       *[other] транзакций
    } по этому фильтру.
admin-payments-page = Страница { $page } из { $pages }

admin-export-caption = Платежей: { $count }, на сумму { $amount } сум.

admin-stats-empty = 📊 С { $begin } по { $end } платежей не было.
admin-stats-caption =
    📊 <b>Платежи { $begin } — { $end }</b>
    Количество: <b>{ $count }</b>
    Сумма: <b>{ $amount } сум</b>
    Лучшие услуги:
    { $top }
admin-stats-top-line = { $place }. { $service }: { $amount } сум ({ $count })
admin-chart-per-day = Платежи по дням, сум (число над столбцом — количество)
admin-chart-per-service = По услугам, сум (количество)

admin-tx-title = 🔎 Транзакция <code>{ $transaction }</code>
admin-paylov-state-created = создана, не оплачена
admin-paylov-state-paid = оплачена
admin-paylov-state-cancelled = отменена
admin-tx-paylov =
    <b>Paylov</b>: { $status }
    Сумма: { $amount } сум
    Услуга: { $service }
    Оплачена: { $paid_at }
    Отменена: { $cancelled_at }
admin-tx-paylov-unknown = <b>Paylov</b>: такой транзакции нет ({ $code }).
admin-tx-paylov-unavailable = <b>Paylov</b>: сейчас не отвечает.
admin-tx-local =
    <b>Наша запись</b> #{ $id }
    Клиент: { $user }
    Услуга: { $service }
    Счёт: { $account }
    Сумма: { $amount } сум
    Статус: { $status }
admin-tx-no-local = <b>Наша запись</b>: нет (оплачено не через этого бота).
admin-tx-status-disagree = ⚠️ <b>Paylov и наша запись расходятся</b>: у Paylov — { $paylov }, у нас — { $ours }.
admin-tx-amount-disagree = ⚠️ <b>Суммы расходятся</b>: у Paylov { $paylov } сум, у нас { $ours } сум.
admin-tx-unknown = Транзакция <code>{ $transaction }</code> неизвестна: её нет ни в Paylov, ни в наших записях.

help-admin =
    <b>Для администраторов</b>
    /payments [с] [по] [услуга] [клиент] — оплаченные транзакции мерчанта
    /tx &lt;id&gt; — статус транзакции и наша запись о ней
    /stats [с] [по] — платежи по дням и по услугам, диаграммой
    /export [с] [по] [услуга] [клиент] — то же, что /payments, в CSV
    /questions — открытые вопросы клиентов о платежах; ответьте на вопрос (Reply), чтобы ответить клиенту
    /reconcile [дата] — сверить платежи дня с Paylov (по умолчанию вчера) и исправить ясное
