"""Printing documents from the queue page: Ctrl+P opens a menu whose mnemonics finish the job in
a second keystroke — R the receipt (접수증), I the interim confirmation (임시 확인서) of the selected
case (2 and S: the same with both copies, 민원인용 and 기관보관용, on one sheet), B the batch of a
day's receipts, V the verify dialog. The main window keeps one more
DocumentActions (no Ctrl+P of its own) for the guides' print steps (a receipt or interim
confirmation for the walk's case, or the number asked; the outage notice) and Documents → Verify.

The document is issued (ledger + audit: a write) and rendered off the GUI thread on the
single-writer lane (TaskRunner.write); the preview shows its pages, from which the clerk prints
through Qt's print support (QtPrintSupport ships in PySide6-Essentials) or saves the signed PDF.
What is printed on paper is the signed PDF's page rendered at 300 dpi, so the QR code and the
text are the ones `documents verify` checks. The batch issues one receipt per write task, one
after another, so a clerk's intake is never stuck behind a batch of 500; it can be cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.errors import UserError
from counter_app.i18n import current_language

PREVIEW_DPI = 110
PRINT_DPI = 300


def page_images(pdf: bytes, dpi: int) -> list[QImage]:
    """The pages of `pdf` as QImages (pypdfium2), safe to call off the GUI thread."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            pil = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            out.append(QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy())
        return out
    finally:
        doc.close()


def print_pdf(pdf: bytes, printer) -> int:
    """Paint every page of `pdf` on a QPrinter (a real printer or Qt's PDF output); the page count."""
    images = page_images(pdf, PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_printer_failed())
    try:
        for n, image in enumerate(images):
            if n:
                printer.newPage()
            rect = painter.viewport()
            size = image.size()
            size.scale(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(rect.x(), rect.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return len(images)


def _printer_failed():
    from counter_app.i18n import Msg

    return Msg("프린터를 열 수 없습니다.", "The printer cannot be opened.")


class DocumentPreview(QDialog):
    """The pages of one issued document, with Print… and Save as PDF…."""

    def __init__(self, issued, images: list[QImage], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.issued = issued
        self.setWindowTitle(self.tr("Document {serial}").format(serial=issued.serial))
        layout = QVBoxLayout(self)
        info = self.tr("Serial {serial} · check code {code}").format(serial=issued.serial, code=issued.code)
        if issued.reprint:
            info += " · " + self.tr("reprint {n}").format(n=issued.reprint)
        self.info = QLabel(info)
        layout.addWidget(self.info)
        scroll = QScrollArea()
        holder = QWidget()
        pages = QVBoxLayout(holder)
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            pages.addWidget(label)
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("&Print…"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        close = QPushButton(self.tr("Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.ask_print)
        self.save_button.clicked.connect(self.ask_save)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 700)  # fits a 1366×768 screen
        self.print_button.setFocus()

    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer) -> int:
        return print_pdf(self.issued.pdf, printer)

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), f"{self.issued.serial}.pdf", self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        try:
            path.write_bytes(self.issued.pdf)
        except OSError:
            QMessageBox.warning(self, self.tr("Save as PDF"), self.tr("The file cannot be written."))


class DocumentActions(QObject):
    """Ctrl+P on the queue page and the menu it opens (see the module docstring)."""

    issued = Signal(object)  # the Issued, once its preview is ready
    failed = Signal(str)

    def __init__(
        self,
        page: QWidget,
        documents: Callable[[], object],
        tasks,
        *,
        selected: Callable[[], str | None],
        actor: Callable[[], object],
        shortcut: bool = True,
    ):
        """`shortcut` False: no Ctrl+P on `page` (the main window's instance, which serves the
        guides' print steps and Documents → Verify, leaves Ctrl+P to the pages)."""
        super().__init__(page)
        self._page = page
        self._documents = documents
        self._tasks = tasks
        self._selected = selected
        self._actor = actor
        self.preview: DocumentPreview | None = None
        self.batch_dialog: BatchPrintDialog | None = None
        self.verify_dialog: QDialog | None = None
        self.receipt_dialog: ReceiptNumberDialog | None = None
        self.menu = QMenu(page)
        self.menu.setObjectName("printMenu")
        self.receipt_action = self.menu.addAction(self.tr("&Receipt"))
        self.interim_action = self.menu.addAction(self.tr("&Interim confirmation"))
        self.receipt_two_action = self.menu.addAction(self.tr("Receipt, &2 copies on one sheet"))
        self.interim_two_action = self.menu.addAction(self.tr("Interim confirmation, 2 copies on one &sheet"))
        self.menu.addSeparator()
        self.batch_action = self.menu.addAction(self.tr("&Batch: a day's receipts…"))
        self.verify_action = self.menu.addAction(self.tr("&Verify a document…"))
        self.receipt_action.triggered.connect(lambda: self.print_selected("receipt"))
        self.interim_action.triggered.connect(lambda: self.print_selected("interim"))
        self.receipt_two_action.triggered.connect(lambda: self.print_selected("receipt", copies=2))
        self.interim_two_action.triggered.connect(lambda: self.print_selected("interim", copies=2))
        self.batch_action.triggered.connect(self.open_batch)
        self.verify_action.triggered.connect(self.open_verify)
        self.shortcut: QShortcut | None = None
        if shortcut:
            self.shortcut = QShortcut(QKeySequence.StandardKey.Print, page)
            self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcut.activated.connect(self.show_menu)

    def close_all(self) -> None:
        """The window locks: nothing showing a name or birth date stays open (a running batch goes on)."""
        for dialog in (self.preview, self.verify_dialog, self.receipt_dialog):
            if dialog is not None:
                try:
                    dialog.close()
                except RuntimeError:  # already deleted (WA_DeleteOnClose)
                    pass
        self.preview = None
        self.verify_dialog = None
        self.receipt_dialog = None

    def show_menu(self) -> None:
        has_case = self._selected() is not None and self._actor() is not None
        for action in (self.receipt_action, self.interim_action, self.receipt_two_action, self.interim_two_action):
            action.setEnabled(has_case)
        self.batch_action.setEnabled(self._actor() is not None)
        self.menu.popup(self._page.mapToGlobal(self._page.rect().center()))

    def print_selected(self, typ: str, copies: int = 1) -> None:
        receipt_no = self._selected()
        if receipt_no is not None:
            self.print_document(typ, receipt_no, copies=copies)

    def print_document(self, typ: str, receipt_no: str | None = None, copies: int = 1) -> None:
        """Issue and preview one document: 'receipt' or 'interim' of the case `receipt_no` (`copies`
        2: both copies on one sheet), or the outage 'notice'. Off the GUI thread, on the writer
        lane; `issued` when the preview shows."""
        actor = self._actor()
        if actor is None or (typ != "notice" and not receipt_no):
            return
        service, lang = self._documents(), current_language()

        def work(_task):
            if typ == "notice":
                issued = service.notice(actor.id, lang)
            else:
                issued = service.case_document(actor.id, typ, receipt_no, lang, copies=copies)
            return issued, page_images(issued.pdf, PREVIEW_DPI)

        self._tasks.write(work, name=f"document.{typ}", on_result=self._show, on_error=self._error)

    def ask_receipt_and_print(self, typ: str, initial: str = "") -> ReceiptNumberDialog:
        """A receipt or interim confirmation for a case the caller cannot name: the clerk types
        (or confirms) its receipt number, Enter prints."""
        dialog = ReceiptNumberDialog(typ, initial, self._page)
        dialog.accepted.connect(lambda: self.print_document(typ, dialog.receipt_no()))
        dialog.finished.connect(dialog.deleteLater)
        self.receipt_dialog = dialog
        dialog.open()
        return dialog

    def _show(self, result) -> None:
        issued, images = result
        self.preview = DocumentPreview(issued, images, self._page)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.show()
        self.issued.emit(issued)

    def _error(self, exc: BaseException) -> None:
        text = exc.text() if isinstance(exc, UserError) else self.tr("The document could not be made.")
        self.failed.emit(text)
        QMessageBox.warning(self._page, self.tr("Print"), text)

    def open_batch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        self.batch_dialog = BatchPrintDialog(self._documents(), self._tasks, actor, self._page)
        self.batch_dialog.show()

    def open_verify(self) -> None:
        from counter_app.ui.documents_verify import VerifyDialog

        self.verify_dialog = VerifyDialog(self._documents(), self._tasks, self._page)
        self.verify_dialog.show()


class ReceiptNumberDialog(QDialog):
    """Which case: the receipt number (접수번호) of the case whose receipt or interim confirmation
    is to be printed. Enter prints, Esc cancels."""

    def __init__(self, typ: str, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("receiptNumberDialog")
        self.setWindowTitle(
            self.tr("Print the receipt") if typ == "receipt" else self.tr("Print the interim confirmation")
        )
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Receipt number of the case:"))
        layout.addWidget(label)
        self.edit = QLineEdit(initial)
        self.edit.setObjectName("receiptNumberEdit")
        self.edit.setPlaceholderText("2611051000-20261124-T1-0001-X")
        label.setBuddy(self.edit)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edit.selectAll()
        self.edit.setFocus()

    def receipt_no(self) -> str:
        return self.edit.text().strip()

    def _accept(self) -> None:
        if self.receipt_no():
            self.accept()


class BatchPrintDialog(QDialog):
    """The receipts of one day's cases into a folder, one signed PDF each, with progress and cancel."""

    finished_batch = Signal(int, int)  # done, total

    def __init__(self, documents, tasks, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("batchPrintDialog")
        self.setWindowTitle(self.tr("Print a day's receipts"))
        self._documents, self._tasks, self._actor = documents, tasks, actor
        self._queue: list[str] = []
        self._done = 0
        self._cancelled = False
        self._folder: Path | None = None
        form = QFormLayout()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("&Day"), self.day)
        row = QHBoxLayout()
        self.folder = QLineEdit()
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("&Folder"), row)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.start_button = QPushButton(self.tr("&Start"))
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the receipts"))
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        folder = Path(self.folder.text().strip()) if self.folder.text().strip() else None
        if folder is None or not folder.is_dir():
            self.status.setText(self.tr("Choose a folder first."))
            return
        self._folder = folder
        q = self.day.date()
        day = dt.date(q.year(), q.month(), q.day())
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._cancelled = False
        self._done = 0
        self._tasks.run(
            lambda _t: self._documents.day_receipts(day),
            name="documents.batch.list",
            on_result=self._begin,
            on_error=self._error,
        )

    def _begin(self, receipts: list[str]) -> None:
        self._queue = list(receipts)
        self._total = len(receipts)
        self.progress.setRange(0, max(1, self._total))
        self.progress.setValue(0)
        self._next()

    def _next(self) -> None:
        if self._cancelled or not self._queue:
            self._end()
            return
        rno = self._queue.pop(0)
        service, actor, folder, lang = self._documents, self._actor, self._folder, current_language()

        def work(_task):
            issued = service.receipt(actor.id, rno, lang)
            (folder / f"{issued.serial}.pdf").write_bytes(issued.pdf)
            return issued.serial

        self._tasks.write(work, name="documents.batch.one", on_result=self._one_done, on_error=self._error)

    def _one_done(self, _serial: str) -> None:
        self._done += 1
        self.progress.setValue(self._done)
        self.status.setText(self.tr("{done} of {total} printed").format(done=self._done, total=self._total))
        self._next()

    def cancel(self) -> None:
        self._cancelled = True

    def _error(self, exc: BaseException) -> None:
        self.status.setText(exc.text() if isinstance(exc, UserError) else self.tr("The document could not be made."))
        self._cancelled = True
        self._end()

    def _end(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        total = getattr(self, "_total", 0)
        if self._cancelled and self._done < total:
            self.status.setText(self.tr("Stopped: {done} of {total} printed").format(done=self._done, total=total))
        self.finished_batch.emit(self._done, total)
