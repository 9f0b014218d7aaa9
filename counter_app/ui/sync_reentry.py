"""Assisted re-entry: a supervisor re-keys one case into a system with no API (새올, 국민신문고's
staff screens) with this window side by side — every field with its own Copy button — then types
back the official number the system gave: the case becomes REGISTERED_MANUALLY, audited.
The fields come from SyncService.reentry_document (the view is audited); the RRN is not shown here
(reveal it on the queue page, with a reason, when the system needs it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError


class ReentryDialog(QDialog):
    def __init__(self, document: dict, on_register, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Re-key case {receipt}").format(receipt=document.get("receipt_no") or ""))
        self._on_register = on_register
        self.copied: str | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        applicant = document.get("applicant") or {}
        fields: list[tuple[str, Any]] = [
            (self.tr("Receipt no."), document.get("receipt_no")),
            (self.tr("Received at"), document.get("received_at")),
            (self.tr("Service"), document.get("service")),
            (self.tr("Title"), document.get("title")),
            (self.tr("Content"), document.get("content")),
            (self.tr("Name"), applicant.get("name")),
            (self.tr("Birth date"), applicant.get("birth_date")),
            (self.tr("Phone"), applicant.get("phone")),
            (self.tr("Email"), applicant.get("email")),
            (self.tr("Address"), applicant.get("address")),
            (self.tr("Postcode"), applicant.get("postcode")),
        ]
        self.copy_buttons: dict[str, QPushButton] = {}
        for label, value in fields:
            if value in (None, ""):
                continue
            row = QHBoxLayout()
            shown = QLabel(str(value))
            shown.setWordWrap(True)
            button = QPushButton(self.tr("Copy"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, v=str(value): self._copy(v))
            row.addWidget(shown, 1)
            row.addWidget(button)
            form.addRow(label, row)
            self.copy_buttons[label] = button
        if document.get("has_rrn"):
            form.addRow(self.tr("RRN"), QLabel(self.tr("sealed: reveal it on the queue page if the system needs it")))
        layout.addLayout(form)
        entry = QFormLayout()
        self.official_edit = QLineEdit()
        self.official_edit.setObjectName("reentryOfficialNo")
        entry.addRow(self.tr("&Official number given by the system"), self.official_edit)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reentryReason")
        entry.addRow(self.tr("&Reason"), self.reason_edit)
        layout.addLayout(entry)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._register)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _copy(self, value: str) -> None:
        QGuiApplication.clipboard().setText(value)
        self.copied = value

    def _register(self) -> None:
        """Hand the number and reason to the page, which writes on the writer lane and calls back."""
        self.error_label.setText("")
        self._on_register(
            self.official_edit.text().strip(), self.reason_edit.text().strip(), self.accept, self._refused
        )

    def _refused(self, exc: BaseException) -> None:
        self.error_label.setText(
            exc.text() if isinstance(exc, UserError) else self.tr("Not recorded: an error occurred.")
        )
