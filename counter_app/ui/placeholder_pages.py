"""Pages whose capability comes with a later release: they say so plainly and tell the clerk what
to do meanwhile, instead of an empty screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.cases.states import DISPLAY_ORDER
from counter_app.ui.page import Page

_STATE_ORDER = DISPLAY_ORDER  # counter_app/cases/states.py: the one list of case states


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 16pt; font-weight: bold;")
    return label


def _body(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class StatusPlaceholderPage(QWidget, Page):
    """Shown when the status board cannot be loaded."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Service status")))
        layout.addWidget(
            _body(
                self.tr(
                    "The service status board could not be opened on this terminal. For the current state of "
                    "the central systems call the 120 call centre (dial 120 in Busan, 051-120 elsewhere)."
                )
            )
        )
        layout.addStretch(1)
