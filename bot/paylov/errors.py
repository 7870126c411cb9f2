"""What can go wrong when talking to Paylov, by kind; `PaylovFailure` is any of them.

- `PaylovError`: Paylov answered and said no (`{"error": {"code", "message"}}`, HTTP 400/401/...).
- `PaylovUnavailable`: no usable answer (timeout, connection failure, 5xx, garbage). For reads
  the caller may try again later.
- `PaylovOutcomeUnknown`: the same for `create` and `pay`: the request may have been executed.
  The caller must ask `transaction/status` and never resend.

Catch `PaylovFailure` only where a refusal and a missing answer lead to the same step; never
around `create` or `pay`, whose missing answer must be told apart.

Messages carry method, path, codes and statuses only: never a token, card number or code.
"""

from __future__ import annotations


class PaylovFailure(Exception):
    """Paylov said no or gave no usable answer: what a caller catches when either means the
    same to it (the step cannot go on now)."""


class PaylovError(PaylovFailure):
    def __init__(self, code: str, message: str = "", status: int | None = None) -> None:
        self.code = code or "unknown_error"
        self.message = message or self.code
        self.status = status
        super().__init__(f"Paylov error {self.code} (HTTP {status}): {self.message}")


class PaylovAuthError(PaylovError):
    """The token endpoint refused the credentials, or a call stayed unauthorized after renewal."""


class PaylovUnavailable(PaylovFailure):
    def __init__(self, reason: str, *, status: int | None = None) -> None:
        self.reason = reason
        self.status = status
        super().__init__(reason)


class PaylovOutcomeUnknown(PaylovUnavailable):
    """`create`/`pay` got no answer: it may have been executed. Check status; never resend."""
