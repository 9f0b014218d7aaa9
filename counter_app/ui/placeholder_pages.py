"""Pages whose capability comes with a later release: they say so plainly and tell the clerk what
to do meanwhile, instead of an empty screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.cases.states import DISPLAY_ORDER
from counter_app.ui.page import Page
from counter_app.ui.queue_model import state_label

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


class ProceduresPage(QWidget, Page):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("proceduresPage")
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Procedures")))
        layout.addWidget(
            _body(
                self.tr(
                    "Step-by-step guides for working without the central systems come with a later release.\n\n"
                    "Meanwhile:\n"
                    "• Receive every application in writing on the 민원 intake page: it is saved here with a receipt "
                    "number and the exact time, and is registered in the system after recovery.\n"
                    "• Do not issue statutory certificates by hand; tell the applicant when and how they will get them.\n"
                    "• For the status of a service and its alternatives, call the 120 call centre (120 in Busan, "
                    "051-120 elsewhere) or 110 for central-government questions."
                )
            )
        )
        self.request_label = _body("")
        self.request_label.setObjectName("procedureRequest")
        self.request_label.setStyleSheet("background: #fff8e1; padding: 8px;")
        self.request_label.hide()
        layout.addWidget(self.request_label)
        layout.addStretch(1)

    def show_request(self, procedure_id: str) -> None:
        """The status board asked for a guide: name it, so the clerk knows which one is missing."""
        self.request_label.setText(
            self.tr(
                "Guide requested from the status board: {id}. Until the guides are built, use the "
                "alternative shown on the board and the advice above."
            ).format(id=procedure_id)
        )
        self.request_label.show()


class SyncPage(QWidget, Page):
    """Says what sync will do and shows the queue, so the clerk sees nothing is lost meanwhile."""

    def __init__(self, stats_provider: Callable[[], dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncPage")
        self._stats_provider = stats_provider
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Sync")))
        layout.addWidget(
            _body(
                self.tr(
                    "After the central systems recover, a supervisor sends the queued cases from here to be "
                    "registered. This is not built yet. The queue keeps every case safely on this terminal "
                    "meanwhile: nothing is deleted before it is registered."
                )
            )
        )
        self.stats_label = _body("")
        self.stats_label.setObjectName("syncStats")
        layout.addWidget(self.stats_label)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        stats = self._stats_provider()
        lines = [self.tr("Cases on this terminal: {n}").format(n=stats.get("total", 0))]
        by_state = stats.get("by_state", {})
        # Lifecycle order: what still has to be sent first.
        order = [s for s in _STATE_ORDER if s in by_state] + sorted(s for s in by_state if s not in _STATE_ORDER)
        for state in order:
            if by_state[state]:
                lines.append(f"  • {state_label(state)}: {by_state[state]}")
        oldest = stats.get("oldest_unsent_at")
        if oldest:
            shown = str(oldest)[:16].replace("T", " ")  # KST 'YYYY-MM-DD HH:MM'
            lines.append(self.tr("Oldest unsent case received: {at}").format(at=shown))
        self.stats_label.setText("\n".join(lines))
