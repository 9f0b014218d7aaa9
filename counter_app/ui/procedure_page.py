"""업무 절차: the guide browser (search as you type, in Korean with 초성, or English) and the
wizard that walks a guide (ui/procedure_wizard.py).

The guides are read off the GUI thread the first time the page is shown. Each step taken is kept
(the walk resumes after a closed window or a lock, like the intake draft); a walk that reaches its
end is recorded with its path. The "open the intake form" action hands what the walk captured to
the main window (`intakeRequested`), which fills the intake page; the case saved there is named on
the walk (`case_saved`). A print step (print_receipt, print_interim, print_notice) asks the main
window to print (`printRequested`) the receipt or interim confirmation of that case, or the notice.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QFileSystemWatcher,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.i18n import current_language
from counter_app.procedures.engine import Walk
from counter_app.procedures.model import PRINT_ACTIONS
from counter_app.ui.procedure_wizard import ProcedureWizard

try:
    from counter_app.ui.page import Page
except ImportError:  # a tree without ui/page.py yet: the page is still a QWidget with the same methods
    Page = object  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

GuideIdRole = Qt.ItemDataRole.UserRole + 1


class GuideListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._guides: list = []
        self.lang = current_language()

    def set_guides(self, guides: list) -> None:
        self.beginResetModel()
        self._guides = list(guides)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._guides)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._guides):
            return None
        guide = self._guides[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = " ★" if guide.source == "office" else ""
            return f"{guide.title.text(self.lang)}{mark}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{guide.id} v{guide.version}\n{guide.summary.text(self.lang)}"
        if role == GuideIdRole:
            return guide.id
        return None

    def guide_at(self, row: int):
        return self._guides[row] if 0 <= row < len(self._guides) else None

    def ids(self) -> list[str]:
        return [g.id for g in self._guides]


class ProcedurePage(QWidget, Page):
    intakeRequested = Signal(dict, str)  # the case form the walk captured, the walk id
    printRequested = Signal(str, str)  # a print step's action (model.PRINT_ACTIONS), the walk's receipt no. or ""
    libraryLoaded = Signal()
    walkRecorded = Signal(str)  # walk id, once the completed walk is in the database

    def __init__(self, service, tasks, actor=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("proceduresPage")
        self._service = service
        self._tasks = tasks
        self._actor = None
        self._library = None
        self._pending_open: str | None = None
        self._loading = False
        self.walk: Walk | None = None
        self.walk_id: str | None = None
        self.handoff_walk_id: str | None = None  # the walk whose intake form is open
        self.walk_receipt_no = ""  # the receipt number of the case this walk's intake form saved
        self.lang = current_language()
        self._watcher: QFileSystemWatcher | None = None
        self._reload_timer = QTimer(self)  # a copy or an editor's save is several changes: one reload
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(400)
        self._reload_timer.timeout.connect(self.reload)
        self._build()
        if actor is not None:
            self.set_actor(actor)

    # ---------------------------------------------------------------- construction
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.browser = QWidget()
        self.browser.setObjectName("procedureBrowser")
        layout = QVBoxLayout(self.browser)
        title = QLabel(self.tr("Procedures"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("procedureSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Search guides: words, syllables or initial consonants (ㅈㅁㄷㄹ), Korean or English")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search)
        self.search_edit.returnPressed.connect(self.start_selected)
        self.search_edit.installEventFilter(self)
        layout.addWidget(self.search_edit)
        self.model = GuideListModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("procedureList")
        self.list_view.setModel(self.model)
        self.list_view.activated.connect(lambda index: self.start_guide(index.data(GuideIdRole)))
        self.list_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_summary(cur.row()))
        layout.addWidget(self.list_view, 1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("procedureSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("procedureProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label.setStyleSheet("background: #fff3e0; padding: 6px;")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start the guide (Enter)"))
        self.start_button.clicked.connect(self.start_selected)
        self.print_button = QPushButton(self.tr("Printable checklist… (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_selected)
        self.reload_button = QPushButton(self.tr("Reload guides (F5)"))
        self.reload_button.clicked.connect(self.reload)
        self.add_button = QPushButton(self.tr("Add a guide file…"))
        self.add_button.setObjectName("procedureAddFile")
        self.add_button.clicked.connect(self._ask_add_file)
        self.add_button.hide()  # supervisors only (set_actor)
        self.history_button = QPushButton(self.tr("Walk history…"))
        self.history_button.setObjectName("procedureHistory")
        self.history_button.clicked.connect(self.show_history)
        self.history_button.hide()  # supervisors only
        for b in (self.start_button, self.print_button, self.reload_button, self.add_button, self.history_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status_label = QLabel(self.tr("Loading the guides…"))
        self.status_label.setObjectName("procedureStatus")
        layout.addWidget(self.status_label)
        self.stack.addWidget(self.browser)

        self.wizard = ProcedureWizard(self)
        self.wizard.wentOn.connect(self._went_on)
        self.wizard.wentBack.connect(self._save_progress)
        self.wizard.finished.connect(self._finish)
        self.wizard.leaveRequested.connect(self.show_browser)
        self.stack.addWidget(self.wizard)

        for keys, slot in (("F5", self.reload), ("Ctrl+P", self.print_selected), ("Ctrl+F", self.focus_search)):
            shortcut = QShortcut(QKeySequence(keys), self.browser)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def eventFilter(self, watched, event) -> bool:
        from PySide6.QtCore import QEvent

        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.model.rowCount():
                self.list_view.setCurrentIndex(
                    self.model.index(0 if event.key() == Qt.Key.Key_Down else self.model.rowCount() - 1)
                )
            return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- the library
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._library is None:
            self.load()

    def load(self, *, fresh: bool = False) -> None:
        if self._loading:
            return
        self._loading = True
        self.status_label.setText(self.tr("Loading the guides…"))
        fn = (lambda _t: self._service.reload()) if fresh else (lambda _t: self._service.library())
        self._tasks.run(fn, name="procedures.load", on_result=self._loaded, on_error=self._load_failed)

    def reload(self) -> None:
        self.load(fresh=True)

    def _loaded(self, library) -> None:
        self._loading = False
        self._library = library
        self._watch_office_folder()
        self.status_label.setText(self.tr("{n} guides").format(n=len(library.guides)))
        if library.problems:
            lines = [self.tr("These guide files were left out:")] + [p.text() for p in library.problems[:20]]
            self.problems_label.setText("\n".join(lines))
            self.problems_label.show()
        else:
            self.problems_label.hide()
        self._search(self.search_edit.text())
        self.libraryLoaded.emit()
        if self._pending_open:
            pending, self._pending_open = self._pending_open, None
            self.start_guide(pending)
        elif self._actor is not None and self.walk is None:
            self._offer_resume()

    def _watch_office_folder(self) -> None:
        """A file dropped into (or changed in) <data dir>/procedures/ is read again by itself: the
        supervisor sees the new guide in the list, or exactly what is wrong with it."""
        folder = self._service.office_folder
        if folder is None:
            return
        if self._watcher is None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:  # a read-only data directory: F5 still reloads
                return
            self._watcher = QFileSystemWatcher([str(folder)], self)
            self._watcher.directoryChanged.connect(lambda _path: self._reload_timer.start())
            self._watcher.fileChanged.connect(lambda _path: self._reload_timer.start())
        watched = set(self._watcher.files())
        files = [str(p) for p in sorted(folder.glob("*.y*ml")) if str(p) not in watched]
        if files:
            self._watcher.addPaths(files)

    def _load_failed(self, exc) -> None:
        self._loading = False
        text = exc.text() if isinstance(exc, UserError) else self.tr("The guides could not be read.")
        self.status_label.setText(text)

    def _search(self, text: str) -> None:
        if self._library is None:
            return
        self.model.set_guides(self._library.search(text) if text.strip() else self._library.ordered())
        if self.model.rowCount():
            self.list_view.setCurrentIndex(self.model.index(0))
        else:
            self.summary_label.setText(self.tr("No guide matches."))

    def _show_summary(self, row: int) -> None:
        guide = self.model.guide_at(row)
        self.summary_label.setText(guide.summary.text(self.lang) if guide else "")

    def focus_search(self) -> None:
        self.show_browser()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_guide(self):
        index = self.list_view.currentIndex()
        return self.model.guide_at(index.row()) if index.isValid() else self.model.guide_at(0)

    # ---------------------------------------------------------------- actor and resuming
    def set_actor(self, actor) -> None:
        if self._actor is not None and actor is not None and actor.id == self._actor.id:
            return
        self.autosave()
        self._actor = actor
        self.walk = self.walk_id = None
        self.add_button.setVisible(bool(getattr(actor, "is_supervisor", False)))
        self.history_button.setVisible(bool(getattr(actor, "is_supervisor", False)))
        self.show_browser()
        if actor is not None and self._library is not None:
            self._offer_resume()

    def _offer_resume(self) -> None:
        actor = self._actor
        self._tasks.run(
            lambda _t: self._service.walks.latest_open(actor),
            name="procedures.resume",
            on_result=lambda found: self._resume(actor, found),
        )

    def _resume(self, actor, found) -> None:
        if found is None or actor is not self._actor or self.walk is not None or self._library is None:
            return
        walk_id, guide_id, state = found
        guide = self._library.guides.get(guide_id)
        if guide is None:
            return
        self.walk, self.walk_id = Walk.restore(guide, state), walk_id
        self.walk_receipt_no = ""  # a resumed walk's print step asks for the number
        self.wizard.set_walk(self.walk, self.tr("A guide you had not finished was restored where you left it."))
        self.stack.setCurrentWidget(self.wizard)

    # ---------------------------------------------------------------- walking
    def start_selected(self) -> None:
        guide = self.selected_guide()
        if guide is not None:
            self.start_guide(guide.id)

    def open_guide(self, guide_id: str) -> None:
        """The status board asked for a guide: open it at its first step (after loading if needed)."""
        if self._library is None:
            self._pending_open = guide_id
            self.load()
            return
        self.start_guide(guide_id)

    def start_guide(self, guide_id: str) -> None:
        if self._library is None or guide_id not in self._library.guides:
            self.show_browser()
            self.status_label.setText(self.tr("There is no guide {id} on this terminal.").format(id=guide_id))
            return
        if self.walk is not None and self.walk_id is not None and not self.walk.finished and self._actor is not None:
            actor, old = self._actor, self.walk_id
            self._tasks.write(lambda _t: self._service.walks.abandon(actor, old), name="procedures.abandon")
        self.walk = Walk(self._library.guides[guide_id])
        self.walk_id = str(uuid.uuid4())
        self.walk_receipt_no = ""
        self.wizard.set_walk(self.walk)
        self.stack.setCurrentWidget(self.wizard)
        self._save_progress()

    def show_browser(self) -> None:
        self.stack.setCurrentWidget(self.browser)
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _snapshot(self) -> Walk | None:
        return Walk.restore(self.walk.guide, self.walk.state()) if self.walk is not None else None

    def _save_progress(self) -> None:
        if self._actor is None or self.walk is None or self.walk.finished:
            return
        actor, walk_id, snapshot = self._actor, self.walk_id, self._snapshot()
        self._tasks.write(
            lambda _t: self._service.walks.save(actor, snapshot, walk_id),
            name="procedures.save",
            on_error=self._write_failed,
        )

    def _went_on(self, left) -> None:
        walk = self.walk
        if left.kind == "action" and left.action == "open_intake":
            self.handoff_walk_id = self.walk_id
            self.intakeRequested.emit(walk.case_form(), self.walk_id or "")
        elif left.kind == "action" and left.action in PRINT_ACTIONS:
            self.printRequested.emit(left.action, self.walk_receipt_no)  # the main window prints it
        if walk.finished:
            self._record()
        else:
            self._save_progress()

    def _record(self) -> None:
        if self._actor is None or self.walk is None:
            return
        actor, walk_id, snapshot = self._actor, self.walk_id, self._snapshot()
        self._tasks.write(
            lambda _t: self._service.walks.complete(actor, snapshot, walk_id),
            name="procedures.record",
            on_result=self.walkRecorded.emit,
            on_error=self._write_failed,
        )

    def _finish(self) -> None:
        self.walk = self.walk_id = None
        self.show_browser()

    def case_saved(self, case_id: str, receipt_no: str = "") -> None:
        """The intake page saved the case this walk handed over: name it on the walk (and keep its
        receipt number for the walk's print steps)."""
        walk_id, self.handoff_walk_id = self.handoff_walk_id, None
        if walk_id and walk_id == self.walk_id:
            self.walk_receipt_no = receipt_no
        if walk_id and self._actor is not None:
            actor = self._actor
            self._tasks.write(
                lambda _t: self._service.walks.link_case(actor, walk_id, case_id),
                name="procedures.link",
                on_error=self._write_failed,
            )

    def _write_failed(self, exc) -> None:
        text = exc.text() if isinstance(exc, UserError) else self.tr("The walk could not be saved.")
        self.wizard.blocker_label.setText(text)
        self.wizard.blocker_label.show()

    def autosave(self) -> None:
        self._save_progress()

    def on_lock(self) -> None:
        self.autosave()

    def on_shown(self) -> None:
        if self._library is None:
            self.load()

    def search_focus(self) -> None:
        self.focus_search()

    def refresh(self) -> None:
        """Cases changed elsewhere: nothing on this page shows cases."""

    def stop(self) -> None:
        """Nothing polls here; walks are saved on every step."""

    # ---------------------------------------------------------------- printing and adding guides
    def print_selected(self):
        guide = self.walk.guide if self.stack.currentWidget() is self.wizard and self.walk else self.selected_guide()
        if guide is None:
            return None
        from counter_app.ui.procedure_print import preview

        self.preview_dialog = preview(guide, self.lang, self)
        return self.preview_dialog

    def show_history(self) -> None:
        """Supervisor: the completed walks, newest first (who, when, guide, path, case)."""
        actor = self._actor
        if not getattr(actor, "is_supervisor", False):
            return
        self._tasks.run(
            lambda _t: self._service.walks.history(actor, limit=200),
            name="procedures.history",
            on_result=self._show_history,
            on_error=self._write_failed,
        )

    def _show_history(self, records) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Walk history"))
        dialog.resize(800, 500)
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit()
        text.setObjectName("procedureHistoryText")
        text.setReadOnly(True)
        lines = []
        for r in records:
            doc = r.as_json()
            lines.append(
                "  ".join(
                    [
                        (doc["finished_at"] or "-")[:19].replace("T", " "),
                        r.operator,
                        r.guide_id,
                        f"v{r.guide_version}",
                        " > ".join(r.path),
                        r.case_id or "-",
                    ]
                )
            )
        text.setPlainText("\n".join(lines) or self.tr("No walk has been completed yet."))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.finished.connect(dialog.deleteLater)
        self.history_dialog = dialog
        dialog.open()

    def _ask_add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a guide file"), "", self.tr("Guide files (*.yaml *.yml)")
        )
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path):
        """Supervisor: check a guide file and, when sound, put it in the office's folder."""
        if not getattr(self._actor, "is_supervisor", False):
            return None
        try:
            guide, problems = self._service.add_file(path)
        except UserError as exc:
            self.problems_label.setText(exc.text())
            self.problems_label.show()
            return None
        if problems:
            self.problems_label.setText(
                "\n".join([self.tr("The guide file was not added:")] + [p.text() for p in problems])
            )
            self.problems_label.show()
            return None
        self._loaded(self._service.library())
        self.status_label.setText(self.tr("Added the guide {id}.").format(id=guide.id))
        return guide
