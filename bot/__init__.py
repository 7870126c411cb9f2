"""paybot: pay Uzbek bills by card from Telegram over the Paylov service-payment API."""
