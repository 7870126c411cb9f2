## Monthly reminders of saved accounts

reminder-owed = 🔔 { $account }: <b>{ $amount } sum</b> to pay.
reminder-ask-day =
    🔔 On which day of the month shall I remind you about <b>{ $name }</b>?

    That day at 10:00, Tashkent time, I will check the bill and message you only if there is something to pay.
reminder-card-off = 🔕 Monthly reminder: off
reminder-card-on = 🔔 Monthly reminder: { $when }, at 10:00 if there is something to pay
reminder-on-day = on the { $day ->
        [1] 1st
        [2] 2nd
        [3] 3rd
        [21] 21st
        [22] 22nd
        [23] 23rd
       *[other] { $day }th
    } of every month
reminder-on-last-day = on the last day of every month
reminder-btn-on = 🔔 Remind me monthly
reminder-btn-change-day = 🗓 Change the day
reminder-btn-off = 🔕 Turn the reminder off
reminder-btn-last-day = Last day of the month
reminder-turned-on = 🔔 Done: I will remind you { $when }, only when there is something to pay.
reminder-turned-off = 🔕 Reminder off.
reminder-turned-off-here = 🔕 The monthly reminder for <b>{ $name }</b> is off. You can turn it on again here or on the account's card in /accounts.
reminder-not-available = This service does not say how much is owed, so a reminder cannot be set for it.
