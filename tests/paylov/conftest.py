"""A real Paylov sandbox on a 127.0.0.1 port, and clients talking to it.

Small timeouts keep fault tests fast: the client gives up after 0.5 s, the sandbox's hung
requests stop after 2 s. The OAuth client's clock is a `FakeClock` the test moves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import pytest
from pydantic import SecretStr

from bot.paylov.auth import OAuth2PasswordAuth, StaticTokenAuth, TokenProvider
from bot.paylov.client import PaylovClient
from bot.paylov.models import Service
from bot.paylov.sandbox import PaylovSandbox

STATIC_TOKEN = "sandbox-token"
CONSUMER_KEY = "sandbox-key"
CONSUMER_SECRET = "sandbox-secret"
USERNAME = "merchant"
PASSWORD = "sandbox-password"
READ_TIMEOUT = 0.5
HANG_SECONDS = 2.0
# The first of Paylov's published test cards (reference: paylov-auth-and-cards.md); its expiry
# and code come from the sandbox's test data.
PUBLISHED_CARD = "9860090101059377"
USER_ID = "tg-1001"


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingTransport(httpx.AsyncHTTPTransport):
    """A real transport that remembers the Authorization headers it sent."""

    def __init__(self) -> None:
        super().__init__()
        self.authorizations: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.authorizations.append(request.headers.get("authorization", ""))
        return await super().handle_async_request(request)


@dataclass(frozen=True)
class TestCard:
    __test__ = False

    number: str
    expire_date: str
    otp: str


@dataclass(frozen=True)
class TestAccount:
    __test__ = False

    service: Service
    account: dict[str, str]


@pytest.fixture
async def running_sandbox() -> AsyncIterator[tuple[PaylovSandbox, str]]:
    sandbox = PaylovSandbox(
        static_token=STATIC_TOKEN,
        consumer_key=CONSUMER_KEY,
        consumer_secret=CONSUMER_SECRET,
        username=USERNAME,
        password=PASSWORD,
        access_token_ttl=3600.0,
        hang_seconds=HANG_SECONDS,
    )
    base_url = await sandbox.start("127.0.0.1", 0)
    yield sandbox, base_url
    await sandbox.stop()


@pytest.fixture
def sandbox(running_sandbox: tuple[PaylovSandbox, str]) -> PaylovSandbox:
    return running_sandbox[0]


@pytest.fixture
def base_url(running_sandbox: tuple[PaylovSandbox, str]) -> str:
    return running_sandbox[1]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def transport() -> RecordingTransport:
    return RecordingTransport()


def oauth(clock: FakeClock, *, password: str = PASSWORD) -> OAuth2PasswordAuth:
    return OAuth2PasswordAuth(
        consumer_key=SecretStr(CONSUMER_KEY),
        consumer_secret=SecretStr(CONSUMER_SECRET),
        username=SecretStr(USERNAME),
        password=SecretStr(password),
        clock=clock,
    )


ClientFactory = Callable[..., PaylovClient]


@pytest.fixture
async def make_client(base_url: str) -> AsyncIterator[ClientFactory]:
    """Builds clients against the sandbox (small timeouts, fast backoff) and closes them after."""
    made: list[PaylovClient] = []

    def make(auth: TokenProvider, **options: object) -> PaylovClient:
        settings: dict[str, object] = {
            "connect_timeout": READ_TIMEOUT,
            "read_timeout": READ_TIMEOUT,
            "retry_backoff": 0.01,
        }
        settings.update(options)
        client = PaylovClient(str(settings.pop("base_url", base_url)), auth, **settings)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
def auth(clock: FakeClock) -> OAuth2PasswordAuth:
    return oauth(clock)


@pytest.fixture
def client(
    make_client: ClientFactory, auth: OAuth2PasswordAuth, transport: RecordingTransport
) -> PaylovClient:
    return make_client(auth, transport=transport)


@pytest.fixture
def static_client(make_client: ClientFactory) -> PaylovClient:
    return make_client(StaticTokenAuth(SecretStr(STATIC_TOKEN)))


@pytest.fixture
def card(sandbox: PaylovSandbox) -> TestCard:
    found = [item for item in sandbox.test_data().cards if item.number == PUBLISHED_CARD]
    assert found, f"sandbox test data lost the published card {PUBLISHED_CARD}"
    return TestCard(found[0].number, found[0].expire_date, found[0].otp)


@pytest.fixture
async def account(sandbox: PaylovSandbox, static_client: PaylovClient) -> TestAccount:
    """The first known test account of a service the merchant can pay and ask info of."""
    services = {item.service_id: item for item in await static_client.list_services()}
    for known in sandbox.test_data().accounts:
        service = services.get(known.service_id)
        usable = service and service.is_active and service.payment_available
        if service and usable and service.has_info_method:
            return TestAccount(service, dict(known.account))
    raise AssertionError("sandbox test data has no payable account with an info method")
