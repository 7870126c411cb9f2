"""The card steps' screens: expiry, number and code, each with a problem above it if any."""

from __future__ import annotations

from html import escape

from bot.payments.card_binding import TypedNumber
from bot.payments.cards import CardProblem
from bot.telegram import keyboards as kb
from bot.telegram.screens import Screen, Texts


def card_step(texts: Texts, question: str, problem: str = "") -> Screen:
    markup = kb.choice_list([], extra_rows=[kb.back_cancel_row(texts)])
    return Screen(question, markup).under(f"⚠️ {problem}" if problem else "")


def card_problem(texts: Texts, problem: CardProblem, typed: TypedNumber | None = None) -> str:
    """Why a number or an expiry was refused; another scheme's card is named (Visa...)."""
    if problem == CardProblem.NOT_LOCAL and typed is not None and typed.scheme:
        return texts.get("card-problem-foreign", scheme=escape(typed.scheme))
    return texts.get(f"card-problem-{problem.value.replace('_', '-')}")


def number_refused(texts: Texts, problem: CardProblem, typed: TypedNumber) -> str:
    """The number step's problem: what was typed, masked (its message is gone), and why not."""
    return _joined(_typed(texts, typed), card_problem(texts, problem, typed))


def number_before_expiry(texts: Texts, typed: TypedNumber) -> str:
    """A lone number at the expiry step: what was typed, masked; another scheme's card is
    refused at once, before any expiry is asked for it; then the expiry first."""
    foreign = card_problem(texts, CardProblem.NOT_LOCAL, typed) if typed.scheme else ""
    return _joined(_typed(texts, typed), foreign, texts.get("card-expiry-first"))


def _typed(texts: Texts, typed: TypedNumber) -> str:
    return texts.get("card-typed-number", card=escape(typed.masked)) if typed.masked else ""


def _joined(*lines: str) -> str:
    return "\n".join(line for line in lines if line)
