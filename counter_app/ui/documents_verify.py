"""Verify a printed document: open its PDF or a scan/photo, or type the check code read out on
the phone. The signed facts are shown for the clerk to compare with the paper; a citizen's name
and birth date can be checked against the salted hash in the QR code (nothing is stored).
Verification runs off the GUI thread (TaskRunner.run)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.i18n import current_language


class VerifyDialog(QDialog):
    verified = Signal(object)  # the Verdict shown

    def __init__(self, documents, tasks, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setWindowTitle(self.tr("Verify a document"))
        self._documents, self._tasks = documents, tasks
        self.verdict = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open PDF or image…"))
        self.open_button.clicked.connect(self._open)
        row.addWidget(self.open_button)
        self.code = QLineEdit()
        self.code.setObjectName("verifyCode")
        self.code.setPlaceholderText(self.tr("Check code, e.g. ABCDE-12345"))
        self.code.returnPressed.connect(self.check_code)
        row.addWidget(self.code, 1)
        self.code_button = QPushButton(self.tr("&Check code"))
        self.code_button.clicked.connect(self.check_code)
        row.addWidget(self.code_button)
        layout.addLayout(row)
        self.result_label = QLabel(self.tr("Open a document or type a check code."))
        self.result_label.setObjectName("verifyResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label, 1)
        person = QGroupBox(self.tr("Applicant check"))
        form = QFormLayout(person)
        self.name = QLineEdit()
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("YYYY-MM-DD")
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Birth date"), self.birth)
        self.person_button = QPushButton(self.tr("Check &applicant"))
        self.person_button.setEnabled(False)
        self.person_button.clicked.connect(self.check_person)
        self.birth.returnPressed.connect(self.check_person)
        self.person_result = QLabel()
        self.person_result.setObjectName("personResult")
        form.addRow(self.person_button, self.person_result)
        layout.addWidget(person)
        self.resize(640, 460)

    def _open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a document"), "", self.tr("Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)")
        )
        if path:
            self.check_file(Path(path))

    def check_file(self, path: Path) -> None:
        service = self._documents

        def work(_task):
            if path.suffix.lower() == ".pdf":
                from counter_app import limits
                from counter_app.documents.service import MAX_PDF

                return service.verify_pdf(limits.read_bytes(path, MAX_PDF, stdin_ok=False))
            return service.verify_image(path)

        self.result_label.setText(self.tr("Checking…"))
        self._tasks.run(work, name="documents.verify", on_result=self._show, on_error=self._error)

    def check_code(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        service = self._documents
        self._tasks.run(
            lambda _t: service.verify_code(code),
            name="documents.verify.code",
            on_result=self._show,
            on_error=self._error,
        )

    def _show(self, verdict) -> None:
        self.verdict = verdict
        lang = current_language()
        f = verdict.facts
        lines = []
        if verdict.ok:
            lines.append("<b>" + html.escape(self.tr("Genuine")) + "</b>")
        else:
            reason = verdict.message.text(lang) if verdict.message else ""
            lines.append("<b>" + html.escape(self.tr("Not genuine")) + "</b>: " + html.escape(reason))
        labels = (
            (self.tr("Type"), "typ"),
            (self.tr("Serial"), "serial"),
            (self.tr("Office"), "office_name"),
            (self.tr("Office code"), "office_code"),
            (self.tr("Receipt no."), "receipt_no"),
            (self.tr("Issued at"), "issued_at"),
            (self.tr("Valid until"), "expires_at"),
            (self.tr("Check code"), "code"),
        )
        for label, key in labels:
            if f.get(key):
                lines.append(f"{html.escape(label)}: {html.escape(str(f[key]))}")
        if f.get("signed_by"):
            terminal_label = self.tr("Terminal")
            lines.append(f"{html.escape(terminal_label)}: {html.escape(str(f['signed_by'].get('terminal')))}")
        self.result_label.setText("<br>".join(lines))
        can_check = bool(verdict.claims is not None and verdict.claims.nh is not None)
        self.person_button.setEnabled(can_check)
        self.person_result.clear()
        self.verified.emit(verdict)

    def _error(self, exc: BaseException) -> None:
        self.verdict = None
        self.person_button.setEnabled(False)
        self.result_label.setText(
            html.escape(exc.text() if isinstance(exc, UserError) else self.tr("The check failed."))
        )

    def check_person(self) -> None:
        claims = self.verdict.claims if self.verdict is not None else None
        if claims is None or claims.nh is None:
            return
        same = claims.matches_person(self.name.text(), self.birth.text())
        self.person_result.setText(self.tr("Matches the document") if same else self.tr("Does NOT match the document"))
