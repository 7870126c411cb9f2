## Saved accounts

accounts-title = ⭐ <b>Saved accounts</b>
accounts-empty = You have no saved accounts yet. After a payment, press “⭐ Save account” on the receipt to pay the same account again in a couple of taps.
accounts-line = { $number }. <b>{ $name }</b> — { $service }
accounts-page = Page { $page } of { $pages }
account-card =
    ⭐ <b>{ $name }</b>

    Service: <b>{ $service }</b>
    { $account }
account-ask-name = ⭐ How shall we name this <b>{ $service }</b> account? Type a name (up to { $max } characters) or take the suggested one:
account-name-invalid = A name must be 1 to { $max } characters long. Please type another one.
account-saved = ⭐ Saved as <b>{ $name }</b>. Find it under /accounts.
account-already-saved = This account is already saved as <b>{ $name }</b>.
account-not-saved = OK, the account was not saved.
account-rename-later = You can rename it under /accounts.
account-ask-rename = Type a new name for <b>{ $name }</b> (up to { $max } characters):
account-renamed = ✅ Renamed to <b>{ $name }</b>.
account-delete-confirm = Delete the saved account <b>{ $name }</b>? Your payment history stays.
account-deleted = 🗑 Saved account deleted.
account-service-gone = <b>{ $service }</b> is no longer available, so this account cannot be paid now.
account-fields-changed = <b>{ $service }</b> now asks for different account details. Please enter the account again.
btn-pay-account = 💸 Pay
btn-rename = ✏️ Rename
btn-delete = 🗑 Delete
btn-yes-delete = 🗑 Yes, delete
btn-accounts = ⭐ Saved accounts
btn-pay-again = 🔁 Pay again

## History

history-title = 🧾 <b>Your payments</b>
history-empty = You have no payments yet.
history-page = Page { $page } of { $pages }
history-line =
    { $number }. { $date } · <b>{ $service }</b>
    { $account } · { $amount } sum · { $status }
history-btn-open = { $number }. { $date } · { $amount } sum
history-still-settling = This payment is still being confirmed. Pay again once it settles; we will message you.
history-details =
    { $status }

    Service: <b>{ $service }</b>
    { $account }
    Amount: <b>{ $amount } sum</b>
    Card: { $card }
    Date: { $date }
    Transaction: <code>{ $transaction }</code>
history-nothing-charged = Nothing was charged.
history-pending-note = ⏳ The payment service has not confirmed this payment yet. We keep checking and will message you as soon as we know. Please do not pay again in the meantime.
history-not-confirmed-note = This payment was never confirmed with a code, so nothing was charged.
