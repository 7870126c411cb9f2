## /reconcile и ежедневная сверка (bot/payments/reconcile.py)

cmd-reconcile = Сверить день с Paylov

reconcile-usage =
    Формат: <code>/reconcile [ГГГГ-ММ-ДД]</code>
    Пример: <code>/reconcile 2024-05-01</code>
    Без даты — вчера по ташкентскому времени. Можно и сегодня (день на текущий момент).
reconcile-bad-date = ❌ Это не дата: <code>{ $token }</code>. Пишите день как ГГГГ-ММ-ДД.
reconcile-date-out-of-range = ❌ <code>{ $token }</code> нельзя сверить: укажите день с { $earliest } по сегодня ({ $today }).
reconcile-unavailable = ❌ Paylov не отвечает: сверить { $day } не удалось. Попробуйте позже.

reconcile-matched = ✅ <b>Сверка за { $day }</b>: всё сходится.
reconcile-title = ⚠️ <b>Сверка за { $day }</b>: расхождений — { $count }
reconcile-totals = Оплачено у нас: { $local } · оплачено в Paylov: { $paylov } · проверено незавершённых: { $open }
reconcile-kind-missing-locally = • Оплачено в Paylov, у нас платежа нет: { $count }
reconcile-kind-amount-differs = • Суммы не совпадают: { $count }
reconcile-kind-missing-in-paylov = • Оплачено у нас, нет в списке Paylov: { $count }
reconcile-kind-not-paid-locally = • Оплачено в Paylov, у нас записано как неоплаченное: { $count }
reconcile-kind-unsettled = • Не завершено у нас, статус запрошен в Paylov: { $count }
reconcile-held-back = ⚠️ Paylov не показал ещё { $count } транзакций: проверка может быть неполной.
reconcile-fixed = Исправлено: { $paid } записаны оплаченными (клиентам сообщено), { $failed } — неоплаченными. Остальное — в CSV.
reconcile-nothing-fixed = Ничего не было настолько ясно, чтобы исправить само: смотрите CSV.
