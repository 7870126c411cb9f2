## Support: a problem with a payment reaches a person

btn-support = 🆘 Problem with this payment?
support-ask =
    🆘 <b>A problem with this payment?</b>
    { $service }, { $account }: { $amount } sum, { $date }

    Describe what went wrong in one message, in your own words (text only, no screenshot needed). Our team will read it and answer you here, in this chat.
    Never send card numbers or SMS codes. /cancel to leave.
support-too-long = That is too long: please keep it within { $max } characters.
support-text-please = Please describe the problem in words, as a text message: photos, files and voice messages are not accepted here.
support-sent = ✅ Sent to our support team. Someone will answer you here, in this chat, with a message from this bot.
support-answer =
    💬 <b>Answer from support</b>
    About your payment: { $service }, { $account }: { $amount } sum, { $date }

    { $answer }

    If the problem remains, press “🆘 Problem with this payment?” under the payment in /history.

## Support: the admins' side

cmd-questions = Open customer questions
support-admin-question =
    🆘 <b>Question #{ $question }</b> about a payment

    Customer: { $customer } (id <code>{ $user }</code>)
    Payment #{ $payment }: { $status }
    Service: { $service }
    Account: { $account }
    Amount: { $amount } sum
    Card: { $card }
    Created: { $date }
    Paid at (Paylov): { $paid_at }
    Paylov transaction: <code>{ $transaction }</code>
    paymentRef: <code>{ $reference }</code>
    Asked: { $asked }

    { $words }

    ↩️ Reply to this message to answer the customer.
support-admin-delivered = ✅ Sent to { $customer }. Question #{ $question } is closed.
support-admin-owed = 📨 The answer to question #{ $question } is recorded. { $customer } will get it as soon as Telegram lets us (they may have blocked the bot for now).
support-admin-text-only = An answer is text only: reply to the question with a text message.
support-admin-too-long = That answer is too long: at most { $max } characters.
support-open-title = 🆘 <b>Open questions</b>: { $count }
support-open-empty = No open questions.
support-open-line =
    <b>#{ $question }</b> · { $asked } · { $customer }
    { $service }, { $amount } sum: { $words }
support-open-page = Page { $page } of { $pages }
support-open-hint = Press a question to get it here again, then reply to it to answer.
btn-support-question = #{ $question } · { $customer }
