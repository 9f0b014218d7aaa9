"""The case form: every field of a complaint, in paper-form order, checked as the clerk types.

One widget for both places a case is typed: the intake page (a new case) and the edit dialog
(correcting a queued one). Tab walks the fields; Enter in a one-line field asks the host to save
(`submitRequested`); each field is checked by counter_app.intake.check_field when the cursor
leaves it. Choosing a service sets its legal class and the RRN row by the service's three-valued
rule (catalogue.py): required (marked *, with its basis), permitted (offered as optional, with its
basis: collected only when the applicant chooses to give it) or not permitted (hidden).
An RRN-shaped number typed into free text (title, content, address) is masked in place when the
cursor leaves the field, with a note saying so (pii.py): the clear number never leaves the widget.
The host owns saving, drafts and banners.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import pii
from counter_app.cases.fields import REQUIRED_FIELDS
from counter_app.i18n import current_language

log = logging.getLogger(__name__)

# Form fields in tab order (dotted case-document paths).
FIELD_ORDER = (
    "service",
    "channel",
    "category",
    "applicant.name",
    "applicant.birth_date",
    "applicant.phone",
    "applicant.email",
    "applicant.address",
    "applicant.postcode",
    "applicant.rrn",
    "disclose",
    "notify_by",
    "title",
    "content",
)
# The editors as attributes of the form, for hosts that reach them by name.
EDITOR_ATTRIBUTES = (
    "service",
    "channel",
    "category",
    "name",
    "birth_date",
    "phone",
    "email",
    "address",
    "postcode",
    "rrn",
    "disclose",
    "notify_by",
    "title",
    "content",
)

# the required fields of counter_app/cases/fields.py, and the RRN where the service requires it
_REQUIRED = frozenset(REQUIRED_FIELDS) | {"applicant.rrn"}
_INVALID_STYLE = "border: 2px solid #b00020; border-radius: 2px;"
# Free-text fields an RRN-shaped number is masked in (the validator refuses one in any field).
FREE_TEXT_FIELDS = ("applicant.address", "title", "content")
_FIELD_PATH_RE = re.compile(r"\s?\(([a-z_]+(?:\.[a-z_0-9]+)*)\)")


def screen_text(text: str) -> str:
    """A core message for the screen: the field's label stays, its document path goes
    ('연락처(applicant.phone)이(가) …' -> '연락처이(가) …'); the CLI's --json keeps the path."""
    from counter_app.intake.validation import FIELD_LABELS

    return _FIELD_PATH_RE.sub(lambda m: "" if m.group(1) in FIELD_LABELS else m.group(0), text)


def sentence_case(text: str) -> str:
    """'in person' -> 'In person' beside 'Text message' (the core's labels are lower case for use
    inside sentences); Korean is unchanged."""
    return text[:1].upper() + text[1:]


def _search_text(svc) -> str:
    """What the service search matches: both names, the code and every alias."""
    return " ".join([svc.name_ko, svc.name_en, svc.code, *getattr(svc, "aliases", ())])


def _find_by_search_text(services, text: str):
    """The one service whose names, code or aliases contain `text` (casefolded), else None."""
    needle = "".join(text.split()).casefold()
    if not needle:
        return None
    hits = [s for s in services if needle in "".join(_search_text(s).split()).casefold()]
    return hits[0] if len(hits) == 1 else None


class _ServiceCompleter(QCompleter):
    """Matches a typed fragment against both languages' names and the aliases ('epeople',
    '신문고'), lists the names in the screen's language, and puts that name in the box."""

    SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, services, lang: str, parent: QWidget):
        model = QStandardItemModel(parent)
        for svc in services:
            item = QStandardItem(svc.name_en if lang == "en" else svc.name_ko)
            item.setData(_search_text(svc), self.SEARCH_ROLE)
            item.setData(svc.code, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        super().__init__(model, parent)
        self.setCompletionRole(self.SEARCH_ROLE)

    def pathFromIndex(self, index) -> str:  # noqa: N802
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def screen_mask(rrn: str) -> str:
    """The one pattern every screen shows an RRN in: '900101-*******' (the queue's detail knows
    only the birth date of a sealed number, so the form shows no more than that either)."""
    digits = re.sub(r"\D", "", rrn or "")
    return f"{digits[:6]}-*******" if len(digits) >= 6 else "*" * len(digits)


class RrnEdit(QLineEdit):
    """Resident registration number entry: masked as it is typed (password dots), shown in clear
    only while the clerk holds the "hold to show" button (or Ctrl+Space) down, and shown as
    900101-******* once the cursor leaves the field.

    The clear value lives only in this widget's memory until submit; it is never put in a draft.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._value = ""
        self._masked = False
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(14)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9\-]{0,14}"), self))
        self.setPlaceholderText("900101-1234567")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no copying the number out

    def value(self) -> str:
        return self._value if self._masked else self.text().strip()

    def clear_value(self) -> None:
        self._value, self._masked = "", False
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.clear()

    def is_masked(self) -> bool:
        return self._masked

    def show_clear(self, shown: bool) -> None:
        """While held: the typed number in clear; released: masked again."""
        if not self._masked:
            self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if not event.isAutoRepeat():
                self.show_clear(True)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Control) and not event.isAutoRepeat():
            self.show_clear(False)
        super().keyReleaseEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        if self._masked:
            self._masked = False
            self.blockSignals(True)
            self.setValidator(None)  # type: ignore[arg-type]  # Qt takes nullptr: no validator
            self.setEchoMode(QLineEdit.EchoMode.Password)
            self.setText(self._value)
            self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9\-]{0,14}"), self))
            self.blockSignals(False)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        value = self.text().strip()
        if value and not self._masked:
            self._value, self._masked = value, True
            self.blockSignals(True)
            self.setValidator(None)  # type: ignore[arg-type]  # nullptr; the mask's '*' would not pass the digit validator
            self.setEchoMode(QLineEdit.EchoMode.Normal)  # the mask itself is shown as it is
            self.setText(screen_mask(value))
            self.blockSignals(False)


class _FocusOutWatcher(QObject):
    """Calls back with the field path when one of the watched editors loses focus."""

    def __init__(self, callback, parent=None):
        super().__init__(parent)
        self._callback = callback
        self._fields: dict[QObject, str] = {}

    def watch(self, widget: QObject, field: str) -> None:
        self._fields[widget] = field
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut and watched in self._fields:
            reason = event.reason()
            # A popup (completer, combo list) taking focus is not the clerk leaving the field.
            if reason != Qt.FocusReason.PopupFocusReason:
                self._callback(self._fields[watched])
        return False


class CaseForm(QWidget):
    edited = Signal()  # the clerk changed something (not emitted while fill() loads a document)
    submitRequested = Signal()  # Enter in a one-line field

    def __init__(self, catalogue, parent: QWidget | None = None):
        super().__init__(parent)
        from counter_app import intake

        self.setObjectName("caseForm")
        self._catalogue = catalogue
        self._intake = intake
        self._loading = False
        self._checks_paused = False  # a save under way: the submit checks every field itself
        self.errors: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        self._focus_watcher = _FocusOutWatcher(self.check_field, self)
        self._build()

    # ---------------------------------------------------------------- construction
    def _build(self) -> None:
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        lang = current_language()
        self.service = QComboBox()
        self.service.setEditable(True)
        self.service.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for svc in self._catalogue.services:
            self.service.addItem(svc.name_en if lang == "en" else svc.name_ko, svc.code)
        self.service.setCurrentIndex(-1)  # no service yet: an empty box, no blank row in the list
        self.service.lineEdit().setPlaceholderText(self.tr("Type to search the service list"))
        completer = _ServiceCompleter(self._catalogue.services, lang, self.service)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.service.setCompleter(completer)
        completer.activated.connect(lambda _text: QTimer.singleShot(0, self.service_text_finished))
        self.service.lineEdit().textEdited.connect(self._service_typed)
        # The completer popup swallows the box's own focus-out; watch where the focus goes instead.
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.service.currentIndexChanged.connect(self._service_changed)
        self.service.lineEdit().editingFinished.connect(self.service_text_finished)

        self.channel = QComboBox()
        for key, msg in self._intake.CHANNELS.items():
            self.channel.addItem(sentence_case(msg.text()), key)
        self.channel.setCurrentIndex(max(0, self.channel.findData("visit")))

        self.category = QComboBox()
        for key, msg in self._intake.CATEGORIES.items():
            self.category.addItem(sentence_case(msg.text()), key)

        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.birth_date = QLineEdit()
        self.birth_date.setInputMask("9999-99-99;_")
        self.birth_date.setToolTip(self.tr("Year-month-day, digits only, e.g. 19900101"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("010-1234-5678")
        self.phone.setMaxLength(20)
        self.email = QLineEdit()
        self.email.setMaxLength(254)
        self.address = QLineEdit()
        self.address.setMaxLength(300)
        self.address.setPlaceholderText(self.tr("Road-name address, e.g. 부산광역시 연제구 중앙대로 1001"))
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(5)
        self.postcode.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), self))
        self.postcode.setPlaceholderText("47545")
        self.rrn = RrnEdit()
        for short, chars in (
            (self.birth_date, "0000-00-00"),
            (self.phone, "010-0000-00000"),
            (self.postcode, "000000"),
            (self.rrn, "000000-0000000"),
        ):
            short.setMaximumWidth(short.fontMetrics().horizontalAdvance(chars) + 40)
        self.disclose = QCheckBox(self.tr("The applicant agrees to make the complaint public"))
        self.notify_by = QComboBox()
        for key, option_label in self._notify_options():
            self.notify_by.addItem(option_label, key)
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)  # Tab moves on; a complaint never needs a tab character
        self.content.setMinimumHeight(110)

        rows = (
            ("service", self.tr("Service"), self.service),
            ("channel", self.tr("Channel"), self.channel),
            ("category", self.tr("Class"), self.category),
            ("applicant.name", self.tr("Applicant name"), self.name),
            ("applicant.birth_date", self.tr("Date of birth"), self.birth_date),
            ("applicant.phone", self.tr("Phone"), self.phone),
            ("applicant.email", self.tr("Email"), self.email),
            ("applicant.address", self.tr("Address"), self.address),
            ("applicant.postcode", self.tr("Postcode"), self.postcode),
            ("applicant.rrn", self.tr("Resident registration no."), self.rrn),
            ("disclose", self.tr("Public"), self.disclose),
            ("notify_by", self.tr("Notify by"), self.notify_by),
            ("title", self.tr("Title"), self.title),
            ("content", self.tr("Content"), self.content),
        )
        self._row_labels: dict[str, QLabel] = {}
        for field, label_text, editor in rows:
            editor.setObjectName(field.replace("applicant.", "applicant_"))
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            if field == "applicant.rrn":
                line = QHBoxLayout()
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(editor)
                self.rrn_show = QToolButton()
                self.rrn_show.setObjectName("rrnHoldToShow")
                self.rrn_show.setText(self.tr("Hold to show"))
                self.rrn_show.setToolTip(self.tr("Shows the number while held (or while Ctrl+Space is held)"))
                self.rrn_show.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop
                self.rrn_show.pressed.connect(lambda: self.rrn.show_clear(True))
                self.rrn_show.released.connect(lambda: self.rrn.show_clear(False))
                line.addWidget(self.rrn_show)
                line.addStretch(1)
                cell_layout.addLayout(line)
            else:
                cell_layout.addWidget(editor)
            if field == "applicant.rrn":
                # the service's rule and its legal basis (required / optional), set with the service
                self.rrn_basis = QLabel()
                self.rrn_basis.setObjectName("rrnBasis")
                self.rrn_basis.setStyleSheet("color: #555;")
                self.rrn_basis.setWordWrap(True)
                self.rrn_basis.hide()
                cell_layout.addWidget(self.rrn_basis)
                # the host's note on this field (e.g. "a number is on file"), hidden until set
                self.rrn_note = QLabel()
                self.rrn_note.setObjectName("rrnNote")
                self.rrn_note.setStyleSheet("color: #555;")
                self.rrn_note.setWordWrap(True)
                self.rrn_note.hide()
                cell_layout.addWidget(self.rrn_note)
            error = QLabel()
            error.setObjectName(f"error_{field}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            cell_layout.addWidget(error)
            # A mark on what the law and the queue require; the message on save names it too.
            label = QLabel(f"{label_text} *" if field in _REQUIRED else label_text)
            label.setBuddy(editor)
            self.form.addRow(label, cell)
            self._row_labels[field] = label
            self.errors[field] = error
            self.editors[field] = editor
            self._focus_watcher.watch(editor, field)  # an editable combo keeps the focus itself
        self._rrn_cell = self.rrn.parentWidget()
        self._set_rrn_visible(False)
        self.set_rrn_required_mark(False)  # until a service that requires the number is chosen

        # Tab order follows the paper form; hidden rows (the RRN) are skipped by Qt.
        chain = [
            self.service,
            self.channel,
            self.category,
            self.name,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
            self.postcode,
            self.rrn,
            self.disclose,
            self.notify_by,
            self.title,
            self.content,
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

        # Enter in a one-line field saves; in the service box it accepts the choice and moves on.
        for edit in (
            self.name,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
            self.postcode,
            self.rrn,
            self.title,
        ):
            edit.returnPressed.connect(self.submitRequested)
        self.service.lineEdit().returnPressed.connect(self.channel.setFocus)

        for edit in (
            self.name,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
            self.postcode,
            self.title,
            self.rrn,
        ):
            edit.textEdited.connect(self._edited)
        self.service.lineEdit().textEdited.connect(self._edited)
        self.content.textChanged.connect(self._edited)
        for combo in (self.service, self.channel, self.category, self.notify_by):
            combo.activated.connect(self._edited)
        self.disclose.toggled.connect(self._edited)

    def _notify_options(self) -> list[tuple[str, str]]:
        labels = {
            "sms": self.tr("Text message"),
            "email": self.tr("Email"),
            "mail": self.tr("Post"),
            "phone": self.tr("Phone call"),
            "fax": self.tr("Fax"),
            "visit": self.tr("At the counter"),
            "none": self.tr("No notification"),
        }
        methods = getattr(getattr(self._intake, "validation", None), "NOTIFY_METHODS", None) or tuple(labels)
        return [(key, labels.get(key, key)) for key in methods]

    @property
    def last_editor(self) -> QWidget:
        """The end of the form's Tab chain, for the host to continue it with its buttons."""
        return self.content

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()

    # ---------------------------------------------------------------- form <-> document
    def _service_code(self) -> str | None:
        text = self.service.currentText().strip()
        if not text:
            return None
        index = self.service.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.service.itemData(index)
        found = self._catalogue.find(text) or _find_by_search_text(self._catalogue.services, text)
        return found.code if found else text  # unknown text: validation names the field

    def selected_service(self):
        code = self._service_code()
        return self._catalogue.find(code) if code else None

    def _birth_date_text(self) -> str:
        text = self.birth_date.text()
        return "" if not text.replace("-", "").strip() else text.strip()

    def collect(self, include_rrn: bool = True) -> dict[str, Any]:
        """The case document (contracts.md §1) as typed so far; empty optional fields are None."""

        def opt(value: str) -> str | None:
            value = value.strip()
            return value or None

        applicant: dict[str, Any] = {
            "name": opt(self.name.text()),
            "birth_date": opt(self._birth_date_text()),
            "phone": opt(self.phone.text()),
            "email": opt(self.email.text()),
            "address": opt(self.address.text()),
            "postcode": opt(self.postcode.text()),
        }
        if include_rrn and self.rrn_visible() and self.rrn.value():
            applicant["rrn"] = self.rrn.value()
        return {
            "channel": self.channel.currentData(),
            "category": self.category.currentData(),
            "service": self._service_code(),
            "title": opt(self.title.text()),
            "content": opt(self.content.toPlainText()),
            "applicant": applicant,
            "disclose": self.disclose.isChecked(),
            "notify_by": self.notify_by.currentData(),
        }

    def fill(self, form: dict) -> None:
        """Put a document into the form without signalling an edit. The RRN field is left empty,
        and an RRN-shaped number in its free text (a case stored by an older program, opened for
        correction) is shown masked, with the note saying so."""
        self._loading = True
        try:
            svc = self._catalogue.find(form.get("service") or "") if form.get("service") else None
            if svc is not None:
                self.service.setCurrentIndex(self.service.findData(svc.code))
            else:
                self.service.setCurrentIndex(-1)
                self.service.setEditText(form.get("service") or "")
            self._apply_service(svc, set_category=False)
            for combo, key in ((self.channel, "channel"), (self.category, "category"), (self.notify_by, "notify_by")):
                index = combo.findData(form.get(key))
                if index >= 0:
                    combo.setCurrentIndex(index)
            applicant = form.get("applicant") or {}
            self.name.setText(applicant.get("name") or "")
            self.birth_date.setText(applicant.get("birth_date") or "")
            self.phone.setText(applicant.get("phone") or "")
            self.email.setText(applicant.get("email") or "")
            self.address.setText(applicant.get("address") or "")
            self.postcode.setText(applicant.get("postcode") or "")
            self.rrn.clear_value()
            self.disclose.setChecked(bool(form.get("disclose")))
            self.title.setText(form.get("title") or "")
            self.content.setPlainText(form.get("content") or "")
            self.mask_free_text()
        finally:
            self._loading = False

    def clear(self) -> None:
        self._loading = True
        try:
            self.service.setCurrentIndex(-1)
            self.service.setEditText("")
            self.channel.setCurrentIndex(max(0, self.channel.findData("visit")))
            self.category.setCurrentIndex(0)
            self.category.setEnabled(True)
            for line in (self.name, self.phone, self.email, self.address, self.postcode, self.title):
                line.clear()
            self.birth_date.setText("")
            self.rrn.clear_value()
            self.disclose.setChecked(False)
            self.notify_by.setCurrentIndex(0)
            self.content.clear()
            self._set_rrn_visible(False)
            self.clear_errors()
        finally:
            self._loading = False

    def focus_first_field(self) -> None:
        self.service.setFocus(Qt.FocusReason.OtherFocusReason)
        self.service.lineEdit().selectAll()

    def close_popups(self) -> None:
        """Before saving: a completer list still open must not eat the keystrokes that follow."""
        if self.service.completer() and self.service.completer().popup().isVisible():
            self.service.completer().popup().hide()

    # ---------------------------------------------------------------- service -> class and RRN
    def service_text_finished(self) -> None:
        """Decide the service from what is typed in its box (the host calls this before saving)."""
        svc = self.selected_service()
        if svc is not None:
            index = self.service.findData(svc.code)
            if index >= 0 and index != self.service.currentIndex():
                self.service.setCurrentIndex(index)  # -> _service_changed
                return
        self._apply_service(svc, set_category=True)

    def _service_typed(self, text: str) -> None:
        """A fully typed name (or code) chooses the service at once: class and RRN row follow."""
        svc = self._catalogue.find(text) if text.strip() else None
        if svc is not None:
            self._apply_service(svc, set_category=True)

    def _focus_changed(self, old, new) -> None:
        inside = (self.service, self.service.lineEdit(), self.service.completer().popup())
        if old in inside and new not in inside and new is not None:
            self.check_field("service")

    def _service_changed(self, index: int) -> None:
        if self._loading:
            return
        code = self.service.itemData(index)
        svc = self._catalogue.find(code) if code else None
        self._apply_service(svc, set_category=True)
        self._edited()

    def _apply_service(self, svc, *, set_category: bool) -> None:
        if svc is not None:
            self._set_error("service", None)  # a "not in the list" from a half-typed name goes with it
        selectable = tuple(getattr(svc, "selectable_categories", ()) or ()) if svc is not None else ()
        if svc is not None and set_category:
            current = self.category.currentData()
            if not selectable or current not in selectable:
                index = self.category.findData(svc.category)
                if index >= 0:
                    self.category.setCurrentIndex(index)
        # A service with one legal class fixes it (and Tab skips the box); a general petition
        # lets the clerk choose among its classes.
        self.category.setEnabled(svc is None or bool(selectable))
        self._set_rrn_visible(bool(svc is not None and svc.rrn_allowed))
        note = svc.rrn_field_note() if svc is not None else None
        self.rrn_basis.setText(note.text() if note is not None else "")
        self.rrn_basis.setVisible(note is not None)
        if svc is not None and svc.rrn_allowed:
            self.set_rrn_required_mark(svc.rrn_required)  # '*' only where the law demands the number

    def _set_rrn_visible(self, visible: bool) -> None:
        self._rrn_cell.setVisible(visible)
        self._row_labels["applicant.rrn"].setVisible(visible)
        if not visible:
            self.rrn.clear_value()
            self._set_error("applicant.rrn", None)

    def rrn_visible(self) -> bool:
        return self._rrn_cell.isVisibleTo(self)

    def set_rrn_note(self, text: str | None) -> None:
        """A note under the RRN field (e.g. that a number is on file); None hides it."""
        self.rrn_note.setText(text or "")
        self.rrn_note.setVisible(bool(text))

    def set_rrn_required_mark(self, required: bool) -> None:
        """The '*' on the RRN label: not shown where an empty field keeps the number on file."""
        label = self._row_labels["applicant.rrn"]
        text = label.text().removesuffix(" *")
        label.setText(f"{text} *" if required else text)

    # ---------------------------------------------------------------- validation
    def _field_value(self, field: str):
        doc = self.collect()
        if field.startswith("applicant."):
            return doc["applicant"].get(field.split(".", 1)[1]), doc
        return doc.get(field), doc

    def mask_free_text(self, fields=FREE_TEXT_FIELDS) -> list[str]:
        """Mask RRN-shaped numbers typed into free text, in place, with a note under each field
        changed (never silently). Returns the fields changed. The clear number is dropped: no
        statute lets a complaint carry it in free text (the RRN field is the way in)."""
        changed = []
        for field in fields:
            editor = self.editors.get(field)
            if editor is None:
                continue
            assert isinstance(editor, (QLineEdit, QPlainTextEdit))  # FREE_TEXT_FIELDS are all text boxes
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            masked = pii.mask_rrns(text)
            if not masked.found:
                continue
            if isinstance(editor, QPlainTextEdit):
                cursor = editor.textCursor().position()
                editor.setPlainText(masked.text)  # emits textChanged -> edited (the draft follows)
                new_cursor = editor.textCursor()
                new_cursor.setPosition(min(cursor, len(masked.text)))
                editor.setTextCursor(new_cursor)
            else:
                editor.setText(masked.text)
                self._edited()
            self._set_error(field, pii.rrn_masked_message(self._intake.label(field)).text())  # path stripped there
            changed.append(field)
        return changed

    @contextmanager
    def field_checks_paused(self) -> Iterator[None]:
        """No on-leave field check while this runs: pressing Save moves the focus out of the form
        (it is disabled during the write), and checking the field just left ran the whole
        document's validation on the GUI thread for nothing — the submit checks every field and
        its refusals come back inline."""
        self._checks_paused = True
        try:
            yield
        finally:
            self._checks_paused = False

    def check_field(self, field: str) -> None:
        if self._loading or self._checks_paused:
            return
        if field in FREE_TEXT_FIELDS and self.mask_free_text((field,)):
            return  # the note on the masked number stays until the clerk edits the field again
        if field == "service":  # leaving the box decides the service, whether or not a popup was open
            self.service_text_finished()
        if field == "applicant.rrn" and not self.rrn_visible():
            return
        value, doc = self._field_value(field)
        if value in (None, "") and field not in ("service", "title", "content", "applicant.name"):
            self._set_error(field, None)  # an empty optional field is not an error yet
            return
        try:
            problem = self._intake.check_field(field, value, doc, self._catalogue)
        except Exception as exc:  # inline hints must never break typing
            log.warning("inline check of %s failed: %s", field, type(exc).__name__)
            return
        if value in (None, "") and problem is not None:
            return  # required-but-empty is reported on save, not while tabbing through
        self._set_error(field, problem.text() if problem is not None else None)

    def _set_error(self, field: str, text: str | None) -> None:
        label, editor = self.errors.get(field), self.editors.get(field)
        if label is None or editor is None:
            return
        if text:
            label.setText(screen_text(text))
            label.show()
        else:
            label.clear()
            label.hide()
        editor.setStyleSheet(_INVALID_STYLE if text else "")
        editor.setProperty("invalid", bool(text))

    def clear_errors(self) -> None:
        for field in self.errors:
            self._set_error(field, None)

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_problems(self, exc) -> list[str]:
        """Mark each refused field (a CaseValidationError's problems) and put the cursor on the
        first in form order. Returns the messages no visible field can show, for a banner."""
        first: str | None = None
        unplaced: list[str] = []
        for problem in exc.problems:
            field = problem.field if problem.field in self.editors else None
            if field is None or (field == "applicant.rrn" and not self.rrn_visible()):
                unplaced.append(screen_text(problem.msg.text()))
                continue
            self._set_error(field, problem.msg.text())
            if first is None or FIELD_ORDER.index(field) < FIELD_ORDER.index(first):
                first = field
        if first is not None:
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced
