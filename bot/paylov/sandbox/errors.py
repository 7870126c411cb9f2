"""The one way a sandbox rule says no: an error code and message, answered as HTTP 400."""

from __future__ import annotations


class SandboxError(Exception):
    """Becomes `{"error": {"code", "message"}}` with `status` (400 unless said otherwise)."""

    def __init__(self, code: str, message: str | None = None, *, status: int = 400) -> None:
        self.code = code
        self.message = message or code
        self.status = status
        super().__init__(f"{code}: {self.message}")

    def to_json(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message}}
