"""The supervisor's "Extend period…" (처리기간 연장) dialog for one case (시행령 제21조).

A thin renderer over CaseQueue.extend(), which holds every rule: once by at most the original
period, a second time only with the applicant's consent, never for workload or an absent official.
Keyboard first: the new completion time, the reason (제21조① 1-4호) and its text, the consent box,
then Enter. Times are KST wall-clock fields (outage_dialog.kst_fields). The written notice to the
applicant (제21조③) is a document still to come: the dialog says so after a successful extension.
The write is a small local transaction, on the GUI thread like the outage dialog's.
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
from counter_app.ui.outage_dialog import DISPLAY_FORMAT, from_kst_fields

MAX_REASON = 500


class ExtendDialog(QDialog):
    def __init__(self, queue, actor, case_id: str, receipt_no: str, due_date: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QDateTimeEdit

        from counter_app.cases.extensions import REASON_CODES

        self.setObjectName("extendDialog")
        self.setWindowTitle(self.tr("Extend the processing period"))
        self._queue = queue
        self._actor = actor
        self._case_id = case_id
        self.result_value = None  # the ExtendResult once the extension is recorded

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Receipt {receipt}. A period may be extended once, by at most the original "
                               "period, and a second time only with the applicant's consent. Workload or an "
                               "absent official is no reason (Enforcement Decree art. 21).").format(receipt=receipt_no))
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_extend)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        layout.addWidget(buttons)
        self.setTabOrder(self.until_edit, self.code_combo)
        self.setTabOrder(self.code_combo, self.reason_edit)
        self.setTabOrder(self.reason_edit, self.consent_check)
        self.until_edit.setFocus()

    def try_extend(self) -> bool:
        until = from_kst_fields(self.until_edit.dateTime())
        try:
            self.result_value = self._queue.extend(self._actor, self._case_id, until, self.reason_edit.text(),
                                                   reason_code=self.code_combo.currentData(),
                                                   applicant_consent=self.consent_check.isChecked())
        except UserError as exc:
            self.error.setText(exc.text())
            self.error.show()
            self.reason_edit.setFocus()
            return False
        self.accept()
        return True
