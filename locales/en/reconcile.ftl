## /reconcile and the daily reconciliation (bot/payments/reconcile.py)

cmd-reconcile = Reconcile a day with Paylov

reconcile-usage =
    Usage: <code>/reconcile [YYYY-MM-DD]</code>
    Example: <code>/reconcile 2024-05-01</code>
    Without a date: yesterday, Tashkent time. Today works too (the day so far).
reconcile-bad-date = ❌ Not a date: <code>{ $token }</code>. Write the day as YYYY-MM-DD.
reconcile-date-out-of-range = ❌ <code>{ $token }</code> cannot be reconciled: give a day from { $earliest } to today ({ $today }).
reconcile-unavailable = ❌ Paylov is not answering: { $day } could not be reconciled. Try again later.

reconcile-matched = ✅ <b>Reconciliation of { $day }</b>: everything matches.
reconcile-title = ⚠️ <b>Reconciliation of { $day }</b>: { $count } mismatches
reconcile-totals = Paid here: { $local } · paid at Paylov: { $paylov } · open payments checked: { $open }
reconcile-kind-missing-locally = • Paid at Paylov, no payment here: { $count }
reconcile-kind-amount-differs = • Amounts differ: { $count }
reconcile-kind-missing-in-paylov = • Paid here, not in Paylov's list: { $count }
reconcile-kind-not-paid-locally = • Paid at Paylov, recorded here as not paid: { $count }
reconcile-kind-unsettled = • Open here, Paylov's status asked: { $count }
reconcile-held-back = ⚠️ Paylov did not list { $count } more transactions: the check may be incomplete.
reconcile-fixed = Fixed: { $paid } recorded paid (the customers are told), { $failed } recorded not paid. The rest is in the CSV.
reconcile-nothing-fixed = Nothing was clear enough to fix: see the CSV.
