## Card safety and the phone step

card-number-deleted = For your safety the message with a card number was deleted. Type a card number only when the bot asks for it.
card-phone-not-uzbek = ⚠️ This is not an Uzbek phone number. Uzcard and Humo cards need an Uzbek number: +998 and 9 digits. Telegram shares only this account's own number, so add the card from a Telegram account with the Uzbek number your card's SMS come to.
card-phone-not-match = ⚠️ The bank says this card is tied to another phone number. Share the phone number the card's SMS come to with the button below. Telegram shares only this account's own number: if the card's SMS come to another number, add the card from the Telegram account with that number, or ask your bank to tie the card to this one.
card-too-many-codes = Too many wrong codes: adding this card was stopped. Nothing was charged. Type the card's expiry date to start again.
