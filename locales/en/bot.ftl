## Main menu and general

welcome = 👋 Welcome to <b>Paybot</b>! Pay for electricity, gas, water, mobile and internet with your bank card.
menu-title = What would you like to do?
menu-type-hint = <i>Or type a phone number to top it up, or a service's name to find it.</i>
menu-pay = 💸 Pay
menu-accounts = ⭐ Saved accounts
menu-history = 🧾 History
menu-cards = 💳 My cards
menu-language = 🌐 Language
menu-help = ❓ Help
help =
    <b>How to pay</b>
    1. /pay — choose a category and a service.
    2. Enter the account (region, customer number, phone number…).
    3. Check the account details and enter the amount.
    4. Confirm, then type the SMS code your bank sends.

    /accounts — saved accounts for a quick repeat payment
    /history — your payments and their status
    /cards — your cards
    /language — change the language
    /cancel — stop what you are doing
language-choose = Choose your language:
language-set = ✅ Language: English
stale-button = This button is no longer active.
flow-cancelled = Cancelled. Nothing was charged.
nothing-to-cancel = There is nothing to cancel.
not-understood = I did not understand that. Please use the menu below.
use-buttons = Please choose one of the buttons above, or /cancel.
private-only = I work in a private chat only. Open @{ $bot } and write to me there.
type-as-message = Please type it as a text message.
not-found = Not found.
internal-error = Something went wrong on our side. Please try again.

## Buttons

btn-cancel = ✖️ Cancel
btn-back = ⬅️ Back
btn-previous = ◀️ Previous
btn-next = Next ▶️
btn-retry = 🔄 Try again
btn-reenter = ✏️ Re-enter account
btn-continue = ✅ Continue
btn-add-card = ➕ Add a card
btn-confirm = ✅ Confirm and pay
btn-save-account = ⭐ Save account
btn-menu = 🏠 Menu
btn-remove-card = 🗑 Remove •••• { $card }
btn-yes-remove = 🗑 Yes, remove
btn-no = No
btn-share-phone = 📱 Share my phone number

## Paylov

paylov-unavailable = ⏳ The payment service is not answering right now. Please try again in a moment.
paylov-unavailable-code = The payment service is not answering right now. Please send the code again in a moment.
paylov-error = The payment service could not process this request.
paylov-code-invalid-amount = The amount is outside the limits of this service.
paylov-code-insufficient-funds = There is not enough money on the card.
paylov-code-card-not-found = The card was not found. Check the number and expiry date.
paylov-code-card-not-found-in-processing-center = The bank does not know this card. Check the number.
paylov-code-card-expired = The card has expired or the expiry date is wrong.
paylov-code-invalid-expire-date = The expiry date does not match the card.
paylov-code-card-is-blocked-in-processing-center = The card is blocked by the bank.
paylov-code-service-not-available = This service cannot take payments right now.
paylov-code-too-many-attempts = Too many wrong codes. The payment was stopped; nothing was charged.
paylov-code-otp-expired = The code has expired.
paylov-code-transaction-not-available-for-payment = This payment can no longer be paid.
paylov-code-transaction-already-payed = This payment has already been paid.
paylov-code-account-not-found = The account was not found.
paylov-code-invalid-account = The account details are not valid for this service.
paylov-code-phone-not-match = The phone number does not match the one your bank has for this card.
paylov-code-sms-not-active = SMS notifications are not enabled for this card. Turn them on at your bank.
paylov-code-daily-limit-used-for-this-card = The daily limit of this card is used up.
paylov-code-cancelled = The payment was cancelled.
paylov-code-expired = The payment was not completed in time.

## Payment flow

pay-choose-category = Choose a category, or type a service's name (for example: Beeline, electricity):
pay-choose-service = <b>{ $category }</b>: choose a service (page { $page } of { $pages }):
pay-service-gone = This service is no longer available. Please choose another one.
pay-service-unavailable = <b>{ $service }</b> is not accepting payments right now. Please choose another service or try later.
pay-service-header = 🏷 <b>{ $service }</b>
pay-choose-value = Choose <b>{ $field }</b>:
pay-enter-value = Type <b>{ $field }</b>:
pay-hint-digits = Digits only.
pay-hint-length = At most { $length } characters.
pay-account-not-found = ❌ No such account was found. Check the details and enter them again.
pay-preview-title = <b>Account details</b>
pay-preview-empty = The service returned no details for this account.
pay-enter-amount = Type the amount in sum, for example 50 000.
pay-amount-bounds = From { $min } to { $max } sum.
pay-amount-min = From { $min } sum.
pay-confirm =
    <b>Check the payment</b>

    Service: <b>{ $service }</b>
    { $account }
    Amount: <b>{ $amount } sum</b>
    Card: <b>{ $card }</b>
pay-code-sent = 📩 A code was sent to { $phone }. Type it here to pay.
pay-card-gone = Card { $card } is no longer linked to your account at the payment service, so it was removed here too. Nothing was charged. Add the card again or choose another one.
pay-create-unavailable = ⏳ The payment service did not answer, so the payment was not started. Nothing was charged. Try again?
pay-failed = The payment did not go through. Nothing was charged.
pay-pending = ⏳ The payment service has not confirmed the payment yet. We are checking and will message you as soon as we know. Please do not pay again in the meantime.
pay-still-settling = An earlier payment of { $amount } sum for this account is still being confirmed. To keep you from being charged twice, a new one can start once it settles: we will message you.
pay-code-too-late = The code came too late: the payment was cancelled after 30 minutes without it. Nothing was charged. You can start it again from the menu.
pay-already-finished = This payment is already { $status }. You can start a new one from the menu.
pay-already-handled = This payment is already { $status }.
receipt =
    ✅ <b>Payment successful</b>

    Service: <b>{ $service }</b>
    { $account }
    Amount: <b>{ $amount } sum</b>
    Card: { $card }
    Paid at: { $paid_at }
    Reference: <code>{ $reference }</code>
    Transaction: <code>{ $transaction }</code>
settled-paid =
    ✅ <b>Your payment went through</b>
    { $service }, { $account }: { $amount } sum
    Transaction: <code>{ $transaction }</code>
settled-failed =
    ❌ <b>Your payment did not go through</b>
    { $service }, { $account }: { $amount } sum
    Nothing was charged. Transaction: <code>{ $transaction }</code>

status-new = being created
status-created = waiting for the code
status-paying = being paid
status-paid = paid
status-failed = failed
status-pending = pending
status-cancelled = cancelled

field-problem-empty = Please type { $field }.
field-problem-digits-only = { $field } must contain digits only.
field-problem-too-long = { $field } must be at most { $length } characters long.
field-problem-pattern = { $field } has the wrong format. Check it and type it again.
amount-not-a-number = That is not an amount. Type a number, for example 50 000.
amount-out-of-range = The amount must be from { $min } to { $max } sum.
amount-below-min = The amount must be at least { $min } sum.
amount-not-whole = Payments are in whole sum, without tiyin. Type the amount without a fraction, for example 50 000.
code-type-as-message = Please type the code from the SMS as a text message.
code-wrong = Wrong code. Check the SMS and type it again.

## Cards

card-share-phone = To add a card, share your phone number with the button below. Your bank checks it against the card.
card-phone-not-own = Please share your own phone number with the button below.
card-phone-saved = ✅ Thank you.
card-enter-expiry = 💳 Type the card's expiry date as MM/YY, for example 03/28. The card number comes next; you may also type both in one message, the number and then the date. Each message is deleted right after reading.
card-enter-number = 💳 Now type the 16-digit card number (Uzcard or Humo). The message is deleted right after reading.
card-number-again = Please type the card number again.
card-expiry-first = The message with the card number was deleted. Type the expiry date first; the card number comes next.
card-code-sent = 📩 Your bank sent a code to { $phone }. Type it here.
card-added = ✅ Card { $card } added.
card-add-left = Adding a card was stopped.
card-problem-not-16-digits = A card number has 16 digits.
card-problem-not-local = Only Uzcard (8600, 5614) and Humo (9860) cards can be linked here.
card-problem-foreign = This is a { $scheme } card. Only Uzcard (8600, 5614) and Humo (9860) cards can be linked here.
card-typed-number = You typed { $card }.
card-problem-checksum = This card number is not valid. Check it for typos.
card-problem-expiry-format = Type the expiry date as MM/YY, for example 03/28.
card-problem-expired = This card has expired.
cards-title = <b>Your cards</b>
cards-empty = You have no cards yet.
cards-remove-confirm = Remove card { $card }?
cards-removed = Card removed.
card-holder = Holder: { $owner }
card-balance = Balance: { $amount } sum
card-balance-short = { $amount } sum
cards-default-mark = ⭐ default
btn-name-card = ✏️ Name •••• { $card }
btn-default-card = ⭐ Make default •••• { $card }
cards-ask-name = Type a name for card { $card }, up to { $max } characters (for example: Salary).
cards-name-invalid = A name is one line of 1 to { $max } characters, with no card number in it. Type another.
cards-named = ✅ The card is now called { $name }.
cards-default-set = This card will be offered first.

## Commands

cmd-pay = Pay a bill
cmd-accounts = Saved accounts
cmd-cards = My cards
cmd-history = Payment history
cmd-language = Change language
cmd-help = Help
cmd-cancel = Cancel
cmd-payments = Merchant payments
cmd-tx = Transaction status
cmd-stats = Payment statistics
cmd-export = Export payments as CSV

## What a customer is told once money may have moved

error-payment-paid = ✅ Your payment went through. The receipt is on its way; please do not pay again.
error-payment-checking = ⏳ Your payment is being confirmed by the payment service. We will message you as soon as we know. Please do not pay again in the meantime.
error-payment-unknown = ⚠️ Something went wrong on our side. If you were paying, check /history before paying again: we will message you about the payment.
pay-create-lost =
    ⚠️ <b>Your payment was not started</b>
    { $service }, { $account }: { $amount } sum
    Our service restarted while the payment was being set up. Nothing was charged. You can start it again from the menu.
pay-create-cut-off = This payment was not started: our service restarted while it was being set up. Nothing was charged. You can start it again from the menu.
pay-starting = ⏳ The payment is still being set up. Please wait for the SMS code.
pay-no-payment = This payment is no longer waiting for a code. Nothing was charged by this message. You can start a payment from the menu.
pay-repeat-warning =
    ⚠️ <b>You already paid this account recently</b>

    Amount: <b>{ $amount } sum</b>
    Paid at: { $paid_at }
    Reference: <code>{ $reference }</code>

    Pay it again?
btn-pay-twice = 🔁 Yes, pay again
