"""A problem with a payment reaches a person: "🆘 Problem with this payment?" under a receipt or a
payment in /history asks the customer for their words and sends the admins the payment's ids
with them; an admin answers by replying to that message, and the customer gets the answer.
/questions lists the open questions for admins (rules: bot/support/desk.py; delivery:
bot/telegram/support_outbox.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel

from bot.storage.repositories import PaymentRecord
from bot.storage.support import QuestionRecord
from bot.support.desk import ANSWER_MAX, QUESTION_MAX, TooLong, clean_words, customer_name
from bot.telegram.callbacks import SupportAction, SupportCb
from bot.telegram.context import ChatContext
from bot.telegram.filters import NOT_A_COMMAND, NOT_TEXT, OwnPayment, RepliedQuestion
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW
from bot.telegram.screens import Screen
from bot.telegram.screens import support as screens
from bot.telegram.states import Support

STEP_KEY = "support"


class DescribeStep(BaseModel):
    """FSM data while the customer describes a problem."""

    payment_id: int | None = None
    prompt_id: int | None = None


async def _load_step(ctx: ChatContext) -> DescribeStep:
    return DescribeStep.model_validate((await ctx.state.get_data()).get(STEP_KEY) or {})


async def is_admin(_: Message | CallbackQuery, ctx: ChatContext) -> bool:
    return ctx.services.support.is_admin(ctx.user_id)


# --- the customer -----------------------------------------------------------------------------


async def on_ask(_: object, ctx: ChatContext, payment: PaymentRecord) -> None:
    """A new message under the receipt (which keeps its buttons): what went wrong?"""
    prompt_id = await ctx.send(screens.ask(ctx.i18n, payment))
    await ctx.state.set_state(Support.describing)
    step = DescribeStep(payment_id=payment.id, prompt_id=prompt_id)
    await ctx.state.update_data({STEP_KEY: step.model_dump(mode="json")})


async def on_words(message: Message, ctx: ChatContext) -> None:
    step = await _load_step(ctx)
    repos = ctx.services.repos
    payment = (
        await repos.payments.get_for_user(step.payment_id, ctx.user_id)
        if step.payment_id is not None
        else None
    )
    if payment is None:
        await ctx.state.clear()
        await ctx.say(ctx.t("not-found"))
        return
    words = clean_words(message.text or "", QUESTION_MAX)
    if words is None:
        await ctx.say("⚠️ " + ctx.t("support-text-please"))
        return
    if isinstance(words, TooLong):
        await ctx.say("⚠️ " + ctx.t("support-too-long", max=words.limit))
        return
    sender = message.from_user
    name = customer_name(sender.first_name, sender.last_name, sender.username) if sender else None
    asked = await ctx.services.support.ask(payment, name, words)
    await ctx.state.clear()
    await ctx.retire(step.prompt_id)
    await ctx.services.support_outbox.deliver_now(asked.copies)
    await ctx.send(screens.sent(ctx.i18n))


async def on_not_words(_: Message, ctx: ChatContext) -> None:
    """A photo, file or voice: words, please (the question stands)."""
    await ctx.say("⚠️ " + ctx.t("support-text-please"))


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """Not the presser's payment: someone else's id reveals nothing."""
    await ctx.alert(ctx.t("not-found"))


# --- the admins -------------------------------------------------------------------------------


async def on_answer(message: Message, ctx: ChatContext, question: QuestionRecord) -> None:
    """A reply to a question's copy: the customer gets the admin's words."""
    words = clean_words(message.text or "", ANSWER_MAX)
    if words is None:
        await ctx.say(ctx.t("support-admin-text-only"))
        return
    if isinstance(words, TooLong):
        await ctx.say("⚠️ " + ctx.t("support-admin-too-long", max=words.limit))
        return
    answered = await ctx.services.support.answer(question, ctx.user_id, words)
    [delivered] = await ctx.services.support_outbox.deliver_now([answered.owed])
    key = "support-admin-delivered" if delivered else "support-admin-owed"
    await ctx.say(ctx.t(key, question=str(question.id), customer=screens.customer(question)))


async def on_answer_not_text(_: Message, ctx: ChatContext) -> None:
    await ctx.say(ctx.t("support-admin-text-only"))


async def _open_questions(ctx: ChatContext, page: int) -> Screen:
    open_page, total = await ctx.services.support.open_questions(page)
    payments: dict[int, PaymentRecord] = {}
    for question in open_page.items:
        payment = await ctx.services.repos.payments.get(question.payment_id)
        if payment is not None:
            payments[payment.id] = payment
    return screens.open_questions(ctx.i18n, open_page, total, payments)


async def on_questions(_: Message, ctx: ChatContext) -> None:
    await ctx.send(await _open_questions(ctx, 0))


async def on_questions_page(_: CallbackQuery, callback_data: SupportCb, ctx: ChatContext) -> None:
    await ctx.show(await _open_questions(ctx, callback_data.arg))


async def on_show(_: CallbackQuery, callback_data: SupportCb, ctx: ChatContext) -> None:
    """The question's copy here again, newest in the chat, to reply to."""
    copy = await ctx.services.support.show_again(callback_data.arg, ctx.user_id)
    if copy is None:
        await ctx.alert(ctx.t("not-found"))
        return
    await ctx.answer()
    await ctx.services.support_outbox.deliver_now([copy])


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    # An admin's reply to a question comes first: it answers whatever step the admin is in.
    replied = RepliedQuestion()
    router.message.register(on_answer, replied, NOT_A_COMMAND)
    router.message.register(on_answer_not_text, replied, NOT_TEXT)
    router.message.register(on_questions, Command("questions"), is_admin)
    press = router.callback_query.register
    press(on_questions_page, SupportCb.filter(F.action == SupportAction.PAGE), is_admin)
    show = SupportCb.filter(F.action == SupportAction.SHOW)
    press(on_show, show, is_admin, flags=ANSWERS_ITSELF)

    ask = SupportCb.filter(F.action == SupportAction.ASK)
    press(on_ask, ask, OwnPayment(), flags=LEAVES_FLOW)
    press(on_not_found, ask, flags=ANSWERS_ITSELF)
    describing = StateFilter(Support.describing)
    router.message.register(on_words, describing, NOT_A_COMMAND)
    router.message.register(on_not_words, describing, NOT_TEXT)
    return router
