"""Qt model of the status board: systems grouped by ministry, grade or status.

A two-level QAbstractItemModel built for speed: `set_board()` turns the board's SystemViews into
prepared rows once (display strings, sort keys, a lowercase search text), and grouping, filtering
and sorting rebuild a plain list of groups between beginResetModel/endResetModel. `data()` only
indexes into those lists, so a 709-system board updates in a few milliseconds and the view never
holds per-row widgets.

Index layout: a group row has internalId 0; a system row has internalId = its group's row + 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from counter_app.status.board import SystemView
from counter_app.ui.status_labels import (
    STATUSES,
    format_range,
    format_time,
    grade_label,
    pick,
    severity,
    status_icon,
    status_label,
)

COL_NAME, COL_STATUS, COL_GRADE, COL_MINISTRY, COL_SINCE, COL_EXPECTED = range(6)
_NO_TIME = float("-inf")
COLUMN_COUNT = 6

GROUP_BY = ("status", "ministry", "grade")
# Status filter values besides the six statuses.
FILTER_ALL = ""
FILTER_NOT_OPERATIONAL = "not_operational"
FILTER_CHANGED = "changed"
FILTER_WATCHED = "watched"

SystemIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2  # raw status key (group: rolled-up worst status)
GroupCountsRole = Qt.ItemDataRole.UserRole + 3  # group: (operational, total); system: None
IsGroupRole = Qt.ItemDataRole.UserRole + 4

_CHANGED_BACKGROUND = QBrush(QColor("#fff4c2"))
_GROUP_BACKGROUND = QBrush(QColor("#eef1f5"))


@dataclass(slots=True)
class SystemRow:
    system_id: str
    name: str
    status: str
    severity: int
    grade: int | None
    grade_text: str
    ministry: str
    since: float  # POSIX seconds, for sorting (-inf when unknown)
    since_text: str
    expected: str  # ISO of the end of the range, for sorting
    expected_text: str
    search: str  # lowercase haystack: names ko/en, ministry, services, id
    tooltip: str
    system: SystemView
    changed: bool = False
    watched: bool = False

    def display(self, column: int) -> str:
        if column == COL_NAME:
            return self.name
        if column == COL_STATUS:
            return status_label(self.status)
        if column == COL_GRADE:
            return self.grade_text
        if column == COL_MINISTRY:
            return self.ministry
        if column == COL_SINCE:
            return self.since_text
        return self.expected_text


@dataclass(slots=True)
class Group:
    key: object
    title: str
    rows: list[SystemRow] = field(default_factory=list)
    worst: str = "operational"
    operational: int = 0
    total: int = 0


def _row_sort_key(column: int):
    if column == COL_STATUS:
        return lambda r: r.severity
    if column == COL_GRADE:
        return lambda r: r.grade if r.grade is not None else 99
    if column == COL_MINISTRY:
        return lambda r: r.ministry
    if column == COL_SINCE:
        return lambda r: r.since
    if column == COL_EXPECTED:
        return lambda r: r.expected
    return lambda r: r.name.casefold()


class StatusTreeModel(QAbstractItemModel):
    """Groups of systems. Emits `watchToggled(system_id, watched)` when a row's star is clicked."""

    watchToggled = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[SystemRow] = []
        self._by_id: dict[str, SystemRow] = {}
        self._groups: list[Group] = []
        self._group_by = "status"
        self._text = ""
        self._status_filter = FILTER_ALL
        self._sort_column = COL_STATUS
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._lang = "ko"
        self._headers = [
            self.tr("Name"),
            self.tr("Status"),
            self.tr("Grade"),
            self.tr("Ministry"),
            self.tr("Since"),
            self.tr("Expected recovery"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ feeding
    def set_board(
        self,
        systems: Iterable[SystemView],
        *,
        lang: str = "ko",
        changed: Set[str] = frozenset(),
        watched: Set[str] = frozenset(),
    ) -> None:
        """Prepare every row once and rebuild the visible groups (one model reset)."""
        self._lang = lang
        changed_label = self.tr("Changed since you last looked")
        rows: list[SystemRow] = []
        not_announced = QCoreApplication.translate("StatusModel", "not announced")
        for system in systems:
            system_id = system.id
            name_ko = system.name
            name_en = system.name_en or name_ko
            name, other = (name_en, name_ko) if lang == "en" else (name_ko, name_en)
            status = system.status
            ministry = pick(system, "ministry", lang) or ""
            expected = system.expected_recovery
            search = " ".join(
                [
                    name_ko,
                    name_en,
                    system.ministry or "",
                    system.ministry_en or "",
                    system_id,
                    *system.services,
                    *system.services_en,
                ]
            ).casefold()
            is_changed = system_id in changed
            tooltip = other if other != name else ""
            if is_changed:
                tooltip = f"{tooltip}\n{changed_label}".strip()
            rows.append(
                SystemRow(
                    system_id=system_id,
                    name=name,
                    status=status,
                    severity=severity(status),
                    grade=system.grade,
                    grade_text=str(system.grade) if system.grade is not None else "",
                    ministry=ministry,
                    since=system.since.timestamp() if system.since else _NO_TIME,
                    since_text=format_time(system.since),
                    expected=(expected.end or "") if expected else "",
                    # a system still down with no date from the source says so, not an empty cell
                    expected_text=format_range(expected) or ("" if status == "operational" else not_announced),
                    search=search,
                    tooltip=tooltip,
                    system=system,
                    changed=is_changed,
                    watched=system_id in watched,
                )
            )
        self._rows = rows
        self._by_id = {row.system_id: row for row in rows}
        self._rebuild()

    def set_group_by(self, mode: str) -> None:
        if mode not in GROUP_BY:
            raise ValueError(mode)
        if mode != self._group_by:
            self._group_by = mode
            self._rebuild()

    def set_filter(self, text: str = "", status: str = FILTER_ALL) -> None:
        text = text.strip().casefold()
        if (text, status) != (self._text, self._status_filter):
            self._text, self._status_filter = text, status
            self._rebuild()

    def set_watched(self, watched: set[str]) -> None:
        for row in self._rows:
            row.watched = row.system_id in watched
        self._emit_all_changed()

    def set_changed(self, changed: set[str]) -> None:
        changed_label = self.tr("Changed since you last looked")
        for row in self._rows:
            row.changed = row.system_id in changed
            base = row.tooltip.replace(changed_label, "").strip()
            row.tooltip = f"{base}\n{changed_label}".strip() if row.changed else base
        if self._status_filter == FILTER_CHANGED:
            self._rebuild()
        else:
            self._emit_all_changed()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._rebuild()

    # ------------------------------------------------------------ queries
    @property
    def group_by(self) -> str:
        return self._group_by

    def system_count(self) -> int:
        """Systems shown after filtering."""
        return sum(len(g.rows) for g in self._groups)

    def groups(self) -> list[Group]:
        return list(self._groups)

    def system_at(self, index: QModelIndex) -> SystemView | None:
        row = self._row_at(index)
        return row.system if row else None

    def index_of(self, system_id: str, column: int = 0) -> QModelIndex:
        for g, group in enumerate(self._groups):
            for r, row in enumerate(group.rows):
                if row.system_id == system_id:
                    return self.createIndex(r, column, g + 1)
        return QModelIndex()

    # ------------------------------------------------------------ building
    def _matches(self, row: SystemRow) -> bool:
        wanted = self._status_filter
        if wanted == FILTER_NOT_OPERATIONAL and row.status == "operational":
            return False
        if wanted == FILTER_CHANGED and not row.changed:
            return False
        if wanted == FILTER_WATCHED and not row.watched:
            return False
        if wanted in STATUSES and row.status != wanted:
            return False
        return not self._text or self._text in row.search

    def _group_key(self, row: SystemRow):
        if self._group_by == "status":
            return row.status
        if self._group_by == "grade":
            return row.grade
        return row.ministry

    def _group_title(self, key) -> str:
        if self._group_by == "status":
            return status_label(key)
        if self._group_by == "grade":
            return grade_label(key)
        return key or self.tr("(ministry not given)")

    def _rebuild(self) -> None:
        self.beginResetModel()
        groups: dict[object, Group] = {}
        for row in self._rows:
            if not self._matches(row):
                continue
            key = self._group_key(row)
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(key, self._group_title(key))
            group.rows.append(row)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        row_key = _row_sort_key(self._sort_column)
        by_name = _row_sort_key(COL_NAME)
        for group in groups.values():
            # two stable sorts: rows tied on the column stay in name order either way
            group.rows.sort(key=by_name)
            if self._sort_column == COL_NAME:
                if descending:
                    group.rows.reverse()
            else:
                group.rows.sort(key=row_key, reverse=descending)
            group.total = len(group.rows)
            group.operational = sum(1 for r in group.rows if r.status == "operational")
            group.worst = max(group.rows, key=lambda r: r.severity).status
        self._groups = sorted(groups.values(), key=self._group_sort_key())
        self.endResetModel()

    def _group_sort_key(self):
        """Groups keep the grouping's natural order (worst status first, grade 1 first, ministries
        in 가나다 order); the header's sort orders the systems inside each group."""
        if self._group_by == "status":
            return lambda g: (-severity(g.worst), g.title)
        if self._group_by == "grade":
            return lambda g: g.key if g.key is not None else 99
        return lambda g: (g.key == "", g.title)

    def _emit_all_changed(self) -> None:
        last = COLUMN_COUNT - 1
        for g, group in enumerate(self._groups):
            if group.rows:
                self.dataChanged.emit(self.createIndex(0, 0, g + 1), self.createIndex(len(group.rows) - 1, last, g + 1))

    # ------------------------------------------------------------ QAbstractItemModel
    def _row_at(self, index) -> SystemRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1]
        return group.rows[index.row()]

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if column < 0 or column >= COLUMN_COUNT or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group_row = parent.row()
        if group_row >= len(self._groups) or row >= len(self._groups[group_row].rows):
            return QModelIndex()
        return self.createIndex(row, column, group_row + 1)

    # Qt's model parent(index) hides QObject.parent(), as in any Python item model
    def parent(self, index=QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: A003 - Qt's name
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._groups[parent.row()].rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return COLUMN_COUNT

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0 and index.column() == COL_NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < COLUMN_COUNT
        ):
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == 0:
            return self._group_data(self._groups[index.row()], column, role)
        row = self._groups[index.internalId() - 1].rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display(column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_NAME:
            return Qt.CheckState.Checked if row.watched else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and row.changed:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.changed:
            return _CHANGED_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME:
            return row.tooltip or None
        if role == SystemIdRole:
            return row.system_id
        if role == StatusRole:
            return row.status
        if role == IsGroupRole:
            return False
        return None

    def _group_data(self, group: Group, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return self.tr("{group} ({operational}/{total} operational)").format(
                    group=group.title, operational=group.operational, total=group.total
                )
            if column == COL_STATUS:
                return status_label(group.worst)
            return ""
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            return status_icon(group.worst)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return _GROUP_BACKGROUND
        if role == StatusRole:
            return group.worst
        if role == GroupCountsRole:
            return (group.operational, group.total)
        if role == IsGroupRole:
            return True
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        row = self._row_at(index)
        if row is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_NAME:
            return False
        watched = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if watched == row.watched:
            return True
        row.watched = watched
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.watchToggled.emit(row.system_id, watched)
        return True
