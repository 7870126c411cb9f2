## Mobile top-ups: the operator from the number, the customer's own number, the last amount

mobile-number-of-other = { $number } is a { $operator } number, not this operator's. Top it up with { $operator }, or type another number.
mobile-btn-switch = ➡️ Top up with { $operator }
mobile-btn-my-number = 📱 My number { $number }
mobile-btn-last-amount = ↩️ { $amount } sum, as last time
