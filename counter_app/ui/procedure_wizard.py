"""The wizard page: a thin renderer of the Qt-free engine (counter_app/procedures/engine.py).

Keyboard first: Enter goes on, Alt+Left goes back, Space ticks the checklist item under the
cursor, Up/Down (or 1-9) pick an answer, Tab walks the input fields. Every rule (what must be
ticked, chosen or filled before going on) is the engine's; this page only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.i18n import current_language
from counter_app.procedures.engine import Walk
from counter_app.procedures.model import PRINT_ACTIONS


class ProcedureWizard(QWidget):
    wentOn = Signal(object)  # the Step that was left (after the engine moved on)
    wentBack = Signal()
    finished = Signal()  # the clerk closed a walk that reached its end
    leaveRequested = Signal()  # back to the guide list

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("procedureWizard")
        self.walk: Walk | None = None
        self.lang = current_language()
        self.editors: dict[str, QWidget] = {}
        self.checklist: QListWidget | None = None
        self.choices: QListWidget | None = None

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.guide_label = QLabel()
        self.guide_label.setObjectName("wizardGuide")
        self.guide_label.setStyleSheet("color: #555;")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("wizardProgress")
        top.addWidget(self.guide_label, 1)
        top.addWidget(self.progress_label)
        layout.addLayout(top)
        self.title_label = QLabel()
        self.title_label.setObjectName("wizardTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(self.title_label)
        self.text_label = QLabel()
        self.text_label.setObjectName("wizardText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text_label)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("wizardNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background: #e3f2fd; padding: 6px;")
        self.notice_label.hide()
        layout.addWidget(self.notice_label)
        self.blocker_label = QLabel()
        self.blocker_label.setObjectName("wizardBlocker")
        self.blocker_label.setWordWrap(True)
        self.blocker_label.setStyleSheet("color: #b71c1c;")
        self.blocker_label.hide()
        layout.addWidget(self.blocker_label)

        buttons = QHBoxLayout()
        self.leave_button = QPushButton(self.tr("Guide list"))
        self.leave_button.setToolTip("Esc")
        self.leave_button.clicked.connect(self.leaveRequested)
        self.back_button = QPushButton(self.tr("Back (Alt+Left)"))
        self.back_button.setObjectName("wizardBack")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self.tr("Next (Enter)"))
        self.next_button.setObjectName("wizardNext")
        self.next_button.clicked.connect(self.go_on)
        for b in (self.leave_button, self.back_button, self.next_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.go_on)
        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.go_back)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.activated.connect(self.leaveRequested)

    # ---------------------------------------------------------------- showing a step
    def set_walk(self, walk: Walk, notice: str = "") -> None:
        self.walk = walk
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        self.render_step()

    def render_step(self) -> None:  # not render(): that would hide QWidget.render
        walk = self.walk
        if walk is None:
            return
        step, lang = walk.step, self.lang
        self.guide_label.setText(walk.guide.title.text(lang))
        self.progress_label.setText(self.tr("Step {n}").format(n=len(walk.history) + 1))
        self.title_label.setText(step.title.text(lang))
        self.text_label.setText(step.text.text(lang) if step.text else "")
        self.text_label.setVisible(step.text is not None)
        self.blocker_label.hide()
        self._clear_body()
        self.checklist = self.choices = None
        self.editors = {}
        focus: QWidget = self.next_button
        if step.kind == "checklist":
            self.checklist = QListWidget()
            self.checklist.setObjectName("wizardChecklist")
            self.checklist.setWordWrap(True)
            ticked = walk.ticked.get(step.id, set())
            for i, item in enumerate(step.items):
                row = QListWidgetItem(item.text(lang))
                row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Checked if i in ticked else Qt.CheckState.Unchecked)
                self.checklist.addItem(row)
            self.checklist.setCurrentRow(0)
            self.checklist.itemChanged.connect(self._tick_changed)
            self.body_layout.addWidget(self.checklist)
            focus = self.checklist
        elif step.kind == "question":
            self.choices = QListWidget()
            self.choices.setObjectName("wizardChoices")
            self.choices.setWordWrap(True)
            for n, choice in enumerate(step.choices, 1):
                self.choices.addItem(QListWidgetItem(f"{n}. {choice.label.text(lang)}"))
            self.choices.setCurrentRow(walk.chosen.get(step.id, 0))
            self.choices.currentRowChanged.connect(self._choice_changed)
            self.choices.itemDoubleClicked.connect(lambda _item: self.go_on())
            self._choice_changed(self.choices.currentRow())
            self.body_layout.addWidget(self.choices)
            focus = self.choices
        elif step.kind == "input":
            form_widget = QWidget()
            form = QFormLayout(form_widget)
            first = None
            for f in step.fields:
                value = walk.values.get(f.field, "")
                allowed = f.allowed()
                editor: QComboBox | QLineEdit
                if allowed:
                    editor = QComboBox()
                    for option in allowed:
                        editor.addItem(option, option)
                    editor.setCurrentIndex(max(0, editor.findData(value)) if value else 0)
                    walk.set_value(f.field, editor.currentData())
                    editor.currentIndexChanged.connect(
                        lambda _i, name=f.field, e=editor: self._value_changed(name, e.currentData())
                    )
                else:
                    editor = QLineEdit(value)
                    editor.textEdited.connect(lambda text, name=f.field: self._value_changed(name, text))
                editor.setObjectName(f"wizardField_{f.field}")
                label = f.label.text(lang) + (" *" if f.required else "")
                form.addRow(label, editor)
                self.editors[f.field] = editor
                if first is None and not walk.values.get(f.field):
                    first = editor  # the cursor starts on the first field still empty
            self.body_layout.addWidget(form_widget)
            focus = first or next(iter(self.editors.values()), self.next_button)
        elif step.kind == "action":
            lines = []
            if step.form is not None and step.action in PRINT_ACTIONS:
                lines.append(self.tr("Enter prints it and opens its preview (Print…, Save as PDF…)."))
                lines.append(self.tr("Without a printer, the paper form: {form}").format(form=step.form.text(lang)))
            elif step.form is not None:
                lines.append(self.tr("Paper form to use: {form}").format(form=step.form.text(lang)))
            if step.agency is not None:
                lines.append(
                    self.tr("Refer to: {agency}, phone {phone}").format(
                        agency=step.agency.text(lang), phone=step.phone or ""
                    )
                )
            detail = QLabel("\n".join(lines))
            detail.setObjectName("wizardActionDetail")
            detail.setWordWrap(True)
            detail.setStyleSheet("font-size: 12pt;")
            self.body_layout.addWidget(detail)
        self.body_layout.addStretch(1)
        self.back_button.setEnabled(walk.can_go_back)
        self.next_button.setText(self._next_label())
        if self.isVisible():  # a widget just put in a layout is shown later; focus needs it shown now
            for child in self.body.findChildren(QWidget):
                child.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _next_label(self) -> str:
        step = self.walk.step
        if step.kind == "end":
            return self.tr("Finish (Enter)")
        if step.kind == "action":
            return {
                "open_intake": self.tr("Open the intake form (Enter)"),
                "referral": self.tr("Referral given (Enter)"),
                "print_receipt": self.tr("Print the receipt (Enter)"),
                "print_interim": self.tr("Print the interim confirmation (Enter)"),
                "print_notice": self.tr("Print the outage notice (Enter)"),
            }.get(step.action or "", self.tr("Paper form used (Enter)"))
        return self.tr("Next (Enter)")

    def _clear_body(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    # ---------------------------------------------------------------- the clerk's input
    def _tick_changed(self, item: QListWidgetItem) -> None:
        if self.walk is not None and self.checklist is not None:
            self.walk.tick(self.checklist.row(item), item.checkState() == Qt.CheckState.Checked)
            self.blocker_label.hide()

    def _choice_changed(self, row: int) -> None:
        if self.walk is not None and row >= 0:
            self.walk.choose(row)

    def _value_changed(self, field: str, value) -> None:
        if self.walk is not None and self.walk.step.kind == "input":
            self.walk.set_value(field, value or "")

    def keyPressEvent(self, event) -> None:
        """Enter goes on (for a key the shortcut did not take: a line edit, list or button passes
        Enter up to here); 1-9 choose an answer on a question."""
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.go_on()
            return
        if self.choices is not None and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
            row = event.key() - Qt.Key.Key_1
            if row < self.choices.count():
                self.choices.setCurrentRow(row)
                return
        super().keyPressEvent(event)

    # ---------------------------------------------------------------- moving
    def go_on(self) -> None:
        walk = self.walk
        if walk is None:
            return
        if walk.finished:
            self.finished.emit()
            return
        left = walk.step
        try:
            walk.go_on()
        except UserError as exc:
            self.blocker_label.setText(exc.text())
            self.blocker_label.show()
            return
        self.notice_label.hide()
        self.render_step()
        self.wentOn.emit(left)

    def go_back(self) -> None:
        if self.walk is None or not self.walk.can_go_back:
            return
        self.walk.back()
        self.render_step()
        self.wentBack.emit()
