"""What can go wrong talking HTTP, sorted by what the caller should do about it.

Importing this module costs nothing (no `requests`): the status model and the sync engine name
these classes without paying for the HTTP stack at start-up.

- TransportError: nothing usable came back and nothing was done, or an idempotent request (GET)
  failed in any way: connection refused or dropped, DNS, timeouts, the overall deadline, an answer
  too large or undecodable, 5xx, 429. Retryable later (`retry_after` seconds when the server said).
- AuthError: 401/403 — stop and tell the supervisor; retrying will not help.
- RejectedError: another 4xx — this record can never be accepted as it is (`status`, and `error`
  and `fields` when the body is the Intake API's `{"error", "fields"}`).
- UnknownOutcomeError: a non-idempotent request (POST) was sent and its answer was lost (dropped
  connection, read timeout, deadline, an unreadable answer): the server may or may not have acted;
  ask it (GET /v1/cases/{id}) before sending again.
Every one carries `msg`, one sentence for the clerk (Korean and English), never request content.
"""

from __future__ import annotations

from counter_app.i18n import Msg


class Cancelled(Exception):
    """The caller's cancelled() said stop: whatever was half-received is dropped."""


class NetError(Exception):
    retryable = False

    def __init__(self, msg: Msg, *, status: int | None = None, url: str | None = None):
        self.msg = msg
        self.status = status
        self.url = url
        super().__init__(msg.en)

    def text(self, lang: str | None = None) -> str:
        return self.msg.text(lang)


class TransportError(NetError):
    retryable = True

    def __init__(
        self, msg: Msg, *, status: int | None = None, url: str | None = None, retry_after: float | None = None
    ):
        super().__init__(msg, status=status, url=url)
        self.retry_after = retry_after


class AuthError(NetError):
    """401 or 403."""


class RejectedError(NetError):
    """A 4xx other than 401/403: the record itself is refused."""

    def __init__(
        self,
        msg: Msg,
        *,
        status: int,
        url: str | None = None,
        error: str | None = None,
        fields: dict | list | None = None,
    ):
        super().__init__(msg, status=status, url=url)
        self.error = error
        self.fields = fields


class UnknownOutcomeError(NetError):
    """The request was sent; whether the server acted on it is not known."""

    def __init__(self, msg: Msg, *, status: int | None = None, url: str | None = None, cause: NetError | None = None):
        super().__init__(msg, status=status, url=url)
        self.cause = cause


__all__ = ["AuthError", "Cancelled", "NetError", "RejectedError", "TransportError", "UnknownOutcomeError"]
