"""The 동기화 page: the supervisor's console for sending the queue to the recovered system.

Counts by state and the age of the oldest unsent case; the cases that need a person (quarantined,
outcome unknown, waiting to retry) with their last error; a target, its access token and a batch
size; Start (supervisor: the passphrase unlocks the office key) runs the sync OFF the GUI thread
on the single-writer lane (TaskRunner.write), with a progress bar and Cancel that never freeze the
window. Re-queue and mark-registered (with the official number) take a reason and are audited.
Report… writes the sync report — the signed PDF (a .pdf name) or the CSV — on the writer lane,
audited (SyncService.write_report). All rules live in counter_app/sync (Qt-free); this page only
asks and shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.states import DISPLAY_ORDER, QUARANTINED, state_label
from counter_app.errors import UserError
from counter_app.ui.page import Page


class SyncPage(QWidget, Page):
    COLUMNS = 4

    def __init__(self, sync_service: Any, office: Any, tasks: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncPage")
        self._sync = sync_service
        self._office = office
        self._tasks = tasks
        self._actor: Any = None
        self._running: Any = None
        self.last_result: Any = None
        self.last_report: Any = None  # (path, cases) once a report is written

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Sync"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        self.stats_label = QLabel("")
        self.stats_label.setObjectName("syncStats")
        self.stats_label.setWordWrap(True)
        layout.addWidget(self.stats_label)

        form = QFormLayout()
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("syncTarget")
        self.target_edit.setPlaceholderText("intake-api:https://…")
        form.addRow(self.tr("&Target"), self.target_edit)
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("syncToken")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Access to&ken"), self.token_edit)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 200)
        self.batch_spin.setValue(50)
        form.addRow(self.tr("Cases per &request"), self.batch_spin)
        layout.addLayout(form)

        row = QHBoxLayout()
        self.start_button = QPushButton(self.tr("&Start sync"))
        self.start_button.clicked.connect(self.start_sync)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        self.result_label = QLabel("")
        self.result_label.setObjectName("syncResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)

        self.model = QStandardItemModel(0, self.COLUMNS, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Receipt no."), self.tr("State"), self.tr("Attempts"), self.tr("Last error")]
        )
        self.table = QTableView()
        self.table.setObjectName("syncProblems")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):  # the whole receipt number and state, never "2611051000…"
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.requeue_button = QPushButton(self.tr("Re-&queue…"))
        self.requeue_button.clicked.connect(self.requeue_selected)
        self.resolve_button = QPushButton(self.tr("&Mark registered…"))
        self.resolve_button.clicked.connect(self.mark_selected_registered)
        self.reentry_button = QPushButton(self.tr("Re-&key by hand…"))
        self.reentry_button.clicked.connect(self.open_reentry)
        self.report_button = QPushButton(self.tr("Re&port…"))
        self.report_button.setObjectName("syncReport")
        self.report_button.setToolTip(
            self.tr("The sync report: every case with its official number, as a signed PDF or as CSV.")
        )
        self.report_button.clicked.connect(self.write_report)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        for b in (
            self.requeue_button,
            self.resolve_button,
            self.reentry_button,
            self.report_button,
            self.refresh_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.reentry_dialog: Any = None
        self._case_ids: list[str] = []
        self._states: list[str] = []
        self._update_buttons()
        self.refresh()

    # ------------------------------------------------------------------ Page
    def set_actor(self, actor: Any) -> None:
        self._actor = actor
        self._update_buttons()

    def on_shown(self) -> None:
        self.refresh()

    def focus_first(self) -> bool:
        self.target_edit.setFocus()
        return True

    def stop(self) -> None:
        self.cancel_sync()

    def _supervisor(self) -> bool:
        return bool(self._actor is not None and getattr(self._actor, "is_supervisor", False))

    def _update_buttons(self) -> None:
        idle = self._running is None
        sup = self._supervisor()
        self.start_button.setEnabled(idle and sup)
        self.cancel_button.setEnabled(not idle)
        self.requeue_button.setEnabled(idle and sup)
        self.resolve_button.setEnabled(idle and sup)
        self.reentry_button.setEnabled(idle and sup)
        self.report_button.setEnabled(idle and sup)
        if not sup:
            self.start_button.setToolTip(self.tr("Only a supervisor may start a sync."))

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        try:
            status = self._sync.status()
        except UserError as exc:
            self.stats_label.setText(exc.text())
            return
        lines = [self.tr("Cases on this terminal: {n}; unsent: {u}").format(n=status["total"], u=status["unsent"])]
        by_state = status["by_state"]
        parts = [f"{state_label(s)} {by_state[s]}" for s in DISPLAY_ORDER if by_state.get(s)]
        if parts:
            lines.append(" · ".join(parts))
        age = status.get("oldest_unsent_age_seconds")
        if age is not None:
            lines.append(
                self.tr("Oldest unsent case: {at} ({hours} h ago)").format(
                    at=str(status["oldest_unsent_at"])[:16].replace("T", " "), hours=age // 3600
                )
            )
        run = status.get("last_run")
        if run:
            lines.append(
                self.tr("Last sync: {at}, {status}").format(
                    at=str(run["started_at"])[:16].replace("T", " "), status=run["status"]
                )
            )
        self.stats_label.setText("\n".join(lines))
        self.model.removeRows(0, self.model.rowCount())
        self._case_ids, self._states = [], []
        for p in status["problems"]:
            items = [
                QStandardItem(p["receipt_no"] or ""),
                QStandardItem(state_label(p["state"])),
                QStandardItem(str(p["attempts"])),
                QStandardItem(p["last_error"] or ""),
            ]
            self.model.appendRow(items)
            self._case_ids.append(p["case_id"])
            self._states.append(p["state"])

    def selected_case(self) -> tuple[str, str] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        r = rows[0].row()
        return self._case_ids[r], self._states[r]

    # ------------------------------------------------------------------ the run
    def start_sync(self, passphrase: str | None = None) -> Any:
        """Start a sync (supervisor). `passphrase` is asked when not given (tests pass it)."""
        if self._running is not None or not self._supervisor():
            return None
        spec, token, batch = self.target_edit.text().strip(), self.token_edit.text(), self.batch_spin.value()
        if not isinstance(passphrase, str):
            passphrase, ok = QInputDialog.getText(
                self,
                self.tr("Supervisor passphrase"),
                self.tr("Passphrase to unlock the office key:"),
                QLineEdit.EchoMode.Password,
            )
            if not ok or not passphrase:
                return None
        actor, sync, office = self._actor, self._sync, self._office

        def work(task):
            from counter_app.sync.engine import SyncOptions

            office.check_passphrase(passphrase, by=actor.id)
            keys = office.unlock(passphrase, by=actor.id)
            target = sync.target(spec, token, cancelled=lambda: task.cancelled)
            try:
                engine = sync.engine(
                    target,
                    actor_id=actor.id,
                    unsealer=keys.unsealer,
                    options=SyncOptions(batch=batch),
                    progress=lambda p: task.progress(p.done, max(p.total, 1)),
                    cancelled=lambda: task.cancelled,
                )
                return engine.run()
            finally:
                target.close()

        self.result_label.setText(self.tr("Syncing…"))
        self.progress.setRange(0, 0)
        self._running = self._tasks.write(
            work, name="sync", on_result=self._finished, on_error=self._failed, on_progress=self._progressed
        )
        self._update_buttons()
        return self._running

    def cancel_sync(self) -> None:
        if self._running is not None:
            self._running.cancel()
            self.result_label.setText(self.tr("Cancelling… the request in flight is finished or checked first."))

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))

    def _finished(self, result: Any) -> None:
        self._running = None
        self.last_result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        counts = result.counts
        text = self.tr(
            "Registered {sent}, already registered {already}, quarantined {q}; left unresolved {left}."
        ).format(
            sent=counts["sent"], already=counts["already_registered"], q=counts["quarantined"], left=result.unresolved
        )
        if result.message is not None:
            text += "\n" + result.message.text()
        self.result_label.setText(text)
        self._update_buttons()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._running = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.result_label.setText(
            exc.text()
            if isinstance(exc, UserError)
            else self.tr("The sync failed unexpectedly; details are in the log file.")
        )
        self._update_buttons()
        self.refresh()

    # ------------------------------------------------------------------ console actions
    def _ask_reason(self, title: str) -> str | None:
        reason, ok = QInputDialog.getText(self, title, self.tr("Reason (recorded in the audit log):"))
        return reason.strip() if ok and reason.strip() else None

    def requeue_selected(self, reason: str | None = None) -> Any:
        chosen = self.selected_case()
        if chosen is None or not self._supervisor():
            return None
        case_id, state = chosen
        if state != QUARANTINED:
            QMessageBox.information(self, self.tr("Re-queue"), self.tr("Only a quarantined case can be re-queued."))
            return None
        reason = reason if isinstance(reason, str) else self._ask_reason(self.tr("Re-queue"))
        if not reason:
            return None
        actor, sync = self._actor, self._sync
        return self._tasks.write(
            lambda task: sync.requeue(actor, case_id, reason),
            name="sync-requeue",
            on_result=lambda _r: self.refresh(),
            on_error=self._failed,
        )

    def mark_selected_registered(self, official_no: str | None = None, reason: str | None = None) -> Any:
        chosen = self.selected_case()
        if chosen is None or not self._supervisor():
            return None
        case_id, _ = chosen
        if not isinstance(official_no, str):
            official_no, ok = QInputDialog.getText(
                self, self.tr("Mark registered"), self.tr("Registration number in the central system:")
            )
            if not ok or not official_no.strip():
                return None
        reason = reason if isinstance(reason, str) else self._ask_reason(self.tr("Mark registered"))
        if not reason:
            return None
        actor, sync = self._actor, self._sync
        return self._tasks.write(
            lambda task: sync.mark_registered(actor, case_id, official_no, reason),
            name="sync-mark-registered",
            on_result=lambda _r: self.refresh(),
            on_error=self._failed,
        )

    def write_report(self, path: str | None = None) -> Any:
        """Write the sync report (supervisor): a name ending in .pdf gets the signed PDF, any other
        the CSV. `path` is asked when not given (tests pass it). Runs on the writer lane (the report
        is audited; the PDF takes a ledger serial)."""
        if self._running is not None or not self._supervisor():
            return None
        if not isinstance(path, str):
            path, chosen = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the sync report"),
                "sync-report.pdf",
                self.tr("Signed PDF (*.pdf);;CSV for a spreadsheet (*.csv)"),
            )
            if not path:
                return None
            if not path.lower().endswith((".pdf", ".csv")):
                path += ".csv" if "csv" in chosen.lower() else ".pdf"
        actor, sync = self._actor, self._sync
        self.last_report = None

        def done(n: int) -> None:
            self.last_report = (path, n)
            self.result_label.setText(self.tr("Sync report written: {n} case(s), {path}").format(n=n, path=path))

        return self._tasks.write(
            lambda task: sync.write_report(actor, path), name="sync-report", on_result=done, on_error=self._failed
        )

    def open_reentry(self) -> Any:
        """Assisted re-entry of the selected case (sync_reentry.py); the view is audited. The
        document is read on the writer lane (its audit entry), the dialog opens when it is there."""
        chosen = self.selected_case()
        if chosen is None or not self._supervisor():
            return None
        case_id, _ = chosen
        actor, sync = self._actor, self._sync

        def show(document: dict) -> None:
            from counter_app.ui.sync_reentry import ReentryDialog

            def register(official_no: str, reason: str, done, refused) -> None:
                def finished(_result: Any) -> None:
                    done()
                    self.refresh()

                self._tasks.write(
                    lambda task: sync.mark_registered(actor, case_id, official_no, reason),
                    name="sync-reentry-register",
                    on_result=finished,
                    on_error=refused,
                )

            dialog = ReentryDialog(document, register, self)
            dialog.finished.connect(dialog.deleteLater)
            self.reentry_dialog = dialog
            dialog.open()

        return self._tasks.write(
            lambda task: sync.reentry_document(actor, case_id),
            name="sync-reentry",
            on_result=show,
            on_error=self._failed,
        )

    def on_lock(self) -> None:
        """The window locks: forget the token, close the re-entry window (it shows personal data)."""
        self.token_edit.clear()
        if self.reentry_dialog is not None:
            self.reentry_dialog.reject()
            self.reentry_dialog = None
