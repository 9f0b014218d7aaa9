"""Documents in the desktop program (issue 9): Ctrl+P then R prints the selected case's receipt
(preview, print through QtPrintSupport, save as PDF); the verify dialog shows the signed facts and
checks a name and birth date; the batch prints a day's receipts with progress off the GUI thread."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import sample_case  # tests/gui/conftest.py
from PySide6.QtCore import Qt


@pytest.fixture
def page(qtbot, office_ctx, clerk):
    from counter_app.intake import CATEGORIES
    from counter_app.ui.documents_print import DocumentActions
    from counter_app.ui.queue_page import QueuePage
    from counter_app.ui.tasks import TaskRunner

    office_ctx.queue.submit(clerk, sample_case())
    office_ctx.queue.submit(clerk, sample_case(title="두 번째"))
    tasks = TaskRunner()
    p = QueuePage(
        office_ctx.queue,
        office_ctx.office,
        clerk,
        category_labels={k: m.text() for k, m in CATEGORIES.items()},
        tasks=tasks,
    )
    p.document_actions = DocumentActions(
        p, lambda: office_ctx.documents, tasks, selected=p.selected_receipt_no, actor=p.current_actor
    )
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    yield p
    tasks.shutdown()


def _select_first(qtbot, page):
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.waitUntil(lambda: page.selected_receipt_no() is not None, timeout=5000)
    return page.selected_receipt_no()


def test_ctrl_p_then_r_prints_the_receipt_and_the_printout_carries_a_readable_qr(qtbot, page, office_ctx, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    rno = _select_first(qtbot, page)
    actions = page.document_actions
    with qtbot.waitSignal(actions.issued, timeout=20000) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(actions.menu.isVisible, timeout=3000)
        qtbot.keyClick(actions.menu, Qt.Key.Key_R)
    issued = blocker.args[0]
    assert issued.typ == "receipt" and actions.preview is not None
    assert issued.serial in actions.preview.info.text()
    assert office_ctx.documents.verify_pdf(issued.pdf).facts["receipt_no"] == rno

    out = tmp_path / "printed.pdf"  # Qt's own print path, to a PDF "printer"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert actions.preview.print_to(printer) == 1
    doc = pdfium.PdfDocument(out.read_bytes())
    image = doc[0].render(scale=150 / 72).to_pil()
    doc.close()
    texts = [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
    assert office_ctx.documents.verify_text(texts[0]).ok

    saved = tmp_path / "saved.pdf"
    actions.preview.save_to(saved)
    assert saved.read_bytes() == issued.pdf
    preview = actions.preview
    page.on_lock()  # the window locks: the preview (a name, a birth date) goes
    assert not preview.isVisible() and actions.preview is None


def test_ctrl_p_then_i_prints_the_interim_confirmation(qtbot, page):
    _select_first(qtbot, page)
    actions = page.document_actions
    with qtbot.waitSignal(actions.issued, timeout=20000) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(actions.menu.isVisible, timeout=3000)
        qtbot.keyClick(actions.menu, Qt.Key.Key_I)
    assert blocker.args[0].typ == "interim"


def test_ctrl_p_then_2_prints_both_copies_of_the_receipt_on_one_sheet(qtbot, page, office_ctx):
    _select_first(qtbot, page)
    actions = page.document_actions
    with qtbot.waitSignal(actions.issued, timeout=20000) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(actions.menu.isVisible, timeout=3000)
        qtbot.keyClick(actions.menu, Qt.Key.Key_2)
    issued = blocker.args[0]
    doc = pdfium.PdfDocument(issued.pdf)
    try:
        width, height = doc[0].get_size()
        text = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert issued.typ == "receipt" and actions.preview is not None and issued.serial in actions.preview.info.text()
    assert width > height and "민원인용" in text and "기관보관용" in text
    assert office_ctx.documents.verify_pdf(issued.pdf).ok


def test_verify_dialog_shows_facts_and_checks_the_applicant(qtbot, page, office_ctx, clerk, tmp_path):
    from counter_app.offline.repository import QueueFilter
    from counter_app.ui.documents_verify import VerifyDialog
    from counter_app.ui.tasks import TaskRunner

    rno = office_ctx.queue.page(QueueFilter(), 0, 1)[0].receipt_no
    issued = office_ctx.documents.receipt(clerk.id, rno)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(issued.pdf)
    tasks = TaskRunner()
    dialog = VerifyDialog(office_ctx.documents, tasks)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.verified, timeout=20000):
        dialog.check_file(pdf)
    assert issued.serial in dialog.result_label.text() and rno in dialog.result_label.text()
    assert dialog.person_button.isEnabled()
    dialog.name.setText("홍길동")
    dialog.birth.setText("1990-01-01")
    dialog.check_person()
    matched = dialog.person_result.text()
    dialog.birth.setText("1990-01-02")
    dialog.check_person()
    assert matched != dialog.person_result.text()
    with qtbot.waitSignal(dialog.verified, timeout=5000) as blocker:
        dialog.code.setText(issued.code)
        dialog.check_code()
    assert blocker.args[0].ok
    tasks.shutdown()


def test_batch_prints_the_days_receipts_with_progress(qtbot, page, office_ctx, clerk, tmp_path):
    from PySide6.QtCore import QDate

    from counter_app.clock import to_kst
    from counter_app.ui.documents_print import BatchPrintDialog

    day = to_kst(office_ctx.clock()).date()
    dialog = BatchPrintDialog(office_ctx.documents, page.document_actions._tasks, clerk)
    qtbot.addWidget(dialog)
    dialog.day.setDate(QDate(day.year, day.month, day.day))
    dialog.folder.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.finished_batch, timeout=60000) as blocker:
        dialog.start()
    assert blocker.args == [2, 2]
    assert len(list(tmp_path.glob("*.pdf"))) == 2 and dialog.progress.value() == 2
