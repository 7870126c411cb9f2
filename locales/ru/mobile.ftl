## Пополнение мобильной связи: оператор по номеру, свой номер клиента, прошлая сумма

mobile-number-of-other = { $number } — номер { $operator }, а не этого оператора. Пополните его через { $operator } или введите другой номер.
mobile-btn-switch = ➡️ Пополнить через { $operator }
mobile-btn-my-number = 📱 Мой номер { $number }
mobile-btn-last-amount = ↩️ { $amount } сум, как в прошлый раз
