## Квитанция-картинка: оплаченный платёж, который можно переслать или сохранить.

btn-receipt-card = 🧾 Квитанция картинкой
receipt-card-title = Квитанция об оплате
receipt-card-status = Платёж выполнен
receipt-card-amount = { $amount } сум
receipt-card-service = Услуга
receipt-card-account = Счёт
receipt-card-card = Карта
receipt-card-paid-at = Дата оплаты (Ташкент)
receipt-card-reference = Референс
receipt-card-transaction = Транзакция
receipt-card-merchant = ID мерчанта
receipt-card-terminal = ID терминала
receipt-card-footer = Оплачено через { $bot }
receipt-card-test-mode = ТЕСТОВЫЙ РЕЖИМ · это не настоящий платёж
receipt-card-caption = 🧾 Квитанция: { $service }, { $amount } сум. Её можно переслать или сохранить.
