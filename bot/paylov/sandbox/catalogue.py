"""The sandbox's data file (`catalogue.json`): services, known accounts and test cards.

The file is data, not code. Loading it checks that it is consistent (categories exist, every
dependent select names a real parent and filters on the parent's values, known accounts pass
their service's own rules, info keys are declared response fields), so a broken edit fails at
start-up instead of in the middle of a test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.paylov.sandbox.accounts import check_account
from bot.paylov.sandbox.errors import SandboxError

BUNDLED_CATALOGUE = Path(__file__).with_name("catalogue.json")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Note(_Data):
    """A note for the person trying the sandbox (the shell's banner), in each bot language."""

    en: str
    ru: str
    uz: str

    def text(self, language: str) -> str:
        return str(getattr(self, language, self.en))


class CategoryData(_Data):
    id: int
    name: str


class AmountData(_Data):
    min: int
    max: int


class ValueData(_Data):
    id: int
    value: str
    title: str
    filter: str | None = None


class FieldData(_Data):
    field_id: str
    name: str
    title: str
    type: Literal["select", "text"]
    content: Literal["text", "number"] = "text"
    validation: str | None = None  # a regular expression the whole value must match
    length: int | None = None  # the maximum length
    required: bool = True
    dependency_of: str | None = None
    values: list[ValueData] = []

    def value_for(self, value: str) -> ValueData | None:
        return next((item for item in self.values if item.value == value), None)


class ResponseFieldData(_Data):
    field_id: str
    name: str
    title: str
    postfix: str | None = None


class KnownAccount(_Data):
    """An account `info` knows; `info` values are raw (the postfix is added when answering)."""

    account: dict[str, str]
    info: dict[str, str]
    note: Note | None = None


class ServiceData(_Data):
    service_id: str
    name: str
    category: int
    amount: AmountData
    is_active: bool = True
    has_info_method: bool = False
    can_cancel: bool = False
    payment_available: bool = True
    # false: hidden from `list?available_for_me=true`, and create answers permission_denied.
    enabled_for_merchant: bool = True
    logo: str | None = None
    note: str = ""
    fields: list[FieldData]
    response_fields: list[ResponseFieldData] = []
    accounts: list[KnownAccount] = []

    def field(self, name: str) -> FieldData | None:
        return next((item for item in self.fields if item.name == name), None)

    def response_field(self, name: str) -> ResponseFieldData | None:
        return next((item for item in self.response_fields if item.name == name), None)


class CardData(_Data):
    number: str
    expire: str = Field(pattern=r"^\d{4}$")  # YYMM, as the API wants it
    otp: str
    owner: str
    phone: str  # 998XXXXXXXXX, where the bank sends codes
    # true: a `phoneNumber` other than `phone` is refused with phone_not_match.
    phone_fixed: bool = False
    balance: int  # tiyin
    blocked: str | None = None  # the processing centre's reason, e.g. "lost_card_capture"
    note: Note | None = None

    @property
    def vendor(self) -> str:
        return "Humo" if self.number.startswith("9860") else "Uzcard"


class Catalogue(_Data):
    about: str = ""
    categories: list[CategoryData]
    services: list[ServiceData]
    cards: list[CardData]

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        _unique("service_id", [service.service_id for service in self.services])
        _unique("card number", [card.number for card in self.cards])
        category_ids = {category.id for category in self.categories}
        for service in self.services:
            if service.category not in category_ids:
                raise ValueError(f"{service.name}: unknown category {service.category}")
            _check_service(service)
        return self

    def service(self, service_id: str) -> ServiceData | None:
        return next((item for item in self.services if item.service_id == service_id), None)

    def category(self, category_id: int) -> CategoryData:
        return next(item for item in self.categories if item.id == category_id)

    def card(self, number: str) -> CardData | None:
        return next((item for item in self.cards if item.number == number), None)


def load_catalogue(source: Path | dict[str, object] | None = None) -> Catalogue:
    if source is None:
        source = BUNDLED_CATALOGUE
    if isinstance(source, Path):
        return Catalogue.model_validate(json.loads(source.read_text(encoding="utf-8")))
    return Catalogue.model_validate(source)


def _unique(what: str, items: list[str]) -> None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"duplicate {what} {item}")
        seen.add(item)


def _check_service(service: ServiceData) -> None:
    _unique(f"{service.name} field", [field.name for field in service.fields])
    for field in service.fields:
        if field.validation is not None:
            re.compile(field.validation)
        if field.dependency_of is not None:
            parent = service.field(field.dependency_of)
            if parent is None or parent.type != "select":
                raise ValueError(f"{service.name}.{field.name}: no select {field.dependency_of}")
            parent_values = {value.value for value in parent.values}
            stray = [value.value for value in field.values if value.filter not in parent_values]
            if stray:
                raise ValueError(f"{service.name}.{field.name}: values {stray} match no parent")
    for known in service.accounts:
        try:
            check_account(service, known.account)
        except SandboxError as error:
            raise ValueError(f"{service.name}: known account {known.account}: {error}") from None
        undeclared = [name for name in known.info if service.response_field(name) is None]
        if undeclared:
            raise ValueError(f"{service.name}: info keys {undeclared} are not response fields")
