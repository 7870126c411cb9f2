"""Async client for the Paylov service-payment and card APIs.

One pooled `httpx.AsyncClient` per instance. Every call goes through `_execute`, which:
- adds the Bearer token, and after an HTTP 401 invalidates it and resends once (a 401 means
  nothing was executed, so this is safe for POST too);
- unwraps `{"result": ...}` (an unwrapped payload is accepted too) into a pydantic model;
- turns `{"error": {"code", "message"}}` into `PaylovError`, and timeouts, dropped connections,
  undecodable bodies (any httpx error), 5xx and garbage into `PaylovUnavailable`; for `create`
  and `pay` into `PaylovOutcomeUnknown` unless the failure proves the request never left;
- retries GETs on `PaylovUnavailable` with exponential backoff; never POST or DELETE.

Each HTTP exchange logs one line on `bot.paylov`: method, path, status, elapsed ms. Bodies,
tokens and (for card endpoints) ids and query values are never logged.

Observers (`client.observers`) hear of every attempt as a `PaylovCallEvent`: the endpoint's path
template (never an id), its outcome and duration; the metrics and the admins' alerts read them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Literal, Self, TypeVar
from urllib.parse import quote, urlencode

import httpx
from pydantic import ValidationError

from bot.config import PaylovSettings
from bot.paylov.auth import TokenProvider, error_fields, log_exchange, provider_from_settings
from bot.paylov.errors import (
    PaylovAuthError,
    PaylovError,
    PaylovFailure,
    PaylovOutcomeUnknown,
    PaylovUnavailable,
)
from bot.paylov.models import (
    Account,
    CardBinding,
    ConfirmedCard,
    ConfirmUserCardRequest,
    CreatedTransaction,
    CreateRequest,
    CreateUserCardRequest,
    InfoItem,
    InfoRequest,
    InfoResult,
    PaymentResult,
    PayRequest,
    Service,
    ServiceFields,
    ServiceFieldsResult,
    ServiceList,
    TransactionList,
    TransactionStatus,
    UserCard,
    UserCardList,
)

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# These failures prove the request never reached Paylov: even `pay` is then plainly unavailable.
_NEVER_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)

_CARD = "merchant/userCard/"
_GARBAGE = object()  # marks a body that is not JSON


# What a call came to, for observers: ok, refused (a Paylov error answer), auth (credentials
# or token refused), unavailable (no answer, nothing executed), unknown (create/pay may have run).
Outcome = Literal["ok", "refused", "auth", "unavailable", "unknown"]
TOKEN_ENDPOINT = "token"  # the endpoint observers see when getting a token fails


@dataclass(frozen=True)
class PaylovCallEvent:
    endpoint: str  # the path template, e.g. "servicePayment/fields/{service_id}/"
    outcome: Outcome
    seconds: float


PaylovObserver = Callable[[PaylovCallEvent], None]


def outcome_of(error: BaseException | None) -> Outcome:
    if error is None:
        return "ok"
    if isinstance(error, PaylovAuthError):
        return "auth"
    if isinstance(error, PaylovError):
        return "refused"
    if isinstance(error, PaylovOutcomeUnknown):
        return "unknown"
    return "unavailable"


@dataclass(frozen=True)
class _Call:
    method: str
    path: str
    endpoint: str  # the path template: a label without ids
    shown: str  # what logs and exception messages show instead of the path
    params: Mapping[str, str] | None = None
    body: Mapping[str, object] | None = field(default=None, repr=False)  # may hold a card/OTP
    # create/pay: a failure after the request may have left means "outcome unknown".
    may_execute: bool = False


def _call(
    method: str,
    template: str,
    *,
    path_args: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    body: Mapping[str, object] | None = None,
    may_execute: bool = False,
    private: bool = False,
) -> _Call:
    """Builds a call; `private` (card endpoints) keeps ids and query values out of the log."""
    args = {key: quote(value, safe="") for key, value in (path_args or {}).items()}
    path = template.format(**args) if args else template  # a configured path is taken as is
    shown = template if private else path
    if params:
        shown += "?" + ("&".join(f"{key}=*" for key in params) if private else urlencode(params))
    return _Call(method, path, template, shown, params, body, may_execute)


class PaylovClient:
    def __init__(
        self,
        base_url: str,
        auth: TokenProvider,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        get_retries: int = 2,
        retry_backoff: float = 0.5,
        transactions_all_path: str = "merchant/servicePayment/transaction/all/",
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = time.perf_counter,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._auth = auth
        self._get_retries = max(0, get_retries)
        self._retry_backoff = retry_backoff
        self._transactions_all_path = transactions_all_path
        self._clock = clock
        self._sleep = sleep
        self._base_url = base_url
        self.observers: list[PaylovObserver] = []
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
            ),
            headers={"Accept": "application/json", "User-Agent": "paybot"},
            transport=transport,
        )

    @classmethod
    def from_settings(
        cls,
        settings: PaylovSettings,
        *,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> PaylovClient:
        """Static token when `access_token` is set, else OAuth2 password grant."""
        return cls(
            base_url or settings.base_url,
            provider_from_settings(settings),
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            get_retries=settings.get_retries,
            retry_backoff=settings.retry_backoff,
            transactions_all_path=settings.transactions_all_path,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"PaylovClient(base_url={self._base_url!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- service payment --------------------------------------------------------------------

    async def list_services(self, *, available_for_me: bool = True) -> list[Service]:
        params = {"available_for_me": "true"} if available_for_me else None
        call = _call("GET", "servicePayment/list/", params=params)
        return await self._execute(
            call, lambda payload: ServiceList.model_validate(payload).services
        )

    async def get_service_fields(self, service_id: str) -> ServiceFields:
        call = _call(
            "GET", "servicePayment/fields/{service_id}/", path_args={"service_id": service_id}
        )
        return await self._execute(call, _first_service_fields)

    async def get_info(self, service_id: str, account: Account) -> list[InfoItem]:
        body = InfoRequest(service_id=service_id, account=account).to_json()
        call = _call("POST", "servicePayment/info/", body=body)
        return await self._execute(call, lambda payload: InfoResult.model_validate(payload).data)

    async def create_transaction(self, request: CreateRequest) -> CreatedTransaction:
        call = _call("POST", "servicePayment/create/", body=request.to_json(), may_execute=True)
        return await self._execute(call, CreatedTransaction.model_validate)

    async def pay(self, request: PayRequest) -> PaymentResult:
        call = _call("POST", "servicePayment/pay/", body=request.to_json(), may_execute=True)
        return await self._execute(call, PaymentResult.model_validate)

    async def transaction_status(self, transaction_id: str) -> TransactionStatus:
        params = {"transactionId": transaction_id}
        call = _call("GET", "servicePayment/transaction/status/", params=params)
        return await self._execute(call, TransactionStatus.model_validate)

    async def transactions_all(
        self,
        *,
        service_id: str | None = None,
        user_id: str | None = None,
        begin_date: date | None = None,
        end_date: date | None = None,
    ) -> TransactionList:
        # The date format is undocumented: ISO (YYYY-MM-DD) is the guess.
        filters = {
            "serviceId": service_id,
            "userId": user_id,
            "beginDate": begin_date.isoformat() if begin_date else None,
            "endDate": end_date.isoformat() if end_date else None,
        }
        params = {key: value for key, value in filters.items() if value is not None}
        call = _call("GET", self._transactions_all_path, params=params or None)
        return await self._execute(call, TransactionList.model_validate)

    # --- cards ------------------------------------------------------------------------------

    async def create_user_card(self, request: CreateUserCardRequest) -> CardBinding:
        call = _call("POST", _CARD + "createUserCard/", body=request.to_json(), private=True)
        return await self._execute(call, CardBinding.model_validate)

    async def confirm_user_card(self, request: ConfirmUserCardRequest) -> UserCard:
        call = _call("POST", _CARD + "confirmUserCardCreate/", body=request.to_json(), private=True)
        return await self._execute(call, _one_card)

    async def get_user_cards(self, user_id: str) -> list[UserCard]:
        params = {"userId": user_id}
        call = _call("GET", _CARD + "getAllUserCards/", params=params, private=True)
        return await self._execute(call, lambda payload: UserCardList.model_validate(payload).cards)

    async def get_card(self, card_id: str) -> UserCard:
        call = _call(
            "GET", _CARD + "getCard/{card_id}/", path_args={"card_id": card_id}, private=True
        )
        return await self._execute(call, _one_card)

    async def delete_user_card(self, card_id: str) -> None:
        params = {"userCardId": card_id}
        call = _call("DELETE", _CARD + "deleteUserCard/", params=params, private=True)
        await self._execute(call, _deleted)

    # --- one call ---------------------------------------------------------------------------

    async def _execute(self, call: _Call, parse: Callable[[object], T]) -> T:
        retries = self._get_retries if call.method == "GET" else 0
        attempt = 0
        while True:
            started = self._clock()
            try:
                result = self._parse(call, parse, await self._exchange(call))
            except PaylovFailure as exc:
                self._observe(call.endpoint, outcome_of(exc), started)
                if not isinstance(exc, PaylovUnavailable) or attempt >= retries:
                    raise
            else:
                self._observe(call.endpoint, "ok", started)
                return result
            await self._sleep(self._retry_backoff * 2**attempt)
            attempt += 1

    def _observe(self, endpoint: str, outcome: Outcome, started: float) -> None:
        event = PaylovCallEvent(endpoint, outcome, self._clock() - started)
        for observer in self.observers:
            try:
                observer(event)
            except Exception:  # an observer's bug must not fail a payment
                logging.getLogger(__name__).exception("paylov observer failed")

    async def _token(self) -> str:
        started = self._clock()
        try:
            return await self._auth.token(self._http)
        except PaylovFailure as exc:
            self._observe(TOKEN_ENDPOINT, outcome_of(exc), started)
            raise

    async def _exchange(self, call: _Call) -> object:
        """Sends with a token; after a 401, once more with a renewed one. Returns the payload."""
        token = await self._token()
        response = await self._send(call, token)
        if response.status_code == 401:
            self._auth.invalidate(token)
            token = await self._token()
            response = await self._send(call, token)
            if response.status_code == 401:
                code, message = _json_error(response) or ("unauthorized", "")
                raise PaylovAuthError(code, message, 401)
        return self._payload(call, response)

    async def _send(self, call: _Call, token: str) -> httpx.Response:
        started = self._clock()
        what = f"{call.method} {call.shown}"
        try:
            response = await self._http.request(
                call.method,
                call.path,
                params=call.params,
                json=call.body,
                headers={"Authorization": f"Bearer {token}"},
            )
        except httpx.HTTPError as exc:
            # Not only transport failures: a corrupt body (DecodingError) and the like too. Any
            # of them after the request may have left counts as "sent".
            log_exchange(what, type(exc).__name__, started, self._clock, logging.WARNING)
            failure = self._failure(call, type(exc).__name__, sent=not isinstance(exc, _NEVER_SENT))
        else:
            level = logging.WARNING if response.status_code >= 500 else logging.INFO
            log_exchange(what, response.status_code, started, self._clock, level)
            return response
        # Raised outside `except` so the httpx error (its request holds the token) is not chained.
        raise failure

    def _payload(self, call: _Call, response: httpx.Response) -> object:
        status = response.status_code
        if not 200 <= status < 500 or 300 <= status < 400 or status == 429:
            raise self._failure(call, f"HTTP {status}", status=status)
        body = _json_or(response, _GARBAGE)
        if body is _GARBAGE:
            raise self._failure(call, "unparseable answer", status=status)
        error = error_fields(body)
        if error is not None or status >= 400:
            code, message = error or ("unknown_error", f"HTTP {status}")
            raise PaylovError(code, message, status)
        if isinstance(body, dict) and "result" in body:
            return body["result"]
        return body

    def _parse(self, call: _Call, parse: Callable[[object], T], payload: object) -> T:
        try:
            return parse(payload)
        except ValidationError as exc:
            # Only locations: pydantic's own text quotes the input, which may hold a card.
            where = ", ".join(sorted({".".join(map(str, err["loc"])) for err in exc.errors()}))
        # Raised outside `except` so the ValidationError (quoting the input) is not chained.
        raise self._failure(call, f"unexpected answer (at {where})")

    def _failure(
        self, call: _Call, what: str, *, sent: bool = True, status: int | None = None
    ) -> PaylovUnavailable:
        reason = f"{call.method} {call.shown}: {what}"
        if call.may_execute and sent:
            return PaylovOutcomeUnknown(reason, status=status)
        return PaylovUnavailable(reason, status=status)


def _json_or(response: httpx.Response, default: object) -> object:
    try:
        return response.json()
    except ValueError:
        return default


def _json_error(response: httpx.Response) -> tuple[str, str] | None:
    return error_fields(_json_or(response, None))


def _first_service_fields(payload: object) -> ServiceFields:
    data = ServiceFieldsResult.model_validate(payload).data
    if not data:
        raise PaylovError("service_not_found", "fields answer has no service", 200)
    return data[0]


def _one_card(payload: object) -> UserCard:
    # confirmUserCardCreate wraps the card in {"card": ...}; getCard may or may not.
    if isinstance(payload, dict) and "card" in payload:
        return ConfirmedCard.model_validate(payload).card
    return UserCard.model_validate(payload)


def _deleted(payload: object) -> None:
    if payload is False:
        raise PaylovError("card_not_deleted", "Paylov answered false", 200)
