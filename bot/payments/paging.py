"""Pages of a list, for keyboards that show a few items at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    pages: int
    offset: int

    @property
    def has_previous(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


def paginate(items: list[T], page: int, size: int) -> Page[T]:
    """The requested page, clamped to the ones that exist (a stale "next" lands on the last)."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    offset = page * size
    return Page(items=items[offset : offset + size], page=page, pages=pages, offset=offset)
