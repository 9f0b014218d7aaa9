"""The main window: a left navigation over five pages, a status bar, the lock and the menus.

Paint first, fill after: the window is constructed with nothing but its frame and a "starting"
view. At its first paint it looks at the office (`office_glance`: the office's names read with
plain sqlite3, no SQLAlchemy) and, when the database is current, puts up the sign-in at once
while the real context (SQLAlchemy, the migration check, the services) opens on the task
runner's writer lane; the sign-in's own check queues behind it on that lane, so a PIN typed
meanwhile simply waits for it. Otherwise (a new, old or damaged database, no office yet) it
opens the context first, on the writer lane too under "Starting…", then asks for the first-run
set-up or the sign-in. Only a context handed in already opened (the tests) is used directly. Each page is built
the first time it is shown; pages implement ui/page.py's `Page`.

While the office is open a timer checkpoints the SQLite WAL (PASSIVE, on the writer lane), so no
intake pays for it (offline/db.py).

The benchmark and the launch tests watch the window from outside (tests/helpers/launch_probe.py):
the `ready` signal says the sign-in (or the first-run dialog) is up.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import __version__
from counter_app.actor import Actor
from counter_app.errors import UserError
from counter_app.ui.page import Page
from counter_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

PAGE_KEYS = ("status", "procedures", "intake", "queue", "sync")
STATS_REFRESH_MS = 60_000
IDLE_MAX_MINUTES = 60  # the auto-lock cannot be switched off from the window
CHECKPOINT_MS = 30_000  # WAL checkpoint off the submit path, at most this long after a write


class _FirstPaint(QObject):
    """Calls `then` once, after `widget`'s first paint (or after FALLBACK_MS, whichever first)."""

    FALLBACK_MS = 1500  # a platform that never paints it still gets its context

    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self._fire)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._fire)  # after the paint has reached the screen
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def _after_first_paint(widget: QWidget | None, then: Callable[[], None]) -> None:
    if widget is None:
        QTimer.singleShot(0, then)
    else:
        _FirstPaint(widget, then)


class _PendingAccounts:
    """Stands in for ctx.accounts while the context opens on the writer lane: the sign-in's
    check runs on that lane too, behind the opening, and waits for it here (never on the GUI
    thread)."""

    def __init__(self, opened: concurrent.futures.Future):
        self._opened = opened

    def __getattr__(self, name: str):
        return getattr(self._opened.result().accounts, name)


class MainWindow(QMainWindow):
    signedIn = Signal(object)
    locked = Signal()
    ready = Signal()  # office open and the sign-in (or the workspace) is up

    def __init__(
        self,
        ctx: Any = None,
        *,
        context_factory: Callable[[], Any] | None = None,
        office_glance: Callable[[], Any] | None = None,
        settings: Any = None,
        demo: bool = False,
        idle_ms: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx: Any = ctx  # app.AppContext, once open
        self._context_factory = context_factory
        self._office_glance = office_glance  # () -> app.OfficeGlance | None, before the context opens
        self._early_settings = settings  # the data dir's Settings, while the context is not open yet
        self._opening: concurrent.futures.Future | None = None
        self._demo = demo
        self._idle_ms_override = idle_ms
        self.tasks = TaskRunner(parent=self)
        self.actor: Actor | None = None
        self.demo_info: Any = None
        self.office: Any = None  # the office row, or the app.OfficeGlance standing for it until then
        self.idle: Any = None  # ui.idle.IdleWatcher, once the office is ready
        self.sign_in_dialog: Any = None
        self.first_run_dialog: Any = None
        self.pages: dict[str, Page] = {}
        self._document_actions: Any = None  # ui.documents_print.DocumentActions, made on first use
        self._painted = False
        self._started = False
        self._closing = False

        self.setWindowTitle(self.tr("Counter support"))
        from counter_app.ui.fit import fit_window, install_screen_fitter

        fit_window(self)  # within the available screen; maximised on a 1366×768 laptop
        app = QCoreApplication.instance()
        if app is not None:
            install_screen_fitter(app)  # every dialog stays inside the screen
        self._build_views()
        self._build_menus()
        self._build_status_bar()
        self._stats_timer = QTimer(self)
        self._stats_timer.setInterval(STATS_REFRESH_MS)
        self._stats_timer.timeout.connect(self.update_queue_counts)
        self._checkpoint_timer = QTimer(self)
        self._checkpoint_timer.setInterval(CHECKPOINT_MS)
        self._checkpoint_timer.timeout.connect(self.checkpoint_database)

    # ---------------------------------------------------------------- construction
    def _build_views(self) -> None:
        self.outer = QStackedWidget()
        self.lock_view = QWidget()
        self.lock_view.setObjectName("lockView")
        lock_layout = QVBoxLayout(self.lock_view)
        self.lock_label = QLabel(self.tr("Starting…"))
        self.lock_label.setObjectName("lockLabel")
        # Top, not centre: the sign-in dialog opens in the centre and must not cover this text.
        self.lock_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.lock_label.setContentsMargins(0, 48, 0, 0)
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet("font-size: 14pt; color: #555;")
        lock_layout.addWidget(self.lock_label)

        self.workspace = QWidget()
        self.workspace.setObjectName("workspace")
        work_layout = QHBoxLayout(self.workspace)
        work_layout.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 10px 8px; }")
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("pageStack")
        for number, (key, label) in enumerate(zip(PAGE_KEYS, self.nav_labels()), start=1):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"Ctrl+{number}")
            self.nav.addItem(item)
            self.page_stack.addWidget(QWidget())  # replaced by the real page when first shown
        self.nav.currentRowChanged.connect(self._show_row)
        work_layout.addWidget(self.nav)
        work_layout.addWidget(self.page_stack, 1)

        self.outer.addWidget(self.lock_view)
        self.outer.addWidget(self.workspace)
        self.setCentralWidget(self.outer)

    def nav_labels(self) -> list[str]:
        return [
            self.tr("Service status"),
            self.tr("Procedures"),
            self.tr("Complaint intake"),
            self.tr("Case queue"),
            self.tr("Sync"),
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.lock_action = QAction(self.tr("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(lambda: self.lock())
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        settings_menu = bar.addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("ko", "한국어"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setData(code)
            self.language_group.addAction(action)
            language_menu.addAction(action)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_actions[code] = action
        # the auto-lock limit is the office's policy: a supervisor sets it (1-60 minutes, never "off")
        self.idle_action = idle_action = QAction(self.tr("Lock after idle &minutes…"), self)
        idle_action.triggered.connect(self._ask_idle_minutes)
        settings_menu.addAction(idle_action)
        # supervisor tools: enabled for a signed-in supervisor only (_set_workspace_actions)
        settings_menu.setToolTipsVisible(True)
        settings_menu.addSeparator()
        self.status_sources_action = QAction(self.tr("Status &sources…"), self)
        self.status_sources_action.triggered.connect(self.open_status_sources)
        self.outage_action = QAction(self.tr("&Outage periods…"), self)
        self.outage_action.triggered.connect(self.open_outage_periods)
        settings_menu.addAction(self.status_sources_action)
        settings_menu.addAction(self.outage_action)
        from counter_app.ui.status_desk_page import install_menu_actions  # the status desk and lobby (issue 11)

        self.desk_actions = install_menu_actions(self, settings_menu)

        # printed documents (issue 9): verify from every page, the outage notice
        documents_menu = bar.addMenu(self.tr("&Documents"))
        self.verify_action = QAction(self.tr("&Verify a document…"), self)
        self.verify_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.verify_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.verify_action.triggered.connect(self.open_verify)
        self.notice_action = QAction(self.tr("Print the outage &notice"), self)
        self.notice_action.triggered.connect(self.print_notice)
        documents_menu.addAction(self.verify_action)
        documents_menu.addAction(self.notice_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

        # Ctrl+F: the search (or filter) box of the page on screen, wherever it has one.
        self.find_action = QAction(self.tr("&Find"), self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        # Ctrl+1..5 and Alt+1..5 jump to the pages (Alt for keyboards where Ctrl+digit is taken).
        for number in range(1, len(PAGE_KEYS) + 1):
            action = QAction(self)
            action.setShortcuts([QKeySequence(f"Ctrl+{number}"), QKeySequence(f"Alt+{number}")])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, row=number - 1: self.go_to_row(row))
            self.addAction(action)
        self._set_workspace_actions(False)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.office_status = QLabel()
        self.office_status.setObjectName("officeStatus")
        self.operator_status = QLabel()
        self.operator_status.setObjectName("operatorStatus")
        self.queue_status = QLabel()
        self.queue_status.setObjectName("queueStatus")
        for label in (self.office_status, self.operator_status, self.queue_status):
            bar.addPermanentWidget(label)

    # ---------------------------------------------------------------- start-up (after first paint)
    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._start)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Some platforms paint children only; make sure the start-up still happens.
        QTimer.singleShot(0, self._ensure_started_after_show)

    def _ensure_started_after_show(self) -> None:
        if not self._painted:
            self.update()

    @property
    def settings(self):
        """The data directory's settings (the context's once it is open)."""
        return self.ctx.settings if self.ctx is not None else self._early_settings

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        glance = self._office_glance() if self.ctx is None and self._office_glance is not None else None
        if glance is not None and self._early_settings is not None:
            # A current database with an office: the sign-in first, the context behind it, started
            # once the sign-in has painted (SQLAlchemy's import would otherwise compete with the
            # dialog for the interpreter).
            self.office = glance
            self._opening = concurrent.futures.Future()
            self._office_ready()
            _after_first_paint(self.sign_in_dialog, self._open_context_on_writer_lane)
            return
        if self.ctx is None:
            # A new, old or damaged database, or no office yet: open (migrate, seed the demo) on the
            # writer lane under "Starting…", then the first run or the sign-in (_context_opened).
            self._opening = concurrent.futures.Future()
            self._open_context_on_writer_lane()
            return
        try:  # an already opened context (the tests): everything is at hand
            if self._demo:
                from counter_app.demo import ensure_demo_office

                self.demo_info = ensure_demo_office(self.ctx)
            self.office = self.ctx.office.get()
        except UserError as exc:
            self._fatal(exc.text())
            return
        if self.office is None:
            self._open_first_run()
        else:
            self._office_ready()

    def _open_context_on_writer_lane(self) -> None:
        opened = self._opening
        factory, demo = self._context_factory, self._demo
        if opened is None or opened.running() or opened.done() or self._closing:
            return
        opened.set_running_or_notify_cancel()

        def open_office(_task):
            try:
                ctx = factory()
                try:
                    demo_info = None
                    if demo:
                        from counter_app.demo import ensure_demo_office

                        demo_info = ensure_demo_office(ctx)
                    office = ctx.office.get()
                except BaseException:
                    ctx.close()
                    raise
            except BaseException as exc:
                opened.set_exception(exc)  # a sign-in queued behind this one gets the same error
                raise
            opened.set_result(ctx)  # before the lane takes its next task (the sign-in's check)
            return ctx, office, demo_info

        self.tasks.write(open_office, name="open office", on_result=self._context_opened, on_error=self._context_failed)

    def _context_opened(self, result) -> None:
        ctx, office, demo_info = result
        self.ctx, self.demo_info = ctx, demo_info
        if self._closing:
            return
        glanced, self.office = self.office, office
        if glanced is not None and office is not None and office.terminal_id == glanced.terminal_id:
            self._checkpoint_timer.start()  # the sign-in is up already, from the glance
            return
        if self.sign_in_dialog is not None:  # no glance, or the office changed under us
            self.sign_in_dialog.hide()
        if office is None:
            self._open_first_run()
        else:
            self._office_ready()

    def _context_failed(self, exc: BaseException) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.hide()
        if isinstance(exc, UserError):
            self._fatal(exc.text())
        else:  # a fault: the task runner logged it
            self._fatal(self.tr("The office data could not be opened; details are in the log file."))

    def _fatal(self, text: str) -> None:
        """The office data cannot be opened (newer schema, damaged file): say why and stop."""
        self.lock_label.setText(text)
        box = QMessageBox(
            QMessageBox.Icon.Critical, self.tr("Cannot start"), text, QMessageBox.StandardButton.Close, self
        )
        box.finished.connect(lambda _r: self.close())
        box.open()
        self.fatal_box = box

    def _open_first_run(self) -> None:
        from counter_app.ui.first_run import FirstRunDialog

        self.lock_label.setText(self.tr("This terminal is not set up yet."))
        dialog = FirstRunDialog(self.ctx, self, tasks=self.tasks)
        dialog.officeCreated.connect(self._first_run_done)
        dialog.rejected.connect(self.close)
        self.first_run_dialog = dialog
        dialog.open()

    def _first_run_done(self) -> None:
        self.office = self.ctx.office.get()
        self._office_ready()

    def _office_ready(self) -> None:
        office = self.office
        self.setWindowTitle(
            self.tr("{office} — counter support ({terminal})").format(
                office=office.office_name, terminal=office.terminal_id
            )
        )
        self.office_status.setText(
            self.tr("{office} · terminal {terminal}").format(
                office=f"{office.sigungu_name} {office.dong_name}", terminal=office.terminal_id
            )
        )
        # 0 ("never") or more than the policy's limit, e.g. hand-edited in settings.json: the limit holds
        minutes = min(max(int(self.settings.get("idle_lock_minutes") or IDLE_MAX_MINUTES), 1), IDLE_MAX_MINUTES)
        idle_ms = self._idle_ms_override if self._idle_ms_override is not None else minutes * 60_000
        from counter_app.ui.idle import IdleWatcher

        self.idle = IdleWatcher(cast(QObject, QCoreApplication.instance()), idle_ms, self)
        self.idle.idle.connect(self._idle_lock)
        current = self.settings.get("language")
        if current in self.language_actions:
            self.language_actions[current].setChecked(True)
        self._update_operator_status()
        if self.ctx is not None:
            self._checkpoint_timer.start()
        self.lock(reason="", save=False)
        self.ready.emit()

    # ---------------------------------------------------------------- signing in and locking
    def lock(self, reason: str = "", *, save: bool = True) -> None:
        """Hide the workspace behind the sign-in. Drafts are saved first."""
        if self.office is None:
            return
        if save:
            self.autosave_drafts()
        for page in self.pages.values():
            page.on_lock()
        if self._document_actions is not None:
            self._document_actions.close_all()  # a preview or verify dialog shows a name
        if self.idle is not None:
            self.idle.stop()
        self.outer.setCurrentWidget(self.lock_view)
        self.lock_label.setText(self.tr("Locked. Sign in to continue."))
        self._set_workspace_actions(False)
        self.locked.emit()
        self._show_sign_in(reason)

    def _idle_lock(self) -> None:
        if self.outer.currentWidget() is self.lock_view:
            return
        minutes = max(1, round(self.idle.interval_ms / 60_000)) if self.idle else 0
        self.lock(self.tr("Locked after {n} minutes without input. Drafts were saved.").format(n=minutes))

    def sign_out(self) -> None:
        self.autosave_drafts()
        self.actor = None
        for page in self.pages.values():
            page.set_actor(None)
        self._update_operator_status()
        self.lock(self.tr("Signed out."), save=False)

    def _show_sign_in(self, reason: str) -> None:
        from counter_app.ui.sign_in import SignInDialog

        if self.sign_in_dialog is not None:
            self.sign_in_dialog.deleteLater()
        hint = None
        if self.office is not None and self.office.demo:
            from counter_app.demo import DEMO_CLERK, DEMO_PASSPHRASE, DEMO_SUPERVISOR

            hint = self.tr(
                "Demo office: clerk {clerk} / PIN {clerk_pin}, supervisor {supervisor} / PIN "
                "{supervisor_pin}, supervisor passphrase {passphrase}."
            ).format(
                clerk=DEMO_CLERK[0],
                clerk_pin=DEMO_CLERK[2],
                supervisor=DEMO_SUPERVISOR[0],
                supervisor_pin=DEMO_SUPERVISOR[2],
                passphrase=DEMO_PASSPHRASE,
            )
        accounts = (
            self.ctx.accounts
            if self.ctx is not None
            else _PendingAccounts(cast(concurrent.futures.Future, self._opening))
        )
        dialog = SignInDialog(
            accounts, office_name=self.office.office_name, demo_hint=hint, reason=reason, tasks=self.tasks, parent=self
        )
        dialog.signedIn.connect(self.unlock_as)
        dialog.quitRequested.connect(self.close)
        dialog.rejected.connect(self._sign_in_closed)
        self.sign_in_dialog = dialog
        dialog.open()

    def _sign_in_closed(self) -> None:
        """The sign-in was closed without signing in: nothing may be shown, so the program ends."""
        if not self._closing and self.is_locked():
            self.close()

    def unlock_as(self, actor: Actor) -> None:
        """Show the workspace for a signed-in operator (the sign-in dialog calls this)."""
        changed = self.actor is None or self.actor.id != actor.id
        self.actor = actor
        for page in self.pages.values():
            page.set_actor(actor)
        self.outer.setCurrentWidget(self.workspace)
        self._set_workspace_actions(True)
        self._update_operator_status()
        if self.idle is not None:
            self.idle.start()
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        elif changed:
            self._show_row(self.nav.currentRow())
        self._stats_timer.start()
        QTimer.singleShot(0, self.update_queue_counts)
        # The sign-in dialog took the keyboard; give it back so Ctrl+1..5 work at once.
        self.activateWindow()
        self.nav.setFocus()
        self.signedIn.emit(actor)

    def _set_workspace_actions(self, enabled: bool) -> None:
        self.find_action.setEnabled(enabled)
        self.verify_action.setEnabled(enabled)
        self.notice_action.setEnabled(enabled)
        self.lock_action.setEnabled(enabled)
        self.sign_out_action.setEnabled(enabled)
        supervisor = enabled and self.actor is not None and self.actor.is_supervisor
        hint = "" if supervisor else self.tr("Only a signed-in supervisor can change this.")
        for action in (self.status_sources_action, self.outage_action, self.idle_action, *self.desk_actions):
            action.setEnabled(supervisor)
            action.setToolTip(hint or action.text().replace("&", ""))

    def is_locked(self) -> bool:
        return self.outer.currentWidget() is not self.workspace

    def _update_operator_status(self) -> None:
        if self.actor is None:
            self.operator_status.setText(self.tr("not signed in"))
        else:
            role = self.tr("supervisor") if self.actor.is_supervisor else self.tr("clerk")
            self.operator_status.setText(
                self.tr("{name} ({staff_id}, {role})").format(name=self.actor.name, staff_id=self.actor.id, role=role)
            )

    # ---------------------------------------------------------------- pages
    def go_to(self, key: str) -> None:
        self.go_to_row(PAGE_KEYS.index(key))

    def go_to_row(self, row: int) -> None:
        if self.is_locked() or not 0 <= row < len(PAGE_KEYS):
            return
        self.nav.setCurrentRow(row)
        # A page chosen by its shortcut takes the keyboard at its first field (not the sidebar).
        self.focus_page()

    def current_page(self) -> Page | None:
        key = self.current_page_key()
        return self.pages.get(key) if key is not None else None

    def focus_page(self) -> None:
        """Put the keyboard in the page on screen: its own first field, else the first control of
        its Tab chain."""
        page = self.current_page()
        if page is None or self.is_locked():
            return
        widget = cast(QWidget, page)
        if not page.focus_first():
            from counter_app.ui.fit import first_focusable

            target = first_focusable(widget)
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_search(self) -> None:
        """Ctrl+F: the page's search box, if it has one."""
        page = self.current_page()
        if page is not None and not self.is_locked():
            page.search_focus()

    def current_page_key(self) -> str | None:
        row = self.nav.currentRow()
        return PAGE_KEYS[row] if 0 <= row < len(PAGE_KEYS) else None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(PAGE_KEYS[row])
        self.page_stack.setCurrentWidget(cast(QWidget, page))
        page.on_shown()

    def page(self, key: str) -> Page:
        """The page for `key`, built on first use (start-up builds none of them)."""
        existing = self.pages.get(key)
        if existing is not None:
            return existing
        row = PAGE_KEYS.index(key)
        page = getattr(self, f"_make_{key}_page")()
        if not isinstance(page, Page) or not isinstance(page, QWidget):  # caught by the first test opening it
            raise TypeError(f"the {key} page is not a QWidget implementing ui.page.Page")
        placeholder = cast(QWidget, self.page_stack.widget(row))
        self.page_stack.insertWidget(row, page)
        self.page_stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[key] = page
        if self.actor is not None:
            page.set_actor(self.actor)
        return page

    def open_procedure(self, procedure_id: str) -> None:
        self.go_to("procedures")
        page = self.page("procedures")
        open_guide = getattr(page, "open_guide", None)  # what the procedures page adds to Page
        if open_guide is not None:
            open_guide(procedure_id)  # at the guide's first step

    def _open_intake_prefilled(self, form: dict, _walk_id: str) -> None:
        """A guide's "open the intake form" action: the intake page, filled with what the walk captured."""
        self.go_to("intake")
        page = self.page("intake")
        prefill = getattr(page, "prefill", None)
        if prefill is not None:
            prefill(form)

    def _make_status_page(self) -> Page:
        try:
            from counter_app.ui.status_page import StatusPage

            page = StatusPage(self.ctx.status, self.ctx.settings, self.tasks, parent=self)
            page.procedureRequested.connect(self.open_procedure)
            return page
        except Exception as exc:  # the board is helpful, not essential: the counter keeps working
            log.error("status page unavailable: %s", type(exc).__name__, exc_info=True)
            from counter_app.ui.placeholder_pages import StatusPlaceholderPage

            return StatusPlaceholderPage(self)

    def _make_procedures_page(self) -> Page:
        from counter_app.ui.procedure_page import ProcedurePage

        page = ProcedurePage(self.ctx.procedures, self.tasks, parent=self)
        page.intakeRequested.connect(self._open_intake_prefilled)
        page.printRequested.connect(self._print_from_guide)
        return page

    # ---------------------------------------------------------------- printed documents (issue 9)
    def document_actions(self):
        """The window's own DocumentActions (no Ctrl+P: the pages keep theirs), for the guides'
        print steps and Documents → Verify / outage notice."""
        if self._document_actions is None:
            from counter_app.ui.documents_print import DocumentActions

            self._document_actions = DocumentActions(
                self,
                lambda: self.ctx.documents,
                self.tasks,
                selected=self._queue_selected_receipt_no,
                actor=lambda: self.actor,
                shortcut=False,
            )
        return self._document_actions

    def _queue_selected_receipt_no(self) -> str | None:
        selected = getattr(self.pages.get("queue"), "selected_receipt_no", None)
        return selected() if selected is not None else None

    def open_verify(self):
        """Documents → Verify a document… (Ctrl+Shift+V), from whichever page is on screen."""
        if self.is_locked() or self.ctx is None or self.actor is None:
            return None
        actions = self.document_actions()
        actions.open_verify()
        return actions.verify_dialog

    def print_notice(self) -> None:
        if not self.is_locked() and self.ctx is not None and self.actor is not None:
            self.document_actions().print_document("notice")

    def _print_from_guide(self, action: str, receipt_no: str) -> None:
        """A guide's print step: the notice; or the receipt / interim confirmation of the case the
        walk's intake form saved, else of the number the clerk types (the queue's selected case
        offered)."""
        if self.is_locked() or self.ctx is None or self.actor is None:
            return
        actions = self.document_actions()
        if action == "print_notice":
            actions.print_document("notice")
            return
        typ = "receipt" if action == "print_receipt" else "interim"
        if receipt_no:
            actions.print_document(typ, receipt_no)
        else:
            actions.ask_receipt_and_print(typ, self._queue_selected_receipt_no() or "")

    def _make_intake_page(self) -> Page:
        from counter_app.ui.intake_page import IntakePage

        page = IntakePage(self.ctx.queue, self.ctx.catalogue, parent=self, tasks=self.tasks)  # writes on its lane
        page.caseSaved.connect(self._case_saved)
        return page

    def _make_queue_page(self) -> Page:
        from counter_app.intake import CATEGORIES
        from counter_app.ui.queue_page import QueuePage

        labels = {key: msg.text() for key, msg in CATEGORIES.items()}
        page = QueuePage(self.ctx.queue, self.ctx.office, category_labels=labels, tasks=self.tasks, parent=self)
        page.caseEdited.connect(lambda _case_id: self.update_queue_counts())  # a fixed case may leave quarantine
        from counter_app.ui.documents_print import DocumentActions

        # Ctrl+P, then R (receipt) or I (interim confirmation) for the selected case (issue 9)
        page.document_actions = DocumentActions(
            page, lambda: self.ctx.documents, self.tasks, selected=page.selected_receipt_no, actor=page.current_actor
        )
        return page

    def _make_sync_page(self) -> Page:
        from counter_app.ui.sync_page import SyncPage

        return SyncPage(self.ctx.sync, self.ctx.office, self.tasks, self)

    def _case_saved(self, case_id: str, receipt_no: str) -> None:
        case_saved = getattr(self.pages.get("procedures"), "case_saved", None)
        if case_saved is not None:
            case_saved(case_id, receipt_no)  # the guide walk that opened the form names its case
        for key in ("queue", "sync"):
            page = self.pages.get(key)
            if page is not None:
                page.refresh()
        self.update_queue_counts()
        self.statusBar().showMessage(self.tr("Saved {receipt}").format(receipt=receipt_no), 10_000)

    def update_queue_counts(self) -> None:
        if self.ctx is None or self.office is None or self.actor is None:
            return
        try:
            stats = self.ctx.queue.stats()
        except UserError as exc:
            self.queue_status.setText(exc.text())
            return
        by_state = stats.get("by_state", {})
        from counter_app.cases.states import DRAFT, FINAL_STATES  # the one home of case states

        unsent = sum(n for state, n in by_state.items() if state not in (*FINAL_STATES, DRAFT))
        # the queue page lists no drafts (a half-typed form is not a case yet): neither does this
        total = sum(n for state, n in by_state.items() if state != DRAFT)
        self.queue_status.setText(self.tr("Queue: {unsent} unsent / {total} total").format(unsent=unsent, total=total))

    def open_status_sources(self):
        """Settings → Status sources…: the status page's dialog (supervisor only)."""
        if self.is_locked() or self.actor is None or not self.actor.is_supervisor:
            return None
        page = self.page("status")
        open_dialog = getattr(page, "open_sources_dialog", None)  # not on the placeholder page
        return open_dialog() if open_dialog is not None else None

    def open_outage_periods(self):
        """Settings → Outage periods… (supervisor only); the queue views follow the new due dates."""
        if self.is_locked() or self.actor is None or not self.actor.is_supervisor:
            return None
        from counter_app.ui.outage_dialog import OutageDialog

        dialog = OutageDialog(
            self.ctx.queue, self.actor, clock=self.ctx.clock, parent=self, tasks=self.tasks
        )  # its changes run on the writer lane
        dialog.windowsChanged.connect(self._refresh_queue_views)
        dialog.finished.connect(dialog.deleteLater)
        self.outage_dialog = dialog
        dialog.open()
        return dialog

    def _refresh_queue_views(self) -> None:
        for key in ("queue", "sync"):
            page = self.pages.get(key)
            if page is not None:
                page.refresh()
        self.update_queue_counts()

    # ---------------------------------------------------------------- drafts, settings, about
    def autosave_drafts(self) -> None:
        for page in self.pages.values():
            page.autosave()

    def checkpoint_database(self):
        """Copy the WAL into the database file (PASSIVE) on the writer lane, when anything was
        written since the last one. Returns the task handle, or None when there was nothing to do."""
        db = getattr(self.ctx, "db", None)
        if db is None or not db.writes_since_checkpoint or self._closing:
            return None
        return self.tasks.write(lambda _task: db.checkpoint(), name="checkpoint")

    def set_language(self, code: str) -> None:
        if self.settings is None:
            return
        self.settings.set("language", code)
        self.statusBar().showMessage(self.tr("The language changes when the program is restarted."), 15_000)

    def set_idle_minutes(self, minutes: int) -> None:
        minutes = min(max(int(minutes), 1), IDLE_MAX_MINUTES)
        self.settings.set("idle_lock_minutes", minutes)
        if self.idle is not None:
            self.idle.set_interval(int(minutes) * 60_000)
            if not self.is_locked():
                self.idle.start()

    def _ask_idle_minutes(self) -> None:
        if self.settings is None or self.actor is None or not self.actor.is_supervisor:
            return  # the office's policy, not a clerk's choice
        current = min(max(int(self.settings.get("idle_lock_minutes") or IDLE_MAX_MINUTES), 1), IDLE_MAX_MINUTES)
        minutes, ok = QInputDialog.getInt(
            self,
            self.tr("Idle lock"),
            self.tr("Lock the window after this many minutes without input (1 to 60; the office's policy):"),
            current,
            1,
            IDLE_MAX_MINUTES,
        )
        if ok:
            self.set_idle_minutes(minutes)

    def about_text(self) -> str:
        data_dir = str(self.ctx.paths.root) if self.ctx else "-"
        log_file = str(self.ctx.paths.log_file) if self.ctx else "-"
        return self.tr(
            "counter_app {version}\nCounter support for community centres during central-system "
            "outages.\n\nData folder: {data}\nLog file: {log}"
        ).format(version=__version__, data=data_dir, log=log_file)

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About counter_app"),
            self.about_text(),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about_box = box
        box.open()

    # ---------------------------------------------------------------- closing
    def dispose(self) -> None:
        """After the event loop ends: join the background tasks and close the office context,
        also one that was still opening on the writer lane when the program was told to quit."""
        self.tasks.shutdown()
        ctx = self.ctx
        opening = self._opening
        if ctx is None and opening is not None and opening.done() and opening.exception() is None:
            ctx = opening.result()
        if ctx is not None:
            ctx.close()

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self._closing:
            self._closing = True
            try:
                self.autosave_drafts()
            except UserError as exc:
                log.error("could not save the draft on close: %s", type(exc).__name__)
            self._stats_timer.stop()
            self._checkpoint_timer.stop()
            if self.idle is not None:
                self.idle.dispose()
            for page in self.pages.values():  # the status page stops its polling timer
                page.stop()
            self.tasks.shutdown()
        super().closeEvent(event)
