"""The account form of a service: which field to ask next, which values a select offers, whether
typed text is acceptable, and how the answers read back to the customer.

Answers are a mapping of field `name` → chosen `value` (selects) or typed text, exactly the
`account` object Paylov expects.

A typed field without a `length` from the service holds at most DEFAULT_MAX_LENGTH (64)
characters, so that the answers never push a later screen past Telegram's 4096-character limit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from bot.paylov.models import FieldValue, InfoItem, ServiceField, ServiceFields
from bot.payments.cards import is_ascii_digits

log = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 64


class FieldProblem(StrEnum):
    EMPTY = "empty"
    DIGITS_ONLY = "digits_only"
    TOO_LONG = "too_long"
    PATTERN = "pattern"


class TitleOf(StrEnum):
    """What a row's title names, so a screen can word it in the customer's language."""

    FIELD = "field"  # an account field (`fields`)
    INFO = "info"  # a response field (`info`, `create`)


@dataclass(frozen=True)
class LabelledValue:
    """A row shown to the customer: Paylov's own title and the value; `name` and `of` say
    which Paylov name the title belongs to (bot/telegram/catalogue_texts.py words it), and
    `postfix` is the unit Paylov gives (UZS), kept apart from the value for the same reason."""

    title: str
    value: str
    name: str = ""
    of: TitleOf | None = None
    postfix: str | None = None


class AccountForm:
    """Stateless logic over one service's `fields` answer."""

    def __init__(self, service: ServiceFields) -> None:
        self.service = service

    @cached_property
    def _fields_by_name(self) -> dict[str, ServiceField]:
        return {field.name: field for field in self.service.fields}

    def field(self, name: str) -> ServiceField | None:
        return self._fields_by_name.get(name)

    def next_field(self, answers: Mapping[str, str]) -> ServiceField | None:
        """The first field still unanswered, in the service's order; None when the form is done."""
        for field in self.service.fields:
            if field.name not in answers:
                return field
        return None

    def previous_field(self, answers: Mapping[str, str]) -> ServiceField | None:
        """The last answered field (what "Back" should reopen)."""
        answered = [field for field in self.service.fields if field.name in answers]
        return answered[-1] if answered else None

    def options(self, field: ServiceField, answers: Mapping[str, str]) -> list[FieldValue]:
        """A select's values; with `dependency_of`, those whose filter is the parent's value."""
        if field.dependency_of is None:
            return list(field.values)
        parent_value = answers.get(field.dependency_of)
        return [value for value in field.values if value.filter == parent_value]

    def answers_without(self, answers: Mapping[str, str], name: str) -> dict[str, str]:
        """Drop an answer and every answer that depends on it, directly or not."""
        dropped = {name}
        changed = True
        while changed:
            changed = False
            for field in self.service.fields:
                if field.dependency_of in dropped and field.name not in dropped:
                    dropped.add(field.name)
                    changed = True
        return {key: value for key, value in answers.items() if key not in dropped}

    def answers_for_reentry(self, answers: Mapping[str, str]) -> dict[str, str]:
        """What stays when the customer starts the account over from its preview: the selects
        (a region, a district are usually right), not the typed fields. When that would leave
        nothing to ask again (every field an answered select), nothing stays."""
        kept = {
            field.name: answers[field.name]
            for field in self.service.fields
            if field.is_select and field.name in answers
        }
        if len(kept) == len(self.service.fields):
            return {}
        return kept

    @staticmethod
    def max_length(field: ServiceField) -> int:
        """`length` is treated as a maximum: the document does not say, and the sandbox agrees."""
        return field.length or DEFAULT_MAX_LENGTH

    def check_text(self, field: ServiceField, text: str) -> FieldProblem | None:
        value = text.strip()
        if not value:
            return FieldProblem.EMPTY
        if field.content == "number" and not is_ascii_digits(value):
            return FieldProblem.DIGITS_ONLY
        if len(value) > self.max_length(field):
            return FieldProblem.TOO_LONG
        pattern = _compile(field.validation)
        if pattern is not None and not pattern.fullmatch(value):
            return FieldProblem.PATTERN
        return None

    def normalize_text(self, field: ServiceField, text: str) -> str:
        value = text.strip()
        if field.content == "number":
            value = re.sub(r"[\s\-()+]", "", value)
            # "+998 90 123 45 67" typed into a 9-digit phone field means 901234567.
            if field.length == 9 and len(value) == 12 and value.startswith("998"):
                value = value[3:]
            return value
        # "ka1234567" for a rule of capitals (a fine's number): what was meant is plain. Only
        # when the typed case fails the rule and the capitals pass it, so logins keep theirs.
        pattern = _compile(field.validation)
        if pattern is not None and not pattern.fullmatch(value):
            upper = value.upper()
            if pattern.fullmatch(upper):
                return upper
        return value

    def is_complete(self, answers: Mapping[str, str]) -> bool:
        return self.next_field(answers) is None

    def is_consistent(self, answers: Mapping[str, str]) -> bool:
        """Do saved answers still fit the service's current fields (quick repay after changes)?"""
        if set(answers) != set(self._fields_by_name):
            return False
        for field in self.service.fields:
            value = answers[field.name]
            if field.is_select:
                if value not in {option.value for option in self.options(field, answers)}:
                    return False
            elif self.check_text(field, value) is not None:
                return False
        return True

    def labelled(self, answers: Mapping[str, str]) -> list[LabelledValue]:
        """The answers as the customer recognises them: select titles instead of codes."""
        rows: list[LabelledValue] = []
        for field in self.service.fields:
            if field.name not in answers:
                continue
            value = answers[field.name]
            if field.is_select:
                titles = {option.value: option.title for option in self.options(field, answers)}
                value = titles.get(value, value)
            rows.append(
                LabelledValue(title=field.title, value=value, name=field.name, of=TitleOf.FIELD)
            )
        return rows

    def account_label(self, answers: Mapping[str, str]) -> str:
        """A one-line name for the account: the typed values (numbers people know), else titles."""
        typed = [
            answers[field.name]
            for field in self.service.fields
            if not field.is_select and field.name in answers
        ]
        if typed:
            return ", ".join(typed)
        return ", ".join(row.value for row in self.labelled(answers))

    def describe_info(self, items: list[InfoItem]) -> list[LabelledValue]:
        """`info`/`create` data with the service's response-field titles and postfixes."""
        response_fields = {field.name: field for field in self.service.response_fields}
        rows: list[LabelledValue] = []
        for item in items:
            if item.value is None or item.value == "":
                continue
            known = response_fields.get(item.name)
            title = (known.title if known else None) or item.title or item.name
            value = item.value.strip()
            postfix = (known.postfix if known else None) or None
            if postfix and value.endswith(postfix):
                value = value.removesuffix(postfix).rstrip()
            # `info` may echo the account's own fields back: they are titled as fields.
            of = TitleOf.FIELD if known is None and self.field(item.name) else TitleOf.INFO
            row = LabelledValue(title=title, value=value, name=item.name, of=of, postfix=postfix)
            rows.append(row)
        return rows


def _compile(rule: str | None) -> re.Pattern[str] | None:
    if not rule:
        return None
    try:
        # ASCII: `\d` is 0-9 (and `\w` Latin) as in the JS/Java/PHP these rules are written for.
        return re.compile(rule, re.ASCII)
    except re.error:
        # The document does not define `validation`; a rule we cannot read must not block payments.
        log.warning("ignoring a field validation rule that is not a regular expression")
        return None
