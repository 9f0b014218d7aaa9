"""The service-status page: what is down, since when, what to offer instead, and what changed.

The page shows the cached board at once (a local SQLite read), then refreshes in the background
through the TaskRunner: the GUI thread never touches the network. A failed refresh keeps the last
good board on screen under a stale banner; polling backs off while sources keep failing.

Public surface for the main window:
    StatusPage(service, settings, tasks, parent=None, *, actor_provider=None, clock=None, tray=None,
               refresh_on_start=True)
    procedureRequested(str)   a procedure id; open the guide
    watchedChanged(list)      [{"id", "name", "from", "to"}] watched systems whose status changed
    boardShown()              after every board is on screen (tests and the window's badge)
    refresh() -> bool, show_board(board), mark_seen(), set_watched(system_id, bool),
    add_note(body, system_id=None), load_snapshot(path), open_sources_dialog(), stop()
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QSystemTrayIcon,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import Msg
from counter_app.settings import DECLARED
from counter_app.status.board import (
    Board,
    IncidentView,
    NoteView,
    SourceEntry,
    SystemView,
)
from counter_app.status.service import next_poll_delay as core_next_poll_delay
from counter_app.ui.page import Page
from counter_app.ui.status_chart import GradeBars, RestorationChart
from counter_app.ui.status_detail import StatusDetail
from counter_app.ui.status_labels import (
    STATUSES,
    format_age,
    format_time,
    pick,
    status_icon,
    status_label,
)
from counter_app.ui.status_model import (
    COL_EXPECTED,
    COL_GRADE,
    COL_MINISTRY,
    COL_NAME,
    COL_SINCE,
    COL_STATUS,
    FILTER_ALL,
    FILTER_CHANGED,
    FILTER_NOT_OPERATIONAL,
    FILTER_WATCHED,
    IsGroupRole,
    StatusTreeModel,
)

log = logging.getLogger(__name__)

LAST_SEEN_STATUSES = "status_last_seen_statuses"  # declared in counter_app/settings.py
MAX_POLL_SECONDS = 3600
WARNINGS_SHOWN = 3  # per source on the warnings banner; the CLI and --json list them all


def next_poll_delay(base_seconds: int, failures: int) -> float:
    """Seconds until the next poll: the setting when healthy, doubling per consecutive failure up
    to an hour, with jitter so a district's counters do not all hit a recovering server together
    (status-core's policy, shared with the CLI)."""
    return float(core_next_poll_delay(failures, base_seconds, cap_seconds=MAX_POLL_SECONDS, jitter=True))


def _banner(object_name: str, background: str, border: str, colour: str = "#212121") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        f"#{object_name} {{ background: {background}; border: 1px solid {border}; "
        f"color: {colour}; border-radius: 4px; padding: 6px 10px; }}"
    )
    label.hide()
    return label


def _action_bar(object_name: str, background: str, border: str) -> tuple[QFrame, QHBoxLayout, QLabel]:
    """A hidden coloured bar with a message on the left; the caller adds its buttons."""
    bar = QFrame()
    bar.setObjectName(object_name)
    bar.setStyleSheet(f"#{object_name} {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }}")
    layout = QHBoxLayout(bar)
    layout.setContentsMargins(10, 4, 6, 4)
    label = QLabel()
    layout.addWidget(label, 1)
    bar.hide()
    return bar, layout, label


class NoteDialog(QDialog):
    """A supervisor's note: free text, for every system or the selected one."""

    def __init__(self, system: SystemView | None, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a note"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr('What did you learn? (e.g. "120 says Government24 is back since 14:00")')))
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        layout.addWidget(self.body)
        self.target = QComboBox()
        self.target.addItem(self.tr("All systems"), None)
        if system is not None:
            self.target.addItem(pick(system, "name", lang), system.id)
            self.target.setCurrentIndex(1)
        layout.addWidget(self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class StatusPage(QWidget, Page):
    procedureRequested = Signal(str)
    watchedChanged = Signal(list)
    boardShown = Signal()

    def __init__(
        self,
        service,
        settings,
        tasks,
        parent: QWidget | None = None,
        *,
        actor_provider: Callable[[], object] | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        tray: QSystemTrayIcon | None = None,
        refresh_on_start: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName("statusPage")
        self._service = service
        self._settings = settings
        self._tasks = tasks
        self._actor_provider = actor_provider
        self._clock = clock or service.clock
        self._tray = tray
        self._board: Board | None = None
        self._statuses: dict[str, str] = {}  # system id -> status on screen now
        self._changed: dict[str, tuple] = {}  # since the desk last looked
        self._refresh_handle = None
        self._action_handle = None
        self._failures = 0
        self._refresh_error: str | None = None
        self._stopped = False
        self._collapsed: set[tuple[str, object]] = set()
        self._selected_id: str | None = None
        self._memory_last_seen: dict[str, str] = {}  # when settings.py lacks the declared key
        self._signed_in = None
        self._action_done_text = ""
        self._detail_shown: tuple | None = None
        self.sources_dialog = None
        self._refresh_again = False

        self._build()
        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.timeout.connect(self._poll)
        self._age_timer = QTimer(self)  # keeps "3 hours ago" true while the page stays open
        self._age_timer.setInterval(60_000)
        self._age_timer.timeout.connect(self._update_banners)
        self._age_timer.start()

        try:
            self.show_board(service.board())
        except Exception as exc:  # the cache itself failed: say so, keep the page usable
            log.warning("status board could not be read: %s", type(exc).__name__)
            self._refresh_error = self._error_text(exc)
            self._update_banners()
        if refresh_on_start:
            QTimer.singleShot(0, self.refresh)  # after the first paint
        else:
            self._schedule_poll()

    # ================================================================ layout
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        root.setSpacing(6)

        self.historical_banner = _banner("historicalBanner", "#ede7f6", "#7e57c2")
        self.stale_banner = _banner("staleBanner", "#fff3e0", "#fb8c00")
        self.warnings_banner = _banner("warningsBanner", "#fffde7", "#fbc02d")
        root.addWidget(self.historical_banner)
        root.addWidget(self.stale_banner)
        root.addWidget(self.warnings_banner)
        self.publisher_banner = _banner("publisherBanner", "#e8f5e9", "#43a047")  # signed feeds (issue 11)
        self.unverified_banner = _banner("unverifiedBanner", "#ffebee", "#e53935")
        root.addWidget(self.publisher_banner)
        root.addWidget(self.unverified_banner)

        self.watch_bar, watch_layout, self.watch_label = _action_bar("watchBar", "#e3f2fd", "#42a5f5")
        self.watch_label.setObjectName("watchLabel")
        self.watch_label.setTextFormat(Qt.TextFormat.PlainText)
        self.watch_label.setWordWrap(True)
        self.watch_dismiss = QPushButton(self.tr("Dismiss"))
        self.watch_dismiss.clicked.connect(self.watch_bar.hide)
        watch_layout.addWidget(self.watch_dismiss)
        root.addWidget(self.watch_bar)

        self.changed_bar, changed_layout, self.changed_label = _action_bar("changedBar", "#fff8e1", "#ffca28")
        self.changed_label.setObjectName("changedLabel")
        self.show_changed_button = QPushButton(self.tr("Show only these"))
        self.show_changed_button.clicked.connect(lambda: self._select_filter(FILTER_CHANGED))
        self.mark_seen_button = QPushButton(self.tr("Mark as seen"))
        self.mark_seen_button.setObjectName("markSeenButton")
        self.mark_seen_button.clicked.connect(self.mark_seen)
        changed_layout.addWidget(self.show_changed_button)
        changed_layout.addWidget(self.mark_seen_button)
        root.addWidget(self.changed_bar)

        # ---- summary header
        header = QGridLayout()
        header.setHorizontalSpacing(16)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.summary_label.setFont(font)
        self.status_counts_label = QLabel()
        self.status_counts_label.setObjectName("statusCountsLabel")
        self.status_counts_label.setWordWrap(True)
        self.grade_bars = GradeBars()
        self.grade_time_label = QLabel()
        self.grade_time_label.setObjectName("gradeTimeLabel")
        self.grade_time_label.setWordWrap(True)
        self.grade_time_label.setStyleSheet("color: #555;")
        self.source_time_label = QLabel()
        self.source_time_label.setObjectName("sourceTimeLabel")
        self.fetched_time_label = QLabel()
        self.fetched_time_label.setObjectName("fetchedTimeLabel")
        summary_box = QVBoxLayout()
        summary_box.addWidget(self.summary_label)
        summary_box.addWidget(self.status_counts_label)
        summary_box.addWidget(self.source_time_label)
        summary_box.addWidget(self.fetched_time_label)
        summary_box.addStretch(1)
        header.addLayout(summary_box, 0, 0)
        grades_box = QVBoxLayout()
        grades_box.addWidget(self.grade_bars)
        grades_box.addWidget(self.grade_time_label)
        grades_box.addStretch(1)
        header.addLayout(grades_box, 0, 1)

        actions = QVBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_state_label = QLabel()
        self.refresh_state_label.setObjectName("refreshStateLabel")
        self.sources_button = QPushButton(self.tr("Status sources…"))
        self.sources_button.setObjectName("sourcesButton")
        self.sources_button.clicked.connect(self.open_sources_dialog)
        self.add_note_button = QPushButton(self.tr("Add a note…"))
        self.add_note_button.setObjectName("addNoteButton")
        self.add_note_button.clicked.connect(self._open_note_dialog)
        self.load_snapshot_button = QPushButton(self.tr("Load a snapshot file…"))
        self.load_snapshot_button.setObjectName("loadSnapshotButton")
        self.load_snapshot_button.clicked.connect(self._open_snapshot_dialog)
        self._update_supervisor_buttons()
        self.action_label = QLabel()
        self.action_label.setObjectName("actionLabel")
        self.action_label.setWordWrap(True)
        refresh_row = QHBoxLayout()
        refresh_row.addWidget(self.refresh_button, 1)
        refresh_row.addWidget(self.sources_button)
        actions.addLayout(refresh_row)
        actions.addWidget(self.refresh_state_label)
        actions.addWidget(self.add_note_button)
        actions.addWidget(self.load_snapshot_button)
        actions.addWidget(self.action_label)
        actions.addStretch(1)
        header.addLayout(actions, 0, 2)
        header.setColumnStretch(0, 3)
        header.setColumnStretch(1, 2)
        header.setColumnStretch(2, 0)
        root.addLayout(header)

        # ---- chart + table | detail
        self.chart = RestorationChart()
        self.chart.setObjectName("restorationChart")

        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("Search name, ministry or service (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._filter_changed)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("All statuses"), FILTER_ALL)
        self.status_filter.addItem(self.tr("Not operational"), FILTER_NOT_OPERATIONAL)
        self.status_filter.addItem(self.tr("Changed since last look"), FILTER_CHANGED)
        self.status_filter.addItem(self.tr("Watched"), FILTER_WATCHED)
        for status in STATUSES:
            self.status_filter.addItem(status_icon(status), status_label(status), status)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("groupCombo")
        self.group_combo.addItem(self.tr("Group by status"), "status")
        self.group_combo.addItem(self.tr("Group by ministry"), "ministry")
        self.group_combo.addItem(self.tr("Group by grade"), "grade")
        self.group_combo.currentIndexChanged.connect(self._group_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.group_combo, 1)
        filters.addWidget(self.count_label)

        self.detail = StatusDetail()  # before the model: a reset fills it
        self.detail.procedureRequested.connect(self.procedureRequested)
        self.detail.watchToggled.connect(self.set_watched)
        self.model = StatusTreeModel(self)
        self.model.watchToggled.connect(self.set_watched)
        self.tree = QTreeView()
        self.tree.setObjectName("statusTree")
        self.tree.setModel(self.model)
        # after setModel: the view's own reset handler must run first, or it forgets what we expand
        self.model.modelReset.connect(self._after_reset)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring 709 rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(COL_STATUS, Qt.SortOrder.DescendingOrder)
        self.tree.setAllColumnsShowFocus(True)
        head = self.tree.header()
        # the name is what people read: a fixed, generous width; the last column takes what is
        # left, and a narrow window scrolls sideways rather than squeezing names to "Gove…"
        head.setStretchLastSection(True)
        for column, width in (
            (COL_NAME, 250),
            (COL_STATUS, 110),
            (COL_GRADE, 50),
            (COL_MINISTRY, 140),
            (COL_SINCE, 125),
            (COL_EXPECTED, 170),
        ):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            head.resizeSection(column, width)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.expanded.connect(lambda index: self._remember_expansion(index, True))
        self.tree.collapsed.connect(lambda index: self._remember_expansion(index, False))
        self.tree.installEventFilter(self)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.tree, 1)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.chart)
        left.addWidget(table_box)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 3)
        left.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        root.addWidget(self.splitter, 1)

        # ---- keyboard
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        QWidget.setTabOrder(self.search_edit, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.group_combo)
        QWidget.setTabOrder(self.group_combo, self.tree)
        QWidget.setTabOrder(self.tree, self.detail)
        QWidget.setTabOrder(self.detail, self.refresh_button)

    # ================================================================ showing a board
    @property
    def lang(self) -> str:
        # the language the program runs in (--lang wins over the saved setting, as for every
        # other string on screen), not the setting a change of language saves for the next start
        from counter_app.i18n import current_language

        return current_language()

    @property
    def board(self) -> Board | None:
        return self._board

    def show_board(self, board: Board) -> None:
        """Put a board on screen: header, chart, table, detail, banners, notifications."""
        previous = self._statuses
        self._board = board
        self._statuses = {s.id: s.status for s in board.systems}
        self._changed = self._compute_changed()
        watched = self._watched()
        self.model.set_board(board.systems, lang=self.lang, changed=set(self._changed), watched=watched)
        self.chart.set_points(board.progress)
        self._update_header()
        self._update_banners()
        self._update_changed_bar()
        if previous:
            self._notify_watched(previous, watched)
        self.boardShown.emit()

    def _update_header(self) -> None:
        board = self._board
        summary = board.summary
        ratio = summary.restored / summary.total * 100 if summary.total else 0.0
        source_time = format_time(board.source_updated_at) or self.tr("unknown")
        # every figure with its own time: the headline is the feed's, a grade may be older
        self.summary_label.setText(
            self.tr("{restored} of {total} restored ({percent:.1f}%)").format(
                restored=summary.restored, total=summary.total, percent=ratio
            )
        )
        self.summary_label.setToolTip(self.tr("as of {time}").format(time=source_time))
        lines = []
        totals = "  ·  ".join(f"{status_label(s)} {summary.by_status[s]}" for s in STATUSES if summary.by_status.get(s))
        if summary.listed < summary.total:
            # the 2025 briefings named only some systems: the totals count all of them, the list
            # below only those named — two sets of figures, each said for what it is
            lines.append(
                self.tr("All {total} systems, as of {time}: {counts}").format(
                    total=summary.total, time=source_time, counts=totals
                )
            )
            lines.append(
                self.tr("Listed below ({listed}): {counts}").format(
                    listed=len(board.systems), counts=self.listed_counts_text()
                )
            )
        else:
            lines.append(self.tr("As of {time}: {counts}").format(time=source_time, counts=self.listed_counts_text()))
        self.status_counts_label.setText("\n".join(lines))
        self.grade_bars.set_grades(summary.by_grade)
        older = sorted({g.as_of for g in summary.by_grade.values() if g.as_of is not None})
        if older:
            grades = ", ".join(
                key
                for key in sorted(summary.by_grade, key=lambda k: (len(k), k))
                if summary.by_grade[key].as_of is not None
            )
            self.grade_time_label.setText(
                self.tr("Grades {grades} as of {time}; the others as of {source}").format(
                    grades=grades, time=format_time(older[0]), source=source_time
                )
            )
        else:
            self.grade_time_label.setText(self.tr("Grades as of {time}").format(time=source_time))
        fetched_time = format_time(board.fetched_at) or self.tr("never")
        self.source_time_label.setText(self.tr("Source updated {time}").format(time=source_time))
        self.fetched_time_label.setText(self.tr("Fetched {time}").format(time=fetched_time))

    def listed_counts(self) -> dict[str, int]:
        """Systems of the board per status: the same set the list shows (unfiltered)."""
        board = self._board
        counts = {s: 0 for s in STATUSES}
        for system in board.systems if board is not None else ():
            counts[system.status] = counts.get(system.status, 0) + 1
        return {s: n for s, n in counts.items() if n}

    def listed_counts_text(self) -> str:
        return "  ·  ".join(f"{status_label(s)} {n}" for s, n in self.listed_counts().items())

    def _update_banners(self) -> None:
        board = self._board
        historical = board is not None and board.historical
        if historical:
            text = self.tr("Historical record — snapshot of the 2025 fire outage, for practice")
            label = pick(board, "label", self.lang)
            if label:
                text += f"\n{label}"
            self.historical_banner.setText(text)
        self.historical_banner.setVisible(historical)

        errors = [self._source_error(s) for s in board.failed_sources] if board is not None else []
        if self._refresh_error:
            errors.append(self._refresh_error)
        fetched = board.fetched_at if board is not None else None
        age = (self._clock() - fetched).total_seconds() if fetched else None
        stale_after = self._settings.get("status_stale_minutes") * 60
        stale = (board is not None and board.stale) or (age is not None and age > stale_after)
        show = bool(errors) or (stale and not historical)
        if show:
            if age is not None:  # None exactly when nothing was fetched
                head = self.tr("Last information received: {age} — check the network").format(age=format_age(age))
            elif board is not None and board.systems:
                # a board is on screen (the bundled record, a loaded file): say what failed, not "nothing"
                head = self.tr(
                    "A source could not be read; the board below is the information already on this computer"
                )
            else:
                head = self.tr("No information received yet — check the network")
            self.stale_banner.setText("\n".join([head, *errors]))
        self.stale_banner.setVisible(show)

        notices = [line for s in (board.sources if board is not None else ()) for line in self._source_notices(s)]
        if notices:
            self.warnings_banner.setText("\n".join(notices))
        self.warnings_banner.setVisible(bool(notices))
        from counter_app.ui.status_desk_banner import published_lines, unverified_lines

        for banner, lines in (
            (self.publisher_banner, published_lines(board)),
            (self.unverified_banner, unverified_lines(board)),
        ):
            banner.setText("\n".join(lines))
            banner.setVisible(bool(lines))

    def _source_error(self, source: SourceEntry) -> str:
        error = source.error.text(self.lang) if source.error else self.tr("failed")
        return f"{source.location}: {error}"

    def _source_notices(self, source: SourceEntry) -> list[str]:
        """What the board should say about a source that worked with reservations: items skipped
        as malformed (the first few named), and a fetch that ended on another host."""
        lines = []
        if source.redirected_to:
            lines.append(
                self.tr("{source} answered from another host: {url}").format(
                    source=source.location, url=source.redirected_to
                )
            )
        if source.warnings:
            lines.append(
                self.tr("{source}: {count} item(s) skipped as malformed").format(
                    source=source.location, count=len(source.warnings)
                )
            )
            lines.extend(f"  • {w.text(self.lang)}" for w in source.warnings[:WARNINGS_SHOWN])
        return lines

    # ================================================================ what changed since last look
    def _last_seen(self) -> dict[str, str]:
        if LAST_SEEN_STATUSES in DECLARED:
            return dict(self._settings.get(LAST_SEEN_STATUSES))
        return dict(self._memory_last_seen)

    def _compute_changed(self) -> dict[str, tuple]:
        last_seen = self._last_seen()
        if not last_seen and not self._settings.get("status_last_seen_at"):
            # the first look at this desk: nothing to compare with; this board is the baseline
            self.mark_seen()
            return {}
        return {
            sid: (last_seen.get(sid), status) for sid, status in self._statuses.items() if last_seen.get(sid) != status
        }

    def changed_ids(self) -> set[str]:
        return set(self._changed)

    def mark_seen(self) -> None:
        """This desk has looked: the current statuses become the baseline for highlighting."""
        self._settings.set("status_last_seen_at", self._clock().isoformat())
        if LAST_SEEN_STATUSES in DECLARED:
            self._settings.set(LAST_SEEN_STATUSES, dict(self._statuses))
        else:
            self._memory_last_seen = dict(self._statuses)
        if self._changed:
            self._changed = {}
            self.model.set_changed(set())
        self._update_changed_bar()

    def _update_changed_bar(self) -> None:
        count = len(self._changed)
        if count:
            since = format_time(self._settings.get("status_last_seen_at"))
            self.changed_label.setText(
                self.tr("%n system(s) changed status since you last looked ({time})", "", count).format(
                    time=since or "-"
                )
            )
        self.changed_bar.setVisible(bool(count))

    # ================================================================ watch list
    def _watched(self) -> set[str]:
        return {str(x) for x in self._settings.get("status_watch")}

    def set_watched(self, system_id: str, watched: bool) -> None:
        ids = [x for x in self._settings.get("status_watch") if str(x) != system_id]
        if watched:
            ids.append(system_id)
        self._settings.set("status_watch", ids)
        self.model.set_watched(set(map(str, ids)))
        if self.detail.system_id == system_id:
            self.detail.set_watched(watched)

    def _notify_watched(self, previous: dict[str, str], watched: set[str]) -> None:
        changes = []
        for system_id in sorted(watched):
            old, new = previous.get(system_id), self._statuses.get(system_id)
            if old is not None and new is not None and old != new:
                system = self._board.system(system_id)
                name = pick(system, "name", self.lang) if system is not None else system_id
                changes.append({"id": system_id, "name": name, "from": old, "to": new})
        if not changes:
            return
        lines = [
            self.tr("{name}: {old} → {new}").format(
                name=c["name"], old=status_label(c["from"]), new=status_label(c["to"])
            )
            for c in changes
        ]
        title = self.tr("Watched systems changed status")
        self.watch_label.setText(title + "\n" + "\n".join(lines))
        self.watch_bar.show()
        self._tray_message(title, "\n".join(lines))
        self.watchedChanged.emit(changes)

    def _tray_message(self, title: str, body: str) -> None:
        if self._tray is None:
            if not QSystemTrayIcon.isSystemTrayAvailable():
                return
            self._tray = QSystemTrayIcon(QApplication.windowIcon(), self)
        if not self._tray.isVisible():
            self._tray.show()
        self._tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 10_000)

    # ================================================================ refresh and polling
    @property
    def refreshing(self) -> bool:
        return self._refresh_handle is not None

    def refresh(self) -> bool:
        """Fetch every source off the GUI thread. False when one is already running or stopped."""
        if self._stopped or self._refresh_handle is not None:
            return False
        self._poll_timer.stop()
        self.refresh_button.setEnabled(False)
        self.refresh_state_label.setText(self.tr("Refreshing…"))
        service = self._service
        self._refresh_handle = self._tasks.run(
            lambda task: service.refresh(progress=task.progress, cancelled=lambda: task.cancelled),
            name="status-refresh",
            on_result=self._refresh_done,
            on_error=self._refresh_failed,
            on_progress=self._refresh_progress,
        )
        return True

    def _refresh_progress(self, done: int, total: int) -> None:
        if not self._stopped:
            self.refresh_state_label.setText(self.tr("Refreshing… {done}/{total}").format(done=done, total=total))

    def _refresh_ended(self) -> bool:
        """Common end of a refresh, good or failed. False when the page was stopped meanwhile."""
        self._refresh_handle = None
        if self._stopped:
            return False
        if self._refresh_again:  # the sources changed while it ran: fetch again
            self._refresh_again = False
            QTimer.singleShot(0, self.refresh)
        self.refresh_button.setEnabled(True)
        return True

    def _refresh_done(self, board: Board) -> None:
        if not self._refresh_ended():
            return
        failed = [s for s in board.sources if not s.ok]
        self._failures = self._failures + 1 if failed else 0
        self._refresh_error = None
        self.show_board(board)
        now = format_time(self._clock())
        self.refresh_state_label.setText(
            self.tr("Some sources failed ({time})").format(time=now)
            if failed
            else self.tr("Checked {time}").format(time=now)
        )
        self._schedule_poll()

    def _refresh_failed(self, exc: BaseException) -> None:
        if not self._refresh_ended():
            return
        self._failures += 1
        self._refresh_error = self._error_text(exc)
        self.refresh_state_label.setText(self.tr("Refresh failed"))
        self._update_banners()
        self._schedule_poll()

    def _error_text(self, exc: BaseException) -> str:
        msg = getattr(exc, "msg", None)  # UserError and the core's source errors carry a Msg
        text = msg.text(self.lang) if isinstance(msg, Msg) else ""
        return text or self.tr("Unexpected error ({kind})").format(kind=type(exc).__name__)

    def _schedule_poll(self) -> None:
        base = self._settings.get("status_poll_seconds")
        if self._stopped or base <= 0:
            return
        self._poll_timer.start(int(next_poll_delay(base, self._failures) * 1000))

    @property
    def next_poll_ms(self) -> int:
        return self._poll_timer.remainingTime() if self._poll_timer.isActive() else -1

    @property
    def failures(self) -> int:
        return self._failures

    def _poll(self) -> None:
        if not self.refresh():
            self._schedule_poll()

    def stop(self) -> None:
        """The window is closing: no more polls; a running fetch is told to stop."""
        self._stopped = True
        self._poll_timer.stop()
        self._age_timer.stop()
        for handle in (self._refresh_handle, self._action_handle):
            if handle is not None:
                handle.cancel()

    # ================================================================ table and detail
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def search_focus(self) -> None:  # ui/page.py (Ctrl+F from the window)
        self.focus_search()

    def focus_first(self) -> bool:
        """Ctrl+1: the search box, the first thing a desk uses on the board."""
        self.focus_search()
        return True

    def _select_filter(self, value: str) -> None:
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(value)))

    def _filter_changed(self, *_):
        self.model.set_filter(self.search_edit.text(), self.status_filter.currentData() or FILTER_ALL)

    def _group_changed(self, *_):
        self.model.set_group_by(self.group_combo.currentData())

    def _remember_expansion(self, index: QModelIndex, expanded: bool) -> None:
        group = self.model.groups()[index.row()] if index.isValid() and not index.parent().isValid() else None
        if group is None:
            return
        key = (self.model.group_by, group.key)
        (self._collapsed.discard if expanded else self._collapsed.add)(key)

    def _after_reset(self) -> None:
        tree = self.tree
        tree.blockSignals(True)  # expansion we restore is not the user's choice to remember
        tree.expandAll()
        for row, group in enumerate(self.model.groups()):
            if (self.model.group_by, group.key) in self._collapsed:
                tree.collapse(self.model.index(row, 0))
        tree.blockSignals(False)
        self.count_label.setText(
            self.tr("{shown} of {total} systems").format(shown=self.model.system_count(), total=len(self._statuses))
        )
        index = self.model.index_of(self._selected_id) if self._selected_id else QModelIndex()
        if index.isValid():  # currentChanged shows the detail
            tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        elif self._selected_id is None or self.detail.system_id is None:
            self.detail.show_empty(self._notes_for(None))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.data(IsGroupRole):
            return
        self._show_detail(current)

    def _show_detail(self, index: QModelIndex) -> None:
        system = self.model.system_at(index)
        if system is None:
            return
        system_id = system.id
        self._selected_id = system_id
        shown = (
            system,
            self.lang,
            system_id in self._watched(),
            self._notes_for(system_id),
            self._incidents_for(system),
        )
        if shown == self._detail_shown and self.detail.system_id == system_id:
            return  # a refresh that left this system as it was: keep the pane (and its scroll)
        self._detail_shown = shown
        system, lang, watched, notes, incidents = shown
        self.detail.show_system(system, lang=lang, watched=watched, notes=notes, incidents=incidents)

    def select_system(self, system_id: str) -> bool:
        index = self.model.index_of(system_id)
        if not index.isValid():
            return False
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        return True

    def _notes_for(self, system_id: str | None) -> list[NoteView]:
        notes = self._board.notes if self._board is not None else ()
        return [n for n in notes if n.system_id == system_id]

    def _incidents_for(self, system: SystemView) -> list[IncidentView]:
        names = {n for n in (system.name, system.name_en) if n}
        return [i for i in self._board.incidents if system.id in i.systems or any(name in i.title for name in names)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and cast(QKeyEvent, event).key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            index = self.tree.currentIndex()
            if index.isValid() and not index.data(IsGroupRole):
                self._show_detail(index)
                first = next((c.guide_button for c in self.detail.alternative_cards if c.guide_button), None)
                (first or self.detail).setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if index.isValid():
                self.tree.setExpanded(index, not self.tree.isExpanded(index))
                return True
        return super().eventFilter(watched, event)

    # ================================================================ supervisor actions
    def set_actor(self, actor) -> None:
        """The main window's sign-in/sign-out hook: the signed-in operator (None when signed out).
        Used for supervisor actions when no actor_provider was given."""
        self._signed_in = actor
        self._update_supervisor_buttons()

    def _update_supervisor_buttons(self) -> None:
        offered = self._actor_provider is not None or bool(getattr(self._signed_in, "is_supervisor", False))
        self.add_note_button.setVisible(offered)
        self.load_snapshot_button.setVisible(offered)
        self.sources_button.setVisible(offered)
        self.sources_button.setEnabled(offered)

    def _actor(self):
        """The signed-in supervisor, or None after telling the user why not."""
        if self._actor_provider is None:
            actor = self._signed_in
            if actor is None:
                self._say(self.tr("Sign in as a supervisor first."), error=True)
                return None
        else:
            try:
                actor = self._actor_provider()
            except Exception as exc:  # e.g. a wrong passphrase raised as UserError
                self._say(self._error_text(exc), error=True)
                return None
            if actor is None:  # the person cancelled the sign-in / passphrase prompt
                return None
        if not getattr(actor, "is_supervisor", False):
            self._say(self.tr("Only a supervisor can do this."), error=True)
            return None
        return actor

    def _say(self, text: str, error: bool = False) -> None:
        self.action_label.setStyleSheet("color: #b71c1c;" if error else "color: #1b5e20;")
        self.action_label.setText(text)

    def open_sources_dialog(self):
        """The supervisor's status sources dialog (None, with the reason shown, for anyone else).
        Saving refreshes the board from the new sources."""
        from counter_app.ui.status_sources_dialog import StatusSourcesDialog

        actor = self._actor()
        if actor is None:
            return None
        if self.sources_dialog is not None:
            self.sources_dialog.deleteLater()
        dialog = StatusSourcesDialog(self._service, actor, self._tasks, self)
        dialog.sourcesSaved.connect(self._sources_saved)
        self.sources_dialog = dialog
        dialog.open()
        return dialog

    def _sources_saved(self, _sources: list) -> None:
        self._say(self.tr("Status sources saved."))
        if not self.refresh():  # one is running with the old list: go again when it ends
            self._refresh_again = True

    def _open_note_dialog(self) -> None:
        system = self._board.system(self._selected_id) if self._board is not None and self._selected_id else None
        dialog = NoteDialog(system, self.lang, self)
        dialog.accepted.connect(lambda: self.add_note(dialog.body.toPlainText(), dialog.target.currentData()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def add_note(self, body: str, system_id: str | None = None) -> bool:
        body = body.strip()
        if not body:
            self._say(self.tr("The note is empty."), error=True)
            return False
        actor = self._actor()
        if actor is None:
            return False
        service = self._service

        def work(_task):
            service.add_note(actor, body, system_id)
            return service.board()

        return self._run_action(work, self.tr("Note saved."))

    def _open_snapshot_dialog(self) -> None:
        dialog = QFileDialog(self, self.tr("Load a status snapshot file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Status snapshots (*.json)"), self.tr("All files (*)")])
        dialog.fileSelected.connect(self.load_snapshot)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def load_snapshot(self, path) -> bool:
        actor = self._actor()
        if actor is None:
            return False
        service = self._service

        def work(_task):
            service.load_snapshot_file(path, actor)
            return service.board()

        return self._run_action(work, self.tr("Snapshot loaded."))

    def _run_action(self, work, done_text: str) -> bool:
        if self._action_handle is not None or self._stopped:
            return False
        self.add_note_button.setEnabled(False)
        self.load_snapshot_button.setEnabled(False)
        self._action_done_text = done_text
        self.setCursor(Qt.CursorShape.BusyCursor)  # the note or snapshot is being written
        # a write (audited, fsynced): on the single-writer lane, never on the GUI thread nor beside
        # another write; bound methods, so the results are queued to this widget's (the GUI) thread
        self._action_handle = self._tasks.write(
            work, name="status-action", on_result=self._action_done, on_error=self._action_failed
        )
        return True

    def _action_done(self, board: Board) -> None:
        self._action_finished()
        if not self._stopped:
            self.show_board(board)
            self._say(self._action_done_text)

    def _action_failed(self, exc: BaseException) -> None:
        self._action_finished()
        if not self._stopped:
            self._say(self._error_text(exc), error=True)

    def _action_finished(self) -> None:
        self._action_handle = None
        self.unsetCursor()
        self.add_note_button.setEnabled(True)
        self.load_snapshot_button.setEnabled(True)
