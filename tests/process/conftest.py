"""Fixtures: the fake Telegram and the Paylov sandbox served from this process, and the
harness that starts real bot processes on one SQLite file.

`harness` is a fresh world per test (its `api` and `sandbox` are the fixtures of those names).
`shared_harness` is one world per module: a bot process takes seconds to start, so a passing
test leaves its running bot to the next test of the module, and each test has its own
customers. Processes never outlive the module; a failing test's processes are killed in its own
teardown, and its queued updates dropped, so the next test starts afresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.paylov.sandbox import PaylovSandbox
from tests.process.fake_bot_api import FakeBotApi
from tests.process.harness import Harness

_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@contextlib.asynccontextmanager
async def serving_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


@contextlib.asynccontextmanager
async def serving_sandbox() -> AsyncIterator[PaylovSandbox]:
    sandbox = PaylovSandbox(hang_seconds=3.0)
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.stop()


@contextlib.asynccontextmanager
async def running(harness: Harness) -> AsyncIterator[Harness]:
    try:
        yield harness
    finally:
        await harness.stop_all()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API (its `url` is the default door)."""
    async with serving_api() as api:
        yield api


@pytest.fixture
async def sandbox() -> AsyncIterator[PaylovSandbox]:
    async with serving_sandbox() as sandbox:
        yield sandbox


@pytest.fixture
async def harness(
    api: FakeBotApi, sandbox: PaylovSandbox, tmp_path: Path
) -> AsyncIterator[Harness]:
    async with running(Harness(api, sandbox, tmp_path)) as harness:
        yield harness


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def module_harness(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    workdir = tmp_path_factory.mktemp("bots")
    async with (
        serving_api() as api,
        serving_sandbox() as sandbox,
        running(Harness(api, sandbox, workdir)) as harness,
    ):
        yield harness


@pytest_asyncio.fixture(loop_scope="module")
async def shared_harness(
    module_harness: Harness, request: pytest.FixtureRequest
) -> AsyncIterator[Harness]:
    """The module's world; tests using it need `pytest.mark.asyncio(loop_scope="module")`."""
    yield module_harness
    module_harness.api.faults.clear()
    module_harness.api.unblock_all()
    module_harness.sandbox.faults.clear()
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is None or not report.passed:
        await module_harness.stop_all()
        module_harness.api.drop_pending()
