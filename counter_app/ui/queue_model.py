"""The queue as a real table model: rows come from CaseQueue.count()/page(), fetched lazily.

rowCount() is one indexed COUNT; data() asks for the page of PAGE_SIZE rows holding the row and
keeps the last few pages (an LRU), so a view over 100,000 cases touches only what is on screen.
Sorting and filtering re-query; nothing is sorted or filtered in Python.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from counter_app.cases.states import STATE_LABELS  # noqa: F401  (re-exported)
from counter_app.cases.states import state_label as core_state_label

_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
MAX_CACHED_PAGES = 16

# (QueueRow field, sort key or None (not sortable), header source text); cast: QT_TRANSLATE_NOOP
# returns its message, which PySide6's stub calls object
COLUMNS = cast(
    "tuple[tuple[str, str | None, str], ...]",
    (
        ("receipt_no", "receipt_no", QT_TRANSLATE_NOOP("QueueModel", "Receipt no.")),
        ("received_at", "received_at", QT_TRANSLATE_NOOP("QueueModel", "Received")),
        ("state", "state", QT_TRANSLATE_NOOP("QueueModel", "State")),
        ("category", "category", QT_TRANSLATE_NOOP("QueueModel", "Class")),
        ("service", "service", QT_TRANSLATE_NOOP("QueueModel", "Service")),
        ("applicant", "applicant", QT_TRANSLATE_NOOP("QueueModel", "Applicant")),
        ("phone", None, QT_TRANSLATE_NOOP("QueueModel", "Phone")),
        ("due_date", "due_date", QT_TRANSLATE_NOOP("QueueModel", "Due")),
    ),
)

CaseIdRole = Qt.ItemDataRole.UserRole + 1
ReceiptRole = Qt.ItemDataRole.UserRole + 2


_translate = QCoreApplication.translate  # an alias: lupdate reads the QT_TRANSLATE_NOOP marks above


def state_label(state: str) -> str:
    """The state's label in the UI language, from the one home of case states (cases/states.py)."""
    return core_state_label(state)


class QueueModel(QAbstractTableModel):
    def __init__(
        self, queue, queue_filter=None, *, category_labels: dict | None = None, page_size: int = PAGE_SIZE, parent=None
    ):
        super().__init__(parent)
        from counter_app.offline.queue import QueueFilter

        self._queue = queue
        self._filter = queue_filter if queue_filter is not None else QueueFilter()
        # 'statutory application' -> 'Statutory application' beside 'Queued' (Korean unchanged)
        self._category_labels = {
            k: (v[:1].upper() + v[1:]) if isinstance(v, str) else v for k, v in (category_labels or {}).items()
        }
        self._page_size = page_size
        self._sort_key = "received_at"
        self._descending = True
        self._sort_column = 1
        self._count: int | None = None
        self._pages: OrderedDict[int, list] = OrderedDict()
        self.queries = 0  # page() calls made: tests and the benchmark read it

    # ---------------------------------------------------------------- state
    @property
    def queue_filter(self):
        return self._filter

    def set_filter(self, queue_filter) -> None:
        self.beginResetModel()
        self._filter = queue_filter
        self._invalidate()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read everything (a case was added or changed state)."""
        self.beginResetModel()
        self._invalidate()
        self.endResetModel()

    def _invalidate(self) -> None:
        self._count = None
        self._pages.clear()

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            return 0
        if self._count is None:
            self._count = self._queue.count(self._filter)
        return self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(COLUMNS):
                return _translate("QueueModel", COLUMNS[section][2])
            return None
        return section + 1

    def row_at(self, row: int):
        """The QueueRow at `row`, fetching its page when not cached."""
        if not 0 <= row < self.rowCount():
            return None
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            page = self._queue.page(
                self._filter,
                number * self._page_size,
                self._page_size,
                sort=self._sort_key,
                descending=self._descending,
            )
            self.queries += 1
            self._pages[number] = page
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self._page_size
        return page[offset] if offset < len(page) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(COLUMNS):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, CaseIdRole, ReceiptRole):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        if role == CaseIdRole:
            return item.case_id
        if role == ReceiptRole:
            return item.receipt_no
        field = COLUMNS[index.column()][0]
        value = getattr(item, field)
        if field == "state":
            return state_label(value)
        if field == "category":
            label = self._category_labels.get(value)
            return label if label else value
        return "" if value is None else str(value)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_key, self._descending, self._sort_column = key, descending, column
        self._pages.clear()
        # No persistent indexes are kept across a re-sort: rows are positions, not identities.
        for old in self.persistentIndexList():
            self.changePersistentIndex(old, QModelIndex())
        self.layoutChanged.emit()

    def row_of_receipt(self, receipt_no: str) -> int:
        """Row of a receipt number among the rows fetched so far, scanning pages in order; -1 when absent."""
        for row in range(self.rowCount()):
            item = self.row_at(row)
            if item is not None and item.receipt_no == receipt_no:
                return row
        return -1
