"""The supervisor's "Outage periods…" (전산장애 기간) dialog: the recorded periods when systems
were down, add one, close an open one; and the ad hoc public holidays (임시공휴일, 관공서의 공휴일에
관한 규정 제2조11호), which no period counts: record one, remove one.

An outage is left out of the period only of a case received through the failed system, and only
when it began on or after 2026-05-06 (시행령 제20조 2호, 부칙 제3조): the table says which periods
can be left out at all. A paper case taken during an outage runs from its receipt.

Times are entered and shown in KST whatever the PC's own time zone: the edits hold plain
wall-clock fields, converted to aware KST datetimes here. CaseQueue.add_outage_window /
close_outage_window audit the change and recompute the due dates of unsent cases in the same
transaction. Each change (a period recorded or closed, a holiday recorded or removed) runs on
the task runner's writer lane, never on the GUI thread; the dialog's buttons are disabled under
"Saving…" until it returns, and the tables are read again after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.clock import KST, system_clock, to_kst
from counter_app.errors import UserError

DISPLAY_FORMAT = "yyyy-MM-dd HH:mm"
MAX_NOTE = 200  # outage_windows.note


def kst_fields(value: dt.datetime) -> QDateTime:
    """An aware datetime as the KST wall-clock fields a QDateTimeEdit shows."""
    k = to_kst(value)
    return QDateTime(QDate(k.year, k.month, k.day), QTime(k.hour, k.minute))


def from_kst_fields(value: QDateTime) -> dt.datetime:
    """A QDateTimeEdit's fields read as KST (the PC's time zone plays no part)."""
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=KST)


def _time_edit(object_name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(object_name)
    edit.setDisplayFormat(DISPLAY_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class OutageDialog(QDialog):
    windowsChanged = Signal()  # a period was added or closed (due dates may have moved)

    COL_START, COL_END, COL_NOTE, COL_BY, COL_EXCLUDED = range(5)

    def __init__(
        self,
        queue,
        actor,
        *,
        clock: Callable[[], dt.datetime] = system_clock,
        parent: QWidget | None = None,
        tasks=None,
    ):
        super().__init__(parent)
        self.setObjectName("outageDialog")
        if tasks is None:  # the main window passes its runner (one writer lane)
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._tasks = tasks
        self.setWindowTitle(self.tr("Outage periods"))
        self.setMinimumSize(720, 480)
        self._queue = queue
        self._actor = actor
        self._clock = clock
        self._windows: list[dict] = []
        self._holidays: list[dict] = []

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Periods when the systems were down. They are left out of the processing "
                "period only of a case received through the failed system, and only when the "
                "outage began on or after 6 May 2026 (Enforcement Decree art. 20 item 2); a case "
                "taken on paper runs from its receipt. Recording or closing one recalculates "
                "the due dates of unsent cases. Times are Korean time (KST)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("outageTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Start"), self.tr("End"), self.tr("Note"), self.tr("Recorded by"), self.tr("Left out of periods")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(self.COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)

        close_row = QHBoxLayout()
        close_row.addWidget(QLabel(self.tr("Ended at:")))
        self.close_at_edit = _time_edit("closeAtEdit")
        close_row.addWidget(self.close_at_edit)
        self.now_button = QPushButton(self.tr("Now"))
        self.now_button.setObjectName("closeNowButton")
        self.now_button.clicked.connect(lambda: self.close_at_edit.setDateTime(kst_fields(self.now())))
        close_row.addWidget(self.now_button)
        self.close_button = QPushButton(self.tr("Close the selected period"))
        self.close_button.setObjectName("closeOutageButton")
        self.close_button.clicked.connect(self.close_selected)
        close_row.addWidget(self.close_button)
        close_row.addStretch(1)
        layout.addLayout(close_row)

        add_box = QGroupBox(self.tr("Record a new period"))
        form = QFormLayout(add_box)
        self.start_edit = _time_edit("startEdit")
        form.addRow(self.tr("Start:"), self.start_edit)
        end_row = QHBoxLayout()
        self.has_end = QCheckBox(self.tr("Already over, at:"))
        self.has_end.setObjectName("hasEndCheck")
        self.end_edit = _time_edit("endEdit")
        self.end_edit.setEnabled(False)
        self.has_end.toggled.connect(self.end_edit.setEnabled)
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.end_edit, 1)
        form.addRow(self.tr("End:"), end_row)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setMaxLength(MAX_NOTE)
        self.note_edit.setPlaceholderText(self.tr("e.g. NIRS data centre fire"))
        form.addRow(self.tr("Note:"), self.note_edit)
        self.add_button = QPushButton(self.tr("Record"))
        self.add_button.setObjectName("addOutageButton")
        self.add_button.clicked.connect(self.add_window)
        form.addRow("", self.add_button)
        layout.addWidget(add_box)

        holiday_box = QGroupBox(self.tr("Ad hoc public holidays"))
        holiday_layout = QVBoxLayout(holiday_box)
        self.holiday_table = QTableWidget(0, 3)
        self.holiday_table.setObjectName("holidayTable")
        self.holiday_table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Name"), self.tr("Recorded by")])
        self.holiday_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.holiday_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.holiday_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.holiday_table.verticalHeader().hide()
        self.holiday_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.holiday_table.setMaximumHeight(120)
        holiday_layout.addWidget(self.holiday_table)
        holiday_row = QHBoxLayout()
        self.holiday_date = QDateEdit()
        self.holiday_date.setObjectName("holidayDate")
        self.holiday_date.setDisplayFormat("yyyy-MM-dd")
        self.holiday_date.setCalendarPopup(True)
        self.holiday_name = QLineEdit()
        self.holiday_name.setObjectName("holidayName")
        self.holiday_name.setMaxLength(100)
        self.holiday_name.setPlaceholderText(self.tr("e.g. 임시공휴일 (election day)"))
        self.add_holiday_button = QPushButton(self.tr("Record holiday"))
        self.add_holiday_button.setObjectName("addHolidayButton")
        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.remove_holiday_button = QPushButton(self.tr("Remove the selected holiday"))
        self.remove_holiday_button.setObjectName("removeHolidayButton")
        self.remove_holiday_button.clicked.connect(self.remove_selected_holiday)
        for widget in (self.holiday_date, self.holiday_name):
            holiday_row.addWidget(widget)
        holiday_row.addWidget(self.add_holiday_button)
        holiday_row.addWidget(self.remove_holiday_button)
        holiday_layout.addLayout(holiday_row)
        layout.addWidget(holiday_box)

        self.message_label = QLabel()
        self.message_label.setObjectName("outageMessage")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        from counter_app.ui.busy import WriteGuard

        self._write = WriteGuard(
            self,
            self._tasks,
            (
                self.add_button,
                self.close_button,
                self.now_button,
                self.add_holiday_button,
                self.remove_holiday_button,
                self.table,
                self.holiday_table,
            ),
        )

        self.reset_times()
        self.reload()
        self.reload_holidays()

    # ---------------------------------------------------------------- the table
    def now(self) -> dt.datetime:
        return self._clock()

    def reset_times(self) -> None:
        """Start, end and "ended at" back to now (KST)."""
        now = kst_fields(self.now())
        for edit in (self.start_edit, self.end_edit, self.close_at_edit):
            edit.setDateTime(now)
        self.holiday_date.setDate(now.date())

    def reload(self) -> None:
        self._windows = self._queue.outage_windows()
        self.table.setRowCount(len(self._windows))
        for row, window in enumerate(self._windows):
            start = _shown(window["start_at"])
            end = _shown(window["end_at"]) if window["end_at"] else self.tr("ongoing")
            for column, text in (
                (self.COL_START, start),
                (self.COL_END, end),
                (self.COL_NOTE, window.get("note") or ""),
                (self.COL_BY, window.get("recorded_by") or ""),
                # 부칙 제3조: only an outage that began on or after 2026-05-06
                (
                    self.COL_EXCLUDED,
                    self.tr("for cases received through the system")
                    if window.get("excludable", True)
                    else self.tr("no (began before 6 May 2026)"),
                ),
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(self.COL_START)
        self.table.resizeColumnToContents(self.COL_END)
        ongoing = [r for r, w in enumerate(self._windows) if not w["end_at"]]
        if ongoing:  # the one a supervisor most likely came to close
            self.table.setCurrentCell(ongoing[-1], 0)
        self._selection_changed(self.table.currentRow())

    def windows(self) -> list[dict]:
        return list(self._windows)

    def _selected(self) -> dict | None:
        row = self.table.currentRow()
        return self._windows[row] if 0 <= row < len(self._windows) else None

    def _selection_changed(self, *_args) -> None:
        window = self._selected()
        self.close_button.setEnabled(window is not None and not window["end_at"])

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #b71c1c;" if error else "color: #1b5e20;")
        self.message_label.setText(text)

    # ---------------------------------------------------------------- changes
    @property
    def saving(self) -> bool:
        return self._write.busy

    def _change(self, fn: Callable[[], object], name: str, done: Callable[[], None]) -> bool:
        """Run one change on the writer lane; `done` (GUI thread) after it committed. False when
        another change of this dialog is still running."""
        if self._write.busy:
            return False
        self._say(self.tr("Saving…"))

        def refused(exc: BaseException) -> None:
            self._say(
                exc.text() if isinstance(exc, UserError) else self.tr("Not saved: an error occurred."), error=True
            )

        def committed(_result: object) -> None:
            done()
            self.windowsChanged.emit()

        return self._write.start(lambda _task: fn(), name=name, on_result=committed, on_error=refused) is not None

    def add_window(self) -> bool:
        """Record a period (on the writer lane); True when started."""
        start = from_kst_fields(self.start_edit.dateTime())
        end = from_kst_fields(self.end_edit.dateTime()) if self.has_end.isChecked() else None
        note = self.note_edit.text().strip() or None
        queue, actor = self._queue, self._actor

        def done() -> None:
            self.note_edit.clear()
            self.has_end.setChecked(False)
            self.reload()
            self._say(self.tr("The outage period was recorded; due dates of unsent cases were recalculated."))

        return self._change(lambda: queue.add_outage_window(actor, start, end, note), "outage.add", done)

    def close_selected(self) -> bool:
        window = self._selected()
        if window is None or window["end_at"]:
            self._say(self.tr("Select an ongoing period to close."), error=True)
            return False
        end = from_kst_fields(self.close_at_edit.dateTime())
        now = self.now()
        if end == now.replace(second=0, microsecond=0) and end <= dt.datetime.fromisoformat(window["start_at"]):
            # closed in the minute it was opened: the box shows minutes, the clock has seconds
            end = now
        queue, actor, window_id = self._queue, self._actor, window["id"]

        def done() -> None:
            self.reload()
            self._say(self.tr("The outage period was closed; due dates of unsent cases were recalculated."))

        return self._change(lambda: queue.close_outage_window(actor, window_id, end), "outage.close", done)

    # ---------------------------------------------------------------- ad hoc holidays
    def reload_holidays(self) -> None:
        self._holidays = self._queue.holidays()
        self.holiday_table.setRowCount(len(self._holidays))
        for row, holiday in enumerate(self._holidays):
            for column, text in enumerate((holiday["day"], holiday["name"], holiday.get("recorded_by") or "")):
                self.holiday_table.setItem(row, column, QTableWidgetItem(text))
        self.remove_holiday_button.setEnabled(bool(self._holidays))

    def add_holiday(self) -> bool:
        d = self.holiday_date.date()
        queue, actor, day, name = (
            self._queue,
            self._actor,
            dt.date(d.year(), d.month(), d.day()),
            self.holiday_name.text(),
        )

        def done() -> None:
            self.holiday_name.clear()
            self.reload_holidays()
            self._say(self.tr("The holiday was recorded; due dates of unsent cases were recalculated."))

        return self._change(lambda: queue.add_holiday(actor, day, name), "holiday.add", done)

    def remove_selected_holiday(self) -> bool:
        row = self.holiday_table.currentRow()
        if not 0 <= row < len(self._holidays):
            self._say(self.tr("Select a holiday to remove."), error=True)
            return False
        queue, actor, day = self._queue, self._actor, dt.date.fromisoformat(self._holidays[row]["day"])

        def done() -> None:
            self.reload_holidays()
            self._say(self.tr("The holiday was removed; due dates of unsent cases were recalculated."))

        return self._change(lambda: queue.remove_holiday(actor, day), "holiday.remove", done)


def _shown(iso: str) -> str:
    return to_kst(dt.datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
