"""A date a clerk types: a one-line box (`2026-11-24` or `20261124`), empty for "any".

It replaces QDateEdit in filters: a QDateEdit keeps Tab to walk its own year/month/day sections
(so the keyboard never left the queue's start date), and its "any" special text turned into
`전체9` when a digit was typed. This box is an ordinary stop in the Tab chain; a value that is not
a date is marked and counts as no limit until it is corrected.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

_INVALID_STYLE = "border: 2px solid #b00020; border-radius: 2px;"
_NO_LIMIT = QDate(2000, 1, 1)  # what the queue's old date boxes used for "any"


def parse_date(text: str) -> dt.date | None:
    """'2026-11-24', '2026-1-5' or '20261124' -> a date; anything else -> None."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


class DateField(QLineEdit):
    """Emits `dateChanged(object)` with the date typed (or None) whenever its meaning changes."""

    dateChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = ""):
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9\-]{0,10}"), self))
        self.setMaxLength(10)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 60)
        self._value: dt.date | None = None
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self._tidy)

    def value(self) -> dt.date | None:
        return self._value

    def is_valid(self) -> bool:
        """Empty, or a real date."""
        return not self.text().strip() or self._value is not None

    def setDate(self, value: dt.date | QDate | None) -> None:  # noqa: N802 (QDateEdit's name)
        if isinstance(value, QDate):
            value = (
                None if value == _NO_LIMIT or not value.isValid() else dt.date(value.year(), value.month(), value.day())
            )
        self.setText(value.isoformat() if value is not None else "")

    def date(self) -> QDate:
        value = self._value
        return _NO_LIMIT if value is None else QDate(value.year, value.month, value.day)

    def _text_changed(self, text: str) -> None:
        value = parse_date(text)
        self.setStyleSheet("" if value is not None or not text.strip() else _INVALID_STYLE)
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _tidy(self) -> None:
        if self._value is not None and self.text() != self._value.isoformat():
            self.blockSignals(True)
            self.setText(self._value.isoformat())
            self.blockSignals(False)
