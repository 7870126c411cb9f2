## Admins' commands: /payments, /tx, /stats, /export

help-admin =
    <b>For admins</b>
    /payments [from] [to] [service] [customer] — the merchant's paid transactions
    /tx &lt;id&gt; — a transaction's status, with our record
    /stats [from] [to] — payments per day and per service, as a chart
    /export [from] [to] [service] [customer] — the same as /payments, as CSV
    /questions — customers' open questions about payments; reply to one to answer
    /reconcile [date] — compare a day's payments with Paylov (yesterday by default) and fix what is clear

admin-usage-payments =
    Usage: <code>/payments [from] [to] [service] [customer]</code>
    Example: <code>/payments 2024-05-01 2024-05-31 beeline 123456789</code>
    Dates are YYYY-MM-DD or, with a Tashkent time, YYYY-MM-DDTHH:MM (<code>2024-05-01T14:00</code>; a “to” time includes that minute), <code>-</code> skips one (<code>/payments - 2024-05-31</code>), a number of 5+ digits is a customer's Telegram id, other words find the service by id or by a part of its name.
admin-usage-export =
    Usage: <code>/export [from] [to] [service] [customer]</code>
    Example: <code>/export 2024-05-01 2024-05-31 beeline</code>
    The arguments are those of /payments.
admin-usage-stats =
    Usage: <code>/stats [from] [to]</code>
    Example: <code>/stats 2024-05-01 2024-05-31</code>
    Without dates: the last 30 days.
admin-usage-tx =
    Usage: <code>/tx &lt;transaction id&gt;</code>
    Example: <code>/tx 2e701897-b04b-4fb0-99c5-520d78d557db</code>

admin-problem-bad-date = ❌ Not a date: <code>{ $token }</code>. Write dates as YYYY-MM-DD, with a time as YYYY-MM-DDTHH:MM.
admin-problem-from-after-to = ❌ The period starts after it ends ({ $token }).
admin-problem-too-many-dates = ❌ Too many dates: <code>{ $token }</code>. Give at most two: from and to.
admin-problem-two-users = ❌ More than one customer: <code>{ $token }</code>.
admin-problem-not-a-date = ❌ Only dates are expected here, not <code>{ $token }</code>.
admin-problem-period-too-long = ❌ The period is too long ({ $token }): a chart covers at most a year (366 days).
admin-problem-date-out-of-range = ❌ <code>{ $token }</code> is outside the dates reports cover ({ $earliest } to { $latest }).
admin-problem-too-long = ❌ Too long: <code>{ $token }</code>. A date, a customer or a service is at most { $max } characters.
admin-problem-bad-transaction = ❌ That does not look like a transaction id.

admin-service-unknown = ❌ No service matches <code>{ $query }</code>.
admin-service-ambiguous =
    Several services match <code>{ $query }</code>. Use more of the name, or the id:
    { $services }

admin-filter-period = Period: { $begin } — { $end }
admin-filter-service = Service: { $service }
admin-filter-user = Customer: { $user }
admin-filter-open = …

admin-payments-header = 💳 <b>Paid transactions: { $count }</b>, total <b>{ $amount } sum</b>
admin-payments-empty = No paid transactions match.
admin-payments-held-back = ⚠️ Paylov did not list { $count } more transactions of this filter.
admin-payments-page = Page { $page } of { $pages }

admin-export-caption = { $count } payments, total { $amount } sum.

admin-stats-empty = 📊 No payments from { $begin } to { $end }.
admin-stats-caption =
    📊 <b>Payments { $begin } — { $end }</b>
    Count: <b>{ $count }</b>
    Total: <b>{ $amount } sum</b>
    Top services:
    { $top }
admin-stats-top-line = { $place }. { $service }: { $amount } sum ({ $count })
admin-chart-per-day = Payments per day, sum (the number above a bar: how many)
admin-chart-per-service = Per service, sum (how many)

admin-tx-title = 🔎 Transaction <code>{ $transaction }</code>
admin-paylov-state-created = created, not paid
admin-paylov-state-paid = paid
admin-paylov-state-cancelled = cancelled
admin-tx-paylov =
    <b>Paylov</b>: { $status }
    Amount: { $amount } sum
    Service: { $service }
    Paid at: { $paid_at }
    Cancelled at: { $cancelled_at }
admin-tx-paylov-unknown = <b>Paylov</b>: no such transaction ({ $code }).
admin-tx-paylov-unavailable = <b>Paylov</b>: not answering right now.
admin-tx-local =
    <b>Our record</b> #{ $id }
    Customer: { $user }
    Service: { $service }
    Account: { $account }
    Amount: { $amount } sum
    Status: { $status }
admin-tx-no-local = <b>Our record</b>: none (not paid through this bot).
admin-tx-status-disagree = ⚠️ <b>Paylov and our record disagree</b>: Paylov says { $paylov }, our record says { $ours }.
admin-tx-amount-disagree = ⚠️ <b>The amounts disagree</b>: Paylov has { $paylov } sum, our record { $ours } sum.
admin-tx-unknown = Transaction <code>{ $transaction }</code> is unknown: neither Paylov nor our records have it.
