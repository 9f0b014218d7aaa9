"""접수 대기열: every case on this terminal, filterable, with a masked detail view.

The table is a QueueModel (lazy pages straight from SQL). Text filters wait ~150 ms after the last
keystroke so typing a name does not run a query per letter. A supervisor may reveal a resident
registration number: it needs the office passphrase and a reason, and CaseQueue.reveal_rrn writes
the access to the audit log. A case not sent yet (or refused by the central system) can be
corrected with "Edit…" (ui/case_edit_dialog.py): clerk work, with a reason, audited.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.ui.date_field import DateField
from counter_app.ui.fit import grow_to_fit, reserve_lines
from counter_app.ui.page import Page
from counter_app.ui.queue_model import STATE_LABELS, CaseIdRole, QueueModel, state_label

if TYPE_CHECKING:  # imported where used, at run time
    from counter_app.ui.busy import WriteGuard
    from counter_app.ui.case_edit_dialog import CaseEditDialog
    from counter_app.ui.documents_print import DocumentActions

FILTER_DELAY_MS = 150
REVEAL_SHOWN_MS = 30_000  # a revealed number goes back under the mask after this long
_translate = QCoreApplication.translate  # lupdate reads the QT_TRANSLATE_NOOP marks

_DETAIL_ORDER = (
    "receipt_no",
    "state",
    "received_at",
    "due_date",
    "period",
    "period_source",
    "extensions",
    "received_via_system",
    "service",
    "category",
    "channel",
    "title",
    "content",
    "applicant",
    "disclose",
    "notify_by",
    "region",
    "attachments_note",
    "warnings",
    "attempts",
    "last_error",
    "official_no",
    "registered_at",
    "clerk",
    "terminal",
    "office_code",
    "case_id",
)
# cast: QT_TRANSLATE_NOOP returns its message, which PySide6's stub calls object
_NOTIFY_LABELS = cast(
    "dict[str, str]",
    {
        "sms": QT_TRANSLATE_NOOP("QueuePage", "Text message"),
        "email": QT_TRANSLATE_NOOP("QueuePage", "Email"),
        "mail": QT_TRANSLATE_NOOP("QueuePage", "Post"),
        "phone": QT_TRANSLATE_NOOP("QueuePage", "Phone call"),
        "fax": QT_TRANSLATE_NOOP("QueuePage", "Fax"),
        "visit": QT_TRANSLATE_NOOP("QueuePage", "At the counter"),
        "none": QT_TRANSLATE_NOOP("QueuePage", "No notification"),
    },
)

_KIND_LABELS = cast(
    "dict[str, str]",
    {
        "person": QT_TRANSLATE_NOOP("QueuePage", "Individual"),
        "organisation": QT_TRANSLATE_NOOP("QueuePage", "Organisation"),
    },
)
_GENDER_LABELS = cast(
    "dict[str, str]", {"M": QT_TRANSLATE_NOOP("QueuePage", "Male"), "F": QT_TRANSLATE_NOOP("QueuePage", "Female")}
)

# Labels for the keys of CaseQueue.case_detail(); unknown keys are shown as they are.
_DETAIL_LABELS = cast(
    "dict[str, str]",
    {
        "receipt_no": QT_TRANSLATE_NOOP("QueuePage", "Receipt no."),
        "case_id": QT_TRANSLATE_NOOP("QueuePage", "Case id"),
        "state": QT_TRANSLATE_NOOP("QueuePage", "State"),
        "received_at": QT_TRANSLATE_NOOP("QueuePage", "Received"),
        "due_date": QT_TRANSLATE_NOOP("QueuePage", "Due"),
        "period": QT_TRANSLATE_NOOP("QueuePage", "Processing period"),
        "period_source": QT_TRANSLATE_NOOP("QueuePage", "Basis of the period"),
        "extensions": QT_TRANSLATE_NOOP("QueuePage", "Extensions"),
        "received_via_system": QT_TRANSLATE_NOOP("QueuePage", "Received through the system"),
        "channel": QT_TRANSLATE_NOOP("QueuePage", "Channel"),
        "category": QT_TRANSLATE_NOOP("QueuePage", "Class"),
        "service": QT_TRANSLATE_NOOP("QueuePage", "Service"),
        "title": QT_TRANSLATE_NOOP("QueuePage", "Title"),
        "content": QT_TRANSLATE_NOOP("QueuePage", "Content"),
        "clerk": QT_TRANSLATE_NOOP("QueuePage", "Clerk"),
        "terminal": QT_TRANSLATE_NOOP("QueuePage", "Terminal"),
        "office_code": QT_TRANSLATE_NOOP("QueuePage", "Office code"),
        "applicant": QT_TRANSLATE_NOOP("QueuePage", "Applicant"),
        "name": QT_TRANSLATE_NOOP("QueuePage", "Name"),
        "birth_date": QT_TRANSLATE_NOOP("QueuePage", "Date of birth"),
        "phone": QT_TRANSLATE_NOOP("QueuePage", "Phone"),
        "email": QT_TRANSLATE_NOOP("QueuePage", "Email"),
        "address": QT_TRANSLATE_NOOP("QueuePage", "Address"),
        "postcode": QT_TRANSLATE_NOOP("QueuePage", "Postcode"),
        "rrn": QT_TRANSLATE_NOOP("QueuePage", "Resident registration no."),
        "disclose": QT_TRANSLATE_NOOP("QueuePage", "Public"),
        "notify_by": QT_TRANSLATE_NOOP("QueuePage", "Notify by"),
        "warnings": QT_TRANSLATE_NOOP("QueuePage", "Warnings"),
        "attempts": QT_TRANSLATE_NOOP("QueuePage", "Send attempts"),
        "last_error": QT_TRANSLATE_NOOP("QueuePage", "Last error"),
        "official_no": QT_TRANSLATE_NOOP("QueuePage", "Official no."),
        "registered_at": QT_TRANSLATE_NOOP("QueuePage", "Registered"),
        "history": QT_TRANSLATE_NOOP("QueuePage", "History"),
        "region": QT_TRANSLATE_NOOP("QueuePage", "Region"),
        "attachments_note": QT_TRANSLATE_NOOP("QueuePage", "Attachments"),
        "kind": QT_TRANSLATE_NOOP("QueuePage", "Applicant type"),
        "gender": QT_TRANSLATE_NOOP("QueuePage", "Gender"),
    },
)


class RevealRrnDialog(QDialog):
    """Asks the supervisor passphrase and the reason; `reveal` (from the caller) runs on the task
    runner's writer lane, since it derives the key from the passphrase and writes the audit
    entry: the form is disabled meanwhile and the GUI thread stays free."""

    def __init__(self, reveal, parent: QWidget | None = None, *, tasks=None):
        super().__init__(parent)
        if tasks is None:
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._reveal = reveal  # callable(passphrase, reason) -> str; raises UserError
        self._tasks = tasks
        self.pending = None  # the TaskHandle of the reveal under way
        self.revealed: str | None = None
        self.setWindowTitle(self.tr("Show resident registration number"))
        self.setMinimumWidth(520)  # room for the placeholder and a two-line message
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Viewing the full number is recorded in the audit log with your name and the reason."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("revealPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit()
        self.reason.setObjectName("revealReason")
        self.reason.setPlaceholderText(self.tr("e.g. applicant asked to confirm the number"))
        form.addRow(self.tr("Supervisor passphrase"), self.passphrase)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("revealError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        reserve_lines(self.error, 2)  # an error appearing never squeezes the fields above
        self.error.hide()
        layout.addWidget(self.error)
        self.busy = QLabel(self.tr("Checking the passphrase…"))
        self.busy.setObjectName("revealBusy")
        self.busy.hide()
        layout.addWidget(self.busy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_reveal)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

    def try_reveal(self) -> None:
        if self.pending is not None:
            return  # one check at a time
        reason = self.reason.text().strip()
        if not reason:
            self.error.setText(self.tr("Enter the reason for viewing the number."))
            self.error.show()
            self.reason.setFocus()
            return
        passphrase, reveal = self.passphrase.text(), self._reveal
        self._set_busy(True)
        self.pending = self._tasks.write(
            lambda _task: reveal(passphrase, reason),
            name="reveal-rrn",
            on_result=self._revealed,
            on_error=self._refused,
        )

    def _revealed(self, value: str) -> None:
        self.pending = None
        self._set_busy(False)
        if not self.isVisible():  # closed meanwhile (the window locked): show nothing
            return
        self.revealed = value
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.pending = None
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.error.setText(exc.text())
        else:  # a fault, logged by the task runner
            self.error.setText(
                self.tr("The number could not be shown because of an unexpected error; details are in the log file.")
            )
        self.error.show()
        grow_to_fit(self)
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.passphrase.setReadOnly(busy)
        self.reason.setReadOnly(busy)
        self.ok_button.setEnabled(not busy)
        self.busy.setVisible(busy)


class QueuePage(QWidget, Page):
    filterApplied = Signal()
    caseEdited = Signal(str)  # case_id, after a correction has committed

    def __init__(
        self,
        queue,
        office=None,
        actor=None,
        *,
        category_labels: dict | None = None,
        filter_delay_ms: int = FILTER_DELAY_MS,
        tasks=None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("queuePage")
        if tasks is None:  # the main window passes its own; a page on its own gets one
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._tasks = tasks
        self._queue = queue
        self._office = office
        self._actor = actor
        self.reveal_dialog: RevealRrnDialog | None = None
        self.edit_reason_dialog = None
        self.edit_dialog: CaseEditDialog | None = None
        self._edit_opening: object | None = None  # the correction being fetched (audited) on the writer lane
        self._edit_fetch: WriteGuard | None = None  # made on first use
        self.extend_dialog = None
        self.document_actions: DocumentActions | None = None  # Ctrl+P, set by the main window
        self._current_case: str | None = None
        self._current_detail: dict | None = None

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(filter_delay_ms)
        self._filter_timer.timeout.connect(self.apply_filter)

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Case queue"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)

        bar = QHBoxLayout()
        self.state = QComboBox()
        self.state.setObjectName("stateFilter")
        self.state.addItem(self.tr("All states"), None)
        for state in STATE_LABELS:
            self.state.addItem(state_label(state), state)
        self.date_from = self._date_box("dateFrom")
        self.date_to = self._date_box("dateTo")
        self.date_from.setToolTip(self.tr("Received on or after this day (YYYY-MM-DD); empty for any"))
        self.date_to.setToolTip(self.tr("Received on or before this day (YYYY-MM-DD); empty for any"))
        self.receipt = QLineEdit()
        self.receipt.setObjectName("receiptFilter")
        self.receipt.setPlaceholderText(self.tr("Receipt no. contains"))
        self.receipt.setClearButtonEnabled(True)
        self.name = QLineEdit()
        self.name.setObjectName("nameFilter")
        self.name.setPlaceholderText(self.tr("Name starts with"))
        self.name.setClearButtonEnabled(True)
        self.clear_button = clear = QPushButton(self.tr("Clear filters"))
        clear.setObjectName("clearFiltersButton")
        clear.clicked.connect(self.clear_filters)
        for label, widget in (
            (self.tr("State"), self.state),
            (self.tr("From"), self.date_from),
            (self.tr("To"), self.date_to),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.receipt, 1)
        bar.addWidget(self.name, 1)
        bar.addWidget(clear)
        layout.addLayout(bar)

        self.count_label = QLabel()
        self.count_label.setObjectName("queueCount")
        layout.addWidget(self.count_label)

        self.model = QueueModel(queue, category_labels=category_labels, parent=self)
        self.view = QTableView()
        self.view.setObjectName("queueView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size queries on 100k rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Widths from the font, not from the rows: sizing to contents would read every row. Each
        # column fits its longest label in the language on screen and its header; the service
        # column takes what is left (no text cut while space is left over, issue 7 item 14).
        metrics = self.view.fontMetrics()
        class_sample = max(
            (str(v) for v in (category_labels or {}).values()), key=metrics.horizontalAdvance, default="고충민원"
        )
        samples = (
            "2611051000-20261124-T1-0000-X",
            "2026-11-24 00:00",
            "보류(확인 필요)",
            class_sample,
            "주민등록표 등본 발급 0000",
            "홍*동",
            "010-****-0000",
            "2026-11-24",
        )
        for column, sample in enumerate(samples):
            head = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(head) + 16)
            self.view.setColumnWidth(column, width + 24)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # the model's own order: newest first
        self.view.setSortingEnabled(True)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

        detail_host = QWidget()
        detail_layout = QVBoxLayout(detail_host)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setObjectName("caseDetail")
        self.detail.setOpenLinks(False)
        detail_layout.addWidget(self.detail, 1)
        reveal_row = QHBoxLayout()
        self.reveal_button = QPushButton(self.tr("Show resident registration number…"))
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.clicked.connect(self.ask_reveal)
        self.revealed_label = QLabel()
        self.revealed_label.setObjectName("revealedRrn")
        self.revealed_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip(self.tr("Correct a case that has not been sent yet"))
        self.edit_button.clicked.connect(self.ask_edit)
        self.action_message = QLabel()  # the outcome of an edit, or why it could not start
        self.action_message.setObjectName("queueActionMessage")
        self.action_message.setWordWrap(True)
        self.extend_button = QPushButton(self.tr("Extend period…"))
        self.extend_button.setObjectName("extendButton")
        self.extend_button.setToolTip(self.tr("Supervisor: extend the processing period (Enforcement Decree art. 21)"))
        self.extend_button.clicked.connect(self.ask_extend)
        reveal_row.addWidget(self.edit_button)
        reveal_row.addWidget(self.extend_button)
        reveal_row.addWidget(self.reveal_button)
        reveal_row.addWidget(self.revealed_label, 1)
        detail_layout.addWidget(self.action_message)
        detail_layout.addLayout(reveal_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail_host)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        # Tab walks the page in reading order: the filters left to right, the list, the detail, the
        # actions under it (the detail is read-only: Tab leaves it instead of typing a tab)
        self.detail.setTabChangesFocus(True)
        chain = [
            self.state,
            self.date_from,
            self.date_to,
            self.receipt,
            self.name,
            self.clear_button,
            self.view,
            self.detail,
            self.edit_button,
            self.extend_button,
            self.reveal_button,
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self._reveal_timer = QTimer(self)
        self._reveal_timer.setSingleShot(True)
        self._reveal_timer.setInterval(REVEAL_SHOWN_MS)
        self._reveal_timer.timeout.connect(self._clear_revealed)

        self.state.currentIndexChanged.connect(self.apply_filter)
        self.date_from.dateChanged.connect(self._schedule_filter)
        self.date_to.dateChanged.connect(self._schedule_filter)
        self.receipt.textChanged.connect(self._schedule_filter)
        self.name.textChanged.connect(self._schedule_filter)
        self._clear_detail()
        self._update_count()

    def _date_box(self, name: str) -> DateField:
        # typeable, one Tab stop (a QDateEdit kept Tab for its own sections: a keyboard trap)
        box = DateField(placeholder=self.tr("any date"))
        box.setObjectName(name)
        return box

    # ---------------------------------------------------------------- actor
    def selected_receipt_no(self) -> str | None:
        """The receipt number of the case in the detail view, or None (documents print it)."""
        return (self._current_detail or {}).get("receipt_no") if self._current_case else None

    def current_actor(self):
        return self._actor

    def set_actor(self, actor) -> None:
        previous, self._actor = self._actor, actor
        if previous is not None and (actor is None or getattr(actor, "id", None) != getattr(previous, "id", None)):
            # someone else at the desk: nothing of the previous person's work stays on screen
            self.clear_filters()
            self.view.clearSelection()
            self._clear_detail()
            self.action_message.clear()
        self._clear_revealed()
        self._update_reveal_button()
        self._update_edit_button(self._current_detail)
        self._update_extend_button(self._current_detail)

    def on_lock(self) -> None:
        """The window locks: a revealed number, an open reveal dialog and an open correction (its
        form shows personal data in clear) must not outlive it. A correction is not saved."""
        self._edit_opening = None  # a correction still being fetched is not opened after the lock
        self._clear_revealed()
        for dialog in (self.reveal_dialog, self.edit_reason_dialog, self.edit_dialog, self.extend_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.reject()
        actions = getattr(self, "document_actions", None)  # a document preview shows a name (issue 9)
        if actions is not None:
            actions.close_all()

    # ---------------------------------------------------------------- filtering
    def _schedule_filter(self, *_args) -> None:
        self._filter_timer.start()

    @staticmethod
    def _date_value(box: DateField) -> dt.date | None:
        return box.value()

    def current_filter(self):
        from counter_app.offline.queue import QueueFilter

        receipt = self.receipt.text().strip() or None
        name = self.name.text().strip() or None
        return QueueFilter(
            state=self.state.currentData(),
            date_from=self._date_value(self.date_from),
            date_to=self._date_value(self.date_to),
            receipt_no=receipt,
            name=name,
        )

    def apply_filter(self, *_args) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._clear_detail()
        self.filterApplied.emit()

    def clear_filters(self) -> None:
        for widget in (self.state, self.date_from, self.date_to, self.receipt, self.name):
            widget.blockSignals(True)
        self.state.setCurrentIndex(0)
        self.date_from.setDate(None)
        self.date_to.setDate(None)
        self.receipt.clear()
        self.name.clear()
        for widget in (self.state, self.date_from, self.date_to, self.receipt, self.name):
            widget.blockSignals(False)
        self.apply_filter()

    def refresh(self) -> None:
        """A case was saved elsewhere: re-read, keeping the filters."""
        self.model.refresh()
        self._update_count()
        self._clear_detail()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{n} cases").format(n=f"{self.model.rowCount():,}"))

    # ---------------------------------------------------------------- detail
    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)

    def _row_changed(self, current, _previous) -> None:
        self._clear_revealed()
        case_id = self.model.data(current, CaseIdRole) if current.isValid() else None
        self._current_case = case_id
        if case_id is None:
            self._clear_detail()
            return
        try:
            detail = self._queue.case_detail(case_id)
        except UserError as exc:
            self.detail.setPlainText(exc.text())
            return
        self._current_detail = detail
        self.detail.setHtml(self._detail_html(detail))
        self._update_reveal_button(detail)
        self._update_edit_button(detail)
        self._update_extend_button(detail)

    def _clear_detail(self) -> None:
        self._current_case = None
        self._current_detail = None
        self._update_edit_button(None)
        self._update_extend_button(None)
        hint = self.tr("Select a case to see its details.")  # outside the f-string, so lupdate finds it
        self.detail.setHtml(f"<p style='color:#666'>{html.escape(hint)}</p>")
        self._clear_revealed()
        self._update_reveal_button()

    def _detail_html(self, detail: dict) -> str:
        """The masked case as a two-column table; labels in the program's language."""
        from counter_app.i18n import current_language
        from counter_app.intake import CHANNELS
        from counter_app.ui.case_form import sentence_case

        detail = dict(detail)
        # Prefer the service's own labels over raw codes; drop what only repeats another row.
        detail["state"] = state_label(detail.get("state") or "")
        if detail.get("category_label"):
            detail["category"] = detail["category_label"]
        if current_language() == "en" and detail.get("service_en"):
            detail["service"] = detail["service_en"]
        if detail.get("channel") in CHANNELS:
            detail["channel"] = sentence_case(CHANNELS[detail["channel"]].text())
        if isinstance(detail.get("category"), str):
            detail["category"] = sentence_case(detail["category"])
        if detail.get("notify_by") in _NOTIFY_LABELS:
            detail["notify_by"] = _translate("QueuePage", _NOTIFY_LABELS[detail["notify_by"]])
        for key in ("received_at", "registered_at"):
            if isinstance(detail.get(key), str):
                detail[key] = detail[key][:19].replace("T", " ")
        history = detail.pop("history", None)
        # the period with its basis; an unconfirmed one is never shown as fact (issue 12 item 5)
        period = detail.pop("period", None)
        if detail.pop("due_confirmed", None) is False and detail.get("due_date"):
            from counter_app.intake.catalogue import PERIOD_UNCONFIRMED

            detail["due_date"] = f"{detail['due_date']} ({PERIOD_UNCONFIRMED.text()})"
        if isinstance(period, dict):
            detail["period"] = period.get("text")
            detail["period_source"] = period.get("source")
        extensions = detail.pop("extensions", None) or []
        if extensions:
            detail["extensions"] = [
                self.tr("{seq}. until {until}: {reason}").format(
                    seq=e.get("seq"),
                    until=str(e.get("until") or "")[:16].replace("T", " "),
                    reason=e.get("reason_label") or "",
                )
                for e in extensions
            ]
        for key in ("state_label", "category_label", "service_en", "service_code", "editable"):
            detail.pop(key, None)
        if isinstance(detail.get("applicant"), dict):
            applicant = {k: v for k, v in detail["applicant"].items() if k != "has_rrn"}
            for key, labels in (("kind", _KIND_LABELS), ("gender", _GENDER_LABELS)):
                if applicant.get(key) in labels:
                    applicant[key] = _translate("QueuePage", labels[applicant[key]])
            detail["applicant"] = applicant
        # What the clerk looks for first, then the applicant, then the bookkeeping.
        ordered = {key: detail.pop(key) for key in _DETAIL_ORDER if key in detail}
        ordered.update(detail)
        detail = ordered
        rows: list[str] = []

        def label(key: str) -> str:
            source = _DETAIL_LABELS.get(key)
            return _translate("QueuePage", source) if source else key

        def add(key: str, value, depth: int = 0) -> None:
            if isinstance(value, dict):
                rows.append(
                    f"<tr><th colspan='2' align='left' style='padding-top:6px'>{html.escape(label(key))}</th></tr>"
                )
                for sub_key, sub_value in value.items():
                    add(sub_key, sub_value, depth + 1)
                return
            if isinstance(value, (list, tuple)):
                value = "\n".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = self.tr("yes") if value else self.tr("no")
            text = "" if value is None else str(value)
            indent = "&nbsp;" * 4 * depth
            rows.append(
                f"<tr><td style='color:#555;padding-right:12px' valign='top'>{indent}{html.escape(label(key))}</td>"
                f"<td>{html.escape(text).replace(chr(10), '<br>')}</td></tr>"
            )

        for key, value in detail.items():
            if value in (None, "", []) and key not in ("receipt_no",):
                continue
            add(key, value)
        if history:
            lines = [
                f"{h.get('at', '')[:19].replace('T', ' ')}  {state_label(h.get('from') or '') if h.get('from') else '—'}"
                f" → {state_label(h.get('to') or '')}  ({h.get('operator', '')})"
                for h in history
            ]
            add("history", lines)
        return "<table cellspacing='2'>" + "".join(rows) + "</table>"

    # ---------------------------------------------------------------- correcting a case
    def _update_edit_button(self, detail: dict | None) -> None:
        # Editing is clerk work (any signed-in operator); the service decides what is editable.
        self.edit_button.setEnabled(bool(self._actor is not None and detail is not None and detail.get("editable")))

    def ask_edit(self):
        """Ask the reason, then open the correction form. Returns the reason dialog (tests)."""
        from counter_app.ui.case_edit_dialog import EditReasonDialog

        detail = self._current_detail
        if self._actor is None or detail is None or not detail.get("editable"):
            return None
        self.action_message.clear()
        case_id, receipt_no = detail["case_id"], detail.get("receipt_no") or ""
        dialog = EditReasonDialog(receipt_no, self)
        dialog.accepted.connect(lambda: self._open_edit(case_id, receipt_no, dialog.value()))
        dialog.finished.connect(lambda _result: self._reason_closed(dialog))
        self.edit_reason_dialog = dialog
        dialog.open()
        return dialog

    def _open_edit(self, case_id: str, receipt_no: str, reason: str) -> None:
        if self._actor is None:
            return
        # the view is audited and committed (fsync) before the data comes back: on the writer lane
        from counter_app.ui.busy import WriteGuard

        if self._edit_fetch is None:
            self._edit_fetch = WriteGuard(self, self._tasks, (self.edit_button,))
        queue, actor = self._queue, self._actor
        self._edit_opening = opening = object()

        def fetched(document: dict) -> None:
            # not after the lock, nor for someone else who signed in meanwhile
            if opening is self._edit_opening and self._actor is actor:
                self._show_edit(case_id, receipt_no, reason, document)

        def refused(exc: BaseException) -> None:  # e.g. sync picked the case up meanwhile
            if opening is self._edit_opening:
                self.action_message.setText(exc.text() if isinstance(exc, UserError) else type(exc).__name__)

        self._edit_fetch.start(
            lambda _task: queue.case_for_edit(actor, case_id, reason),
            name="case.view_for_edit",
            on_result=fetched,
            on_error=refused,
        )

    def _show_edit(self, case_id: str, receipt_no: str, reason: str, document: dict) -> None:
        from counter_app.ui.case_edit_dialog import CaseEditDialog

        dialog = CaseEditDialog(
            self._queue,
            self._queue.catalogue,
            self._actor,
            case_id,
            receipt_no,
            reason,
            document,
            self,
            tasks=self._tasks,
        )  # the edit runs on the writer lane
        dialog.accepted.connect(lambda: self._edit_saved(case_id, receipt_no, dialog.result_value))
        dialog.finished.connect(lambda _result: self._edit_closed(dialog))
        self.edit_dialog = dialog
        dialog.open()

    def _reason_closed(self, dialog) -> None:
        if self.edit_reason_dialog is dialog:
            self.edit_reason_dialog = None
        dialog.deleteLater()

    def _edit_closed(self, dialog) -> None:
        if self.edit_dialog is dialog:
            self.edit_dialog = None
        dialog.deleteLater()  # its form held the applicant's data in clear

    def _edit_saved(self, case_id: str, receipt_no: str, result) -> None:
        row = self.view.selectionModel().currentIndex().row()
        self.model.refresh()
        self._update_count()
        # Usually the case keeps its row (same receipt time); a re-sort by a changed column may
        # move it, and scanning 100,000 rows for it is not worth it: then the detail is cleared.
        moved = self.model.row_at(row) if row >= 0 else None
        if moved is not None and moved.case_id == case_id:
            self.select_row(row)  # the detail shows the corrected case, masked
        else:
            self._clear_detail()
        if result is not None and result.changed:
            self.action_message.setText(
                self.tr("Corrected {receipt}; due date {due}.").format(
                    receipt=receipt_no, due=result.due_date.isoformat() if result.due_date else "-"
                )
            )
        else:
            self.action_message.setText(self.tr("Nothing was changed."))
        self.caseEdited.emit(case_id)

    # ---------------------------------------------------------------- extending the period (시행령 제21조)
    def _update_extend_button(self, detail: dict | None) -> None:
        from counter_app.cases.states import UNSENT_STATES

        is_supervisor = bool(self._actor is not None and getattr(self._actor, "is_supervisor", False))
        self.extend_button.setVisible(is_supervisor)
        self.extend_button.setEnabled(is_supervisor and detail is not None and detail.get("state") in UNSENT_STATES)

    def ask_extend(self):
        """Open the extension dialog for the selected case (supervisor). Returns it (tests)."""
        from counter_app.ui.extension_dialog import ExtendDialog

        detail = self._current_detail
        if detail is None or self._actor is None or not getattr(self._actor, "is_supervisor", False):
            return None
        self.action_message.clear()
        case_id, receipt_no = detail["case_id"], detail.get("receipt_no") or ""
        dialog = ExtendDialog(
            self._queue, self._actor, case_id, receipt_no, detail.get("due_date"), self, tasks=self._tasks
        )  # the extension runs on the writer lane
        dialog.accepted.connect(lambda: self._extended(case_id, dialog.result_value))
        dialog.finished.connect(lambda _result: self._extend_closed(dialog))
        self.extend_dialog = dialog
        dialog.open()
        return dialog

    def _extend_closed(self, dialog) -> None:
        if self.extend_dialog is dialog:
            self.extend_dialog = None
        dialog.deleteLater()

    def _extended(self, case_id: str, result) -> None:
        row = self.view.selectionModel().currentIndex().row()
        self.model.refresh()
        moved = self.model.row_at(row) if row >= 0 else None
        if moved is not None and moved.case_id == case_id:
            self.select_row(row)
        else:
            self._clear_detail()
        if result is not None:
            self.action_message.setText(
                self.tr(
                    "Period extended; due {due}. Tell the applicant the reason and the new date in writing "
                    "(art. 21(3)); printing the notice comes with the documents."
                ).format(due=result.due_date.isoformat())
            )

    # ---------------------------------------------------------------- revealing the RRN
    def _update_reveal_button(self, detail: dict | None = None) -> None:
        is_supervisor = bool(self._actor is not None and getattr(self._actor, "is_supervisor", False))
        has_rrn = True
        if detail is not None:
            applicant = detail.get("applicant") if isinstance(detail.get("applicant"), dict) else {}
            has_rrn = bool(applicant.get("has_rrn") or applicant.get("rrn"))
        self.reveal_button.setVisible(is_supervisor)
        self.reveal_button.setEnabled(is_supervisor and self._current_case is not None and has_rrn)

    def _clear_revealed(self) -> None:
        self._reveal_timer.stop()
        self.revealed_label.clear()

    # ---------------------------------------------------------------- keyboard (ui/page.py)
    def search_focus(self) -> None:
        """Ctrl+F: the receipt number box (Tab goes on to the name box)."""
        self.receipt.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.receipt.selectAll()

    def focus_first(self) -> bool:
        self.state.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def ask_reveal(self) -> RevealRrnDialog | None:
        if self._current_case is None or self._actor is None or not self._actor.is_supervisor:
            return None
        case_id = self._current_case

        def reveal(passphrase: str, reason: str) -> str:
            keys = self._office.unlock(passphrase, by=self._actor.id)  # a wrong one is audited and throttled
            return self._queue.reveal_rrn(self._actor, case_id, keys, reason)

        dialog = RevealRrnDialog(reveal, self, tasks=self._tasks)
        dialog.accepted.connect(lambda: self._show_revealed(case_id, dialog.revealed))
        self.reveal_dialog = dialog
        dialog.open()
        return dialog

    def _show_revealed(self, case_id: str, value: str | None) -> None:
        if case_id == self._current_case and value:
            self.revealed_label.setText(
                self.tr("Resident registration no.: {rrn} (hidden again in {n} s)").format(
                    rrn=value, n=REVEAL_SHOWN_MS // 1000
                )
            )
            self._reveal_timer.start()
