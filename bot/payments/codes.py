"""What is wrong with a typed SMS code, so the step can say it instead of "digits only".

The rule: 4 to 8 ASCII digits (anything else would only spend an attempt at Paylov). Paylov
does not tell the code's length, so the message names the range and what was typed, never a
length we would have to guess."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.payments.cards import is_ascii_digits

CODE_MIN_DIGITS = 4
CODE_MAX_DIGITS = 8


class CodeFault(StrEnum):
    NOT_DIGITS = "not-digits"
    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class CodeProblem:
    fault: CodeFault
    typed: int  # how many characters were typed (spaces around it not counted)

    @property
    def key(self) -> str:
        return f"code-problem-{self.fault.value}"


def code_problem(text: str) -> CodeProblem | None:
    """None for a code worth sending to Paylov; else what is wrong with it."""
    typed = text.strip()
    if not is_ascii_digits(typed):
        return CodeProblem(CodeFault.NOT_DIGITS, len(typed))
    if len(typed) < CODE_MIN_DIGITS:
        return CodeProblem(CodeFault.TOO_SHORT, len(typed))
    if len(typed) > CODE_MAX_DIGITS:
        return CodeProblem(CodeFault.TOO_LONG, len(typed))
    return None
