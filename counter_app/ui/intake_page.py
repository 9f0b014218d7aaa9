"""민원 접수: the intake form, built for a clerk who never leaves the keyboard.

Tab walks the fields in paper-form order, Enter in a one-line field (or Ctrl+Enter anywhere)
saves. Each field is checked by counter_app.intake.check_field when the cursor leaves it; the
whole case is checked again by CaseQueue.submit, which commits before "saved" is shown. A
half-typed form is kept as a draft (never with the RRN) and offered again on the next open.
Both writes run on the task runner's writer lane, never on the GUI thread: while a save runs
the form and its buttons are disabled under "Saving…" (a second Enter does nothing), and the
receipt banner appears only once the commit has returned; autosaves are coalesced (one pending
at most, ui/draft_slot.py).
The fields themselves are a CaseForm (ui/case_form.py), shared with the queue's edit dialog.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.pii import MASKED_BEFORE_SAVE
from counter_app.ui.busy import WriteGuard
from counter_app.ui.case_form import EDITOR_ATTRIBUTES, CaseForm
from counter_app.ui.draft_slot import DISCARD, SAVE, DraftSlot
from counter_app.ui.page import Page

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000


class IntakePage(QWidget, Page):
    caseSaved = Signal(str, str)  # case_id, receipt_no
    draftSaved = Signal(str)  # case_id

    def __init__(
        self,
        queue,
        catalogue,
        actor=None,
        parent: QWidget | None = None,
        draft_delay_ms: int = DRAFT_DELAY_MS,
        tasks=None,
    ):
        super().__init__(parent)
        self.setObjectName("intakePage")
        if tasks is None:  # the main window passes its own (one writer lane); a page on its own gets one
            from counter_app.ui.tasks import TaskRunner

            tasks = TaskRunner(parent=self)
        self._tasks = tasks
        self._queue = queue
        self._catalogue = catalogue
        self._actor = None
        self._slot: DraftSlot | None = None  # this form's draft, written on the writer lane
        self._draft_writes = 0  # draft jobs queued or running
        self._dirty = False
        self.last_result = None

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(draft_delay_ms)
        self._draft_timer.timeout.connect(self.save_draft_now)

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

        self.saving_label = QLabel()  # "Saving…" while the commit runs on the writer lane
        self.saving_label.setObjectName("intakeSaving")
        self.saving_label.hide()
        outer.addWidget(self.saving_label)

        self.case_form = CaseForm(self._catalogue)
        self.case_form.setMaximumWidth(920)  # long lines are hard to scan on a wide counter screen
        self.case_form.edited.connect(self._edited)
        self.case_form.submitRequested.connect(self.save)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.case_form)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(self.tr("Clear form"))
        self.clear_button.setObjectName("clearButton")
        self.clear_button.clicked.connect(self.ask_clear)
        self.confirm_clear_box: QMessageBox | None = None
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self._submit = WriteGuard(
            self,
            self._tasks,
            (self.case_form, self.save_button, self.clear_button),
            label=self.saving_label,
            busy_text=self.tr("Saving…"),
        )

        # The form's Tab chain goes on to the buttons.
        QWidget.setTabOrder(self.case_form.last_editor, self.save_button)
        QWidget.setTabOrder(self.save_button, self.clear_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

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
        self.receipt_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
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
        self._slot = DraftSlot(self._queue, actor) if actor is not None else None
        self.notice.hide()
        self.banner.hide()
        if actor is not None:
            self.restore_draft()

    def restore_draft(self) -> bool:
        found = self._queue.latest_draft(self._actor)
        if not found:
            return False
        case_id, form = found
        self._slot = DraftSlot(self._queue, self._actor, case_id)
        self.fill(form)
        self.show_notice(
            self.tr(
                "A draft you had not finished was restored. Check it, retype the resident "
                "registration number if the service needs one, and save."
            )
        )
        return True

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _edited(self) -> None:
        # Typing the RRN counts too: it is never drafted, but the form is in progress.
        self._dirty = True
        self._draft_timer.start()

    def has_content(self) -> bool:
        doc = self.collect(include_rrn=False)
        applicant = doc.get("applicant", {})
        return bool(doc.get("service") or doc.get("title") or doc.get("content") or any(v for v in applicant.values()))

    def save_draft_now(self) -> str | None:
        """Queue the form as its draft on the writer lane (coalesced: one pending at most).
        Returns the draft id known so far; `draftSaved` says when the write has returned."""
        self._draft_timer.stop()
        if self._actor is None or self._slot is None or not self._dirty or self._submit.busy:
            return self.draft_id  # a save in progress carries the form itself
        if not self.has_content():
            self._request_draft(self._slot, DISCARD)
        else:
            self._request_draft(self._slot, SAVE, self.collect(include_rrn=False))
        self._dirty = False
        return self.draft_id

    def _request_draft(self, slot: DraftSlot, kind: str, doc: dict | None = None) -> None:
        if not slot.request(kind, doc):
            return  # the queued job writes this snapshot
        self._draft_writes += 1
        # bound methods: delivered on the GUI thread, and dropped with the page
        self._tasks.write(slot.run, name="intake.draft", on_result=self._draft_written, on_error=self._draft_failed)

    def _draft_written(self, outcome) -> None:
        self._draft_ended()
        if outcome is not None and outcome[0] == SAVE and outcome[1] is not None:
            self.draftSaved.emit(outcome[1])

    def _draft_failed(self, exc: BaseException) -> None:
        self._draft_ended()
        if self._slot is not None and self._slot.take_failure():  # this form's draft, not an earlier clerk's
            self._dirty = True  # not kept: tried again with the next change or lock
            # a full disk must not lose the form on screen: say so, keep it
            self.show_error(exc.text() if isinstance(exc, UserError) else self.tr("The draft was not saved."))

    def _draft_ended(self) -> None:
        self._draft_writes = max(0, self._draft_writes - 1)

    def autosave(self) -> None:
        """Save the half-typed form now (window closing, locking, or an error elsewhere)."""
        if self._actor is not None and (self._dirty or self._draft_timer.isActive()):
            self.save_draft_now()

    @property
    def draft_id(self) -> str | None:
        return self._slot.case_id if self._slot is not None else None

    @property
    def saving(self) -> bool:
        """A submit is on the writer lane (the form is disabled meanwhile)."""
        return self._submit.busy

    @property
    def writing(self) -> bool:
        """Anything of this page still on the writer lane (a submit or a draft job)."""
        return self._submit.busy or self._draft_writes > 0

    # ---------------------------------------------------------------- the form
    def collect(self, include_rrn: bool = True) -> dict[str, Any]:
        return self.case_form.collect(include_rrn)

    def fill(self, form: dict) -> None:
        """Put a (draft) document into the form without starting a new draft save."""
        self.case_form.fill(form)
        self._dirty = False

    def prefill(self, form: dict) -> None:
        """A procedure guide hands over what its walk captured (never an RRN): a half-typed form
        already here is kept as its draft first; the new form counts as typed (it is drafted too),
        and the cursor goes to the first empty field among the title and the content."""
        if self._actor is not None and self.has_content():
            if self._dirty:
                self.save_draft_now()
            self._slot = DraftSlot(self._queue, self._actor)  # the kept form stays with its draft
        self._clear_form()
        self.notice.hide()
        self.banner.hide()
        self.fill({k: v for k, v in form.items() if k != "rrn"})
        self.case_form.close_popups()  # the service's completer must not keep the keyboard
        self._edited()
        target = self.case_form.title if not self.case_form.title.text() else self.case_form.content
        # after the page switch has shown the form (a hidden widget cannot take the focus)
        QTimer.singleShot(0, lambda: target.setFocus(Qt.FocusReason.OtherFocusReason))

    def _clear_form(self) -> None:
        self.case_form.clear()
        self.error_banner.hide()
        self._draft_timer.stop()
        self._dirty = False

    def ask_clear(self) -> QMessageBox | None:
        """Clear form: a filled form is thrown away only after the clerk says so (Esc keeps it)."""
        if not self.has_content() and not self.case_form.rrn.value():
            self.clear_and_discard()
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Clear form"),
            self.tr("Throw away what is typed in the form? Its draft is deleted too."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        discard = box.addButton(self.tr("Throw away"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep the form"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter keeps it: throwing away needs a deliberate choice
        box.setEscapeButton(keep)
        discard.setObjectName("confirmDiscard")
        keep.setObjectName("confirmKeep")
        discard.clicked.connect(self.clear_and_discard)
        box.finished.connect(box.deleteLater)
        self.confirm_clear_box = box
        box.open()
        return box

    def clear_and_discard(self) -> None:
        """The clerk abandons the form: clear it and drop its draft (on the writer lane)."""
        if self._submit.busy:
            return  # the form is being saved as a case
        if self._slot is not None and self._actor is not None:
            self._request_draft(self._slot, DISCARD)
            self._slot = DraftSlot(self._queue, self._actor)
        self._clear_form()
        self.notice.hide()
        self.error_banner.hide()
        self.focus_first_field()

    def focus_first_field(self) -> None:
        self.case_form.focus_first_field()

    # ---------------------------------------------------------------- keyboard (ui/page.py)
    def focus_first(self) -> bool:
        self.focus_first_field()
        return True

    def search_focus(self) -> None:
        """Ctrl+F: the service search box."""
        self.focus_first_field()

    def rrn_visible(self) -> bool:
        return self.case_form.rrn_visible()

    @property
    def errors(self):
        return self.case_form.errors

    @property
    def editors(self):
        return self.case_form.editors

    def clear_errors(self) -> None:
        self.case_form.clear_errors()
        self.error_banner.hide()

    def error_text(self, field: str) -> str:
        return self.case_form.error_text(field)

    def show_error(self, text: str) -> None:
        self.error_banner.setText(text)
        self.error_banner.show()

    # ---------------------------------------------------------------- saving
    def save(self) -> Any | None:
        """Submit the case on the writer lane; returns its task handle, or None when nothing was
        started (no clerk, a save already running, free text masked first). 'Saved' appears only
        after CaseQueue.submit has committed (`caseSaved`); a refusal comes back inline."""
        if self._actor is None or self._slot is None or self._submit.busy:
            return None
        self.case_form.close_popups()
        self._draft_timer.stop()
        self.case_form.service_text_finished()
        if self.case_form.mask_free_text():
            # the clerk sees what will be kept before it is kept: masking is never silent
            self.error_banner.setText(MASKED_BEFORE_SAVE.text())
            self.error_banner.show()
            self.banner.hide()
            return None
        doc = self.collect()
        self.clear_errors()
        self.last_result = None
        slot = self._slot
        slot.drop_pending()  # the submit carries the form a queued autosave would have written
        with self.case_form.field_checks_paused():  # disabling the form moves the focus out of it
            return self._submit.start(
                lambda _task: slot.submit(doc),
                name="intake.submit",
                on_result=lambda result: self._submitted(slot, result),
                on_error=lambda exc: self._submit_failed(slot, doc, exc),
            )

    def _submitted(self, slot: DraftSlot, result) -> None:
        """The case is committed (durable first, then shown)."""
        self.last_result = result
        if slot is self._slot:  # still this clerk's form (not signed out meanwhile)
            self._slot = DraftSlot(self._queue, self._actor)
            self._show_saved(result)
            self._clear_form()
            self.notice.hide()
            self.focus_first_field()
        self.caseSaved.emit(result.case_id, result.receipt_no)

    def _submit_failed(self, slot: DraftSlot, doc: dict, exc: BaseException) -> None:
        from counter_app.intake import CaseValidationError

        if slot is not self._slot:
            # another clerk has the form now: the refused form is kept as its clerk's draft
            without_rrn = {**doc, "applicant": {k: v for k, v in (doc.get("applicant") or {}).items() if k != "rrn"}}
            self._request_draft(slot, SAVE, without_rrn)
            return
        self._dirty = True  # not saved: the form is still in progress
        if isinstance(exc, CaseValidationError):
            self._show_problems(exc)
        else:
            self.show_error(exc.text() if isinstance(exc, UserError) else self.tr("Not saved: an error occurred."))
        self._draft_timer.start()

    def _show_problems(self, exc) -> None:
        unplaced = self.case_form.show_problems(exc)
        self.show_error(
            self.tr("Not saved: correct the marked fields.")
            if not unplaced
            else "\n".join([self.tr("Not saved:")] + unplaced)
        )
        self.banner.hide()

    def _show_saved(self, result) -> None:
        self.receipt_label.setText(result.receipt_no)
        due = result.due_date.isoformat() if result.due_date is not None else "-"
        if result.due_date is not None and not getattr(result, "due_confirmed", True):
            from counter_app.intake.catalogue import PERIOD_UNCONFIRMED

            due = f"{due} ({PERIOD_UNCONFIRMED.text()})"  # an unconfirmed period is never shown as fact
        self.due_label.setText(self.tr("Due date: {date}").format(date=due))
        from counter_app.intake.catalogue import PERIOD_UNCONFIRMED

        # the unconfirmed period is said next to the due date already
        warnings = [w.text() for w in (result.warnings or []) if w != PERIOD_UNCONFIRMED]
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.banner.show()

    def copy_receipt(self) -> None:
        QGuiApplication.clipboard().setText(self.receipt_label.text())

    # ---------------------------------------------------------------- Qt
    def closeEvent(self, event) -> None:  # noqa: N802
        self.autosave()
        super().closeEvent(event)


def _forward(attribute: str) -> property:
    return property(
        lambda self: getattr(self.case_form, attribute),
        doc=f"The form's {attribute} editor (IntakePage.{attribute} as before the form was shared).",
    )


for _attribute in EDITOR_ATTRIBUTES:
    setattr(IntakePage, _attribute, _forward(_attribute))
