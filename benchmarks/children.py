"""The benchmark's child processes: started with a clean environment, watched through their log.

Like tests/process/bot_process.py (whose `child_env` this uses), but built for thousands of
updates: each update id has its own future, resolved when aiogram logs "Update id=N is
handled", so a thousand waiting customers do not all wake on every log line. The watcher also
counts ERROR lines and, for a bot started with DB_ECHO=true, SQLAlchemy's database round trips.
CPU (utime + stime, all threads) and VmRSS are read from /proc/<pid>.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from tests.process.bot_process import child_env

_HANDLED = re.compile(rb"Update id=(\d+) is (?:not )?handled")
_ERROR = re.compile(rb"^\S+ \S+ (?:ERROR|CRITICAL) |^Traceback")
# With DB_ECHO on, bot/storage/db.py logs each statement SQLite runs (its trace hook: the ORM's,
# Core's and the driver-level ones alike, BEGIN, COMMIT and ROLLBACK included; PRAGMAs not).
_ROUND_TRIP = re.compile(rb"bot\.storage\.statements: ")
_TICKS = os.sysconf("SC_CLK_TCK")


class Child:
    """One running process and what its log said so far."""

    def __init__(self, name: str, process: asyncio.subprocess.Process, log_path: Path) -> None:
        self.name = name
        self.log_path = log_path
        self.errors: list[str] = []  # ERROR lines and tracebacks, as logged
        self.round_trips = 0  # database round trips logged (DB_ECHO=true only)
        self._process = process
        self._log: BinaryIO | None = None
        self._handled: dict[int, asyncio.Future[None]] = {}
        self._expected: list[tuple[re.Pattern[bytes], asyncio.Future[re.Match[bytes]]]] = []
        self._watcher = asyncio.create_task(self._watch(), name=f"watch {name}")

    @classmethod
    async def start(
        cls, name: str, argv: Sequence[str], env: Mapping[str, str], *, workdir: Path
    ) -> Child:
        """`python <argv>` in `workdir` (which must hold no `.env`: Settings would read it)."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *argv,
            cwd=workdir,
            env=child_env(env),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            limit=1 << 20,
        )
        return cls(name, process, workdir / f"{name}.log")

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process.returncode is None

    def cpu_seconds(self) -> float:
        """User + system CPU of the whole process so far (clock-tick resolution)."""
        with open(f"/proc/{self.pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime

    def rss_bytes(self) -> int:
        with open(f"/proc/{self.pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError(f"{self.name} has no VmRSS")

    async def handled(self, update_id: int, timeout: float) -> None:  # noqa: ASYNC109
        """Until the process logged the update as handled (TimeoutError after `timeout`)."""
        future = self._future(update_id)
        try:
            await asyncio.wait_for(asyncio.shield(future), timeout)
        finally:
            self._handled.pop(update_id, None)

    async def expect(self, pattern: bytes, timeout: float) -> re.Match[bytes]:  # noqa: ASYNC109
        """The first log line from now on that matches `pattern`."""
        future: asyncio.Future[re.Match[bytes]] = asyncio.get_running_loop().create_future()
        self._expected.append((re.compile(pattern), future))
        return await asyncio.wait_for(future, timeout)

    def log_tail(self, lines: int = 20) -> str:
        if self._log is not None and not self._log.closed:
            self._log.flush()
        with contextlib.suppress(OSError):
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return "(no log)"

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if it is still there after a few seconds."""
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self._process.terminate()
            try:
                await asyncio.wait_for(self._process.wait(), 10.0)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
        await self._watcher

    def _future(self, update_id: int) -> asyncio.Future[None]:
        future = self._handled.get(update_id)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            if not self.running:
                future.set_exception(RuntimeError(f"{self.name} exited:\n{self.log_tail()}"))
            self._handled[update_id] = future
        return future

    async def _watch(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            with self.log_path.open("ab") as log:
                self._log = log
                async for line in stdout:
                    log.write(line)
                    self._read(line)
            await self._process.wait()
        finally:
            gone = RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            for future in [*self._handled.values(), *(f for _, f in self._expected)]:
                if not future.done():
                    future.set_exception(gone)

    def _read(self, line: bytes) -> None:
        found = _HANDLED.search(line)
        if found:
            future = self._future(int(found.group(1)))
            if not future.done():
                future.set_result(None)
            return
        if _ROUND_TRIP.search(line):
            self.round_trips += 1
        elif _ERROR.search(line):
            self.errors.append(line.decode("utf-8", errors="replace").rstrip())
        for pattern, future in list(self._expected):
            match = pattern.search(line)
            if match and not future.done():
                future.set_result(match)
                self._expected.remove((pattern, future))
