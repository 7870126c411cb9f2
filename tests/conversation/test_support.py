"""A problem with a payment reaches a person: the customer's words go to the admins with the
payment's ids, an admin's reply comes back to the customer, /questions lists the open ones."""

from __future__ import annotations

import pytest

from bot.devtools.standin import FakeUser
from bot.storage.models import NoticeStatus, QuestionStatus, SupportMessageKind
from bot.storage.repositories import PaymentRecord
from bot.storage.support import QuestionRecord, SupportMessageRecord
from bot.support.desk import Words
from bot.telegram.callbacks import SupportAction, SupportCb
from bot.telegram.states import Support
from tests.conversation.conftest import (
    ADMIN_ID,
    ELECTRICITY,
    ELECTRICITY_ACCOUNT,
    ELECTRICITY_IN,
    Paybot,
    press_data,
)
from tests.conversation.test_accounts import (
    ELECTRICITY_ANSWERS,
    ELECTRICITY_ID,
    pay_electricity,
    state_of,
)

# (language, its button on the first screen, the answer's heading, the "sent" confirmation)
LANGUAGES = [
    pytest.param(
        "uz",
        "O'zbekcha",
        "Qo‘llab-quvvatlash xizmatining javobi",
        "Qo‘llab-quvvatlash jamoasiga yuborildi",
        id="uz",
    ),
    pytest.param(
        "ru", "Русский", "Ответ службы поддержки", "Отправлено в службу поддержки", id="ru"
    ),
    pytest.param("en", "English", "Answer from support", "Sent to our support team", id="en"),
]
WORDS = "Money left my card <twice> & the light company sees nothing"
ANSWER = "Sorry! Paylov shows one charge; the <bank> hold & release takes a day."


def text(paybot: Paybot, language: str, key: str, **kwargs: object) -> str:
    return paybot.app.i18n.core.get(key, language, **kwargs)


async def paid_payment(paybot: Paybot, user_id: int, amount: int = 50_000) -> PaymentRecord:
    """A paid electricity payment of this customer, as the flow records one."""
    repos = paybot.app.repos
    await repos.users.get_or_create(user_id)
    payment = await repos.payments.create_draft(
        user_id=user_id,
        service_id=ELECTRICITY_ID,
        service_name=ELECTRICITY,
        account=ELECTRICITY_ANSWERS,
        account_label=ELECTRICITY_ACCOUNT,
        amount=amount,
        card_id="card-1",
        card_mask="860000******7878",
        saved_account_id=None,
    )
    await repos.payments.mark_created(payment.id, f"tx-support-{payment.id}", None)
    assert await repos.payments.claim_for_pay(payment.id)
    paid = await repos.payments.mark_paid(payment.id, f"ref-{payment.id}77", "2026-12-01 20:23:52")
    assert paid is not None
    return paid


async def ask_from_history(
    paybot: Paybot, user: FakeUser, language: str, payment: PaymentRecord, words: str = WORDS
) -> None:
    """/history → the payment → 🆘 → the customer's words."""
    tg = paybot.tg
    await tg.send(user, "/history")
    await tg.press(user, f"{payment.amount // 1000} 000")
    await tg.press(user, text(paybot, language, "btn-support"))
    assert await state_of(paybot, user) == Support.describing.state
    # The payment as the customer's language names it, as history did a tap before.
    asked = paybot.last_text(user)
    assert ELECTRICITY_IN[language] in asked and ELECTRICITY_ACCOUNT in asked, asked
    await tg.send(user, words)


async def copies_for(paybot: Paybot, question: QuestionRecord) -> list[SupportMessageRecord]:
    messages = await paybot.app.support.repo.list_messages(question.id)
    return [m for m in messages if m.kind == SupportMessageKind.QUESTION]


async def only_question(paybot: Paybot, payment: PaymentRecord) -> QuestionRecord:
    [question] = await paybot.app.support.repo.list_for_payment(payment.id)
    return question


def admin(paybot: Paybot) -> FakeUser:
    return FakeUser(id=ADMIN_ID, first_name="Dilnoza", language_code="ru")


@pytest.mark.parametrize(("language", "button", "heading", "sent"), LANGUAGES)
async def test_the_problem_reaches_the_admin_and_the_reply_reaches_the_customer(
    paybot: Paybot, language: str, button: str, heading: str, sent: str
) -> None:
    tg, user, staff = paybot.tg, paybot.user(), admin(paybot)
    await paybot.begin(staff)  # the admin reads English; the customer their own language
    await paybot.begin(user, button)
    payment = await paid_payment(paybot, user.id)

    await ask_from_history(paybot, user, language, payment)
    assert sent in paybot.last_text(user)
    assert await state_of(paybot, user) is None

    # The admin's copy: the payment's ids, status, service (Paylov's name, as Paylov's records
    # have it), account, amount, times, the customer.
    question = await only_question(paybot, payment)
    assert question.status == QuestionStatus.OPEN and question.text == WORDS
    [copy] = await copies_for(paybot, question)
    assert copy.chat_id == ADMIN_ID and copy.status == NoticeStatus.DELIVERED
    shown = tg.message(staff, copy.message_id or 0)
    assert shown is not None
    for fact in (
        f"#{question.id}",
        f"Payment #{payment.id}: ✅ paid",
        payment.transaction_id,
        payment.payment_ref,
        "2026-12-01 20:23:52",
        ELECTRICITY,
        ELECTRICITY_ACCOUNT,
        "50 000",
        "Aziza",
        str(user.id),
        WORDS,
    ):
        assert fact and fact in shown.plain, (fact, shown.plain)

    # The admin replies to it: the customer reads the words verbatim in their language's frame.
    await tg.send(staff, ANSWER, reply_to=copy.message_id)
    answer = paybot.last_text(user)
    assert heading in answer and ANSWER in answer and ELECTRICITY_IN[language] in answer, answer
    assert "Aziza" in paybot.last_text(staff) and f"#{question.id}" in paybot.last_text(staff)
    closed = await only_question(paybot, payment)
    assert closed.status == QuestionStatus.ANSWERED and closed.answered_by == ADMIN_ID


@pytest.mark.parametrize(("language", "button", "heading", "sent"), LANGUAGES)
async def test_words_only_and_cancel_leaves_without_sending(
    paybot: Paybot, language: str, button: str, heading: str, sent: str
) -> None:
    tg, user, staff = paybot.tg, paybot.user(), admin(paybot)
    await paybot.begin(user, button)
    payment = await paid_payment(paybot, user.id)
    await tg.send(user, "/history")
    await tg.press(user, "50 000")
    await tg.press(user, text(paybot, language, "btn-support"))

    await tg.send_media(user, "photo", caption="see the screenshot")
    assert text(paybot, language, "support-text-please") in paybot.last_text(user)
    assert await state_of(paybot, user) == Support.describing.state
    too_long = "x" * 2001
    await tg.send(user, too_long)
    assert await state_of(paybot, user) == Support.describing.state

    await tg.send(user, "/cancel")
    assert await state_of(paybot, user) is None
    await tg.send(user, "never mind, it arrived")
    assert await paybot.app.support.repo.list_for_payment(payment.id) == []
    assert tg.chat(staff).bot_messages == []


async def test_the_receipt_has_the_button_too(paybot: Paybot) -> None:
    tg, user, staff = paybot.tg, paybot.user(), admin(paybot)
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    [payment] = await paybot.payments(user)
    await tg.press(user, "Problem with this payment?")
    await tg.send(user, "The receipt says paid, the meter says no")
    question = await only_question(paybot, payment)
    [copy] = await copies_for(paybot, question)
    shown = tg.message(staff, copy.message_id or 0)
    assert shown is not None and payment.transaction_id and payment.payment_ref
    assert payment.transaction_id in shown.plain and payment.payment_ref in shown.plain


async def test_someone_elses_payment_is_not_found(paybot: Paybot) -> None:
    tg, user, other = paybot.tg, paybot.user(), paybot.user(5002)
    await paybot.begin(user)
    theirs = await paid_payment(paybot, other.id)
    message = tg.last_bot_message(user)
    assert message is not None
    forged = SupportCb(action=SupportAction.ASK, arg=theirs.id).pack()
    activity = await press_data(tg, user, message.message_id, forged)
    assert [a.text for a in activity.callback_answers] == ["Not found."]
    assert await state_of(paybot, user) is None


async def test_a_reply_to_anything_else_or_by_anyone_else_is_no_answer(paybot: Paybot) -> None:
    tg, user, staff = paybot.tg, paybot.user(), admin(paybot)
    await paybot.begin(user)
    payment = await paid_payment(paybot, user.id)
    await ask_from_history(paybot, user, "en", payment)
    question = await only_question(paybot, payment)
    [copy] = await copies_for(paybot, question)
    assert copy.message_id is not None

    # The customer replies to a message of their own chat with the very same id.
    assert tg.message(user, copy.message_id) is not None
    await tg.send(user, "I answer myself", reply_to=copy.message_id)
    # The admin replies to another message of theirs (their /questions list).
    await tg.send(staff, "/questions")
    listing = tg.last_bot_message(staff)
    assert listing is not None
    await tg.send(staff, "an answer to the list", reply_to=listing.message_id)
    # Someone no longer an admin replies to the copy they were sent.
    paybot.app.settings.telegram.admin_ids.remove(ADMIN_ID)
    await tg.send(staff, "I left the team", reply_to=copy.message_id)

    assert (await only_question(paybot, payment)).status == QuestionStatus.OPEN
    answers = [
        m
        for m in await paybot.app.support.repo.list_messages(question.id)
        if m.kind == SupportMessageKind.ANSWER
    ]
    assert answers == []
    assert not any("Answer from support" in t for t in tg.bot_texts(user))


async def test_questions_lists_the_open_ones_paged_and_an_answer_closes_one(
    paybot: Paybot,
) -> None:
    tg, staff = paybot.tg, admin(paybot)
    desk = paybot.app.support
    questions = []
    for number in range(7):
        customer = 6000 + number
        payment = await paid_payment(paybot, customer, amount=(number + 1) * 1000)
        asked = await desk.ask(payment, f"Customer {number}", Words(f"problem number {number}"))
        questions.append(asked.question)

    await tg.send(staff, "/questions")
    first = paybot.last_text(staff)
    assert ": 7" in first
    assert "problem number 0" in first and "problem number 4" in first
    assert "problem number 5" not in first
    await tg.press(staff, "▶️")
    second = paybot.last_text(staff)
    assert "problem number 5" in second and "problem number 6" in second
    assert "problem number 0" not in second

    # A question's button brings its copy here again; replying to it answers and closes it.
    await tg.press(staff, "Customer 6")
    copy = tg.last_bot_message(staff)
    assert copy is not None and "problem number 6" in copy.plain
    await tg.send(staff, "Refunded today", reply_to=copy.message_id)
    assert any("Refunded today" in t for t in tg.bot_texts(FakeUser(id=6006, first_name="C")))

    await tg.send(staff, "/questions")
    after = paybot.last_text(staff)
    assert ": 6" in after and "problem number 6" not in after


async def test_questions_does_not_exist_for_customers(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    payment = await paid_payment(paybot, user.id)
    await paybot.app.support.ask(payment, "Aziza", Words("help"))
    await tg.send(user, "/questions")
    assert "Open questions" not in paybot.last_text(user)
    assert "help" not in paybot.last_text(user)


async def test_a_customer_who_blocked_the_bot_gets_the_answer_when_they_write_again(
    paybot: Paybot,
) -> None:
    tg, user, staff = paybot.tg, paybot.user(), admin(paybot)
    await paybot.begin(user)
    payment = await paid_payment(paybot, user.id)
    await ask_from_history(paybot, user, "en", payment)
    question = await only_question(paybot, payment)
    [copy] = await copies_for(paybot, question)

    tg.block(user)
    await tg.send(staff, ANSWER, reply_to=copy.message_id)
    # The admin (Telegram language ru, none chosen) is told it is owed, not that it arrived.
    owed = text(paybot, "ru", "support-admin-owed", question=str(question.id), customer="Aziza")
    assert paybot.last_text(staff) == owed
    [answer] = [
        m
        for m in await paybot.app.support.repo.list_messages(question.id)
        if m.kind == SupportMessageKind.ANSWER
    ]
    assert answer.status == NoticeStatus.HELD
    assert not any(ANSWER in t for t in tg.bot_texts(user))

    tg.block(user, blocked=False)
    activity = await tg.send(user, "/start")
    # Held messages go out first (here the receipt the outbox owed too), then /start's answer.
    answered_at = next(i for i, t in enumerate(activity.texts) if ANSWER in t)
    assert answered_at < len(activity.texts) - 1, activity.texts
    delivered = await paybot.app.support.repo.get_message(answer.id)
    assert delivered is not None and delivered.status == NoticeStatus.DELIVERED


async def test_a_question_telegram_refuses_for_now_is_kept_and_sent_again(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    payment = await paid_payment(paybot, user.id)
    tg.session.faults.inject("sendMessage", "retry_after", retry_after=60, chat_id=ADMIN_ID)
    await ask_from_history(paybot, user, "en", payment)
    assert "Sent to our support team" in paybot.last_text(user)
    question = await only_question(paybot, payment)
    [copy] = await copies_for(paybot, question)
    assert copy.status == NoticeStatus.PENDING and copy.attempts == 1
    assert copy.last_error and "retry" in copy.last_error.lower()
    assert copy.next_attempt_at > copy.created_at

    # When its time comes (forced here: no clocks in tests) it goes out, once.
    outbox = paybot.app.support_outbox
    assert await outbox.deliver(copy, force=True)
    assert not await outbox.deliver(copy, force=True)
    [sent] = await copies_for(paybot, question)
    assert sent.status == NoticeStatus.DELIVERED and sent.message_id is not None
