"""The operator's view of the real bot: the conversation tests' app (real dispatcher, the
sandbox over HTTP, a real database), with its ops routes served over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.ops.http import ops_server
from tests.conversation.conftest import Paybot, paybot, sandbox, settings  # noqa: F401 - fixtures


@pytest.fixture
async def ops(paybot: Paybot) -> AsyncIterator[httpx.AsyncClient]:  # noqa: F811
    """An HTTP client on the app's /healthz, /readyz and /metrics (a free local port)."""
    async with (
        ops_server(paybot.app.ops, "127.0.0.1", 0) as url,
        httpx.AsyncClient(base_url=url, timeout=10.0) as client,
    ):
        yield client


Scraped = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(exposition: str) -> Scraped:
    """Every sample of a scrape, by name and labels."""
    found: Scraped = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(scraped: Scraped, name: str, **labels: str) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: httpx.AsyncClient) -> Scraped:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)
