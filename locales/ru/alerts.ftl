## Оповещения администраторов (bot/ops/alerts.py): при появлении, не чаще раза за период, и когда прошло

alert-unsettled = ⚠️ <b>Платежи без результата</b>: у { $count } платежей ещё нет ответа Paylov; самый старый <code>pay</code> отправлен { $minutes } мин назад. Бот продолжает спрашивать Paylov; если это не проходит, проверьте Paylov.
alert-unsettled-clear = ✅ У всех отправленных в Paylov платежей снова есть результат.
alert-paylov-down = ⚠️ <b>Paylov не отвечает</b>: все запросы не проходят уже { $minutes } мин. Клиенты не могут платить.
alert-paylov-down-clear = ✅ Paylov снова отвечает.
alert-paylov-token = ⚠️ <b>Нет токена доступа Paylov</b>: получить его не удаётся уже { $minutes } мин. Проверьте учётные данные Paylov.
alert-paylov-token-clear = ✅ У бота снова есть токен доступа Paylov.
alert-outbox = ⚠️ <b>Сообщения клиентам копятся</b>: { $count } чеков и уведомлений ждут отправки.
alert-outbox-clear = ✅ Сообщения клиентам снова уходят.
