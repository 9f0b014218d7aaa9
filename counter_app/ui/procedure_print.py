"""The one-page printable checklist of a guide: Qt print preview, or a PDF file.

The page content comes from the Qt-free counter_app/procedures/printable.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QWidget

from counter_app.procedures.model import Guide
from counter_app.procedures.printable import checklist_html


def checklist_document(guide: Guide, lang: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(checklist_html(guide, lang))
    # A4 less 15 mm margins, in points: what the page count below is measured against
    doc.setPageSize(QSizeF((210 - 30) / 25.4 * 72, (297 - 30) / 25.4 * 72))
    return doc


def _printer():
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def save_pdf(guide: Guide, lang: str, path: Path) -> int:
    """Write the checklist as a PDF; returns the number of pages (one, for the shipped guides)."""
    from PySide6.QtPrintSupport import QPrinter

    printer = _printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    doc = checklist_document(guide, lang)
    doc.print_(printer)
    return doc.pageCount()


def preview(guide: Guide, lang: str, parent: QWidget | None = None):
    """Qt's print preview of the checklist (print or save as PDF from there)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = _printer()
    dialog = QPrintPreviewDialog(printer, parent)
    doc = checklist_document(guide, lang)
    dialog.paintRequested.connect(doc.print_)
    doc.setParent(dialog)  # kept alive as long as the dialog
    dialog.open()
    return dialog
