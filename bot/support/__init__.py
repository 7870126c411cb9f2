"""Support: a customer's problem with a payment reaches the admins, and their answer comes back."""
