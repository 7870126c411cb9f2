## Main menu and general

welcome = 👋 Добро пожаловать в <b>Paybot</b>! Оплачивайте электричество, газ, воду, мобильную связь и интернет банковской картой.
menu-title = Что вы хотите сделать?
menu-type-hint = <i>Или напишите номер телефона, чтобы пополнить его, или название услуги, чтобы найти её.</i>
menu-pay = 💸 Оплатить
menu-accounts = ⭐ Сохранённые счета
menu-history = 🧾 История
menu-cards = 💳 Мои карты
menu-language = 🌐 Язык
menu-help = ❓ Помощь
help =
    <b>Как оплатить</b>
    1. /pay — выберите категорию и услугу.
    2. Введите реквизиты (регион, лицевой счёт, номер телефона…).
    3. Проверьте данные по счёту и введите сумму.
    4. Подтвердите платёж и введите код из SMS от вашего банка.

    /accounts — сохранённые счета для быстрой повторной оплаты
    /history — ваши платежи и их статус
    /cards — ваши карты
    /language — сменить язык
    /cancel — прервать текущее действие
language-choose = Выберите язык:
language-set = ✅ Язык: русский
stale-button = Эта кнопка больше не активна.
flow-cancelled = Отменено. Деньги не списаны.
nothing-to-cancel = Отменять нечего.
not-understood = Я вас не понял. Пожалуйста, воспользуйтесь меню ниже.
use-buttons = Пожалуйста, нажмите одну из кнопок выше или /cancel.
private-only = Я работаю только в личном чате. Откройте @{ $bot } и напишите мне там.
type-as-message = Пожалуйста, отправьте это текстовым сообщением.
not-found = Не найдено.
internal-error = Что-то пошло не так на нашей стороне. Пожалуйста, попробуйте ещё раз.

## Buttons

btn-cancel = ✖️ Отмена
btn-back = ⬅️ Назад
btn-previous = ◀️ Предыдущая
btn-next = Следующая ▶️
btn-retry = 🔄 Повторить
btn-reenter = ✏️ Ввести реквизиты заново
btn-continue = ✅ Продолжить
btn-add-card = ➕ Добавить карту
btn-confirm = ✅ Подтвердить и оплатить
btn-save-account = ⭐ Сохранить счёт
btn-menu = 🏠 Меню
btn-remove-card = 🗑 Удалить •••• { $card }
btn-yes-remove = 🗑 Да, удалить
btn-no = Нет
btn-share-phone = 📱 Отправить мой номер телефона

## Paylov

paylov-unavailable = ⏳ Платёжный сервис сейчас не отвечает. Пожалуйста, попробуйте ещё раз через минуту.
paylov-unavailable-code = Платёжный сервис сейчас не отвечает. Пожалуйста, отправьте код ещё раз через минуту.
paylov-error = Платёжный сервис не смог обработать этот запрос.
paylov-code-invalid-amount = Сумма выходит за пределы лимитов этой услуги.
paylov-code-insufficient-funds = На карте недостаточно средств.
paylov-code-card-not-found = Карта не найдена. Проверьте номер и срок действия.
paylov-code-card-not-found-in-processing-center = Банк не нашёл эту карту. Проверьте номер.
paylov-code-card-expired = Срок действия карты истёк или указан неверно.
paylov-code-invalid-expire-date = Срок действия не совпадает с данными карты.
paylov-code-card-is-blocked-in-processing-center = Карта заблокирована банком.
paylov-code-service-not-available = Эта услуга сейчас не принимает платежи.
paylov-code-too-many-attempts = Слишком много неверных кодов. Платёж остановлен, деньги не списаны.
paylov-code-otp-expired = Срок действия кода истёк.
paylov-code-transaction-not-available-for-payment = Этот платёж больше нельзя оплатить.
paylov-code-transaction-already-payed = Этот платёж уже оплачен.
paylov-code-account-not-found = Лицевой счёт не найден.
paylov-code-invalid-account = Реквизиты не подходят для этой услуги.
paylov-code-phone-not-match = Номер телефона не совпадает с номером, который привязан к этой карте в банке.
paylov-code-sms-not-active = Для этой карты не подключено SMS-информирование. Подключите его в своём банке.
paylov-code-daily-limit-used-for-this-card = Дневной лимит по этой карте исчерпан.
paylov-code-cancelled = Платёж отменён.
paylov-code-expired = Платёж не был завершён вовремя.

## Payment flow

pay-choose-category = Выберите категорию или напишите название услуги (например: Beeline, свет):
pay-choose-service = <b>{ $category }</b>: выберите услугу (страница { $page } из { $pages }):
pay-service-gone = Эта услуга больше недоступна. Пожалуйста, выберите другую.
pay-service-unavailable = <b>{ $service }</b> сейчас не принимает платежи. Пожалуйста, выберите другую услугу или попробуйте позже.
pay-service-header = 🏷 <b>{ $service }</b>
pay-choose-value = Выберите: <b>{ $field }</b>
pay-enter-value = Введите: <b>{ $field }</b>
pay-hint-digits = Только цифры.
pay-hint-length = Не более { $length } { $length ->
        [one] символа
       *[other] символов
    }.
pay-account-not-found = ❌ Такой лицевой счёт не найден. Проверьте реквизиты и введите их заново.
pay-preview-title = <b>Данные по счёту</b>
pay-preview-empty = Сервис не вернул данных по этому счёту.
pay-enter-amount = Введите сумму в сумах, например 50 000.
pay-amount-bounds = От { $min } до { $max } сум.
pay-amount-min = От { $min } сум.
pay-confirm =
    <b>Проверьте платёж</b>

    Услуга: <b>{ $service }</b>
    { $account }
    Сумма: <b>{ $amount } сум</b>
    Карта: <b>{ $card }</b>
pay-code-sent = 📩 Код отправлен на номер { $phone }. Введите его здесь, чтобы оплатить.
pay-card-gone = Карта { $card } больше не привязана к вашему аккаунту в платёжном сервисе, поэтому мы убрали её и здесь. Деньги не списаны. Добавьте карту заново или выберите другую.
pay-create-unavailable = ⏳ Платёжный сервис не ответил, поэтому платёж не был создан. Деньги не списаны. Попробовать ещё раз?
pay-failed = Платёж не прошёл. Деньги не списаны.
pay-pending = ⏳ Платёжный сервис ещё не подтвердил платёж. Мы проверяем его и сообщим вам, как только узнаем результат. Пожалуйста, не оплачивайте повторно, пока ждёте ответа.
pay-still-settling = Предыдущий платёж на { $amount } сум по этому счёту ещё подтверждается. Чтобы с вас не списали дважды, новый можно начать, когда он завершится: мы сообщим.
pay-code-too-late = Код пришёл слишком поздно: платёж отменён, так как код не был введён за 30 минут. Деньги не списаны. Начните заново из меню.
pay-already-finished = Этот платёж уже { $status }. Новый можно начать из меню.
pay-already-handled = Статус этого платежа: { $status }.
receipt =
    ✅ <b>Платёж выполнен</b>

    Услуга: <b>{ $service }</b>
    { $account }
    Сумма: <b>{ $amount } сум</b>
    Карта: { $card }
    Дата оплаты: { $paid_at }
    Референс: <code>{ $reference }</code>
    Транзакция: <code>{ $transaction }</code>
settled-paid =
    ✅ <b>Ваш платёж прошёл</b>
    { $service }, { $account }: { $amount } сум
    Транзакция: <code>{ $transaction }</code>
settled-failed =
    ❌ <b>Ваш платёж не прошёл</b>
    { $service }, { $account }: { $amount } сум
    Деньги не списаны. Транзакция: <code>{ $transaction }</code>

status-new = создаётся
status-created = ожидает код
status-paying = оплачивается
status-paid = оплачен
status-failed = не прошёл
status-pending = в обработке
status-cancelled = отменён

field-problem-empty = Заполните поле «{ $field }».
field-problem-digits-only = Поле «{ $field }» должно содержать только цифры.
field-problem-too-long = Поле «{ $field }» должно быть не длиннее { $length } { $length ->
        [one] символа
       *[other] символов
    }.
field-problem-pattern = Неверный формат поля «{ $field }». Проверьте и введите ещё раз.
amount-not-a-number = Это не сумма. Введите число, например 50 000.
amount-out-of-range = Сумма должна быть от { $min } до { $max } сум.
amount-below-min = Сумма должна быть не меньше { $min } сум.
amount-not-whole = Оплата принимается только в целых сумах, без тийинов. Введите сумму без дробной части, например 50 000.
code-type-as-message = Пожалуйста, введите код из SMS текстовым сообщением.
code-wrong = Неверный код. Проверьте SMS и введите код ещё раз.

## Cards

card-share-phone = Чтобы добавить карту, отправьте свой номер телефона кнопкой ниже. Банк сверит его с номером, привязанным к карте.
card-phone-not-own = Пожалуйста, отправьте свой собственный номер телефона кнопкой ниже.
card-phone-saved = ✅ Спасибо.
card-enter-expiry = 💳 Введите срок действия карты в формате ММ/ГГ, например 03/28. Номер карты — следующим сообщением; можно и одним сообщением: номер, затем срок. Каждое сообщение удаляется сразу после прочтения.
card-enter-number = 💳 Теперь введите 16-значный номер карты (Uzcard или Humo). Сообщение будет удалено сразу после прочтения.
card-number-again = Пожалуйста, введите номер карты ещё раз.
card-expiry-first = Сообщение с номером карты удалено. Сначала введите срок действия, номер карты — следующим сообщением.
card-code-sent = 📩 Банк отправил код на номер { $phone }. Введите его здесь.
card-added = ✅ Карта { $card } добавлена.
card-add-left = Добавление карты прервано.
card-problem-not-16-digits = Номер карты состоит из 16 цифр.
card-problem-not-local = Здесь можно привязать только карты Uzcard (8600, 5614) и Humo (9860).
card-problem-foreign = Это карта { $scheme }. Здесь можно привязать только карты Uzcard (8600, 5614) и Humo (9860).
card-typed-number = Вы ввели { $card }.
card-problem-checksum = Номер карты указан неверно. Проверьте, нет ли опечатки.
card-problem-expiry-format = Введите срок действия в формате ММ/ГГ, например 03/28.
card-problem-expired = Срок действия этой карты истёк.
cards-title = <b>Ваши карты</b>
cards-empty = У вас пока нет карт.
cards-remove-confirm = Удалить карту { $card }?
cards-removed = Карта удалена.
card-holder = Владелец: { $owner }
card-balance = Баланс: { $amount } сум
card-balance-short = { $amount } сум
cards-default-mark = ⭐ основная
btn-name-card = ✏️ Название •••• { $card }
btn-default-card = ⭐ Сделать основной •••• { $card }
cards-ask-name = Введите название для карты { $card }, до { $max } символов (например: Зарплатная).
cards-name-invalid = Название — одна строка от 1 до { $max } символов, без номера карты. Введите другое.
cards-named = ✅ Теперь карта называется { $name }.
cards-default-set = Эта карта будет предлагаться первой.

## Commands

cmd-pay = Оплатить услуги
cmd-accounts = Сохранённые счета
cmd-cards = Мои карты
cmd-history = История платежей
cmd-language = Сменить язык
cmd-help = Помощь
cmd-cancel = Отменить
cmd-payments = Платежи мерчанта
cmd-tx = Статус транзакции
cmd-stats = Статистика платежей
cmd-export = Выгрузить платежи в CSV

## Что говорим клиенту, когда деньги могли уйти

error-payment-paid = ✅ Ваш платёж прошёл. Чек уже в пути; пожалуйста, не оплачивайте повторно.
error-payment-checking = ⏳ Платёжный сервис подтверждает ваш платёж. Мы напишем вам, как только узнаем результат. Пожалуйста, не оплачивайте повторно.
error-payment-unknown = ⚠️ Что-то пошло не так на нашей стороне. Если вы платили, проверьте /history, прежде чем платить снова: мы напишем вам о платеже.
pay-create-lost =
    ⚠️ <b>Платёж не был начат</b>
    { $service }, { $account }: { $amount } сум
    Наш сервис перезапустился, пока платёж готовился. Деньги не списаны. Вы можете начать его заново из меню.
pay-create-cut-off = Этот платёж не был начат: наш сервис перезапустился, пока он готовился. Деньги не списаны. Вы можете начать его заново из меню.
pay-starting = ⏳ Платёж ещё готовится. Пожалуйста, дождитесь SMS-кода.
pay-no-payment = Этот платёж больше не ждёт кода. Деньги этим сообщением не списаны. Начать платёж можно из меню.
pay-repeat-warning =
    ⚠️ <b>Вы недавно уже оплатили этот счёт</b>

    Сумма: <b>{ $amount } сум</b>
    Оплачено: { $paid_at }
    Номер: <code>{ $reference }</code>

    Оплатить ещё раз?
btn-pay-twice = 🔁 Да, оплатить ещё раз
