"""Correcting a queued case (수정): a reason first, then the intake form, prefilled.

The reason is asked before anything is shown, because the form shows the applicant's data in
clear (CaseQueue.case_for_edit audits that view with the reason); the same reason goes with the
edit itself. The resident registration number is never shown: its field stays empty and an
empty field keeps the sealed number. Esc cancels, Ctrl+Enter (or Enter in a one-line field)
saves; nothing is written until CaseQueue.edit has committed. The edit runs on the task
runner's writer lane (never on the GUI thread), the form and buttons disabled under "Saving…"
meanwhile; the dialog closes only once the commit has returned.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.ui.busy import WriteGuard
from counter_app.ui.case_form import CaseForm
from counter_app.ui.fit import available_geometry, reserve_lines

_ERROR_STYLE = "background: #fdecea; color: #b00020; border: 1px solid #f5c2c0; padding: 6px;"


class EditReasonDialog(QDialog):
    """Why the case is being corrected: recorded in the audit log with the view and the edit."""

    def __init__(self, receipt_no: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("editReasonDialog")
        self.setWindowTitle(self.tr("Correct case"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Correcting {receipt} shows the applicant's data. The reason is recorded in the "
                "audit log with your name."
            ).format(receipt=receipt_no)
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.reason = QLineEdit()
        self.reason.setObjectName("editReason")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("e.g. applicant called to correct the phone number"))
        caption = QLabel(self.tr("Reason"))
        caption.setBuddy(self.reason)
        layout.addWidget(caption)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setObjectName("editReasonError")
        self.error.setStyleSheet("color: #b00020;")
        reserve_lines(self.error, 1)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def value(self) -> str:
        return self.reason.text().strip()

    def try_accept(self) -> None:
        if not self.value():
            self.error.setText(self.tr("Enter the reason for the correction."))
            self.error.show()
            self.reason.setFocus()
            return
        self.accept()


class CaseEditDialog(QDialog):
    """The intake form (CaseForm) on a stored case; Save calls CaseQueue.edit."""

    def __init__(
        self,
        queue,
        catalogue,
        actor,
        case_id: str,
        receipt_no: str,
        reason: str,
        document: dict,
        parent: QWidget | None = None,
        tasks=None,
    ):
        super().__init__(parent)
        self.setObjectName("caseEditDialog")
        if tasks is None:  # the queue page passes the window's runner (one writer lane)
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._tasks = tasks
        self._queue = queue
        self._actor = actor
        self._case_id = case_id
        self._reason = reason
        # Fields the form has no editor for (region, attachments, applicant kind and gender) are
        # sent back as they were, so a correction never loses them.
        self._document = {k: v for k, v in document.items() if k != "rrn_on_file"}
        self.result_value = None  # the EditResult once saved
        self.setWindowTitle(self.tr("Correct case {receipt}").format(receipt=receipt_no))
        # within the screen (a 1366×768 laptop keeps Save/Cancel in view); the form scrolls
        area = available_geometry(parent)
        self.resize(min(760, area.width() - 40), min(820, area.height() - 80))

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Correct case {receipt}").format(receipt=receipt_no))
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(heading)
        self.error_banner = QLabel()
        self.error_banner.setObjectName("editErrorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(_ERROR_STYLE)
        self.error_banner.hide()
        layout.addWidget(self.error_banner)

        self.form = CaseForm(catalogue)
        self.form.fill(document)
        if document.get("rrn_on_file"):
            self.form.set_rrn_note(self.tr("A number is on file — leave this empty to keep it."))
            self.form.set_rrn_required_mark(False)
        self.form.submitRequested.connect(self.save)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)

        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save correction (Ctrl+Enter)"))
        self.save_button.setObjectName("editSaveButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setObjectName("editCancelButton")
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        self.saving_label = QLabel()
        self.saving_label.setObjectName("editSaving")
        self.saving_label.hide()
        row.addWidget(self.saving_label)
        row.addStretch(1)
        layout.addLayout(row)
        self._write = WriteGuard(
            self,
            self._tasks,
            (self.form, self.save_button, self.cancel_button),
            label=self.saving_label,
            busy_text=self.tr("Saving…"),
        )
        QWidget.setTabOrder(self.form.last_editor, self.save_button)
        QWidget.setTabOrder(self.save_button, self.cancel_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.form.focus_first_field()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter is the form's (a one-line field saves, the service box moves on): QDialog must not
        # also press a default button with it. A focused button still takes its own Enter.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._write.busy:
            event.accept()  # the correction is being committed: Esc would not undo it
            return
        super().keyPressEvent(event)

    def document(self) -> dict[str, Any]:
        collected = self.form.collect()
        applicant = {**(self._document.get("applicant") or {}), **collected.pop("applicant")}
        return {**self._document, **collected, "applicant": applicant}

    @property
    def saving(self) -> bool:
        return self._write.busy

    def save(self):
        """Send the correction on the writer lane; returns the task handle (None when one runs or
        it is saved already). The dialog closes only after CaseQueue.edit has committed."""
        if self._write.busy or self.result_value is not None:
            return None
        self.form.close_popups()
        self.form.service_text_finished()
        self.form.clear_errors()
        self.error_banner.hide()
        queue, actor, case_id, document, reason = self._queue, self._actor, self._case_id, self.document(), self._reason
        return self._write.start(
            lambda _task: queue.edit(actor, case_id, document, reason),
            name="case.edit",
            on_result=self._saved,
            on_error=self._refused,
        )

    def _saved(self, result) -> None:
        self.result_value = result
        if self.isVisible():  # not closed by the lock meanwhile
            self.accept()

    def _refused(self, exc: BaseException) -> None:
        from counter_app.intake import CaseValidationError

        if isinstance(exc, CaseValidationError):
            unplaced = self.form.show_problems(exc)
            self._show_error(
                self.tr("Not saved: correct the marked fields.")
                if not unplaced
                else "\n".join([self.tr("Not saved:")] + unplaced)
            )
        else:
            self._show_error(exc.text() if isinstance(exc, UserError) else self.tr("Not saved: an error occurred."))

    def _show_error(self, text: str) -> None:
        self.error_banner.setText(text)
        self.error_banner.show()
