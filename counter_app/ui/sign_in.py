"""Sign-in: staff id + PIN against counter_app.accounts (lockout and its message live there)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from counter_app.actor import Actor
from counter_app.errors import UserError


class SignInDialog(QDialog):
    """Emits `signedIn(actor)` and accepts on success; shows the accounts' message on failure."""

    signedIn = Signal(object)
    quitRequested = Signal()

    def __init__(self, accounts, *, office_name: str = "", demo_hint: Optional[str] = None,
                 reason: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._accounts = accounts
        self.actor: Optional[Actor] = None
        self.setWindowTitle(self.tr("Sign in"))
        self.setModal(True)

        layout = QVBoxLayout(self)
        heading = QLabel(office_name or self.tr("counter_app"))
        heading.setObjectName("signInHeading")
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(heading)
        if reason:
            reason_label = QLabel(reason)
            reason_label.setObjectName("signInReason")
            reason_label.setWordWrap(True)
            layout.addWidget(reason_label)

        form = QFormLayout()
        self.staff_id = QLineEdit()
        self.staff_id.setObjectName("staffId")
        self.staff_id.setMaxLength(20)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(32)
        form.addRow(self.tr("Staff ID"), self.staff_id)
        form.addRow(self.tr("PIN"), self.pin)
        layout.addLayout(form)

        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        layout.addWidget(self.error)

        if demo_hint:
            hint = QLabel(demo_hint)
            hint.setObjectName("demoHint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.try_sign_in)
        quit_button = self.buttons.addButton(self.tr("Quit program"), QDialogButtonBox.ButtonRole.DestructiveRole)
        quit_button.setObjectName("quitButton")
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.quitRequested.emit)
        layout.addWidget(self.buttons)
        self.staff_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.try_sign_in)
        self.staff_id.setFocus()

    def try_sign_in(self) -> None:
        staff_id = self.staff_id.text().strip()
        if not staff_id:
            self._fail(self.tr("Enter your staff ID."))
            self.staff_id.setFocus()
            return
        try:
            actor = self._accounts.sign_in(staff_id, self.pin.text())
        except UserError as exc:
            self._fail(exc.text())
            self.pin.clear()
            self.pin.setFocus()
            return
        self.actor = actor
        self.error.hide()
        self.pin.clear()
        self.signedIn.emit(actor)
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Esc would close the dialog and leave a locked window with no way in: ignore it. Closing
        # the dialog's window (rejected) quits the program instead; see MainWindow.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)
