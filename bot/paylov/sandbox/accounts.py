"""Checking an `account` against a service's fields, and the info items Paylov answers with."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from bot.paylov.sandbox.errors import SandboxError

if TYPE_CHECKING:
    from bot.paylov.sandbox.catalogue import FieldData, KnownAccount, ServiceData

InfoItem = dict[str, str]


def check_account(service: ServiceData, account: Mapping[str, object]) -> dict[str, str]:
    """The account reduced to the service's fields, as text; `invalid_account` if it breaks a rule.

    Keys the service does not know are ignored, as a lenient gateway would.
    """
    clean: dict[str, str] = {}
    for field in service.fields:
        value = _as_text(field, account.get(field.name))
        if value is None:
            if field.required:
                raise SandboxError("invalid_account", f"field {field.name} is required")
            continue
        if field.type == "select":
            _check_select(service, field, value, account)
        else:
            _check_text(field, value)
        clean[field.name] = value
    return clean


def find_known(service: ServiceData, account: Mapping[str, str]) -> KnownAccount | None:
    return next((known for known in service.accounts if known.account == dict(account)), None)


def echo_items(service: ServiceData, account: Mapping[str, str]) -> list[InfoItem]:
    """The account fields as Paylov echoes them: select values by their title."""
    items: list[InfoItem] = []
    for field in service.fields:
        if field.name not in account:
            continue
        value = account[field.name]
        option = field.value_for(value) if field.type == "select" else None
        items.append(
            {"name": field.name, "value": option.title if option else value, "title": field.title}
        )
    return items


def info_items(service: ServiceData, known: KnownAccount, now: datetime) -> list[InfoItem]:
    """`time` (when the service declares it), then the known data labelled by response_fields."""
    raw = {"time": now.strftime("%d.%m.%Y %H:%M:%S")} if service.response_field("time") else {}
    raw.update(known.info)
    items: list[InfoItem] = []
    for name, value in raw.items():
        title, shown = labelled(service, name, value)
        items.append({"name": name, "value": shown, "title": title})
    return items


def labelled(service: ServiceData, name: str, value: str) -> tuple[str, str]:
    """A response value's title, and the value with its postfix ("50000" -> "50000 UZS")."""
    declared = service.response_field(name)
    if declared is None:
        return name, value
    return declared.title, f"{value} {declared.postfix}" if declared.postfix else value


def _as_text(field: FieldData, raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise SandboxError("invalid_account", f"field {field.name} must be a string")
    return raw.strip() or None


def _check_select(
    service: ServiceData, field: FieldData, value: str, account: Mapping[str, object]
) -> None:
    option = field.value_for(value)
    if option is None:
        raise SandboxError("invalid_account", f"{value!r} is not a value of field {field.name}")
    if field.dependency_of is None:
        return
    parent = service.field(field.dependency_of)
    parent_value = _as_text(parent, account.get(field.dependency_of)) if parent else None
    if option.filter != parent_value:
        raise SandboxError(
            "invalid_account",
            f"{value!r} of field {field.name} does not belong to {field.dependency_of}"
            f" {parent_value!r}",
        )


def _check_text(field: FieldData, value: str) -> None:
    if field.content == "number" and not re.fullmatch(r"\d+", value, re.ASCII):
        raise SandboxError("invalid_account", f"field {field.name} must contain digits only")
    if field.length is not None and len(value) > field.length:
        raise SandboxError(
            "invalid_account", f"field {field.name} is longer than {field.length} characters"
        )
    if field.validation is not None and not re.fullmatch(field.validation, value):
        raise SandboxError("invalid_account", f"field {field.name} does not match its format")
