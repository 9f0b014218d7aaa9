"""Rotating log file in the data directory. Nothing personal is ever logged: log ids, not names.

- The file and every rotated file are 0600 (the data directory's umask, and a chmod on open in
  case the process umask was changed after the directory was opened).
- A log that cannot be opened (a read-only data directory) does not stop a reading command:
  logging then goes to a null handler, and `file_logging_active()` says so, so nobody claims
  "details are in the log" when there is none.
- Tracebacks are written WITHOUT exception messages: a message can carry a value (a name in a
  ValueError from a parser, a path, an SQL parameter). The log keeps what a developer needs —
  each exception's type and the file, line and function of every frame — and the message only
  of a `UserError`, which never holds personal data by construction.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 5


def _describe(exc: BaseException) -> str:
    from counter_app.errors import UserError

    name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    if isinstance(exc, UserError):
        return f"{name}: {exc.msg.en}"
    return f"{name} (message not logged)"


def safe_exception_text(exc: BaseException) -> str:
    """The chain of `exc` (causes first, as Python prints it) with frames but no messages."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        chain.append(e)
        e = e.__cause__ if e.__cause__ is not None else (None if e.__suppress_context__ else e.__context__)
    lines: list[str] = []
    for i, e in enumerate(reversed(chain)):
        if i:
            lines.append("-- which led to --")
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(e.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        lines.append(_describe(e))
    return "\n".join(lines)


class SafeFormatter(logging.Formatter):
    """Formats exceptions with `safe_exception_text` (no messages, see the module docstring)."""

    def formatException(self, ei) -> str:
        exc = ei[1]
        if exc is None:
            return ""
        return safe_exception_text(exc)

    def format(self, record: logging.LogRecord) -> str:
        # logging caches the formatted traceback on the record (exc_text) for the next handler:
        # never reuse another handler's text (it has the message), never leave ours for others
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """RotatingFileHandler whose current file (and so, once renamed, every rotated one) is 0600."""

    def _open(self):
        stream = super()._open()
        if os.name != "nt":
            try:
                os.chmod(self.baseFilename, 0o600)
            except OSError:
                pass
        return stream


def _install(handler: logging.Handler, level: int) -> logging.Handler:
    root = logging.getLogger()
    # Replace an earlier handler of ours (tests open several data dirs in one process).
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def configure_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    """Log to `log_file` (rotating, 0600); a null handler when it cannot be opened."""
    try:
        log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler: logging.Handler = PrivateRotatingFileHandler(
            log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return _install(logging.NullHandler(), level)
    handler.setFormatter(SafeFormatter(_FORMAT))
    return _install(handler, level)


def quiet_until_configured() -> None:
    """Before a data directory is open there is no log file: keep records (and Python's
    last-resort handler, which prints tracebacks) off the terminal, whose stderr carries one
    sentence per failure (contracts.md §1)."""
    root = logging.getLogger()
    if not any(getattr(h, "_counter_app", False) for h in root.handlers):
        _install(logging.NullHandler(), root.level or logging.WARNING)


def active_log_file() -> Path | None:
    """The log file records reach now, or None (not configured yet, or read-only)."""
    for h in logging.getLogger().handlers:
        if getattr(h, "_counter_app", False) and isinstance(h, logging.FileHandler):
            return Path(h.baseFilename)
    return None
