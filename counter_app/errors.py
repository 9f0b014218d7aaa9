"""Errors that reach a person: one clear sentence, Korean first, English complete.

Anything raised as `UserError` is shown as-is by the CLI (exit 1, no traceback) and by the GUI
(a message box). It must never contain personal data: messages name fields, never values.
"""

from __future__ import annotations

from counter_app.i18n import Msg, current_language


class UserError(Exception):
    """An operation failed for a reason the user can act on."""

    def __init__(self, msg: Msg | str):
        self.msg = msg if isinstance(msg, Msg) else Msg(msg, msg)
        super().__init__(self.msg.en)

    def text(self, lang: str | None = None) -> str:
        return self.msg.text(lang or current_language())

    def __str__(self) -> str:  # what logs and tracebacks show: never personal data by construction
        return self.msg.text(current_language())


class StorageError(UserError):
    """The database could not be read or written (disk full, read-only, locked, corrupt)."""


class SchemaTooNewError(UserError):
    """The database was written by a newer counter_app than this one."""
