"""The service catalogue, cached: categories, the services in each, and each service's fields.

Paylov's list changes rarely and every screen of the flow needs it, so it is kept for
`ttl` seconds. Only active services are offered; one that cannot be paid right now
(`payment_available: false`) is still listed so customers learn it is unavailable.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovFailure
from bot.paylov.models import Account, Category, InfoItem, Service, ServiceFields


class CatalogueCache:
    def __init__(
        self,
        client: PaylovClient,
        *,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._ttl = ttl
        self._clock = clock
        self._services: list[Service] | None = None
        self._services_at = 0.0
        self._fields: dict[str, tuple[float, ServiceFields]] = {}
        self._lock = asyncio.Lock()

    async def services(self) -> list[Service]:
        """Active services, in Paylov's order. Raises PaylovFailure when stale."""
        async with self._lock:
            if self._services is None or self._clock() - self._services_at > self._ttl:
                listed = await self._client.list_services(available_for_me=True)
                self._services = [service for service in listed if service.is_active]
                self._services_at = self._clock()
            return self._services

    async def categories(self) -> list[Category]:
        seen: dict[int, Category] = {}
        for service in await self.services():
            seen.setdefault(service.category.id, service.category)
        return list(seen.values())

    async def category(self, category_id: int) -> Category | None:
        return next((c for c in await self.categories() if c.id == category_id), None)

    async def services_in(self, category_id: int) -> list[Service]:
        return [s for s in await self.services() if s.category.id == category_id]

    async def service(self, service_id: str) -> Service | None:
        """An active service by id, or None when it is gone or inactive."""
        return next((s for s in await self.services() if s.service_id == service_id), None)

    async def fields_or_none(self, service_id: str) -> ServiceFields | None:
        """The service's form for showing labels; None when Paylov cannot say right now."""
        try:
            return await self.fields(service_id)
        except PaylovFailure:
            return None

    async def fields(self, service_id: str) -> ServiceFields:
        cached = self._fields.get(service_id)
        if cached is not None and self._clock() - cached[0] <= self._ttl:
            return cached[1]
        fields = await self._client.get_service_fields(service_id)
        self._fields[service_id] = (self._clock(), fields)
        return fields

    async def info(self, service_id: str, account: Account) -> list[InfoItem]:
        """Fresh account information (balance, debt): never cached, it changes with each payment."""
        return await self._client.get_info(service_id, account)

    def forget(self) -> None:
        self._services = None
        self._fields.clear()
