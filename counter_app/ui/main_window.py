"""The main window: a left navigation over five pages, a status bar, the lock and the menus.

Paint first, fill after: the window is constructed with nothing but its frame and a "starting"
view. At its first paint it opens the office data (or receives an already opened context),
asks for the first-run set-up or a sign-in, and builds each page the first time it is shown.

Benchmark hook: with COUNTER_APP_EXIT_AFTER_PAINT=1 the window prints
`first_paint_ms <ms>` at its first paintEvent and `ready_ms <ms>` (then `title ...` and
`nav ...`, for the launch tests) once the office is open and the sign-in is up (ms since COUNTER_APP_T0, a time.time() value set by the benchmark, else
since the window was created), then quits. The sign-in is NOT skipped: the benchmark measures to
the first painted window, which is the locked window the sign-in appears over.
Screenshot hook: COUNTER_APP_SCREENSHOT=path.png saves QWidget.grab() of the window once it is
filled and quits; in a demo office only, COUNTER_APP_SCREENSHOT_PAGE=status|procedures|intake|
queue|sync signs in as the demo supervisor and opens that page first.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget)

from counter_app import __version__
from counter_app.actor import Actor
from counter_app.errors import UserError
from counter_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

ENV_EXIT_AFTER_PAINT = "COUNTER_APP_EXIT_AFTER_PAINT"
ENV_T0 = "COUNTER_APP_T0"
ENV_SCREENSHOT = "COUNTER_APP_SCREENSHOT"
ENV_SCREENSHOT_PAGE = "COUNTER_APP_SCREENSHOT_PAGE"

PAGE_KEYS = ("status", "procedures", "intake", "queue", "sync")
STATS_REFRESH_MS = 60_000


class MainWindow(QMainWindow):
    signedIn = Signal(object)
    locked = Signal()
    ready = Signal()  # office open and the sign-in (or the workspace) is up

    def __init__(self, ctx=None, *, context_factory: Optional[Callable[[], object]] = None, demo: bool = False,
                 idle_ms: Optional[int] = None, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._t0 = float(os.environ.get(ENV_T0) or time.time())
        self.ctx = ctx
        self._context_factory = context_factory
        self._demo = demo
        self._idle_ms_override = idle_ms
        self.tasks = TaskRunner(parent=self)
        self.actor: Optional[Actor] = None
        self.demo_info = None
        self.office = None
        self.idle = None
        self.sign_in_dialog = None
        self.first_run_dialog = None
        self.pages: dict[str, QWidget] = {}
        self._painted = False
        self._started = False
        self._closing = False
        self._bench = os.environ.get(ENV_EXIT_AFTER_PAINT) == "1"
        self._screenshot = os.environ.get(ENV_SCREENSHOT)

        self.setWindowTitle(self.tr("Counter support"))
        self.resize(1200, 800)
        self._build_views()
        self._build_menus()
        self._build_status_bar()
        self._stats_timer = QTimer(self)
        self._stats_timer.setInterval(STATS_REFRESH_MS)
        self._stats_timer.timeout.connect(self.update_queue_counts)

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
        return [self.tr("Service status"), self.tr("Procedures"), self.tr("Complaint intake"),
                self.tr("Case queue"), self.tr("Sync")]

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
        idle_action = QAction(self.tr("Lock after idle &minutes…"), self)
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

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

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
            if self._bench:
                self._bench_print("first_paint_ms")
            QTimer.singleShot(0, self._start)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Some platforms paint children only; make sure the start-up still happens.
        QTimer.singleShot(0, self._ensure_started_after_show)

    def _ensure_started_after_show(self) -> None:
        if not self._painted:
            self.update()

    def _bench_print(self, label: str) -> None:
        sys.stdout.write(f"{label} {(time.time() - self._t0) * 1000:.1f}\n")
        sys.stdout.flush()

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        if self.ctx is None:
            try:
                self.ctx = self._context_factory()
            except UserError as exc:
                self._fatal(exc.text())
                return
        try:
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

    def _fatal(self, text: str) -> None:
        """The office data cannot be opened (newer schema, damaged file): say why and stop."""
        self.lock_label.setText(text)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Cannot start"), text,
                          QMessageBox.StandardButton.Close, self)
        box.finished.connect(lambda _r: self.close())
        box.open()
        self.fatal_box = box

    def _open_first_run(self) -> None:
        from counter_app.ui.first_run import FirstRunDialog

        self.lock_label.setText(self.tr("This terminal is not set up yet."))
        dialog = FirstRunDialog(self.ctx, self)
        dialog.officeCreated.connect(self._first_run_done)
        dialog.rejected.connect(self.close)
        self.first_run_dialog = dialog
        dialog.open()

    def _first_run_done(self) -> None:
        self.office = self.ctx.office.get()
        self._office_ready()

    def _office_ready(self) -> None:
        office = self.office
        self.setWindowTitle(self.tr("{office} — counter support ({terminal})").format(
            office=office.office_name, terminal=office.terminal_id))
        self.office_status.setText(self.tr("{office} · terminal {terminal}").format(
            office=f"{office.sigungu_name} {office.dong_name}", terminal=office.terminal_id))
        minutes = self.ctx.settings.get("idle_lock_minutes")
        idle_ms = self._idle_ms_override if self._idle_ms_override is not None else minutes * 60_000
        from counter_app.ui.idle import IdleWatcher

        self.idle = IdleWatcher(QCoreApplication.instance(), idle_ms, self)
        self.idle.idle.connect(self._idle_lock)
        current = self.ctx.settings.get("language")
        if current in self.language_actions:
            self.language_actions[current].setChecked(True)
        self._update_operator_status()
        screenshot_page = os.environ.get(ENV_SCREENSHOT_PAGE) if self._screenshot else None
        if screenshot_page and self.office.demo and self.demo_info is not None:
            self._screenshot_sign_in(screenshot_page)
        else:
            self.lock(reason="", save=False)
        self.ready.emit()
        if self._bench:
            self._bench_print("ready_ms")
            # What a launch test checks: the language the window came up in.
            sys.stdout.write(f"title {self.windowTitle()}\nnav {' | '.join(self.nav_labels())}\n")
            sys.stdout.flush()
            QTimer.singleShot(0, QCoreApplication.quit)
        elif self._screenshot and not screenshot_page:
            QTimer.singleShot(300, self._take_screenshot)

    # ---------------------------------------------------------------- signing in and locking
    def lock(self, reason: str = "", *, save: bool = True) -> None:
        """Hide the workspace behind the sign-in. Drafts are saved first."""
        if self.ctx is None or self.office is None:
            return
        if save:
            self.autosave_drafts()
        for page in self.pages.values():
            if hasattr(page, "on_lock"):
                page.on_lock()
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
            if hasattr(page, "set_actor"):
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

            hint = self.tr("Demo office: clerk {clerk} / PIN {clerk_pin}, supervisor {supervisor} / PIN "
                           "{supervisor_pin}, supervisor passphrase {passphrase}.").format(
                clerk=DEMO_CLERK[0], clerk_pin=DEMO_CLERK[2], supervisor=DEMO_SUPERVISOR[0],
                supervisor_pin=DEMO_SUPERVISOR[2], passphrase=DEMO_PASSPHRASE)
        dialog = SignInDialog(self.ctx.accounts, office_name=self.office.office_name, demo_hint=hint,
                              reason=reason, tasks=self.tasks, parent=self)
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
            if hasattr(page, "set_actor"):
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
        self.lock_action.setEnabled(enabled)
        self.sign_out_action.setEnabled(enabled)
        supervisor = enabled and self.actor is not None and self.actor.is_supervisor
        hint = "" if supervisor else self.tr("Only a signed-in supervisor can change this.")
        for action in (self.status_sources_action, self.outage_action):
            action.setEnabled(supervisor)
            action.setToolTip(hint or action.text().replace("&", ""))

    def is_locked(self) -> bool:
        return self.outer.currentWidget() is not self.workspace

    def _update_operator_status(self) -> None:
        if self.actor is None:
            self.operator_status.setText(self.tr("not signed in"))
        else:
            role = self.tr("supervisor") if self.actor.is_supervisor else self.tr("clerk")
            self.operator_status.setText(self.tr("{name} ({staff_id}, {role})").format(
                name=self.actor.name, staff_id=self.actor.id, role=role))

    # ---------------------------------------------------------------- pages
    def go_to(self, key: str) -> None:
        self.go_to_row(PAGE_KEYS.index(key))

    def go_to_row(self, row: int) -> None:
        if self.is_locked() or not 0 <= row < len(PAGE_KEYS):
            return
        self.nav.setCurrentRow(row)

    def current_page_key(self) -> Optional[str]:
        row = self.nav.currentRow()
        return PAGE_KEYS[row] if 0 <= row < len(PAGE_KEYS) else None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(PAGE_KEYS[row])
        self.page_stack.setCurrentWidget(page)

    def page(self, key: str) -> QWidget:
        """The page for `key`, built on first use (start-up builds none of them)."""
        existing = self.pages.get(key)
        if existing is not None:
            return existing
        row = PAGE_KEYS.index(key)
        page = getattr(self, f"_make_{key}_page")()
        placeholder = self.page_stack.widget(row)
        self.page_stack.insertWidget(row, page)
        self.page_stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[key] = page
        if self.actor is not None and hasattr(page, "set_actor"):
            page.set_actor(self.actor)
        return page

    def open_procedure(self, procedure_id: str) -> None:
        self.go_to("procedures")
        page = self.page("procedures")
        if hasattr(page, "open_guide"):
            page.open_guide(procedure_id)  # at the guide's first step

    def _open_intake_prefilled(self, form: dict, _walk_id: str) -> None:
        """A guide's "open the intake form" action: the intake page, filled with what the walk captured."""
        self.go_to("intake")
        page = self.page("intake")
        if hasattr(page, "prefill"):
            page.prefill(form)

    def _make_status_page(self) -> QWidget:
        try:
            from counter_app.ui.status_page import StatusPage

            page = StatusPage(self.ctx.status, self.ctx.settings, self.tasks, parent=self)
            page.procedureRequested.connect(self.open_procedure)
            return page
        except Exception as exc:  # the board is helpful, not essential: the counter keeps working
            log.error("status page unavailable: %s", type(exc).__name__, exc_info=True)
            from counter_app.ui.placeholder_pages import StatusPlaceholderPage

            return StatusPlaceholderPage(self)

    def _make_procedures_page(self) -> QWidget:
        from counter_app.ui.procedure_page import ProcedurePage

        page = ProcedurePage(self.ctx.procedures, self.tasks, parent=self)
        page.intakeRequested.connect(self._open_intake_prefilled)
        return page

    def _make_intake_page(self) -> QWidget:
        from counter_app.ui.intake_page import IntakePage

        page = IntakePage(self.ctx.queue, self.ctx.catalogue, parent=self)
        page.caseSaved.connect(self._case_saved)
        return page

    def _make_queue_page(self) -> QWidget:
        from counter_app.intake import CATEGORIES
        from counter_app.ui.queue_page import QueuePage

        labels = {key: msg.text() for key, msg in CATEGORIES.items()}
        page = QueuePage(self.ctx.queue, self.ctx.office, category_labels=labels, parent=self)
        page.caseEdited.connect(lambda _case_id: self.update_queue_counts())  # a fixed case may leave quarantine
        return page

    def _make_sync_page(self) -> QWidget:
        from counter_app.ui.placeholder_pages import SyncPage

        return SyncPage(self.ctx.queue.stats, self)

    def _case_saved(self, case_id: str, receipt_no: str) -> None:
        procedures = self.pages.get("procedures")
        if procedures is not None and hasattr(procedures, "case_saved"):
            procedures.case_saved(case_id)  # the guide walk that opened the form names its case
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
        unsent = sum(n for state, n in by_state.items() if state not in ("SENT", "REGISTERED_MANUALLY", "DRAFT"))
        self.queue_status.setText(self.tr("Queue: {unsent} unsent / {total} total").format(
            unsent=unsent, total=stats.get("total", 0)))

    def open_status_sources(self):
        """Settings → Status sources…: the status page's dialog (supervisor only)."""
        if self.is_locked() or self.actor is None or not self.actor.is_supervisor:
            return None
        page = self.page("status")
        return page.open_sources_dialog() if hasattr(page, "open_sources_dialog") else None

    def open_outage_periods(self):
        """Settings → Outage periods… (supervisor only); the queue views follow the new due dates."""
        if self.is_locked() or self.actor is None or not self.actor.is_supervisor:
            return None
        from counter_app.ui.outage_dialog import OutageDialog

        dialog = OutageDialog(self.ctx.queue, self.actor, clock=self.ctx.clock, parent=self)
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
        page = self.pages.get("intake")
        if page is not None:
            page.autosave()
        procedures = self.pages.get("procedures")
        if procedures is not None and hasattr(procedures, "autosave"):
            procedures.autosave()

    def set_language(self, code: str) -> None:
        if self.ctx is None:
            return
        self.ctx.settings.set("language", code)
        self.statusBar().showMessage(self.tr("The language changes when the program is restarted."), 15_000)

    def set_idle_minutes(self, minutes: int) -> None:
        self.ctx.settings.set("idle_lock_minutes", int(minutes))
        if self.idle is not None:
            self.idle.set_interval(int(minutes) * 60_000)
            if not self.is_locked():
                self.idle.start()

    def _ask_idle_minutes(self) -> None:
        if self.ctx is None:
            return
        minutes, ok = QInputDialog.getInt(self, self.tr("Idle lock"),
                                          self.tr("Lock the window after this many minutes without input "
                                                  "(0 = never):"),
                                          self.ctx.settings.get("idle_lock_minutes"), 0, 240)
        if ok:
            self.set_idle_minutes(minutes)

    def about_text(self) -> str:
        data_dir = str(self.ctx.paths.root) if self.ctx else "-"
        log_file = str(self.ctx.paths.log_file) if self.ctx else "-"
        return self.tr("counter_app {version}\nCounter support for community centres during central-system "
                       "outages.\n\nData folder: {data}\nLog file: {log}").format(
            version=__version__, data=data_dir, log=log_file)

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About counter_app"), self.about_text(),
                          QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about_box = box
        box.open()

    # ---------------------------------------------------------------- screenshot hook
    def _screenshot_sign_in(self, page_key: str) -> None:
        info = self.demo_info
        actor = self.ctx.accounts.sign_in(info.supervisor_id, info.supervisor_pin)
        self.unlock_as(actor)
        if page_key in PAGE_KEYS:
            self.go_to(page_key)
        QTimer.singleShot(800, self._take_screenshot)

    def _take_screenshot(self) -> None:
        QApplication.processEvents()
        self.grab().save(self._screenshot)
        if self.sign_in_dialog is not None and self.sign_in_dialog.isVisible():
            self.sign_in_dialog.grab().save(self._screenshot.replace(".png", "-signin.png"))
        QCoreApplication.quit()

    # ---------------------------------------------------------------- closing
    def closeEvent(self, event) -> None:  # noqa: N802
        if not self._closing:
            self._closing = True
            try:
                self.autosave_drafts()
            except UserError as exc:
                log.error("could not save the draft on close: %s", type(exc).__name__)
            self._stats_timer.stop()
            if self.idle is not None:
                self.idle.dispose()
            for page in self.pages.values():  # the status page stops its polling timer
                if hasattr(page, "stop"):
                    page.stop()
            self.tasks.shutdown()
        super().closeEvent(event)
