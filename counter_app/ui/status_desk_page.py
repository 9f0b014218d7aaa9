"""The status desk for supervisors (issue 11): edit the board this office publishes, publish it
signed, and see (and undo) every change. Renders status/desk.py; holds no rules of its own.

Keyboard-first, fits 1366×768: the system list on the left (Ctrl+F filters it, Up/Down moves),
the selected system's fields on the right in reading order; Ctrl+S saves the change, Ctrl+N adds
a system, Ctrl+Del removes it, Ctrl+P publishes to the folder given, Ctrl+H focuses the history,
where Enter on a version makes it current again (publish to send it). Reads run on the general
lane, every change and the publish on the writer lane (ui/tasks.py), never on the GUI thread.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.i18n import current_language
from counter_app.status.model import STATUSES
from counter_app.ui.page import Page

NO_GRADE = 0


def _ko(value: Any) -> str:
    if isinstance(value, dict):
        return value.get("ko") or value.get("en") or ""
    return value or ""


def _en(value: Any) -> str:
    if isinstance(value, dict):
        return value.get("en") or ""
    return ""


def _expected_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    start, end = value.get("from"), value.get("to")
    if not start and not end:
        return "none"
    if start == end:
        return start or ""
    return f"{start or ''}..{end or ''}"


def _alternatives_text(alts: list[dict]) -> str:
    lines = []
    for a in alts:
        parts = [a.get("kind", ""), _ko(a.get("label")), _ko(a.get("detail")), a.get("procedure_id") or ""]
        while parts and not parts[-1]:
            parts.pop()
        lines.append("|".join(parts))
    return "\n".join(lines)


class StatusDeskPage(QWidget, Page):
    """`desk`: status.desk.StatusDesk; `publisher`: status.publish.Publisher; `tasks`: TaskRunner."""

    published = Signal(object)  # publish.Published
    changed = Signal(int)  # the new version id

    def __init__(self, desk, publisher, tasks, *, default_out: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._desk = desk
        self._publisher = publisher
        self._tasks = tasks
        self._actor = None
        self._doc: dict | None = None
        self._selected: str | None = None
        self._notice = ""
        self.setMinimumSize(900, 560)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter systems (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.systems = QListWidget(self)
        self.systems.setMinimumWidth(300)

        self.status = QComboBox(self)
        for status in STATUSES:
            self.status.addItem(status, status)
        self.since = QLineEdit(self)
        self.since.setPlaceholderText("2025-09-26T20:15")
        self.expected = QLineEdit(self)
        self.expected.setPlaceholderText(self.tr("2025-11-20, 2025-10-20..2025-10-31 or none"))
        self.expected_note = QLineEdit(self)
        self.grade = QComboBox(self)
        self.grade.addItem(self.tr("no grade"), NO_GRADE)
        for g in (1, 2, 3, 4):
            self.grade.addItem(self.tr("grade {n}").format(n=g), g)
        self.ministry = QLineEdit(self)
        self.ministry_en = QLineEdit(self)
        self.note = QLineEdit(self)
        self.alternatives = QPlainTextEdit(self)
        self.alternatives.setTabChangesFocus(True)
        self.alternatives.setPlaceholderText(self.tr("one per line: kind|label|detail|guide id"))
        self.alternatives.setFixedHeight(84)
        form = QFormLayout()
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("S&ince"), self.since)
        form.addRow(self.tr("&Expected recovery"), self.expected)
        form.addRow(self.tr("How sure"), self.expected_note)
        form.addRow(self.tr("&Grade"), self.grade)
        form.addRow(self.tr("&Ministry"), self.ministry)
        form.addRow(self.tr("Ministry (English)"), self.ministry_en)
        form.addRow(self.tr("&Note"), self.note)
        form.addRow(self.tr("&Alternatives"), self.alternatives)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(field.widget())  # type: ignore[union-attr]
        self.save_button = QPushButton(self.tr("Save change (Ctrl+S)"), self)
        self.new_id = QLineEdit(self)
        self.new_id.setPlaceholderText(self.tr("new system id"))
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(self.tr("its Korean name"))
        self.add_button = QPushButton(self.tr("Add (Ctrl+N)"), self)
        self.remove_button = QPushButton(self.tr("Remove system"), self)
        editor = QGroupBox(self.tr("Selected system"), self)
        ev = QVBoxLayout(editor)
        ev.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        ev.addLayout(buttons)
        adder = QHBoxLayout()
        adder.addWidget(self.new_id)
        adder.addWidget(self.new_name)
        adder.addWidget(self.add_button)
        ev.addLayout(adder)

        self.restored = QSpinBox(self)
        self.total = QSpinBox(self)
        for box in (self.restored, self.total):
            box.setRange(0, 100000)
        self.count_grade = QComboBox(self)
        self.count_grade.addItem(self.tr("overall"), None)
        for gs in ("1", "2", "3", "4"):
            self.count_grade.addItem(self.tr("grade {n}").format(n=gs), gs)
        self.as_of = QLineEdit(self)
        self.as_of.setPlaceholderText(self.tr("as of (default now)"))
        self.counts_button = QPushButton(self.tr("Save figures"), self)
        counts = QGroupBox(self.tr("Restoration figures"), self)
        cl = QHBoxLayout(counts)
        for w in (
            QLabel(self.tr("Restored"), self),
            self.restored,
            QLabel(self.tr("of"), self),
            self.total,
            self.count_grade,
            self.as_of,
            self.counts_button,
        ):
            cl.addWidget(w)

        self.out_dir = QLineEdit(default_out, self)
        self.out_dir.setPlaceholderText(self.tr("folder to publish to (web server, share or USB stick)"))
        self.publish_button = QPushButton(self.tr("Publish signed (Ctrl+P)"), self)
        self.history = QListWidget(self)
        self.history.setMaximumHeight(130)
        self.revert_button = QPushButton(self.tr("Make this version current"), self)
        pub = QHBoxLayout()
        pub.addWidget(self.out_dir, 1)
        pub.addWidget(self.publish_button)

        left = QVBoxLayout()
        left.addWidget(self.filter)
        left.addWidget(self.systems, 1)
        right = QVBoxLayout()
        right.addWidget(editor)
        right.addWidget(counts)
        top = QHBoxLayout()
        top.addLayout(left, 2)
        top.addLayout(right, 3)
        hist = QHBoxLayout()
        hist.addWidget(self.history, 1)
        hist.addWidget(self.revert_button, 0, Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.addWidget(self.banner)
        outer.addLayout(top, 1)
        outer.addLayout(pub)
        outer.addWidget(QLabel(self.tr("History (who, when, what)"), self))
        outer.addLayout(hist)

        self.filter.textChanged.connect(self._apply_filter)
        self.systems.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        self.save_button.clicked.connect(self.save)
        self.add_button.clicked.connect(self.add_system)
        self.remove_button.clicked.connect(self.remove_system)
        self.counts_button.clicked.connect(self.save_counts)
        self.publish_button.clicked.connect(self.publish)
        self.revert_button.clicked.connect(self.revert_selected)
        self.history.itemActivated.connect(lambda _item: self.revert_selected())
        for seq, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            ("Ctrl+N", self._focus_new),
            ("Ctrl+Del", self.remove_system),
            (QKeySequence.StandardKey.Print, self.publish),
            (QKeySequence.StandardKey.Find, self.search_focus),
            ("Ctrl+H", self.history.setFocus),
        ):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setTabOrder(self.filter, self.systems)
        self.setTabOrder(self.systems, self.status)
        self._set_enabled(False)

    # --- Page ---------------------------------------------------------------------------------

    def set_actor(self, actor) -> None:
        self._actor = actor
        allowed = actor is not None and getattr(actor, "is_supervisor", False)
        self._set_enabled(allowed)
        if not allowed:
            self.banner.setText(self.tr("Only a signed-in supervisor can edit and publish the status board."))
        else:
            self.reload()

    def on_shown(self) -> None:
        if self._actor is not None and self._actor.is_supervisor:
            self.reload()

    def search_focus(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def focus_first(self) -> bool:
        self.filter.setFocus()
        return True

    def _set_enabled(self, on: bool) -> None:
        for w in (
            self.systems,
            self.filter,
            self.save_button,
            self.add_button,
            self.remove_button,
            self.counts_button,
            self.publish_button,
            self.revert_button,
            self.history,
        ):
            w.setEnabled(on)

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        desk = self._desk

        def read(_task):
            if not desk.started():
                return None, []
            return desk.document(), desk.history(limit=50)

        self._tasks.run(read, name="desk read", on_result=self._loaded, on_error=self._failed)

    def _loaded(self, result) -> None:
        doc, history = result
        self._doc = doc
        if doc is None:
            self.banner.setText(
                self.tr("The desk has not been started: press Start to begin from the board shown now.")
            )
            self._offer_start()
            return
        self.banner.setText(
            self.tr("Editing version {v} · {n} systems").format(
                v=history[0].id if history else "?", n=len(doc.get("systems", []))
            )
            + (f" · {self._notice}" if self._notice else "")
        )
        self._notice = ""
        keep = self._selected
        self.systems.blockSignals(True)
        self.systems.clear()
        for s in doc.get("systems", []):
            item = QListWidgetItem(f"{_ko(s.get('name_ko'))} · {s.get('status')}")
            item.setData(Qt.ItemDataRole.UserRole, s.get("id"))
            self.systems.addItem(item)
        self.systems.blockSignals(False)
        self._apply_filter(self.filter.text())
        rows = [i for i in range(self.systems.count()) if self.systems.item(i).data(Qt.ItemDataRole.UserRole) == keep]
        self.systems.setCurrentRow(rows[0] if rows else 0)
        summary = doc.get("summary") or {}
        self.restored.setValue(int(summary.get("restored", 0)))
        self.total.setValue(int(summary.get("total", 0)))
        self.history.clear()
        for v in history:
            fields = ", ".join(c.get("field", "") for c in v.changes)
            when = v.at.astimezone().strftime("%m-%d %H:%M")
            text = f"{v.id} · {when} · {v.author_name or v.author} · {v.action} {v.system_id or ''} {fields}"
            if v.published_at:
                text += " · " + self.tr("published")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.history.addItem(item)

    def _offer_start(self) -> None:
        button = getattr(self, "start_button", None)
        if button is None:
            self.start_button = QPushButton(self.tr("Start from the board shown now"), self)
            self.start_button.clicked.connect(self.start)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(1, self.start_button)
        self.start_button.show()
        self.start_button.setFocus()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.systems.count()):
            item = self.systems.item(i)
            hay = f"{item.text()} {item.data(Qt.ItemDataRole.UserRole)}".lower()
            item.setHidden(bool(needle) and needle not in hay)

    def _system(self, system_id: str | None) -> dict | None:
        if self._doc is None or system_id is None:
            return None
        return next((s for s in self._doc.get("systems", []) if s.get("id") == system_id), None)

    def _select(self, item) -> None:
        self._selected = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        s = self._system(self._selected)
        if s is None:
            return
        self.status.setCurrentIndex(max(0, self.status.findData(s.get("status", "unknown"))))
        self.since.setText((s.get("since") or "")[:16])
        er = s.get("expected_recovery")
        self.expected.setText(_expected_text(er))
        self.expected_note.setText(_ko(er.get("note")) if isinstance(er, dict) else "")
        self.grade.setCurrentIndex(max(0, self.grade.findData(s.get("grade") or NO_GRADE)))
        self.ministry.setText(_ko(s.get("ministry")))
        self.ministry_en.setText(_en(s.get("ministry")))
        self.note.setText(_ko(s.get("note")))
        self.alternatives.setPlainText(_alternatives_text(s.get("alternatives", [])))

    # --- writing ------------------------------------------------------------------------------

    def _changes(self, s: dict) -> dict:
        from counter_app.status.desk import bilingual, parse_alternative, parse_expected

        changes: dict[str, Any] = {}
        if self.status.currentData() != s.get("status"):
            changes["status"] = self.status.currentData()
        since = self.since.text().strip()
        if since != (s.get("since") or "")[:16]:
            changes["since"] = since or None
        expected = parse_expected(self.expected.text(), self.expected_note.text() or None)
        if expected != s.get("expected_recovery"):
            changes["expected_recovery"] = expected
        grade = self.grade.currentData() or None
        if grade != s.get("grade"):
            changes["grade"] = grade
        ministry = bilingual(self.ministry.text(), self.ministry_en.text())
        if ministry != s.get("ministry"):
            changes["ministry"] = ministry
        if self.note.text().strip() != _ko(s.get("note")):
            changes["note"] = self.note.text().strip() or None
        lines = [ln for ln in self.alternatives.toPlainText().splitlines() if ln.strip()]
        alternatives = [parse_alternative(ln) for ln in lines]
        if json.dumps(alternatives, sort_keys=True) != json.dumps(s.get("alternatives", []), sort_keys=True):
            changes["alternatives"] = alternatives
        return changes

    def _write(self, fn, name: str) -> None:
        actor = self._actor
        if actor is None:
            return

        def done(result) -> None:
            from counter_app.status.publish import Published

            if isinstance(result, Published):
                self.published.emit(result)
                self._notice = self.tr("Published version {v} to {o}.").format(v=result.version, o=str(result.out_dir))
                self.reload()
                return
            self.changed.emit(int(result.id))
            self.reload()

        self._tasks.write(lambda _task: fn(actor), name=name, on_result=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        text = (
            exc.text(current_language())
            if isinstance(exc, UserError)
            else self.tr("The desk could not do this ({name}).").format(name=type(exc).__name__)
        )
        self.banner.setText(text)

    def start(self) -> None:
        desk = self._desk
        if getattr(self, "start_button", None) is not None:
            self.start_button.hide()
        self._write(lambda actor: desk.start(actor, "board"), "desk start")

    def save(self) -> None:
        s = self._system(self._selected)
        if s is None:
            return
        try:
            changes = self._changes(s)
        except UserError as exc:
            self._failed(exc)
            return
        system_id, desk = self._selected, self._desk
        self._write(lambda actor: desk.set_system(actor, system_id, changes), "desk set")

    def _focus_new(self) -> None:
        self.new_id.setFocus()

    def add_system(self) -> None:
        system_id, name, desk = self.new_id.text().strip(), self.new_name.text().strip(), self._desk
        if not system_id or not name:
            self._focus_new()
            return
        self._selected = system_id
        self.new_id.clear()
        self.new_name.clear()
        self._write(lambda actor: desk.add_system(actor, system_id, name), "desk add")

    def remove_system(self) -> None:
        system_id, desk = self._selected, self._desk
        if system_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove system"), self.tr("Remove {id} from the board?").format(id=system_id)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._selected = None
        self._write(lambda actor: desk.remove_system(actor, system_id), "desk remove")

    def save_counts(self) -> None:
        restored, total, grade, desk = (
            self.restored.value(),
            self.total.value(),
            self.count_grade.currentData(),
            self._desk,
        )
        as_of = self.as_of.text().strip() or None
        self._write(
            lambda actor: desk.set_counts(actor, restored=restored, total=total, grade=grade, as_of=as_of),
            "desk counts",
        )

    def publish(self) -> None:
        out = self.out_dir.text().strip()
        if not out:
            self.out_dir.setFocus()
            return
        publisher = self._publisher
        self._write(lambda actor: publisher.publish(actor, out), "desk publish")

    def revert_selected(self) -> None:
        item = self.history.currentItem()
        if item is None:
            return
        version, desk = int(item.data(Qt.ItemDataRole.UserRole)), self._desk
        self._write(lambda actor: desk.revert(actor, version), "desk revert")


# --- the main window's entries (Settings menu) ------------------------------------------------


def install_menu_actions(window, menu) -> list:
    """Settings → Status desk… (supervisor) and Lobby display: added by the main window, which
    enables them with its other supervisor tools. Returns the actions."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog

    desk_action = QAction(QCoreApplication.translate("StatusDeskMenu", "Status &desk…"), window)
    lobby_action = QAction(QCoreApplication.translate("StatusDeskMenu", "&Lobby display"), window)

    def open_desk():
        actor = getattr(window, "actor", None)
        if window.is_locked() or actor is None or not actor.is_supervisor:
            return None
        dialog = QDialog(window)
        dialog.setWindowTitle(QCoreApplication.translate("StatusDeskMenu", "Status desk"))
        page = StatusDeskPage(
            window.ctx.desk,
            window.ctx.publisher,
            window.tasks,
            default_out=str(window.ctx.paths.root / "published"),
            parent=dialog,
        )
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)
        dialog.resize(1280, 700)
        page.set_actor(actor)
        dialog.finished.connect(dialog.deleteLater)
        window.status_desk_dialog = dialog
        dialog.open()
        page.focus_first()
        return dialog

    def open_lobby():
        from counter_app.ui.lobby import LobbyWindow

        status = window.ctx.status
        refresh = status.refresh if status.configured_sources() else None
        lobby = LobbyWindow(status.board, refresh=refresh, runner=window.tasks)
        lobby.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.lobby_window = lobby
        lobby.start(full_screen=True)
        return lobby

    desk_action.triggered.connect(open_desk)
    lobby_action.triggered.connect(open_lobby)
    menu.addAction(desk_action)
    menu.addAction(lobby_action)
    window.open_status_desk, window.open_lobby = open_desk, open_lobby
    return [desk_action, lobby_action]
