"""A started sandbox on 127.0.0.1 and raw httpx clients talking to it."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
from sandbox_helpers import STATIC_TOKEN, Clock, Monotonic

from bot.paylov.sandbox import PaylovSandbox


@pytest.fixture(scope="session")
def tls() -> ssl.SSLContext:
    """One TLS context for all clients: httpx builds a fresh one (slowly) per client otherwise."""
    return ssl.create_default_context()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2024, 10, 14, 15, 7, 23))


@pytest.fixture
def monotonic() -> Monotonic:
    return Monotonic()


@pytest.fixture
async def sandbox(clock: Clock, monotonic: Monotonic) -> AsyncIterator[PaylovSandbox]:
    sandbox = PaylovSandbox(
        clock=clock, monotonic=monotonic, hang_seconds=2.0, access_token_ttl=60.0
    )
    await sandbox.start()
    try:
        yield sandbox
    finally:
        await sandbox.stop()


@pytest.fixture
async def api(sandbox: PaylovSandbox, tls: ssl.SSLContext) -> AsyncIterator[httpx.AsyncClient]:
    """Authorized with the static token."""
    async with httpx.AsyncClient(
        base_url=sandbox.url,
        headers={"Authorization": f"Bearer {STATIC_TOKEN}"},
        timeout=5.0,
        verify=tls,
    ) as client:
        yield client


@pytest.fixture
async def anon(sandbox: PaylovSandbox, tls: ssl.SSLContext) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5.0, verify=tls) as client:
        yield client
