"""민원 접수: the intake form, built for a clerk who never leaves the keyboard.

Tab walks the fields in paper-form order, Enter in a one-line field (or Ctrl+Enter anywhere)
saves. Each field is checked by counter_app.intake.check_field when the cursor leaves it; the
whole case is checked again by CaseQueue.submit, which commits before "saved" is shown. A
half-typed form is kept as a draft (never with the RRN) and offered again on the next open.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QCompleter, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from counter_app.errors import UserError
from counter_app.i18n import current_language
from counter_app.security import mask_rrn

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000

# Form fields in tab order: dotted case-document path -> attribute name of the editor.
FIELD_ORDER = (
    "service", "channel", "category", "applicant.name", "applicant.birth_date", "applicant.phone",
    "applicant.email", "applicant.address", "applicant.postcode", "applicant.rrn", "disclose",
    "notify_by", "title", "content",
)

_REQUIRED = frozenset({"service", "channel", "category", "applicant.name", "title", "content", "applicant.rrn"})
_INVALID_STYLE = "border: 2px solid #b00020; border-radius: 2px;"


class RrnEdit(QLineEdit):
    """Resident registration number entry: in clear while typing, masked (900101-1******) after.

    The clear value lives only in this widget's memory until submit; it is never put in a draft.
    """

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._value = ""
        self._masked = False
        self.setMaxLength(14)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9\-]{0,14}"), self))
        self.setPlaceholderText("900101-1234567")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no copying the number out

    def value(self) -> str:
        return self._value if self._masked else self.text().strip()

    def clear_value(self) -> None:
        self._value, self._masked = "", False
        self.clear()

    def is_masked(self) -> bool:
        return self._masked

    def focusInEvent(self, event) -> None:  # noqa: N802
        if self._masked:
            self._masked = False
            self.blockSignals(True)
            self.setValidator(None)
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
            self.setValidator(None)  # the mask's '*' would not pass the digit validator
            self.setText(mask_rrn(value))
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


class IntakePage(QWidget):
    caseSaved = Signal(str, str)  # case_id, receipt_no
    draftSaved = Signal(str)  # case_id

    def __init__(self, queue, catalogue, actor=None, parent: Optional[QWidget] = None,
                 draft_delay_ms: int = DRAFT_DELAY_MS):
        super().__init__(parent)
        from counter_app import intake

        self.setObjectName("intakePage")
        self._queue = queue
        self._catalogue = catalogue
        self._intake = intake
        self._actor = None
        self._draft_id: Optional[str] = None
        self._loading = False
        self._dirty = False
        self.last_result = None
        self.errors: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(draft_delay_ms)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self._focus_watcher = _FocusOutWatcher(self._check_field, self)

        self._build()
        if actor is not None:
            self.set_actor(actor)

    # ---------------------------------------------------------------- construction
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel(self.tr("Civil complaint intake"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        outer.addWidget(title)

        self.notice = QLabel()  # "draft restored" and other quiet notes
        self.notice.setObjectName("intakeNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff8e1; border: 1px solid #f0c36d; padding: 6px;")
        self.notice.hide()
        outer.addWidget(self.notice)

        self.banner = self._build_banner()
        outer.addWidget(self.banner)

        self.error_banner = QLabel()
        self.error_banner.setObjectName("intakeErrorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet("background: #fdecea; color: #b00020; border: 1px solid #f5c2c0; padding: 6px;")
        self.error_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_banner.hide()
        outer.addWidget(self.error_banner)

        form_host = QWidget()
        form_host.setMaximumWidth(920)  # long lines are hard to scan on a wide counter screen
        self.form = QFormLayout(form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        lang = current_language()
        self.service = QComboBox()
        self.service.setEditable(True)
        self.service.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.service.addItem("", None)
        for svc in self._catalogue.services:
            self.service.addItem(svc.name_en if lang == "en" else svc.name_ko, svc.code)
        self.service.setCurrentIndex(0)
        self.service.lineEdit().setPlaceholderText(self.tr("Type to search the service list"))
        names = [self.service.itemText(i) for i in range(1, self.service.count())]
        completer = QCompleter(QStringListModel(names, self), self.service)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.service.setCompleter(completer)
        completer.activated.connect(lambda _text: QTimer.singleShot(0, self._service_text_finished))
        self.service.lineEdit().textEdited.connect(self._service_typed)
        # The completer popup swallows the box's own focus-out; watch where the focus goes instead.
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.service.currentIndexChanged.connect(self._service_changed)
        self.service.lineEdit().editingFinished.connect(self._service_text_finished)

        self.channel = QComboBox()
        for key, label in self._intake.CHANNELS.items():
            self.channel.addItem(label.text(), key)
        self.channel.setCurrentIndex(max(0, self.channel.findData("visit")))

        self.category = QComboBox()
        for key, label in self._intake.CATEGORIES.items():
            self.category.addItem(label.text(), key)

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
        for short, chars in ((self.birth_date, "0000-00-00"), (self.phone, "010-0000-00000"),
                             (self.postcode, "000000"), (self.rrn, "000000-0000000")):
            short.setMaximumWidth(short.fontMetrics().horizontalAdvance(chars) + 40)
        self.disclose = QCheckBox(self.tr("The applicant agrees to make the complaint public"))
        self.notify_by = QComboBox()
        for key, label in self._notify_options():
            self.notify_by.addItem(label, key)
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
            cell_layout.addWidget(editor)
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

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(self.tr("Clear form"))
        self.clear_button.setObjectName("clearButton")
        self.clear_button.clicked.connect(self.clear_and_discard)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        # Tab order follows the paper form; hidden rows (the RRN) are skipped by Qt.
        chain = [self.service, self.channel, self.category, self.name, self.birth_date, self.phone,
                 self.email, self.address, self.postcode, self.rrn, self.disclose, self.notify_by,
                 self.title, self.content, self.save_button, self.clear_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

        # Enter in a one-line field saves; in the service box it accepts the choice and moves on.
        for line in (self.name, self.birth_date, self.phone, self.email, self.address, self.postcode,
                     self.rrn, self.title):
            line.returnPressed.connect(self.save)
        self.service.lineEdit().returnPressed.connect(self.channel.setFocus)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

        for line in (self.name, self.birth_date, self.phone, self.email, self.address, self.postcode, self.title):
            line.textEdited.connect(self._edited)
        self.service.lineEdit().textEdited.connect(self._edited)
        self.rrn.textEdited.connect(self._rrn_edited)
        self.content.textChanged.connect(self._edited)
        for combo in (self.service, self.channel, self.category, self.notify_by):
            combo.activated.connect(self._edited)
        self.disclose.toggled.connect(self._edited)

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("savedBanner")
        banner.setStyleSheet("#savedBanner { background: #e8f5e9; border: 1px solid #81c784; }")
        layout = QHBoxLayout(banner)
        text = QVBoxLayout()
        self.banner_title = QLabel(self.tr("Saved. Receipt number:"))
        self.receipt_label = QLabel()
        self.receipt_label.setObjectName("receiptNumber")
        font = QFont(self.font())
        font.setPointSize(20)
        font.setBold(True)
        self.receipt_label.setFont(font)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                   | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.receipt_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.due_label = QLabel()
        self.due_label.setObjectName("dueDate")
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("saveWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #8a5300;")
        text.addWidget(self.banner_title)
        text.addWidget(self.receipt_label)
        text.addWidget(self.due_label)
        text.addWidget(self.warnings_label)
        layout.addLayout(text, 1)
        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setObjectName("copyReceipt")
        self.copy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep it out of the Tab chain
        self.copy_button.clicked.connect(self.copy_receipt)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        banner.hide()
        return banner

    def _notify_options(self) -> list[tuple[str, str]]:
        labels = {"sms": self.tr("Text message"), "email": self.tr("Email"), "mail": self.tr("Post"),
                  "phone": self.tr("Phone call"), "fax": self.tr("Fax"), "visit": self.tr("At the counter"),
                  "none": self.tr("No notification")}
        methods = getattr(getattr(self._intake, "validation", None), "NOTIFY_METHODS", None) or tuple(labels)
        return [(key, labels.get(key, key)) for key in methods]

    # ---------------------------------------------------------------- actor and drafts
    @property
    def actor(self):
        return self._actor

    def set_actor(self, actor) -> None:
        """A (possibly different) clerk signed in: show their own half-typed form, if any."""
        if self._actor is not None and actor is not None and actor.id == self._actor.id:
            return
        self.autosave()
        self._actor = actor
        self._clear_form()
        self._draft_id = None
        self.notice.hide()
        self.banner.hide()
        if actor is not None:
            self.restore_draft()

    def restore_draft(self) -> bool:
        found = self._queue.latest_draft(self._actor)
        if not found:
            return False
        case_id, form = found
        self._draft_id = case_id
        self.fill(form)
        self.show_notice(self.tr("A draft you had not finished was restored. Check it, retype the resident "
                                 "registration number if the service needs one, and save."))
        return True

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self._dirty = True
        self._draft_timer.start()

    def _rrn_edited(self, *_args) -> None:
        # The RRN is never drafted, but typing it still means the form is in progress.
        self._edited()

    def has_content(self) -> bool:
        doc = self.collect(include_rrn=False)
        applicant = doc.get("applicant", {})
        return bool(doc.get("service") or doc.get("title") or doc.get("content")
                    or any(v for v in applicant.values()))

    def save_draft_now(self) -> Optional[str]:
        self._draft_timer.stop()
        if self._actor is None or not self._dirty:
            return self._draft_id
        if not self.has_content():
            if self._draft_id is not None:
                self._queue.discard_draft(self._actor, self._draft_id)
                self._draft_id = None
            self._dirty = False
            return None
        try:
            self._draft_id = self._queue.save_draft(self._actor, self.collect(include_rrn=False),
                                                    case_id=self._draft_id)
        except UserError as exc:  # a full disk must not lose the form on screen: say so, keep it
            self.show_error(exc.text())
            return self._draft_id
        self._dirty = False
        self.draftSaved.emit(self._draft_id)
        return self._draft_id

    def autosave(self) -> None:
        """Save the half-typed form now (window closing, locking, or an error elsewhere)."""
        if self._actor is not None and (self._dirty or self._draft_timer.isActive()):
            self.save_draft_now()

    @property
    def draft_id(self) -> Optional[str]:
        return self._draft_id

    # ---------------------------------------------------------------- form <-> document
    def _service_code(self) -> Optional[str]:
        text = self.service.currentText().strip()
        if not text:
            return None
        index = self.service.findText(text, Qt.MatchFlag.MatchFixedString)
        if index > 0:
            return self.service.itemData(index)
        found = self._catalogue.find(text)
        return found.code if found else text  # unknown text: validation names the field

    def _selected_service(self):
        code = self._service_code()
        return self._catalogue.find(code) if code else None

    def _birth_date_text(self) -> str:
        text = self.birth_date.text()
        return "" if not text.replace("-", "").strip() else text.strip()

    def collect(self, include_rrn: bool = True) -> dict[str, Any]:
        """The case document (contracts.md §1) as typed so far; empty optional fields are None."""

        def opt(value: str) -> Optional[str]:
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
        if include_rrn and self._rrn_cell.isVisibleTo(self) and self.rrn.value():
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
        """Put a (draft) document into the form without starting a new draft save."""
        self._loading = True
        try:
            svc = self._catalogue.find(form.get("service") or "") if form.get("service") else None
            if svc is not None:
                self.service.setCurrentIndex(max(0, self.service.findData(svc.code)))
            else:
                self.service.setCurrentIndex(0)
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
        finally:
            self._loading = False
        self._dirty = False

    def _clear_form(self) -> None:
        self._loading = True
        try:
            self.service.setCurrentIndex(0)
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
        self._draft_timer.stop()
        self._dirty = False

    def clear_and_discard(self) -> None:
        """The clerk abandons the form: clear it and drop its draft."""
        if self._draft_id is not None and self._actor is not None:
            self._queue.discard_draft(self._actor, self._draft_id)
        self._draft_id = None
        self._clear_form()
        self.notice.hide()
        self.error_banner.hide()
        self.focus_first_field()

    def focus_first_field(self) -> None:
        self.service.setFocus(Qt.FocusReason.OtherFocusReason)
        self.service.lineEdit().selectAll()

    # ---------------------------------------------------------------- service -> class and RRN
    def _service_text_finished(self) -> None:
        svc = self._selected_service()
        if svc is not None:
            index = self.service.findData(svc.code)
            if index > 0 and index != self.service.currentIndex():
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
            self._check_field("service")

    def _service_changed(self, index: int) -> None:
        if self._loading:
            return
        code = self.service.itemData(index)
        svc = self._catalogue.find(code) if code else None
        self._apply_service(svc, set_category=True)
        self._edited()

    def _apply_service(self, svc, *, set_category: bool) -> None:
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
        self._set_rrn_visible(bool(svc is not None and svc.rrn_required))

    def _set_rrn_visible(self, visible: bool) -> None:
        self._rrn_cell.setVisible(visible)
        self._row_labels["applicant.rrn"].setVisible(visible)
        if not visible:
            self.rrn.clear_value()
            self._set_error("applicant.rrn", None)

    def rrn_visible(self) -> bool:
        return self._rrn_cell.isVisibleTo(self)

    # ---------------------------------------------------------------- validation
    def _field_value(self, field: str):
        doc = self.collect()
        if field.startswith("applicant."):
            return doc["applicant"].get(field.split(".", 1)[1]), doc
        return doc.get(field), doc

    def _check_field(self, field: str) -> None:
        if self._loading:
            return
        if field == "service":  # leaving the box decides the service, whether or not a popup was open
            self._service_text_finished()
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

    def _set_error(self, field: str, text: Optional[str]) -> None:
        label, editor = self.errors.get(field), self.editors.get(field)
        if label is None or editor is None:
            return
        if text:
            label.setText(text)
            label.show()
        else:
            label.clear()
            label.hide()
        editor.setStyleSheet(_INVALID_STYLE if text else "")
        editor.setProperty("invalid", bool(text))

    def clear_errors(self) -> None:
        for field in self.errors:
            self._set_error(field, None)
        self.error_banner.hide()

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_error(self, text: str) -> None:
        self.error_banner.setText(text)
        self.error_banner.show()

    # ---------------------------------------------------------------- saving
    def save(self) -> Optional[Any]:
        """Submit the case. 'Saved' appears only after CaseQueue.submit has committed."""
        if self._actor is None:
            return None
        if self.service.completer() and self.service.completer().popup().isVisible():
            self.service.completer().popup().hide()
        self._draft_timer.stop()
        self._service_text_finished()
        doc = self.collect()
        self.clear_errors()
        try:
            result = self._queue.submit(self._actor, doc, case_id=self._draft_id)
        except self._intake.CaseValidationError as exc:
            self._show_problems(exc)
            return None
        except UserError as exc:
            self.show_error(exc.text())
            return None
        self.last_result = result
        self._draft_id = None
        self._show_saved(result)
        self._clear_form()
        self.notice.hide()
        self.focus_first_field()
        self.caseSaved.emit(result.case_id, result.receipt_no)
        return result

    def _show_problems(self, exc) -> None:
        first: Optional[str] = None
        unplaced: list[str] = []
        for problem in exc.problems:
            field = problem.field if problem.field in self.editors else None
            if field is None or (field == "applicant.rrn" and not self.rrn_visible()):
                unplaced.append(problem.msg.text())
                continue
            self._set_error(field, problem.msg.text())
            if first is None or FIELD_ORDER.index(field) < FIELD_ORDER.index(first):
                first = field
        self.show_error(self.tr("Not saved: correct the marked fields.") if not unplaced
                        else "\n".join([self.tr("Not saved:")] + unplaced))
        self.banner.hide()
        if first is not None:
            editor = self.editors[first]
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_saved(self, result) -> None:
        self.receipt_label.setText(result.receipt_no)
        due = result.due_date.isoformat() if result.due_date is not None else "-"
        self.due_label.setText(self.tr("Due date: {date}").format(date=due))
        warnings = [w.text() for w in (result.warnings or [])]
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.banner.show()

    def copy_receipt(self) -> None:
        QGuiApplication.clipboard().setText(self.receipt_label.text())

    # ---------------------------------------------------------------- Qt
    def closeEvent(self, event) -> None:  # noqa: N802
        self.autosave()
        super().closeEvent(event)
