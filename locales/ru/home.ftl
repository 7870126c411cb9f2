## Главный экран: сохранённые счета с долгом по каждому и первые слова новому клиенту

home-intro =
    👋 <b>Paybot</b> оплачивает электричество, газ, воду, мобильную связь и интернет банковской картой прямо в Telegram.
    Добавьте Uzcard или Humo один раз и платите в несколько нажатий; сохранённый счёт ждёт на этом экране вместе с долгом.
home-support = 🆘 Поддержка: { $contact }
home-terms = 📄 Условия использования: { $url }
home-accounts-title = ⭐ <b>Ваши счета</b>
home-account-owed = { $name }: к оплате <b>{ $amount } сум</b>
home-account-nothing-owed = { $name }: ничего не нужно оплачивать
home-account = { $name }
home-debts-later = ⏳ Платёжный сервис отвечает медленно: долг по счёту будет виден, когда вы его откроете.
home-btn-pay-owed = 💳 { $name } · { $amount } сум
home-btn-pay = 💸 { $name }
