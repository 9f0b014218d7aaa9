"""The supervisor's "Status sources…" dialog: the list of KIND:LOCATION sources, add, remove,
"test now" for one source, save.

Every spec is checked as it is typed with the same parse_source() the command line uses (its
Korean/English sentence is shown under the field). "Test now" fetches that one source through the
page's TaskRunner, never on the GUI thread. Saving goes through StatusService.set_sources (the
settings write and its audit entry) on the runner's writer lane, the dialog's controls disabled
under "Saving…" until it returns; the status page refreshes from the new sources afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
from counter_app.i18n import Msg
from counter_app.status.locations import source_location_problem
from counter_app.status.service import SOURCE_KINDS, normalise_source
from counter_app.ui.fit import reserve_lines


def _error_text(exc: BaseException) -> str:
    return exc.text() if isinstance(exc, UserError) else type(exc).__name__


class StatusSourcesDialog(QDialog):
    sourcesSaved = Signal(list)  # the new list, after it was written and audited
    testFinished = Signal(str, bool, str)  # spec, ok, the text shown (tests wait on it)

    def __init__(self, service, actor, tasks, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusSourcesDialog")
        self.setWindowTitle(self.tr("Status sources"))
        self.setMinimumWidth(620)
        self._service = service
        self._actor = actor
        self._tasks = tasks
        self._test_handle = None
        self._testing = ""

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Where this counter reads the service status. Each source is a kind "
                "(native, statuspage, cachet) and a web address or a file path."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.source_list = QListWidget()
        self.source_list.setObjectName("sourceList")
        self.source_list.currentRowChanged.connect(self._selection_changed)
        layout.addWidget(self.source_list, 1)

        row = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeSourceButton")
        self.remove_button.clicked.connect(self.remove_selected)
        self.test_button = QPushButton(self.tr("Test now"))
        self.test_button.setObjectName("testSourceButton")
        self.test_button.clicked.connect(self.test_selected)
        row.addWidget(self.remove_button)
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.test_label = QLabel()
        self.test_label.setObjectName("testLabel")
        self.test_label.setWordWrap(True)
        self.test_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.test_label)

        add_row = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind in SOURCE_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.location_edit = QLineEdit()
        self.location_edit.setObjectName("locationEdit")
        self.location_edit.setPlaceholderText(self.tr("https://… or a file path (or KIND:LOCATION)"))
        self.location_edit.setClearButtonEnabled(True)
        self.location_edit.textChanged.connect(self._validate)
        self.location_edit.returnPressed.connect(self.add_from_fields)
        self.kind_combo.currentIndexChanged.connect(self._validate)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("addSourceButton")
        self.add_button.clicked.connect(self.add_from_fields)
        add_row.addWidget(self.kind_combo)
        add_row.addWidget(self.location_edit, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b71c1c;")
        reserve_lines(self.problem_label, 2)  # a problem appearing does not squeeze the list
        layout.addWidget(self.problem_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.finished.connect(self._cancel_test)
        from counter_app.ui.busy import WriteGuard

        self._write = WriteGuard(
            self,
            tasks,
            (
                self.buttons,
                self.source_list,
                self.remove_button,
                self.test_button,
                self.kind_combo,
                self.location_edit,
                self.add_button,
            ),
        )

        for spec in service.configured_sources():
            self._append(spec)
        if self.source_list.count():
            self.source_list.setCurrentRow(0)
        self._selection_changed(self.source_list.currentRow())
        self._validate()

    # ---------------------------------------------------------------- the list
    def sources(self) -> list[str]:
        return [self.source_list.item(i).text() for i in range(self.source_list.count())]

    def _append(self, spec: str) -> None:
        item = QListWidgetItem(spec)
        try:
            normalise_source(spec)
        except UserError as exc:  # a hand-edited setting: shown in red so it can be removed
            item.setForeground(QBrush(QColor("#b71c1c")))
            item.setToolTip(exc.text())
        self.source_list.addItem(item)

    def _selection_changed(self, row: int) -> None:
        self.remove_button.setEnabled(row >= 0)
        self.test_button.setEnabled(row >= 0 and self._test_handle is None)

    def _typed_spec(self) -> str:
        """The spec the fields describe: a whole KIND:LOCATION typed or pasted into the location
        field wins over the combo (people copy them from the documentation)."""
        text = self.location_edit.text().strip()
        kind, sep, _rest = text.partition(":")
        if sep and kind.strip().lower() in SOURCE_KINDS:
            return text
        return f"{self.kind_combo.currentData()}:{text}"

    def _check_typed(self) -> str:
        """The normalised spec from the fields, or UserError (malformed, or already listed)."""
        spec = normalise_source(self._typed_spec())
        problem = source_location_problem(spec)
        if problem is not None:  # ftp://…, "hello world": neither a web address nor a file path
            raise UserError(problem)
        if spec in self.sources():
            raise UserError(_duplicate_msg(spec))
        return spec

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter in the address box adds the source (its returnPressed) and nothing more: QDialog
        # would also press Save with it and close the dialog. A focused button takes its own Enter.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            return
        super().keyPressEvent(event)

    def _validate(self, *_args) -> bool:
        if not self.location_edit.text().strip():
            self.problem_label.clear()
            self.add_button.setEnabled(False)
            return False
        try:
            self._check_typed()
        except UserError as exc:
            self.problem_label.setText(exc.text())
            self.add_button.setEnabled(False)
            return False
        self.problem_label.clear()
        self.add_button.setEnabled(True)
        return True

    def add_from_fields(self) -> bool:
        try:
            spec = self._check_typed()
        except UserError as exc:
            self.problem_label.setText(exc.text())
            return False
        self._append(spec)
        self.source_list.setCurrentRow(self.source_list.count() - 1)
        self.location_edit.clear()
        return True

    def remove_selected(self) -> None:
        row = self.source_list.currentRow()
        if row >= 0:
            self.source_list.takeItem(row)
            self.test_label.clear()
        self._selection_changed(self.source_list.currentRow())
        self._validate()  # a spec typed again after removing it is no longer a duplicate

    # ---------------------------------------------------------------- test now
    def test_selected(self) -> bool:
        item = self.source_list.currentItem()
        if item is None or self._test_handle is not None:
            return False
        spec = item.text()
        try:
            normalise_source(spec)
        except UserError as exc:
            self._show_test(spec, False, exc.text())
            return False
        service = self._service
        self.test_button.setEnabled(False)
        self.test_label.setStyleSheet("")
        self.test_label.setText(self.tr("Testing {source}…").format(source=spec))
        self._testing = spec
        # bound methods: the results are delivered on this dialog's (the GUI) thread
        self._test_handle = self._tasks.run(
            lambda task: service.refresh([spec], cancelled=lambda: task.cancelled),
            name="status-source-test",
            on_result=self._test_done,
            on_error=self._test_failed,
        )
        return True

    @property
    def testing(self) -> bool:
        return self._test_handle is not None

    def _test_done(self, board) -> None:
        self._test_handle = None
        spec = self._testing
        entry = next((s for s in board.sources if s.origin != "file"), None)
        if entry is not None and entry.ok:
            text = self.tr("OK: {source} answered with {count} systems.").format(source=spec, count=entry.systems)
            self._show_test(spec, True, text)
        else:
            error = entry.error.text() if entry is not None and entry.error else self.tr("no answer")
            self._show_test(spec, False, self.tr("Failed: {source}: {error}").format(source=spec, error=error))

    def _test_failed(self, exc: BaseException) -> None:
        self._test_handle = None
        self._show_test(
            self._testing,
            False,
            self.tr("Failed: {source}: {error}").format(source=self._testing, error=_error_text(exc)),
        )

    def _show_test(self, spec: str, ok: bool, text: str) -> None:
        self.test_label.setStyleSheet("color: #1b5e20;" if ok else "color: #b71c1c;")
        self.test_label.setText(text)
        self._selection_changed(self.source_list.currentRow())
        self.testFinished.emit(spec, ok, text)

    def _cancel_test(self, *_args) -> None:
        if self._test_handle is not None:
            self._test_handle.cancel()

    # ---------------------------------------------------------------- save
    @property
    def saving(self) -> bool:
        return self._write.busy

    def save(self) -> bool:
        """Save the list on the writer lane; True when started (the dialog closes once it has
        committed). A malformed entry still listed is named at once, before anything is started."""
        if self._write.busy:
            return False
        if self.location_edit.text().strip():  # typed but not added yet: add it, or say why not
            if not self.add_from_fields():
                return False
        sources = self.sources()
        try:
            for spec in sources:
                normalise_source(spec)  # the same check set_sources makes, said before the write
        except UserError as exc:
            self.problem_label.setText(exc.text())
            return False
        service, actor = self._service, self._actor
        self.problem_label.setText(self.tr("Saving…"))
        return (
            self._write.start(
                lambda _task: service.set_sources(actor, sources),
                name="status.sources",
                on_result=self._saved,
                on_error=self._refused,
            )
            is not None
        )

    def _saved(self, saved: list) -> None:
        self.sourcesSaved.emit(saved)
        if self.isVisible():  # not closed by the lock meanwhile
            self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.problem_label.setText(_error_text(exc))


def _duplicate_msg(spec: str) -> Msg:
    return Msg(f"상태 정보 출처 '{spec}'는 이미 목록에 있습니다.", f"Status source '{spec}' is already in the list.")
