"""The Paylov sandbox: the documented HTTP API on aiohttp, state in memory, faults on demand.

Every API path answers with and without its trailing slash. Success is `{"result": ...}`; a
refusal is HTTP 400 `{"error": {"code", "message"}}`; a missing or stale Bearer token is 401.
`/_sandbox/...` is the control API (no auth): faults, the ledger, test data.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.paylov.sandbox.auth import Credentials, OAuthError, TokenStore
from bot.paylov.sandbox.bodies import (
    ConfirmUserCardBody,
    CreateBody,
    CreateUserCardBody,
    InfoBody,
    PayBody,
)
from bot.paylov.sandbox.cards import CardBook
from bot.paylov.sandbox.catalogue import load_catalogue
from bot.paylov.sandbox.errors import SandboxError
from bot.paylov.sandbox.faults import Faults, FaultSpec
from bot.paylov.sandbox.ledger import Ledger
from bot.paylov.sandbox.payments import Payments, TransactionFilter
from bot.paylov.sandbox.state import SandboxState, load_state, save_state
from bot.paylov.sandbox.testdata import TestData, build_test_data

log = logging.getLogger(__name__)

TASHKENT = timezone(timedelta(hours=5), "Asia/Tashkent")  # no daylight saving since 1992

Payload = object  # what goes under "result"
Handler = Callable[[web.Request], Awaitable[Payload]]


def tashkent_now() -> datetime:
    return datetime.now(TASHKENT).replace(tzinfo=None)


class PaylovSandbox:
    def __init__(
        self,
        *,
        catalogue: Path | dict[str, object] | None = None,
        static_token: str = "sandbox-token",  # noqa: S107 - sandbox defaults
        consumer_key: str = "sandbox-key",
        consumer_secret: str = "sandbox-secret",  # noqa: S107 - sandbox defaults
        username: str = "merchant",
        password: str = "sandbox-password",  # noqa: S107 - sandbox defaults
        access_token_ttl: float = 3600.0,
        refresh_token_ttl: float = 7 * 24 * 3600.0,
        hang_seconds: float = 30.0,
        clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        new_id: Callable[[], str] | None = None,
        rng: random.Random | None = None,
        wrong_otp_error: str = "invalid_otp",
        reconfirm_error: str = "card_is_already_activated",
        state_file: Path | None = None,
    ) -> None:
        """`clock` gives Asia/Tashkent wall time (payedAt, info's time, card expiry);
        `monotonic` ages tokens; `new_id` makes transaction/card ids (uuid4 by default);
        `rng` makes tokens and payment references. `wrong_otp_error` is the code a wrong
        binding code gets; `reconfirm_error` what a second confirm of a bound card gets.
        `state_file`: where cards and transactions are kept between runs (state.py); read
        now when it exists, written after every request that may change them."""
        self._catalogue = load_catalogue(catalogue)
        self._clock = clock or tashkent_now
        self._rng = rng or random.SystemRandom()
        new_id = new_id or self._uuid4
        self._hang_seconds = hang_seconds
        self.faults = Faults()
        self.ledger = Ledger()
        self._tokens = TokenStore(
            Credentials(static_token, consumer_key, consumer_secret, username, password),
            access_ttl=access_token_ttl,
            refresh_ttl=refresh_token_ttl,
            monotonic=monotonic,
            new_token=lambda: f"{self._rng.getrandbits(256):064x}",
        )
        self._cards = CardBook(
            self._catalogue,
            new_id=new_id,
            today=lambda: self._clock().date(),
            wrong_otp_error=wrong_otp_error,
            reconfirm_error=reconfirm_error,
        )
        self._payments = Payments(
            self._catalogue, self._cards, self.ledger, now=self._clock, new_id=new_id, rng=self._rng
        )
        self._state_file = state_file
        if state_file is not None and (state := load_state(state_file)) is not None:
            self._cards.restore(state.cards)
            self._payments.restore(state.payments)
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self.app = self._build_app()

    # --- life cycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0: any free port); returns the base url, ending in "/"."""
        if self._runner is not None:
            raise RuntimeError("the sandbox is already started")
        self._stopping = asyncio.Event()  # bound to this start's event loop
        if self._state_file is not None:
            # At once, not at the first change: the file says this sandbox kept its state.
            save_state(self._state_file, self.export_state())
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner = runner
        bound_port = runner.addresses[0][1]
        self._url = f"http://{f'[{host}]' if ':' in host else host}:{bound_port}/"
        return self._url

    async def stop(self) -> None:
        self._stopping.set()  # releases calls hanging in a timeout fault
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("the sandbox is not started")
        return self._url

    # --- what tests and the shell use --------------------------------------------------------

    @property
    def token_grants(self) -> int:
        return self._tokens.grants

    def expire_access_tokens(self) -> None:
        self._tokens.expire_access_tokens()

    def block_card(self, card_number: str, reason: str = "lost_card_capture") -> None:
        """The processing centre blocks a test card (its bindings stay; payments are refused)."""
        self._cards.block(card_number, reason)

    # --- planted mismatches: what a reconciliation must find ------------------------------

    def plant_paid_transaction(
        self,
        service_id: str,
        amount: int,
        *,
        user_id: str | None = None,
        when: datetime | None = None,
    ) -> str:
        """A paid transaction of the merchant with no local row (no client made it); `when`
        is its Tashkent wall time (the sandbox's clock by default). Returns its id."""
        return self._payments.plant_paid(service_id, amount, user_id=user_id, when=when)

    def change_amount(self, transaction_id: str, amount: int) -> None:
        """Paylov's amount of a transaction differs from what the bot recorded."""
        self._payments.change_amount(transaction_id, amount)

    def unlist_transaction(self, transaction_id: str) -> None:
        """A paid transaction `transaction/all` does not list (its status still says paid)."""
        self._payments.unlist(transaction_id)

    def lose_next_pay_outcome(self, status_failures: int = 3) -> None:
        """The next `pay` executes but its answer is lost, and the next `status_failures`
        status requests fail: the bot records the payment `pending` while Paylov has it paid.
        (Make it more than the client's GET retries.)"""
        self.faults.inject("pay", "lose_answer")
        self.faults.inject("status", "error_5xx", times=status_failures, status=500)

    def test_data(self, language: str = "en") -> TestData:
        """Test accounts and cards, their notes in `language` (uz, ru or en)."""
        return build_test_data(self._catalogue, self._cards, language)

    # --- routing -----------------------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application()
        api: list[tuple[str, str, str, Handler]] = [
            ("GET", "servicePayment/list/", "list", self._list),
            ("GET", "servicePayment/fields/{service_id}/", "fields", self._fields),
            ("POST", "servicePayment/info/", "info", self._info),
            ("POST", "servicePayment/create/", "create", self._create),
            ("POST", "servicePayment/pay/", "pay", self._pay),
            ("GET", "servicePayment/transaction/status/", "status", self._status),
            ("GET", "merchant/servicePayment/transaction/all/", "transactions_all", self._all),
            ("GET", "servicePayment/transaction/all/", "transactions_all", self._all),
            ("POST", "merchant/oauth2/token/", "token", self._token),
            ("POST", "merchant/userCard/createUserCard/", "create_user_card", self._add_card),
            (
                "POST",
                "merchant/userCard/confirmUserCardCreate/",
                "confirm_user_card",
                self._confirm_card,
            ),
            ("GET", "merchant/userCard/getAllUserCards/", "get_all_user_cards", self._all_cards),
            ("GET", "merchant/userCard/getCard/{card_id}/", "get_card", self._get_card),
            ("DELETE", "merchant/userCard/deleteUserCard/", "delete_user_card", self._delete),
        ]
        for method, path, endpoint, handler in api:
            wrapped = self._endpoint(endpoint, handler, bearer=endpoint != "token")
            app.router.add_route(method, "/" + path, wrapped)
            app.router.add_route(method, "/" + path.rstrip("/"), wrapped)
        app.router.add_get("/_sandbox/faults", self._faults_list)
        app.router.add_post("/_sandbox/faults", self._faults_add)
        app.router.add_delete("/_sandbox/faults", self._faults_clear)
        app.router.add_get("/_sandbox/ledger", self._ledger)
        app.router.add_get("/_sandbox/test-data", self._test_data)
        app.router.add_post("/_sandbox/expire-tokens", self._expire_tokens)
        app.router.add_post("/_sandbox/plant", self._plant)
        return app

    def _endpoint(
        self, endpoint: str, handler: Handler, *, bearer: bool
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            await self._count_request(request, endpoint)
            fault = self.faults.take(endpoint)
            if fault is not None and fault.kind == "latency":
                await self._pause(fault.latency)
            elif fault is not None and fault.kind == "error_5xx":
                log.info("sandbox %s: injected HTTP %s", endpoint, fault.status)
                return _server_error(fault.status)
            elif fault is not None and fault.kind == "timeout":
                log.info("sandbox %s: injected hang", endpoint)
                await self._pause(self._hang_seconds)
                return _server_error(504)
            response = await self._execute(request, endpoint, handler, bearer=bearer)
            if fault is not None and fault.kind == "lose_answer":
                log.info("sandbox %s: executed, answer dropped", endpoint)
                _drop_connection(request)
            return response

        return handle

    async def _execute(
        self, request: web.Request, endpoint: str, handler: Handler, *, bearer: bool
    ) -> web.StreamResponse:
        if bearer and not self._tokens.is_authorized(request.headers.get("Authorization")):
            log.info("sandbox %s: 401", endpoint)
            return _json(
                {"error": {"code": "unauthorized", "message": "invalid or expired access token"}},
                status=401,
            )
        try:
            payload = await handler(request)
        except SandboxError as error:
            log.info("sandbox %s: %s", endpoint, error.code)
            self._keep_state(request)  # a refusal may change state too (a wrong code counts)
            return _json(error.to_json(), status=error.status)
        self._keep_state(request)
        if isinstance(payload, web.StreamResponse):
            return payload
        return _json({"result": payload})

    def _keep_state(self, request: web.Request) -> None:
        # Before the answer leaves: what a client was told is on disk. GETs change nothing.
        if self._state_file is not None and request.method != "GET":
            save_state(self._state_file, self.export_state())

    def export_state(self) -> SandboxState:
        return SandboxState(
            cards=self._cards.export_state(), payments=self._payments.export_state()
        )

    async def _count_request(self, request: web.Request, endpoint: str) -> None:
        # Before faults and auth: the ledger counts what arrived, not only what was executed.
        self.ledger.record_request(endpoint)
        if endpoint == "create":
            self.ledger.record_create_request()
        elif endpoint == "pay":
            transaction_id = await _transaction_id(request)
            if transaction_id is not None:
                self.ledger.record_pay_request(transaction_id)

    async def _pause(self, seconds: float) -> None:
        # Ends early when the sandbox stops, so stop() never waits for a hang.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    # --- the API -----------------------------------------------------------------------------

    async def _list(self, request: web.Request) -> Payload:
        mine = request.query.get("available_for_me", "").lower() in ("true", "1")
        return self._payments.services(mine_only=mine)

    async def _fields(self, request: web.Request) -> Payload:
        return self._payments.fields(request.match_info["service_id"])

    async def _info(self, request: web.Request) -> Payload:
        return self._payments.info(InfoBody.parse(await _body(request)))

    async def _create(self, request: web.Request) -> Payload:
        return self._payments.create(CreateBody.parse(await _body(request)))

    async def _pay(self, request: web.Request) -> Payload:
        return self._payments.pay(PayBody.parse(await _body(request)))

    async def _status(self, request: web.Request) -> Payload:
        return self._payments.status(_query(request, "transactionId"))

    async def _all(self, request: web.Request) -> Payload:
        query = request.query
        wanted = TransactionFilter(
            service_id=query.get("serviceId") or None,
            user_id=query.get("userId") or None,
            begin=_day(query.get("beginDate"), "beginDate"),
            end=_day(query.get("endDate"), "endDate"),
        )
        return self._payments.paid(wanted)

    async def _token(self, request: web.Request) -> Payload:
        form = await _token_form(request)
        try:
            answer = self._tokens.grant(request.headers.get("Authorization"), form)
        except OAuthError as error:
            log.info("sandbox token: %s", error.error)
            return _json(error.to_json(), status=error.status)
        return _json(answer)

    async def _add_card(self, request: web.Request) -> Payload:
        return self._cards.create_user_card(CreateUserCardBody.parse(await _body(request)))

    async def _confirm_card(self, request: web.Request) -> Payload:
        return self._cards.confirm(ConfirmUserCardBody.parse(await _body(request)))

    async def _all_cards(self, request: web.Request) -> Payload:
        return {"cards": self._cards.cards_of(_query(request, "userId"))}

    async def _get_card(self, request: web.Request) -> Payload:
        return {"card": self._cards.card_json(self._cards.bound(request.match_info["card_id"]))}

    async def _delete(self, request: web.Request) -> Payload:
        self._cards.delete(_query(request, "userCardId"))
        return True

    # --- control API -------------------------------------------------------------------------

    async def _faults_list(self, request: web.Request) -> web.Response:
        return _json({"result": self.faults.pending()})

    async def _faults_add(self, request: web.Request) -> web.Response:
        try:
            spec = FaultSpec.model_validate(await _body(request))
        except ValidationError as exc:
            message = "; ".join(f"{e['loc']}: {e['msg']}" for e in exc.errors())
            return _json(SandboxError("invalid_request", message).to_json(), status=400)
        except SandboxError as error:
            return _json(error.to_json(), status=400)
        self.faults.add(spec)
        return _json({"result": self.faults.pending()})

    async def _faults_clear(self, request: web.Request) -> web.Response:
        self.faults.clear(request.query.get("endpoint") or None)
        return _json({"result": True})

    async def _ledger(self, request: web.Request) -> web.Response:
        return _json(
            {
                "charges": self.ledger.snapshot(),
                "total": self.ledger.total(),
                "pay_requests": self.ledger.pay_requests_snapshot(),
                "create_requests": self.ledger.create_requests(),
                "requests": self.ledger.requests_snapshot(),
            }
        )

    async def _test_data(self, request: web.Request) -> web.Response:
        return _json({"result": self.test_data().model_dump()})

    async def _expire_tokens(self, request: web.Request) -> web.Response:
        self.expire_access_tokens()
        return _json({"result": True})

    async def _plant(self, request: web.Request) -> web.Response:
        try:
            spec = PlantSpec.model_validate(await _body(request))
            if spec.kind == "paid":
                if spec.service_id is None or spec.amount is None:
                    raise SandboxError("invalid_request", "paid needs service_id and amount")
                when = datetime.fromisoformat(spec.date) if spec.date else None
                planted = self.plant_paid_transaction(
                    spec.service_id, spec.amount, user_id=spec.user_id, when=when
                )
                return _json({"result": {"transactionId": planted}})
            if spec.kind == "lost_pay_outcome":
                self.lose_next_pay_outcome(spec.status_failures)
                return _json({"result": True})
            if spec.transaction_id is None:
                raise SandboxError("invalid_request", f"{spec.kind} needs transaction_id")
            if spec.kind == "amount":
                if spec.amount is None:
                    raise SandboxError("invalid_request", "amount needs amount")
                self.change_amount(spec.transaction_id, spec.amount)
            else:
                self.unlist_transaction(spec.transaction_id)
        except ValidationError as exc:
            message = "; ".join(f"{e['loc']}: {e['msg']}" for e in exc.errors())
            return _json(SandboxError("invalid_request", message).to_json(), status=400)
        except ValueError:
            return _json(SandboxError("invalid_request", "date: ISO").to_json(), status=400)
        except SandboxError as error:
            return _json(error.to_json(), status=400)
        return _json({"result": True})

    def _uuid4(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


class PlantSpec(BaseModel):
    """`POST /_sandbox/plant`: a mismatch for a reconciliation to find. `paid`: a paid
    transaction with no local row (service_id, amount, optional user_id and ISO date);
    `amount`: another amount for transaction_id; `unlist`: transaction_id missing from
    transaction/all; `lost_pay_outcome`: the next pay's answer lost and `status_failures`
    status requests failing (the bot records it pending)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["paid", "amount", "unlist", "lost_pay_outcome"]
    transaction_id: str | None = None
    service_id: str | None = None
    amount: int | None = Field(default=None, ge=1)
    user_id: str | None = None
    date: str | None = None
    status_failures: int = Field(default=3, ge=1)


# --- request and response helpers ------------------------------------------------------------


def _json(body: object, *, status: int = 200) -> web.Response:
    return web.json_response(
        body, status=status, dumps=lambda value: json.dumps(value, ensure_ascii=False)
    )


async def _body(request: web.Request) -> object:
    try:
        return await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SandboxError("invalid_request", "the body must be JSON") from None


async def _transaction_id(request: web.Request) -> str | None:
    """The `transactionId` a pay body names, if it is readable (aiohttp keeps the body for the
    handler)."""
    try:
        data = await request.json()
    except ValueError:  # not JSON, or not UTF-8: the handler answers invalid_request
        return None
    value = data.get("transactionId") if isinstance(data, dict) else None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    return None


async def _token_form(request: web.Request) -> dict[str, str]:
    # Clients disagree on JSON vs form encoding: take both.
    if request.content_type == "application/json":
        data = await _body(request) if request.can_read_body else {}
        if not isinstance(data, dict):
            return {}
        return {str(key): str(value) for key, value in data.items()}
    form = await request.post()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _query(request: web.Request, name: str) -> str:
    value = request.query.get(name, "").strip()
    if not value:
        raise SandboxError("invalid_request", f"query parameter {name} is required")
    return value


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SandboxError("invalid_request", f"{name} must be YYYY-MM-DD") from None


def _server_error(status: int) -> web.Response:
    # 500 looks like Paylov's own failure (JSON); other 5xx like a gateway in front (HTML).
    if status == 500:
        return _json({"error": {"code": "server_error", "message": "internal error"}}, status=500)
    reason = f"{status} Server Error"
    return web.Response(
        status=status, text=f"<html><body><h1>{reason}</h1></body></html>", content_type="text/html"
    )


def _drop_connection(request: web.Request) -> None:
    # Close the socket before aiohttp writes the answer: the client sees a bare disconnect.
    if request.transport is not None:
        request.transport.close()


async def serve_forever(host: str = "127.0.0.1", port: int = 8081, **kwargs: Any) -> None:
    """Run a sandbox until cancelled (Ctrl-C); kwargs go to PaylovSandbox.

    The banner (test accounts and the public test cards) goes to stdout, not to the log.
    """
    sandbox = PaylovSandbox(**kwargs)
    url = await sandbox.start(host, port)
    log.info("Paylov sandbox listening at %s", url)
    print(f"Paylov sandbox: {url}  (Authorization: Bearer <static token>)")
    print("\n".join(sandbox.test_data().lines()), flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await sandbox.stop()
