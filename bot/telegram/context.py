"""One object per update for talking to the customer: `ChatContext`, built by a middleware.

Handlers take `ctx: ChatContext` instead of `bot, chat_id, state, i18n, ...`. It knows who is
speaking (their database row, read once per update), in which language, in which conversation
state, whether the update is a button press and on which message; it shows screens and answers
the press. Screen builders (bot/telegram/screens/) are pure functions returning a `Screen`.

Only one bot message per flow has live buttons; showing a new screen in its place strips the
buttons from the old one, so old screens cannot be pressed by mistake.
"""

from __future__ import annotations

import logging
from typing import Literal

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.chat_action import ChatActionSender
from aiogram_i18n import I18nContext

from bot.storage.repositories import UserRecord
from bot.telegram.cleanup import retire
from bot.telegram.screens import Screen
from bot.telegram.services import Services

log = logging.getLogger(__name__)

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

# "typing…" only for a wait a customer notices: most Paylov calls answer sooner, and each
# action sent is one more Bot API call for the update (the throughput issue counts them).
TYPING_AFTER = 0.5


class ChatContext:
    """The customer of this update (private chats only: the chat is the user)."""

    def __init__(
        self,
        *,
        bot: Bot,
        user: UserRecord,
        i18n: I18nContext,
        state: FSMContext,
        services: Services,
        callback: CallbackQuery | None = None,
    ) -> None:
        self.bot, self.user, self.i18n, self.state = bot, user, i18n, state
        self.services = services
        self.callback = callback
        self._answered = False
        # Set when the handler's flag left a conversation that was open (/cancel says so).
        self.left_open_flow = False
        # ...and the payment it held may have been paid (`pay` went out, its outcome unknown):
        # what is said then never claims that nothing was charged.
        self.left_unsettled_payment = False

    @property
    def user_id(self) -> int:
        return self.user.id

    @property
    def chat_id(self) -> int:
        return self.user.id

    def t(self, key: str, /, **kwargs: object) -> str:
        return self.i18n.get(key, **kwargs)

    # --- the press ----------------------------------------------------------------------------

    @property
    def pressed_id(self) -> int | None:
        """The message whose button was pressed, when this update is a press on one we can see."""
        if self.callback is None or not isinstance(self.callback.message, Message):
            return None
        return self.callback.message.message_id

    @property
    def pressed_markup(self) -> InlineKeyboardMarkup | None:
        """The buttons of the message pressed, as Telegram sent them with the press."""
        if self.callback is None or not isinstance(self.callback.message, Message):
            return None
        return self.callback.message.reply_markup

    def pressed(self, screen_id: int | None) -> bool:
        """Whether this update is a press on the live screen `screen_id`."""
        return screen_id is not None and self.pressed_id == screen_id

    @property
    def answered(self) -> bool:
        return self._answered or self.callback is None

    async def answer(self, text: str | None = None) -> None:
        """Answer the press (once). Done before Paylov is asked, or Telegram calls it too old;
        a press nobody answered is answered after its handler (AnswerPresses)."""
        if self.answered:
            return
        assert self.callback is not None
        self._answered = True
        await self.callback.answer(text)

    async def alert(self, text: str) -> None:
        """A pop-up on the press; nothing else changes."""
        if self.answered:
            return
        assert self.callback is not None
        self._answered = True
        await self.callback.answer(text, show_alert=True)

    def working(self) -> ChatActionSender:
        """`async with ctx.working():` around a slow call: Telegram shows "typing…" once it
        has taken TYPING_AFTER seconds, and again every 5 s until it ends."""
        return ChatActionSender.typing(
            bot=self.bot, chat_id=self.chat_id, initial_sleep=TYPING_AFTER
        )

    # --- messages -----------------------------------------------------------------------------

    async def send(self, screen: Screen) -> int:
        """A new message; older ones keep their buttons."""
        sent = await self.bot.send_message(self.chat_id, screen.text, reply_markup=screen.markup)
        return sent.message_id

    async def say(self, text: str, reply_markup: ReplyMarkup | None = None) -> None:
        """A message that is not a screen: a short notice, or one with a reply keyboard."""
        await self.bot.send_message(self.chat_id, text, reply_markup=reply_markup)

    async def show(
        self,
        screen: Screen,
        *,
        replacing: int | Literal["pressed"] | None = "pressed",
        fresh: bool = False,
        in_place: bool = False,
    ) -> int:
        """Show `screen` in place of the live screen `replacing` (by default the pressed
        message): edited when this update pressed it, else sent anew with the old one's buttons
        taken off. `fresh` always sends anew; `in_place` edits even for a typed message (a
        step's problem shown on its own prompt, not in two new messages). Returns the id of the
        message now live."""
        screen_id = self.pressed_id if replacing == "pressed" else replacing
        editable = self.callback is not None or in_place
        if editable and not fresh and screen_id is not None:
            try:
                await self.bot.edit_message_text(
                    text=screen.text,
                    chat_id=self.chat_id,
                    message_id=screen_id,
                    reply_markup=screen.markup,
                )
                return screen_id
            except TelegramBadRequest as error:
                if "not modified" in str(error) and self.callback is not None:
                    return screen_id
                # A typed message answered by the same problem again: sent anew, or the
                # customer would see nothing happen.
                log.info("could not edit screen %s (%s); sending a new one", screen_id, error)
        message_id = await self.send(screen)
        if screen_id is not None and screen_id != message_id:
            await retire(self.bot, self.chat_id, screen_id)
        return message_id

    async def retire(self, message_id: int | None) -> None:
        if message_id is not None:
            await retire(self.bot, self.chat_id, message_id)
