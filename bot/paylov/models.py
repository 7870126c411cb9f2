"""Typed requests and answers of the Paylov service-payment and card APIs.

Parsing is tolerant on purpose: unknown keys are ignored, optional keys are optional, an explicit
`null` where a list, flag or other defaulted value belongs counts as absent, numbers that arrive
as strings (or ids that arrive as numbers) are accepted, and a service of the list that does not
parse is skipped (and logged) rather than failing the catalogue. Python names are snake_case; the
JSON names are aliases.
"""

from __future__ import annotations

import logging
from typing import Annotated, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticUseDefault

logger = logging.getLogger("bot.paylov")

T = TypeVar("T")


def _null_is_absent(value: object) -> object:
    # Paylov sends `"values": null`, `"is_active": null` where it means "nothing said".
    if value is None:
        raise PydanticUseDefault
    return value


NullAsDefault = BeforeValidator(_null_is_absent)
"""`null` → the field's default. Only on fields with a default: on a required field pydantic
raises a SchemaError (not a ValidationError) at validation time."""

Flag = Annotated[bool, NullAsDefault]
Items = Annotated[list[T], NullAsDefault]


class PaylovModel(BaseModel):
    model_config = ConfigDict(
        extra="ignore", populate_by_name=True, coerce_numbers_to_str=True, frozen=True
    )


class PaylovRequest(BaseModel):
    """A request body: dumped by alias, with absent optional keys left out."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    def to_json(self) -> dict[str, object]:
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


# --- catalogue -------------------------------------------------------------------------------


class Category(PaylovModel):
    id: int
    name: str


class AmountRange(PaylovModel):
    min: Annotated[int, NullAsDefault] = 0
    max: int | None = None


class Service(PaylovModel):
    service_id: str
    name: str
    category: Category
    amount: Annotated[AmountRange, NullAsDefault] = AmountRange()
    is_active: Flag = True
    has_info_method: Flag = False
    can_cancel: Flag = False
    payment_available: Flag = True
    logo: str | None = None


class ServiceList(PaylovModel):
    services: Items[Service] = []

    @field_validator("services", mode="before")
    @classmethod
    def _skip_unparseable(cls, value: object) -> object:
        # One malformed service must not take the whole catalogue down: the bot offers the rest,
        # and the skipped one looks gone. (Lists where a missing item misleads, such as cards,
        # form fields or transactions, still fail as a whole.)
        if not isinstance(value, list):
            return value
        kept: list[Service] = []
        for item in value:
            try:
                kept.append(Service.model_validate(item))
            except ValidationError as exc:
                # The id and the failing keys only: never the item, whose values are Paylov's.
                where = ", ".join(sorted({".".join(map(str, e["loc"])) for e in exc.errors()}))
                where = where or "not an object"
                logger.warning(
                    "paylov service %r skipped: unexpected answer (at %s)", _service_id(item), where
                )
        return kept


def _service_id(item: object) -> str | None:
    service_id = item.get("service_id") if isinstance(item, dict) else None
    if isinstance(service_id, str | int) and not isinstance(service_id, bool):
        return str(service_id)
    return None


class FieldValue(PaylovModel):
    id: str
    value: str
    title: str
    filter: str | None = None


class ServiceField(PaylovModel):
    field_id: str
    name: str
    title: str
    type: Annotated[str, NullAsDefault] = "text"  # "select" | "text"
    content: Annotated[str, NullAsDefault] = "text"  # "text" | "number"
    validation: str | None = None
    length: int | None = None
    required: Flag = True
    dependency_of: str | None = None
    values: Items[FieldValue] = []

    @property
    def is_select(self) -> bool:
        return self.type == "select"


class ResponseField(PaylovModel):
    field_id: str
    name: str
    title: str
    postfix: str | None = None


class ServiceFields(Service):
    """`fields/{id}` answer: the service again, what to ask, and how to label answers."""

    fields: Items[ServiceField] = []
    response_fields: Items[ResponseField] = []


class ServiceFieldsResult(PaylovModel):
    data: Items[ServiceFields] = []  # empty: the client answers service_not_found


# --- info, create, pay, status -----------------------------------------------------------------


Account = dict[str, str]
"""Field `name` → chosen value or typed text, as info and create expect it."""


class InfoItem(PaylovModel):
    name: str
    value: str | None = None
    title: str | None = None


class InfoRequest(PaylovRequest):
    service_id: str
    account: Account


class InfoResult(PaylovModel):
    data: Items[InfoItem] = []


class CreateRequest(PaylovRequest):
    service_id: str
    account: Account
    amount: int
    user_id: str | None = Field(default=None, serialization_alias="userId")
    card_id: str | None = Field(default=None, serialization_alias="cardId")
    phone_number: str | None = Field(default=None, serialization_alias="phoneNumber")


class SmsInfo(PaylovModel):
    otp_sent_phone: str | None = Field(default=None, alias="otpSentPhone")


class CreatedTransaction(PaylovModel):
    transaction_id: str = Field(alias="transactionId")
    data: Items[InfoItem] = []
    sms: SmsInfo | None = None


class PayRequest(PaylovRequest):
    transaction_id: str = Field(serialization_alias="transactionId")
    card_id: str = Field(serialization_alias="cardId")
    user_id: str | None = Field(default=None, serialization_alias="userId")
    otp: str | None = None

    def __repr__(self) -> str:  # never show the code
        otp = "<hidden>" if self.otp is not None else None
        return (
            f"PayRequest(transaction_id={self.transaction_id!r}, card_id={self.card_id!r}, "
            f"user_id={self.user_id!r}, otp={otp})"
        )

    __str__ = __repr__


class PaymentResult(PaylovModel):
    transaction_id: str = Field(alias="transactionId")
    card_id: str | None = Field(default=None, alias="cardId")
    payed_at: str | None = Field(default=None, alias="payedAt")
    payment_ref: str | None = Field(default=None, alias="paymentRef")
    epos_merchant: str | None = Field(default=None, alias="eposMerchant")
    epos_terminal: str | None = Field(default=None, alias="eposTerminal")


class TransactionState:
    """Values of `transaction/status` → `status`."""

    CREATED = "created"
    PAID = "paid"
    CANCELLED = "cancelled"


class TransactionStatus(PaylovModel):
    transaction_id: str = Field(alias="transactionId")
    status: str
    payed_at: str | None = Field(default=None, alias="payedAt")
    service_id: str | None = Field(default=None, alias="serviceId")
    cancel_time: str | None = Field(default=None, alias="cancelTime")
    amount: int | None = None


class MerchantTransaction(PaylovModel):
    id: str
    user_id: str | None = Field(default=None, alias="userId")
    card_number: str | None = Field(default=None, alias="cardNumber")
    owner: str | None = None
    amount: int
    date: str | None = None
    service_id: str | None = Field(default=None, alias="serviceId")


class TransactionList(PaylovModel):
    total_transaction: Annotated[int, NullAsDefault] = Field(default=0, alias="totalTransaction")
    transactions: Items[MerchantTransaction] = []


# --- cards ------------------------------------------------------------------------------------


class CreateUserCardRequest(PaylovRequest):
    user_id: str = Field(serialization_alias="userId")
    card_number: str = Field(serialization_alias="cardNumber")
    expire_date: str = Field(serialization_alias="expireDate")  # YYMM
    phone_number: str | None = Field(default=None, serialization_alias="phoneNumber")

    def __repr__(self) -> str:  # never show the card number
        return f"CreateUserCardRequest(user_id={self.user_id!r}, card_number=<hidden>)"

    __str__ = __repr__


class CardBinding(PaylovModel):
    """createUserCard answer: the id to confirm with, and where the code went."""

    cid: str = Field(validation_alias=AliasChoices("cid", "cardId"))
    otp_sent_phone: str | None = Field(default=None, alias="otpSentPhone")


class ConfirmUserCardRequest(PaylovRequest):
    card_id: str = Field(serialization_alias="cardId")
    otp: str
    card_name: str | None = Field(default=None, serialization_alias="cardName")

    def __repr__(self) -> str:  # never show the code
        return f"ConfirmUserCardRequest(card_id={self.card_id!r}, otp=<hidden>)"

    __str__ = __repr__


class CardStatus(PaylovModel):
    is_active: Flag = True
    status_message: str | None = None


class UserCard(PaylovModel):
    user_id: str | None = Field(default=None, alias="userId")
    card_id: str = Field(alias="cardId")
    owner: str | None = None
    card_name: str | None = Field(default=None, alias="cardName")
    number: str  # masked, 860000******9999
    balance: int | None = None  # tiyin
    expire_date: str | None = Field(default=None, alias="expireDate")
    vendor: str | None = None
    status: CardStatus | None = None


class ConfirmedCard(PaylovModel):
    card: UserCard


class UserCardList(PaylovModel):
    cards: Items[UserCard] = []


class OAuthToken(PaylovModel):
    access_token: str
    refresh_token: str | None = None
    token_type: Annotated[str, NullAsDefault] = "Bearer"
    expires_in: Annotated[float, NullAsDefault] = 3600
    refresh_expires_in: float | None = None

    def __repr__(self) -> str:
        return f"OAuthToken(expires_in={self.expires_in})"

    __str__ = __repr__
