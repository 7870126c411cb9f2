"""Request bodies the sandbox accepts, and how a malformed one turns into a Paylov error code."""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.paylov.sandbox.errors import SandboxError


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, coerce_numbers_to_str=True)

    # The code answered when this field is missing or malformed; others get invalid_request.
    field_codes: ClassVar[dict[str, str]] = {}

    @classmethod
    def parse(cls, data: object) -> Self:
        if not isinstance(data, dict):
            raise SandboxError("invalid_request", "the body must be a JSON object")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            code = cls.field_codes.get(name, "invalid_request")
            raise SandboxError(code, f"{name or 'body'}: {first['msg']}") from None


class InfoBody(Body):
    field_codes: ClassVar[dict[str, str]] = {"account": "invalid_account"}

    service_id: str
    account: dict[str, object]


class CreateBody(Body):
    field_codes: ClassVar[dict[str, str]] = {
        "account": "invalid_account",
        "amount": "invalid_amount",
    }

    service_id: str
    account: dict[str, object]
    amount: int
    user_id: str | None = Field(default=None, alias="userId")
    card_id: str | None = Field(default=None, alias="cardId")
    phone_number: str | None = Field(default=None, alias="phoneNumber")


class PayBody(Body):
    transaction_id: str = Field(alias="transactionId")
    card_id: str = Field(alias="cardId")
    user_id: str | None = Field(default=None, alias="userId")
    otp: str | None = None


class CreateUserCardBody(Body):
    field_codes: ClassVar[dict[str, str]] = {
        "cardNumber": "card_not_found",
        "expireDate": "invalid_expire_date",
    }

    user_id: str = Field(alias="userId", min_length=1)
    card_number: str = Field(alias="cardNumber")
    expire_date: str = Field(alias="expireDate")
    phone_number: str | None = Field(default=None, alias="phoneNumber")


class ConfirmUserCardBody(Body):
    cid: str = Field(alias="cardId")
    otp: str
    card_name: str | None = Field(default=None, alias="cardName")
