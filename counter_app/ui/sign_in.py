"""Sign-in: staff id + PIN against counter_app.accounts (lockout and its message live there).

One key press is one attempt: Enter in the PIN box signs in through its returnPressed only; the
dialog no longer also lets that same Enter click its default button (which once counted every
wrong PIN twice, locking an account after three mistakes). An empty PIN is not an attempt, and
an Enter while a check is running is ignored. The Argon2 check runs on the task runner's writer lane (it also writes the
audit entry), never on the GUI thread. Esc and Ctrl+Q quit the program from here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.actor import Actor
from counter_app.errors import UserError
from counter_app.ui.fit import grow_to_fit, reserve_lines


class SignInDialog(QDialog):
    """Emits `signedIn(actor)` and accepts on success; shows the accounts' message on failure.
    `attemptFinished` is emitted after every check that ran (success or failure)."""

    signedIn = Signal(object)
    quitRequested = Signal()
    attemptFinished = Signal()

    def __init__(
        self,
        accounts,
        *,
        office_name: str = "",
        demo_hint: str | None = None,
        reason: str = "",
        tasks=None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if tasks is None:
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._accounts = accounts
        self._tasks = tasks
        self.pending = None  # the TaskHandle of the check under way
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in"))
        self.setModal(True)
        self.setMinimumWidth(440)  # a message wraps in two lines instead of squeezing the fields

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
        reserve_lines(self.error, 2)  # its room is kept while hidden: no field is squeezed when it shows
        self.error.hide()
        layout.addWidget(self.error)

        if demo_hint:
            hint = QLabel(demo_hint)
            hint.setObjectName("demoHint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(hint)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.try_sign_in)  # a click (or Space) on the button
        quit_button = self.buttons.addButton(self.tr("Quit program"), QDialogButtonBox.ButtonRole.DestructiveRole)
        quit_button.setObjectName("quitButton")
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.quitRequested.emit)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.quitRequested.emit)
        self.staff_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.try_sign_in)  # the one way Enter signs in
        self.staff_id.setFocus()

    # ---------------------------------------------------------------- one attempt per key press
    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            # Esc would only close the dialog and leave a locked window with no way in: it quits
            # the program instead (drafts were saved when the window locked).
            event.accept()
            self.quitRequested.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # The line edits already acted on this Enter (returnPressed) and passed it up to us;
            # QDialog would now click the default button too: the second attempt of old.
            event.accept()
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):  # a focused button that does not take Enter itself
                focused.click()
            return
        super().keyPressEvent(event)

    def try_sign_in(self) -> None:
        if self.pending is not None:
            return  # a check is under way: a second Enter is not a second attempt
        staff_id = self.staff_id.text().strip()
        if not staff_id:
            self._fail(self.tr("Enter your staff ID."))
            self.staff_id.setFocus()
            return
        pin = self.pin.text()
        if not pin:
            self._fail(self.tr("Enter your PIN."))
            self.pin.setFocus()
            return
        self._set_busy(True)
        accounts = self._accounts
        self.pending = self._tasks.write(
            lambda _task: accounts.sign_in(staff_id, pin),
            name="sign-in",
            on_result=self._signed_in,
            on_error=self._refused,
        )

    def _signed_in(self, actor: Actor) -> None:
        self.pending = None
        self._set_busy(False)
        self.actor = actor
        self.error.hide()
        self.pin.clear()
        self.attemptFinished.emit()
        self.signedIn.emit(actor)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.pending = None
        self._set_busy(False)
        if isinstance(exc, UserError):
            self._fail(exc.text())
        else:  # a fault, logged by the task runner
            self._fail(
                self.tr("The PIN could not be checked because of an unexpected error; details are in the log file.")
            )
        self.pin.clear()
        self.pin.setFocus()
        self.attemptFinished.emit()

    def _set_busy(self, busy: bool) -> None:
        self.staff_id.setReadOnly(busy)
        self.pin.setReadOnly(busy)
        self.ok_button.setEnabled(not busy)

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        grow_to_fit(self)  # a third line (the lock-out message) makes the dialog taller, never tighter
