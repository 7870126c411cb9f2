## Admin alerts (bot/ops/alerts.py): sent when raised, at most once per period, and when cleared

alert-unsettled = ⚠️ <b>Payments unsettled</b>: { $count } payments have no outcome from Paylov yet; the oldest <code>pay</code> was sent { $minutes } min ago. The bot keeps asking Paylov; check Paylov if this goes on.
alert-unsettled-clear = ✅ Every payment sent to Paylov has its outcome again.
alert-paylov-down = ⚠️ <b>Paylov is not answering</b>: every call has failed for { $minutes } min. Customers cannot pay.
alert-paylov-down-clear = ✅ Paylov answers again.
alert-paylov-token = ⚠️ <b>No Paylov access token</b>: getting one has failed for { $minutes } min. Check the Paylov credentials.
alert-paylov-token-clear = ✅ The bot has a Paylov access token again.
alert-outbox = ⚠️ <b>Messages to customers are backing up</b>: { $count } receipts and notices are waiting to be delivered.
alert-outbox-clear = ✅ The messages owed to customers are going out again.
