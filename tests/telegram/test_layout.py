"""The Telegram layer's house rules, read from the source: routers are leaves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TELEGRAM = Path(__file__).resolve().parents[2] / "bot" / "telegram"
ROUTERS = TELEGRAM / "routers"


def _imported_modules(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            # `from bot.telegram.routers import pay` names a router too.
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def _router_modules() -> list[Path]:
    return sorted(path for path in ROUTERS.glob("*.py") if path.name != "__init__.py")


def _layer_modules() -> list[Path]:
    """Everything in bot/telegram but the routers (their assembly in routers/__init__ included)."""
    return sorted(path for path in TELEGRAM.rglob("*.py") if ROUTERS not in path.parents)


def _router_imports(path: Path) -> set[str]:
    return {m for m in _imported_modules(path) if m.startswith("bot.telegram.routers")}


def test_the_scan_sees_the_routers_and_their_imports() -> None:
    # Without this, an empty glob or a broken scan would pass the tests below vacuously.
    assert {"pay", "choose", "addcard", "accounts"} <= {p.stem for p in _router_modules()}
    assert "bot.telegram.routers.pay" in _router_imports(ROUTERS / "__init__.py")


@pytest.mark.parametrize("router", _router_modules(), ids=lambda path: path.stem)
def test_no_router_imports_another(router: Path) -> None:
    assert _router_imports(router) == set()


@pytest.mark.parametrize(
    "module", _layer_modules(), ids=lambda path: str(path.relative_to(TELEGRAM))
)
def test_the_layer_beneath_imports_no_router(module: Path) -> None:
    assert _router_imports(module) == set()


def test_every_filter_and_handler_runs_on_the_event_loop() -> None:
    """aiogram runs a filter or handler that is not a coroutine in a thread (asyncio.to_thread,
    ~55 µs of CPU each): a magic filter (F.text), a State used as a filter, a plain predicate.
    Each must be a coroutine or an aiogram Filter (OnTheLoop wraps the others)."""
    from bot.telegram.routers import build_root_router

    in_a_thread: list[str] = []
    checked = 0
    for router in build_root_router().chain_tail:
        for name, observer in router.observers.items():
            for handler in [observer._handler, *observer.handlers]:  # router-level filters first
                for filter_ in handler.filters or ():
                    checked += 1
                    if not filter_.awaitable:
                        in_a_thread.append(f"{router.name} {name}: filter {filter_.callback!r}")
                if handler is not observer._handler and not handler.awaitable:
                    in_a_thread.append(f"{router.name} {name}: handler {handler.callback!r}")
    assert checked > 50  # the walk saw the routers' filters
    assert in_a_thread == []
