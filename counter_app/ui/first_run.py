"""First run: choose the community centre, name this terminal, set the supervisor passphrase and
create the first supervisor. Everything is checked by the Qt-free services (office, accounts);
their UserError text is shown inline. The creation itself (Argon2 hashing of the PIN and the
passphrase, key generation, the durable commit) runs on the task runner's writer lane with the
form disabled, never on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from counter_app.actor import SUPERVISOR, Actor
from counter_app.errors import UserError
from counter_app.office import MIN_PASSPHRASE, BusanOffice, busan_offices

_Index = QModelIndex | QPersistentModelIndex


class OfficeListModel(QAbstractListModel):
    """The 205 Busan community centres, filtered by district, dong or code prefix."""

    def __init__(self, offices: tuple[BusanOffice, ...], parent=None):
        super().__init__(parent)
        self._all = offices
        self._visible = list(offices)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._visible)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        office = self._visible[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{office.sigungu_name} {office.dong_name}  ({office.hdong_code})"
        if role == Qt.ItemDataRole.UserRole:
            return office
        return None

    def set_filter(self, text: str) -> None:
        words = text.split()
        self.beginResetModel()
        # Every word must match: "해운대 중동" narrows to one office.
        self._visible = [o for o in self._all if all(o.matches(w) for w in words)]
        self.endResetModel()

    def office_at(self, row: int) -> BusanOffice:
        return self._visible[row]


class FirstRunDialog(QDialog):
    """Creates the office profile and the first supervisor. Emits `officeCreated` on success."""

    officeCreated = Signal()

    def __init__(self, ctx, parent: QWidget | None = None, *, tasks=None):
        super().__init__(parent)
        if tasks is None:
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._ctx = ctx
        self._tasks = tasks
        self.pending = None  # the TaskHandle of the creation under way
        self.setWindowTitle(self.tr("Set up this counter"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This terminal has no office yet. Choose your community centre and create the "
                "first supervisor. The passphrase protects the personal data stored here: "
                "keep it safe, it cannot be recovered."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        office_box = QGroupBox(self.tr("Community centre"))
        office_layout = QVBoxLayout(office_box)
        self.search = QLineEdit()
        self.search.setObjectName("officeSearch")
        self.search.setPlaceholderText(self.tr("Search by district or dong, e.g. 해운대 or 중앙동"))
        self.search.setClearButtonEnabled(True)
        self.office_model = OfficeListModel(busan_offices(), self)
        self.office_list = QListView()
        self.office_list.setObjectName("officeList")
        self.office_list.setModel(self.office_model)
        self.office_list.setMinimumHeight(160)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.office_list.setFocus)
        office_layout.addWidget(self.search)
        office_layout.addWidget(self.office_list)
        layout.addWidget(office_box)

        form_box = QGroupBox(self.tr("This terminal and its first supervisor"))
        form = QFormLayout(form_box)
        self.terminal = QLineEdit("T1")
        self.terminal.setObjectName("terminal")
        self.terminal.setMaxLength(4)
        self.official = QLineEdit()
        self.official.setObjectName("official")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2 = QLineEdit()
        self.passphrase2.setObjectName("passphrase2")
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_id = QLineEdit()
        self.staff_id.setObjectName("supervisorId")
        self.staff_name = QLineEdit()
        self.staff_name.setObjectName("supervisorName")
        self.pin = QLineEdit()
        self.pin.setObjectName("supervisorPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Terminal ID"), self.terminal)
        form.addRow(self.tr("Responsible official"), self.official)
        form.addRow(self.tr("Supervisor passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.passphrase2)
        form.addRow(self.tr("Supervisor staff ID"), self.staff_id)
        form.addRow(self.tr("Supervisor name"), self.staff_name)
        form.addRow(self.tr("Supervisor PIN"), self.pin)
        layout.addWidget(form_box)

        self.error = QLabel()
        self.error.setObjectName("firstRunError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)

        self.progress = QProgressBar()  # busy indicator while the office is created
        self.progress.setObjectName("firstRunProgress")
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Creating the office and its keys…"))
        self.progress.setTextVisible(True)
        self.progress.hide()
        layout.addWidget(self.progress)
        self._form_boxes = (office_box, form_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create office"))
        self.buttons.accepted.connect(self.create_office)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.office_model.set_filter(text)
        if self.office_model.rowCount() == 1:  # one match: choose it, saves a click
            self.office_list.setCurrentIndex(self.office_model.index(0, 0))

    def selected_office(self) -> BusanOffice | None:
        index = self.office_list.currentIndex()
        if not index.isValid():
            return None
        return self.office_model.office_at(index.row())

    def _fail(self, text: str, widget: QWidget | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        if widget is not None:
            widget.setFocus()

    def create_office(self) -> None:
        if self.pending is not None:
            return  # a creation is under way
        office = self.selected_office()
        if office is None:
            self._fail(self.tr("Choose your community centre from the list."), self.search)
            return
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            self._fail(
                self.tr("The supervisor passphrase must be at least {n} characters.").format(n=MIN_PASSPHRASE),
                self.passphrase,
            )
            return
        if self.passphrase.text() != self.passphrase2.text():
            self._fail(self.tr("The two passphrases differ; type them again."), self.passphrase2)
            return
        staff_id, name, pin = self.staff_id.text().strip(), self.staff_name.text().strip(), self.pin.text()
        if not staff_id or not name:
            self._fail(self.tr("Enter the supervisor's staff ID and name."), self.staff_id)
            return
        ctx, terminal, official, passphrase = (
            self._ctx,
            self.terminal.text(),
            self.official.text(),
            self.passphrase.text(),
        )

        def create(_task) -> None:
            # Check the account (and hash its PIN) first; the office and its first supervisor are
            # then created in one transaction, so a failure leaves no half-made office behind.
            new = ctx.accounts.prepare(staff_id, name, SUPERVISOR, pin)
            by = Actor(new.staff_id, new.name, SUPERVISOR)
            ctx.office.init(
                office.hdong_code,
                terminal,
                official,
                passphrase,
                operator=new.staff_id,
                also=lambda session, audit: ctx.accounts.insert(session, audit, by, new),
            )

        self.error.hide()
        self._set_busy(True)
        self.pending = self._tasks.write(create, name="office init", on_result=self._created, on_error=self._refused)

    def _created(self, _result) -> None:
        self.pending = None
        self._set_busy(False)
        self.officeCreated.emit()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.pending = None
        self._set_busy(False)
        if isinstance(exc, UserError):
            self._fail(exc.text())
        else:  # a fault, logged by the task runner
            self._fail(
                self.tr("The office could not be created because of an unexpected error; details are in the log file.")
            )

    def _set_busy(self, busy: bool) -> None:
        for box in self._form_boxes:
            box.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self.progress.setVisible(busy)
