"""The supervisor's "Extend period…" (처리기간 연장) dialog for one case (시행령 제21조).

A thin renderer over CaseQueue.extend(), which holds every rule: once by at most the original
period, a second time only with the applicant's consent, never for workload or an absent official.
Keyboard first: the new completion time, the reason (제21조① 1-4호) and its text, the consent box,
then Enter. Times are KST wall-clock fields (outage_dialog.kst_fields). The written notice to the
applicant (제21조③) is a document still to come: the dialog says so after a successful extension.
The write (a transaction with its audit entry and fsync) runs on the task runner's writer lane,
never on the GUI thread: the fields and buttons are disabled under "Saving…" until it returns.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.ui.busy import WriteGuard
from counter_app.ui.outage_dialog import DISPLAY_FORMAT, from_kst_fields

MAX_REASON = 500


class ExtendDialog(QDialog):
    def __init__(
        self,
        queue,
        actor,
        case_id: str,
        receipt_no: str,
        due_date: str | None,
        parent: QWidget | None = None,
        tasks=None,
    ):
        super().__init__(parent)
        if tasks is None:  # the queue page passes the window's runner (one writer lane)
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._tasks = tasks
        from PySide6.QtWidgets import QDateTimeEdit

        from counter_app.cases.extensions import REASON_CODES

        self.setObjectName("extendDialog")
        self.setWindowTitle(self.tr("Extend the processing period"))
        self._queue = queue
        self._actor = actor
        self._case_id = case_id
        self.result_value = None  # the ExtendResult once the extension is recorded

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Receipt {receipt}. A period may be extended once, by at most the original "
                "period, and a second time only with the applicant's consent. Workload or an "
                "absent official is no reason (Enforcement Decree art. 21)."
            ).format(receipt=receipt_no)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.until_edit = QDateTimeEdit()
        self.until_edit.setObjectName("extendUntil")
        self.until_edit.setDisplayFormat(DISPLAY_FORMAT)
        self.until_edit.setCalendarPopup(True)
        day = dt.date.fromisoformat(due_date) if due_date else dt.date.today()
        self.until_edit.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(18, 0)))
        form.addRow(self.tr("New completion time (KST):"), self.until_edit)
        self.code_combo = QComboBox()
        self.code_combo.setObjectName("extendReasonCode")
        for code, label in REASON_CODES.items():
            self.code_combo.addItem(label.text(), code)  # the statute's words, from the core
        form.addRow(self.tr("Reason (art. 21(1)):"), self.code_combo)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("extendReason")
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setPlaceholderText(self.tr("As the notice to the applicant will state it"))
        form.addRow(self.tr("Reason in words:"), self.reason_edit)
        self.consent_check = QCheckBox(self.tr("The applicant consented (needed for a second extension)"))
        self.consent_check.setObjectName("extendConsent")
        form.addRow("", self.consent_check)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("extendError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.saving_label = QLabel()
        self.saving_label.setObjectName("extendSaving")
        self.saving_label.hide()
        layout.addWidget(self.saving_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_extend)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        layout.addWidget(buttons)
        self._write = WriteGuard(
            self,
            self._tasks,
            (self.until_edit, self.code_combo, self.reason_edit, self.consent_check, buttons),
            label=self.saving_label,
            busy_text=self.tr("Saving…"),
        )
        self.setTabOrder(self.until_edit, self.code_combo)
        self.setTabOrder(self.code_combo, self.reason_edit)
        self.setTabOrder(self.reason_edit, self.consent_check)
        self.until_edit.setFocus()

    @property
    def saving(self) -> bool:
        return self._write.busy

    def try_extend(self) -> bool:
        """Record the extension on the writer lane; True when it was started. The dialog closes
        once it has committed; a refusal is said in the dialog."""
        if self._write.busy or self.result_value is not None:
            return False
        until = from_kst_fields(self.until_edit.dateTime())
        queue, actor, case_id = self._queue, self._actor, self._case_id
        reason, code, consent = self.reason_edit.text(), self.code_combo.currentData(), self.consent_check.isChecked()
        self.error.hide()
        return (
            self._write.start(
                lambda _task: queue.extend(actor, case_id, until, reason, reason_code=code, applicant_consent=consent),
                name="case.extend",
                on_result=self._extended,
                on_error=self._refused,
            )
            is not None
        )

    def _extended(self, result) -> None:
        self.result_value = result
        if self.isVisible():  # not closed by the lock meanwhile
            self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(exc.text() if isinstance(exc, UserError) else self.tr("Not saved: an error occurred."))
        self.error.show()
        self.reason_edit.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Escape and self._write.busy:
            event.accept()  # being committed: Esc would not undo it
            return
        super().keyPressEvent(event)
