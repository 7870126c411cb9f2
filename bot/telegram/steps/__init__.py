"""What several features share beneath the routers: moving through the payment flow, the card
steps, quick repay, leaving a conversation. Nothing here imports a router; a router goes to
another feature through these steps, never through that feature's handlers."""
