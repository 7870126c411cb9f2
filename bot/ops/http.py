"""The operator's routes: `/healthz` (the process is alive), `/readyz` (it can serve: 503 with
what failed), `/metrics` (Prometheus). On the webhook server in webhook mode; on a small server
of their own (OPS_HOST:OPS_PORT) in polling mode."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.config import OpsSettings
from bot.ops.alerts import Alerter
from bot.ops.health import Readiness
from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass
class Ops:
    metrics: Metrics
    readiness: Readiness
    alerts: Alerter


def add_ops_routes(application: web.Application, ops: Ops) -> None:
    async def healthz(_: web.Request) -> web.Response:
        # Touches nothing: a replica whose database is down is alive, only not ready.
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        checks = await ops.readiness.checks()
        ready = all(check.ok for check in checks)
        body = {
            "status": "ok" if ready else "unavailable",
            "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
            "failed": [check.name for check in checks if not check.ok],
        }
        return web.json_response(body, status=200 if ready else 503)

    async def metrics(_: web.Request) -> web.Response:
        body = await ops.metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    application.router.add_get("/healthz", healthz)
    application.router.add_get("/readyz", readyz)
    application.router.add_get("/metrics", metrics)


@contextlib.asynccontextmanager
async def ops_server(ops: Ops, host: str, port: int) -> AsyncIterator[str]:
    """The routes on host:port (0: a free port, for tests) while the block runs; yields the
    base URL."""
    application = web.Application()
    add_ops_routes(application, ops)
    runner = web.AppRunner(application, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0]
        yield f"http://{bound[0]}:{bound[1]}"
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def polling_ops_server(ops: Ops, settings: OpsSettings) -> AsyncIterator[str | None]:
    """The ops server of polling mode, unless OPS_PORT is 0. A port already taken is logged,
    not fatal: the operator's window must not keep customers from paying."""
    if settings.port == 0:
        yield None
        return
    async with contextlib.AsyncExitStack() as stack:
        try:
            url: str | None = await stack.enter_async_context(
                ops_server(ops, settings.host, settings.port)
            )
        except OSError as error:
            log.error("ops server not started on %s:%s: %s", settings.host, settings.port, error)
            url = None
        else:
            log.info("ops server on %s (/healthz, /readyz, /metrics)", url)
        yield url
