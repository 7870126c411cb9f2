## Shown on every screen when real Telegram users are served by the embedded Paylov sandbox
## (PAYLOV_SANDBOX=true). All three languages are shown at once: the mark is added to each
## request, which does not carry the reader's language.

test-mode-mark = TEST MODE, no real money
