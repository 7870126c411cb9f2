"""Pages of a list, a few items at a time: one window rule for lists held in memory and for
rows counted in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PageWindow:
    """Which rows a page holds: page `page` (0-based) of `pages`, from `offset`."""

    page: int
    pages: int
    offset: int
    size: int

    @property
    def has_previous(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


def page_window(total: int, page: int, size: int) -> PageWindow:
    """The window of `total` rows, clamped to the pages that exist (a stale "next" shows the
    last page, a list with nothing in it one empty page)."""
    pages = max(1, -(-total // size))
    page = min(max(page, 0), pages - 1)
    return PageWindow(page=page, pages=pages, offset=page * size, size=size)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    window: PageWindow

    @property
    def page(self) -> int:
        return self.window.page

    @property
    def pages(self) -> int:
        return self.window.pages

    @property
    def offset(self) -> int:
        return self.window.offset

    @property
    def has_previous(self) -> bool:
        return self.window.has_previous

    @property
    def has_next(self) -> bool:
        return self.window.has_next


def paginate(items: list[T], page: int, size: int) -> Page[T]:
    """The requested page of `items`, by the same window rule."""
    window = page_window(len(items), page, size)
    return Page(items=items[window.offset : window.offset + size], window=window)
