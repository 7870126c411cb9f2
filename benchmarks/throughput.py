"""CPU per update of the real bot process against a bare aiogram echo bot, and a crowd run.

    python -m benchmarks.throughput                 # the default run, a few minutes on 2 cores
    python -m benchmarks.throughput --quick         # a smoke run for CI (asserts no timing)
    python -m benchmarks.throughput --customers 1000 --think 3 --paylov-latency 0.2

Method. Everything is a separate process except the driver and the Bot API stub it serves
(benchmarks/bot_api_stub.py; its CPU is not measured): `python -m bot run` (long polling, a
SQLite file, the bot's own settings, except that Telegram's send pacing is lifted unless
`--telegram-limits`: pacing is waiting, not work, and would cap the crowd at 30 messages a
second), `python -m bot sandbox` as Paylov, and benchmarks/echo_bot.py, a bare aiogram bot
polling the same stub under another token. Every update is queued in the stub and waited for
until the bot logs aiogram's "Update id=N is handled"; its latency is from the queueing to the
bot's last call about that chat. CPU is utime + stime of the whole process from
/proc/<pid>/stat (clock ticks), read before and after a batch of updates of one kind and
divided by the batch's size; the echo bot's batches of the same kind (a press: answer + edit;
a message: send_message) are run interleaved with the bot's, in the same run, and are the
denominator of every ratio. Warm-up updates come first and are not counted. Regimes:

- navigation (menu → category → next page → a service → cancel), one update in flight;
- the same with many customers pressing at once (each step by all of them together);
- the 15 steps of a payment, one in flight, per step; the steps that call Paylov are the
  money steps (which calls, from the sandbox's ledger);
- database round trips per update (the statements SQLite ran, BEGIN, COMMIT and ROLLBACK
  included, from its trace hook), counted from the log of a second bot process started with
  DB_ECHO=true (its background loops slowed so they add nothing), one update in flight; it
  is stopped before any CPU is measured;
- the crowd: N customers each walking a payment with `--think` seconds between steps, every
  Paylov endpoint answering `--paylov-latency` late (the sandbox's latency fault): latency
  p50/p99, errors (an error text shown, an ERROR line logged, a step never answered, no
  receipt), VmRSS per active conversation (over the bot's VmRSS before the crowd), Paylov
  calls per payment.

The exit status is non-zero only when the flow broke (a customer got no receipt, a step was
never answered, a process died), never because of a figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

import aiohttp
from pydantic import SecretStr

from benchmarks.bot_api_stub import BotApiStub, StubBot
from benchmarks.children import Child
from bot.app import SANDBOX_TOKEN
from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.models import (
    ConfirmUserCardRequest,
    CreateRequest,
    CreateUserCardRequest,
    PayRequest,
)
from bot.paylov.sandbox.faults import ENDPOINTS
from tests.process.flows import (
    ELECTRICITY,
    ELECTRICITY_ACCOUNT,
    PHONE,
    RECEIPT,
    TASHKENT,
    UTILITIES,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    YASHNOBOD,
)

PAYBOT_TOKEN = "700001:BENCH-paybot"
COUNTER_TOKEN = "700002:BENCH-paybot-db-echo"
ECHO_TOKEN = "700003:BENCH-echo"
# The bot that counts database round trips: every statement SQLite runs logged, its background
# loops (the outbox, the payment watcher) slowed so that only updates touch the database.
COUNTER_SETTINGS = {
    "DB_ECHO": "true",
    "PAYMENTS_OUTBOX_INTERVAL": "3600",
    "PAYMENTS_RECHECK_INTERVAL": "3600",
}
START_TIMEOUT = 120.0  # three bots importing aiogram at once on two busy cores
STEP_TIMEOUT = 60.0

# --- what customers do ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    action: Literal["text", "press", "contact"]
    value: str

    @property
    def kind(self) -> str:
        """The echo bot's update of the same shape: a press, or a message."""
        return "press" if self.action == "press" else "message"


START = [Step("/start", "text", "/start"), Step("language: English", "press", "English")]
NAVIGATION = [
    Step("menu: Pay", "press", "Pay"),
    Step("category", "press", "Internet and TV"),
    Step("page: Next", "press", "Next"),
    Step("select a service", "press", "ISTV"),
    Step("back to menu: Cancel", "press", "Cancel"),
]
PAYMENT = [
    *START,
    Step("menu: Pay", "press", "Pay"),
    Step("category", "press", UTILITIES),
    Step("service", "press", ELECTRICITY),
    Step("region", "press", TASHKENT),
    Step("district", "press", YASHNOBOD),
    Step("account typed", "text", ELECTRICITY_ACCOUNT),
    Step("amount typed", "text", "10000"),
    Step("phone shared", "contact", PHONE),
    Step("card expiry", "text", UZCARD_EXPIRY),
    Step("card number", "text", UZCARD),
    Step("card code", "text", UZCARD_OTP),
    Step("Confirm and pay", "press", "Confirm and pay"),
    Step("payment code", "text", UZCARD_OTP),
]
ECHO_MESSAGE = Step("message", "text", "hello")
ECHO_PRESS = Step("press", "press", "Echo")
ECHO_STEP = {"press": ECHO_PRESS, "message": ECHO_MESSAGE}


@dataclass
class Bot:
    """One bot process and the stub's side of it."""

    name: str
    child: Child
    stub: StubBot
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(10_001))

    def customers(self, count: int) -> list[Customer]:
        """New Telegram users (never seen by this bot)."""
        return [Customer(self, next(self._ids)) for _ in range(count)]


class FlowBroken(Exception):
    """A step was never handled, or the button it presses was not shown."""


@dataclass
class Customer:
    bot: Bot
    user_id: int

    async def do(self, step: Step, timeout: float = STEP_TIMEOUT) -> float:  # noqa: ASYNC109
        """Send the step's update, wait until the bot handled it; returns its latency."""
        stub, chat = self.bot.stub, self.bot.stub.chat(self.user_id)
        started = time.monotonic()
        try:
            if step.action == "text":
                update_id = stub.send_text(self.user_id, step.value)
            elif step.action == "contact":
                update_id = stub.share_contact(self.user_id, step.value)
            else:
                update_id = stub.press(self.user_id, step.value)
            await self.bot.child.handled(update_id, timeout)
        except LookupError as error:
            raise FlowBroken(f"{self.bot.name}, {step.name}: {error}") from None
        except TimeoutError:
            raise FlowBroken(
                f"{self.bot.name}, {step.name}: user {self.user_id} unanswered after {timeout}s"
            ) from None
        return (chat.last_call if chat.last_call >= started else time.monotonic()) - started

    @property
    def paid(self) -> bool:
        return self.bot.stub.chat(self.user_id).has_seen(RECEIPT)


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Sample:
    """A batch of updates of one step: CPU and database round trips of the bot across it."""

    step: Step
    updates: int = 0
    cpu: float = 0.0
    round_trips: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, other: Sample) -> None:
        self.updates += other.updates
        self.cpu += other.cpu
        self.round_trips += other.round_trips
        self.latencies += other.latencies

    @property
    def cpu_per_update(self) -> float:
        return self.cpu / self.updates if self.updates else float("nan")

    @property
    def trips_per_update(self) -> float:
        return self.round_trips / self.updates if self.updates else float("nan")


async def run_step(customers: Sequence[Customer], step: Step, *, together: bool) -> Sample:
    """Every customer does `step`, one after the other or all at once."""
    child = customers[0].bot.child
    cpu, trips = child.cpu_seconds(), child.round_trips
    if together:
        latencies = list(await asyncio.gather(*(c.do(step) for c in customers)))
    else:
        latencies = [await c.do(step) for c in customers]
    cpu, trips = child.cpu_seconds() - cpu, child.round_trips - trips
    return Sample(step, len(customers), cpu, trips, latencies)


async def walk(customers: Sequence[Customer], steps: Sequence[Step], *, together: bool) -> None:
    """Unmeasured steps (setup and warm-up)."""
    for step in steps:
        await run_step(customers, step, together=together)


def total(samples: Iterable[Sample], step: Step) -> Sample:
    whole = Sample(step)
    for sample in samples:
        whole.add(sample)
    return whole


# --- the processes --------------------------------------------------------------------------


@dataclass
class World:
    workdir: Path
    stub: BotApiStub
    paylov: Child
    paylov_url: str
    paybot: Bot
    echo: Bot
    counter: Bot
    http: aiohttp.ClientSession  # the sandbox's control API


def paybot_env(world_urls: tuple[str, str], token: str, db: Path, paced: bool) -> dict[str, str]:
    telegram_url, paylov_url = world_urls
    env = {
        "BOT_TOKEN": token,
        "TELEGRAM_API_URL": telegram_url,
        "PAYLOV_SANDBOX": "false",
        "PAYLOV_BASE_URL": paylov_url,
        "PAYLOV_ACCESS_TOKEN": SANDBOX_TOKEN,
        "PAYMENTS_LUHN_CHECK": "false",  # a published Paylov test card fails Luhn
        "DB_URL": f"sqlite+aiosqlite:///{db}",
        "LOG_LEVEL": "INFO",  # aiogram's "Update id=N is handled"
    }
    if not paced:
        env |= {"BOT_RATE_PER_SECOND": "1000000", "BOT_RATE_PER_CHAT": "1000000"}
    return env


async def until_polling(bot: Bot) -> None:
    waiting = asyncio.ensure_future(bot.stub.polled.wait())
    try:
        await asyncio.wait_for(waiting, START_TIMEOUT)
    except TimeoutError:
        raise SystemExit(f"{bot.name} never polled:\n{bot.child.log_tail()}") from None


@contextlib.asynccontextmanager
async def open_world(workdir: Path, *, paced: bool) -> AsyncIterator[World]:
    async with contextlib.AsyncExitStack() as stack:
        stub = BotApiStub()
        await stub.start()
        stack.push_async_callback(stub.stop)

        async def start(name: str, argv: list[str], env: dict[str, str]) -> Child:
            child = await Child.start(name, argv, env, workdir=workdir)
            stack.push_async_callback(child.stop)
            return child

        paylov = await start("paylov", ["-m", "bot", "sandbox", "--port", "0"], {})
        paylov_url = (await paylov.expect(rb"Paylov sandbox: (\S+)", START_TIMEOUT)).group(1)
        urls = (stub.url, paylov_url.decode())
        bots = []
        for name, token, extra in (
            ("paybot", PAYBOT_TOKEN, {}),
            ("paybot-db-echo", COUNTER_TOKEN, COUNTER_SETTINGS),
        ):
            env = paybot_env(urls, token, workdir / f"{name}.sqlite3", paced) | extra
            bots.append(Bot(name, await start(name, ["-m", "bot", "run"], env), stub.bot(token)))
        echo_env = {"BOT_TOKEN": ECHO_TOKEN, "TELEGRAM_API_URL": stub.url}
        echo_child = await start("echo", ["-m", "benchmarks.echo_bot"], echo_env)
        bots.append(Bot("echo", echo_child, stub.bot(ECHO_TOKEN)))
        await asyncio.gather(*(until_polling(bot) for bot in bots))
        http = await stack.enter_async_context(aiohttp.ClientSession())
        paybot, counter, echo = bots
        yield World(workdir, stub, paylov, urls[1], paybot, echo, counter, http)


async def paylov_requests(world: World) -> Counter[str]:
    """Requests per endpoint that reached the sandbox so far (its ledger)."""
    async with world.http.get(f"{world.paylov_url}_sandbox/ledger") as response:
        ledger = await response.json()
    return Counter(ledger["requests"])


async def slow_paylov_down(world: World, latency: float) -> None:
    """Every endpoint answers `latency` seconds late from now on (until cleared)."""
    for endpoint in ENDPOINTS:
        fault = {"endpoint": endpoint, "kind": "latency", "times": None, "latency": latency}
        async with world.http.post(f"{world.paylov_url}_sandbox/faults", json=fault) as response:
            response.raise_for_status()


# --- the regimes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    one_in_flight: int  # customers pressing one at a time
    together: int  # customers pressing at once
    rounds: int  # navigation rounds measured
    paying: int  # customers paying step by step, one in flight
    crowd: int
    think: float
    paylov_latency: float


@dataclass
class Navigation:
    paybot: list[Sample]  # per step, all rounds
    echo: Sample  # presses


async def navigation(world: World, sizes: Sizes, *, together: bool) -> Navigation:
    count = sizes.together if together else sizes.one_in_flight
    paying, echoing = world.paybot.customers(count), world.echo.customers(count)
    # To the menu; the first regime warms the navigation up too.
    await walk(paying, START if together else [*START, *NAVIGATION], together=together)
    await walk(echoing, [ECHO_MESSAGE, ECHO_PRESS], together=together)
    steps: dict[str, Sample] = {step.name: Sample(step) for step in NAVIGATION}
    echo = Sample(ECHO_PRESS)
    for _ in range(sizes.rounds):
        for step in NAVIGATION:  # interleaved: the bot's step, then as many echo presses
            steps[step.name].add(await run_step(paying, step, together=together))
            echo.add(await run_step(echoing, ECHO_PRESS, together=together))
    return Navigation(list(steps.values()), echo)


@dataclass
class PaymentSteps:
    paybot: list[Sample]
    paylov: list[Counter[str]]  # calls per customer, per step
    echo: dict[str, Sample]  # by kind
    unpaid: int
    client: dict[str, float]  # the Paylov client's own CPU per call, by endpoint


async def payment_steps(world: World, sizes: Sizes) -> PaymentSteps:
    await walk(world.paybot.customers(2), PAYMENT, together=False)  # warm-up
    paying = world.paybot.customers(sizes.paying)
    echoing = world.echo.customers(sizes.paying)
    await walk(echoing, [ECHO_MESSAGE], together=False)
    samples, calls = [], []
    echo = {kind: Sample(step) for kind, step in ECHO_STEP.items()}
    for step in PAYMENT:
        before = await paylov_requests(world)
        samples.append(await run_step(paying, step, together=False))
        calls.append(per_customer(await paylov_requests(world) - before, len(paying)))
        echo[step.kind].add(await run_step(echoing, ECHO_STEP[step.kind], together=False))
    client = await paylov_client_cost(world, sizes.paying)
    return PaymentSteps(samples, calls, echo, sum(not c.paid for c in paying), client)


T = TypeVar("T")

# The electricity service and account the customers pay, as Paylov names them.
PAYLOV_ELECTRICITY = "Плата за электроэнергию"
ELECTRICITY_FIELDS = {"region": "1", "soato": "26290", "customer_code": ELECTRICITY_ACCOUNT}


async def paylov_client_cost(world: World, payments: int) -> dict[str, float]:
    """CPU seconds the bot's own Paylov client spends on one call, by endpoint.

    The goal allows a money step "4× plus what its Paylov call costs the client": this is that
    cost, the same `PaylovClient` (httpx, pydantic) making a payment's five calls against the
    same sandbox, timed with this process's CPU clock while no update is in flight (the only
    other work here is the idle Bot API stub).
    """
    spent: dict[str, list[float]] = {}

    async def timed(endpoint: str, call: Awaitable[T]) -> T:
        started = time.process_time()
        result = await call
        spent.setdefault(endpoint, []).append(time.process_time() - started)
        return result

    auth = StaticTokenAuth(SecretStr(SANDBOX_TOKEN))
    async with PaylovClient(world.paylov_url, auth) as client:
        services = await client.list_services()
        service = next(s.service_id for s in services if s.name == PAYLOV_ELECTRICITY)
        for n in range(payments + 2):  # the first two warm the client up
            if n == 2:
                spent.clear()
            user = f"bench-client-{n}"
            await timed("info", client.get_info(service, ELECTRICITY_FIELDS))
            binding = await timed(
                "create_user_card",
                client.create_user_card(
                    CreateUserCardRequest(
                        user_id=user,
                        card_number=UZCARD,
                        expire_date=UZCARD_EXPIRY[3:] + UZCARD_EXPIRY[:2],
                        phone_number=PHONE.lstrip("+"),
                    )
                ),
            )
            confirm = ConfirmUserCardRequest(card_id=binding.cid, otp=UZCARD_OTP)
            card = await timed("confirm_user_card", client.confirm_user_card(confirm))
            created = await timed(
                "create",
                client.create_transaction(
                    CreateRequest(
                        service_id=service,
                        account=ELECTRICITY_FIELDS,
                        amount=10_000,
                        user_id=user,
                        card_id=card.card_id,
                    )
                ),
            )
            pay = PayRequest(
                transaction_id=created.transaction_id,
                card_id=card.card_id,
                user_id=user,
                otp=UZCARD_OTP,
            )
            await timed("pay", client.pay(pay))
    # The median: one garbage collection inside a call would otherwise weigh on a few samples.
    return {endpoint: statistics.median(times) for endpoint, times in spent.items()}


def client_cost(calls: Counter[str], cost: dict[str, float]) -> float:
    """What a step's Paylov calls cost the client (an endpoint not measured counts as info)."""
    return sum(cost.get(endpoint, cost["info"]) * n for endpoint, n in calls.items())


def per_customer(calls: Counter[str], customers: int) -> Counter[str]:
    return Counter({endpoint: round(n / customers) for endpoint, n in calls.items() if n})


@dataclass
class RoundTrips:
    navigation: dict[str, float]
    payment: dict[str, float]


async def round_trips(world: World, sizes: Sizes) -> RoundTrips:
    """On the DB_ECHO=true bot, one update in flight; the process is stopped afterwards."""
    bot = world.counter
    customers = bot.customers(2)
    await walk(customers, [*START, *NAVIGATION], together=False)
    navigation = [await run_step(customers, step, together=False) for step in NAVIGATION]
    await walk(bot.customers(1), PAYMENT, together=False)
    payers = bot.customers(2)
    payment = [await run_step(payers, step, together=False) for step in PAYMENT]
    await bot.child.stop()
    return RoundTrips(
        {s.step.name: s.trips_per_update for s in navigation},
        {s.step.name: s.trips_per_update for s in payment},
    )


class ActiveMemory:
    """The bot's VmRSS, sampled twice a second beside the number of active conversations."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.active = 0
        self.before = child.rss_bytes()
        self.at_peak = (self.before, 0)  # (VmRSS, active) the last time most were active

    async def run(self) -> None:
        while True:
            rss = self.child.rss_bytes()
            if self.active >= self.at_peak[1]:
                self.at_peak = (rss, self.active)
            await asyncio.sleep(0.5)

    @property
    def per_conversation(self) -> float:
        rss, active = self.at_peak
        return (rss - self.before) / active if active else float("nan")


@dataclass
class Crowd:
    customers: int
    seconds: float
    latencies: list[float]
    stuck: list[str]  # customers whose step went unanswered or showed no expected button
    unpaid: int
    error_texts: int
    error_lines: list[str]
    memory: ActiveMemory
    paylov_calls: Counter[str]


async def crowd(world: World, sizes: Sizes) -> Crowd:
    bot = world.paybot
    customers = bot.customers(sizes.crowd)
    errors_before = len(bot.child.errors)
    await slow_paylov_down(world, sizes.paylov_latency)
    calls_before = await paylov_requests(world)
    memory = ActiveMemory(bot.child)
    latencies: list[float] = []
    stuck: list[str] = []
    arrivals = random.Random(2026)  # arrival times, the same every run

    async def pay(customer: Customer, arrival: float) -> None:
        await asyncio.sleep(arrival)
        memory.active += 1
        try:
            for number, step in enumerate(PAYMENT):
                if number:
                    await asyncio.sleep(sizes.think)
                latencies.append(await customer.do(step))
        except FlowBroken as error:
            stuck.append(str(error))
        finally:
            memory.active -= 1

    started = time.monotonic()
    sampler = asyncio.create_task(memory.run())
    try:
        # Arrivals spread over one think time, as customers would come.
        await asyncio.gather(*(pay(c, arrivals.uniform(0, sizes.think)) for c in customers))
    finally:
        sampler.cancel()
    seconds = time.monotonic() - started
    chats = [bot.stub.chat(c.user_id) for c in customers]
    return Crowd(
        customers=len(customers),
        seconds=seconds,
        latencies=latencies,
        stuck=stuck,
        unpaid=sum(not c.paid for c in customers),
        error_texts=sum(len(chat.errors) for chat in chats),
        error_lines=bot.child.errors[errors_before:],
        memory=memory,
        paylov_calls=await paylov_requests(world) - calls_before,
    )


# --- the report -----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def against(value: float, limit: float, unit: str = "") -> str:
    return f"≤ {limit:g}{unit}: {'met' if value <= limit else 'MISSED'}"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for row in [header, *rows]:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def navigation_rows(result: Navigation, trips: dict[str, float] | None) -> list[list[str]]:
    echo = result.echo.cpu_per_update
    rows = []
    for sample in [*result.paybot, total(result.paybot, Step("all navigation", "press", ""))]:
        ratio = sample.cpu_per_update / echo
        row = [sample.step.name, ms(sample.cpu_per_update), ms(echo), f"{ratio:.1f}×"]
        row.append(against(ratio, 2, "×"))
        if trips is not None:
            count = trips.get(sample.step.name, statistics.fmean(trips.values()))
            row += [f"{count:.1f}", against(count, 2)]
        rows.append(row)
    return rows


def report_navigation(result: Navigation, title: str, trips: dict[str, float] | None) -> None:
    header = ["step", "paybot CPU", "echo CPU", "ratio", "goal"]
    if trips is not None:
        header += ["DB trips", "goal"]
    print_table(title, header, navigation_rows(result, trips))


def is_money(calls: Counter[str]) -> bool:
    return sum(calls.values()) > 0


def report_payment(result: PaymentSteps, trips: dict[str, float]) -> None:
    rows = []
    for sample, calls in zip(result.paybot, result.paylov, strict=True):
        echo = result.echo[sample.step.kind].cpu_per_update
        ratio = sample.cpu_per_update / echo
        if is_money(calls):
            # The goal: 4× the echo plus what the step's Paylov calls cost the client.
            net = (sample.cpu_per_update - client_cost(calls, result.client)) / echo
            goal = f"{net:.1f}× net: " + against(net, 4, "×") + " (money)"
        elif sample.step.action == "press":
            goal = against(ratio, 2, "×")
        else:
            goal = "—"
        named = ", ".join(f"{name}" + (f"×{n}" if n > 1 else "") for name, n in calls.items())
        rows.append(
            [
                sample.step.name,
                named or "—",
                f"{trips.get(sample.step.name, float('nan')):.0f}",
                ms(sample.cpu_per_update),
                f"{ms(echo)} ({sample.step.kind})",
                f"{ratio:.1f}×",
                goal,
            ]
        )
    header = ["step", "Paylov calls", "DB trips", "paybot CPU", "echo CPU", "ratio", "goal"]
    print_table(
        f"Payment, per step ({result.paybot[0].updates} customers in turn, one update in flight)",
        header,
        rows,
    )
    costs = ", ".join(f"{endpoint} {ms(cost)}" for endpoint, cost in result.client.items())
    print(f"  the Paylov client's own CPU a call (httpx + pydantic, measured here): {costs}")
    for label, chosen in (
        (f"all {len(PAYMENT)} steps", list(zip(result.paybot, result.paylov, strict=True))),
        (
            "money steps",
            [(s, c) for s, c in zip(result.paybot, result.paylov, strict=True) if is_money(c)],
        ),
    ):
        samples = [sample for sample, _ in chosen]
        mine = statistics.fmean(s.cpu_per_update for s in samples)
        echo = statistics.fmean(result.echo[s.step.kind].cpu_per_update for s in samples)
        goal = ""
        if label == "money steps":
            paylov = statistics.fmean(client_cost(c, result.client) for _, c in chosen)
            net = (mine - paylov) / echo
            goal = (
                f"; less the client's {ms(paylov)} for its Paylov calls = {net:.1f}×"
                f"   goal {against(net, 4, '×')}"
            )
        print(
            f"  {label}: {ms(mine)} a step against {ms(echo)} for the echo bot's same mix "
            f"= {mine / echo:.1f}×{goal}"
        )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report_crowd(result: Crowd, sizes: Sizes, cpu_ratio: tuple[float, float]) -> None:
    p50, p99 = percentile(result.latencies, 0.50), percentile(result.latencies, 0.99)
    errors = result.error_texts + len(result.error_lines) + result.unpaid
    rss, active = result.memory.at_peak
    per_conversation = result.memory.per_conversation / 1024
    payments = result.customers - result.unpaid
    calls = sum(result.paylov_calls.values()) / payments if payments else float("nan")
    breakdown = (
        ", ".join(f"{name} {n / payments:.1f}" for name, n in sorted(result.paylov_calls.items()))
        if payments
        else ""
    )
    cpu, echo = cpu_ratio
    print(
        f"\nCrowd: {result.customers} customers paying at once, {sizes.think:g} s between steps, "
        f"every Paylov call {sizes.paylov_latency * 1000:.0f} ms late; "
        f"{len(result.latencies)} updates in {result.seconds:.0f} s"
    )
    rows = [
        ["latency p50", f"{p50:.3f} s", ""],
        ["latency p99", f"{p99:.3f} s", against(p99, 1, " s")],
        [
            "errors",
            str(errors),
            f"= 0: {'met' if errors == 0 else 'MISSED'} ({result.error_texts} error texts, "
            f"{len(result.error_lines)} ERROR lines, {result.unpaid} customers without a receipt, "
            f"{len(result.stuck)} of them stuck)",
        ],
        [
            "RSS per active conversation",
            f"{per_conversation:.1f} KB",
            f"{against(per_conversation, 50, ' KB')} (VmRSS {result.memory.before / 2**20:.0f} → "
            f"{rss / 2**20:.0f} MiB with {active} active)",
        ],
        ["Paylov calls per payment", f"{calls:.1f}", breakdown],
        ["paybot CPU per update", ms(cpu), f"{cpu / echo:.1f}× the echo bot's payment mix"],
    ]
    for name, value, goal in rows:
        print(f"  {name:<28} {value:<10} {goal}")
    for line in dict.fromkeys(result.error_lines[:20]):  # the first few, once each
        print(f"  logged: {line[:400]}")


# --- the run --------------------------------------------------------------------------------


def parse_sizes(argv: Sequence[str] | None) -> tuple[Sizes, bool, Path | None]:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.throughput", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny numbers: a smoke run for CI")
    parser.add_argument("--customers", type=int, help="customers in the crowd run")
    parser.add_argument("--think", type=float, help="seconds between a customer's steps")
    parser.add_argument(
        "--paylov-latency", type=float, help="seconds every Paylov call is delayed in the crowd"
    )
    parser.add_argument(
        "--telegram-limits",
        action="store_true",
        help="keep the bot's pacing of sends (30 a second, bursts of 3 a chat)",
    )
    parser.add_argument(
        "--logs", type=Path, help="keep the processes' logs and databases in this folder"
    )
    args = parser.parse_args(argv)
    if args.quick:
        sizes = Sizes(one_in_flight=4, together=10, rounds=1, paying=3, crowd=5, think=0.2,
                      paylov_latency=0.2)  # fmt: skip
    else:
        sizes = Sizes(one_in_flight=40, together=100, rounds=2, paying=30, crowd=1000, think=3.0,
                      paylov_latency=0.2)  # fmt: skip
    overrides = {
        "crowd": args.customers,
        "think": args.think,
        "paylov_latency": args.paylov_latency,
    }
    sizes = Sizes(**{**sizes.__dict__, **{k: v for k, v in overrides.items() if v is not None}})
    return sizes, args.telegram_limits, args.logs


@dataclass
class Results:
    trips: RoundTrips
    one: Navigation
    many: Navigation
    paying: PaymentSteps
    crowd: Crowd
    crowd_cpu: float  # the bot's CPU per update during the crowd


async def measure(world: World, sizes: Sizes) -> Results:
    trips = await round_trips(world, sizes)
    one = await navigation(world, sizes, together=False)
    many = await navigation(world, sizes, together=True)
    paying = await payment_steps(world, sizes)
    cpu = world.paybot.child.cpu_seconds()
    crowded = await crowd(world, sizes)
    cpu = world.paybot.child.cpu_seconds() - cpu
    return Results(trips, one, many, paying, crowded, cpu / max(1, len(crowded.latencies)))


def report(results: Results, sizes: Sizes, paced: bool) -> None:
    print_header(paced)
    one_title = (
        f"Navigation, one update in flight ({sizes.one_in_flight} customers in turn, "
        f"rounds: {sizes.rounds}; DB trips from the DB_ECHO bot)"
    )
    report_navigation(results.one, one_title, results.trips.navigation)
    many_title = f"Navigation, {sizes.together} customers pressing at once (rounds: {sizes.rounds})"
    report_navigation(results.many, many_title, None)
    report_payment(results.paying, results.trips.payment)
    echo_mix = statistics.fmean(results.paying.echo[s.kind].cpu_per_update for s in PAYMENT)
    report_crowd(results.crowd, sizes, (results.crowd_cpu, echo_mix))


async def run(sizes: Sizes, *, paced: bool, logs: Path | None = None) -> int:
    with contextlib.ExitStack() as stack:
        if logs is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="paybot-throughput-"))
        else:  # kept: the processes' logs and databases, to read after a run
            folder = str(logs)
        try:
            async with open_world(Path(folder), paced=paced) as world:
                results = await measure(world, sizes)
        except (FlowBroken, RuntimeError) as error:  # RuntimeError: a process exited
            print(f"FLOW BROKEN: {error}", file=sys.stderr)
            return 1
    report(results, sizes, paced)
    unpaid = results.paying.unpaid + results.crowd.unpaid
    if unpaid:
        stuck = "\n  ".join(results.crowd.stuck[:5])
        print(f"\nFLOW BROKEN: {unpaid} customers got no receipt\n  {stuck}", file=sys.stderr)
    return 1 if unpaid else 0


def print_header(paced: bool) -> None:
    pacing = "the bot's Telegram pacing kept" if paced else "Telegram pacing lifted"
    print(
        "paybot throughput: `python -m bot run` (SQLite, long polling) against a bare aiogram "
        "echo bot, same stub, same run.\n"
        "CPU = utime+stime per update from /proc/<pid>/stat; ratios are to the echo bot's "
        f"update of the same shape measured alongside. {pacing}."
    )


def main(argv: Sequence[str] | None = None) -> int:
    sizes, paced, logs = parse_sizes(argv)
    if logs is not None:
        logs.mkdir(parents=True, exist_ok=True)
    return asyncio.run(run(sizes, paced=paced, logs=logs))


if __name__ == "__main__":
    sys.exit(main())
