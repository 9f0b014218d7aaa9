"""Issue 6 §5: no database write (and its fsync, hashing, audit) on the GUI thread.

Every screen that writes hands the write to TaskRunner.write, the single-writer lane. Each test
gives the screen a real subclass of the service (the office's own CaseQueue / StatusService with
the same state, every write method recording the thread it ran on and able to hold the writer at
a gate) and a real TaskRunner subclass recording which lane each job went to. The screens must
show they are working while the write runs, refuse a second save, and show the result only
after the write returned; a result that comes back after the page changed is handled sanely.
"""

from __future__ import annotations

import json
import threading

import pytest
from conftest import sample_case, type_text  # tests/gui/conftest.py
from helpers.gui_writes import settle
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from sqlalchemy import select

from counter_app.ui.tasks import TaskRunner

TIMEOUT = 5000


class Gate:
    """Holds a recorded write on the writer thread until the test lets it go (never a sleep)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.armed = True

    def hold(self) -> None:
        if not self.armed:
            return
        self.entered.set()
        assert self.release.wait(10), "the test never opened the gate"


def recording(service, methods, gate: Gate | None = None):
    """The same service object, as a subclass whose `methods` record (name, on_gui_thread)."""
    base = type(service)
    calls: list[tuple[str, bool]] = []

    def make(name):
        def method(self, *args, **kwargs):
            calls.append((name, threading.current_thread() is threading.main_thread()))
            if gate is not None:
                gate.hold()
            return getattr(base, name)(self, *args, **kwargs)

        return method

    cls = type(f"Recording{base.__name__}", (base,), {name: make(name) for name in methods})
    twin = object.__new__(cls)
    twin.__dict__.update(service.__dict__)  # the same database, clock, audit log: a real service
    twin.calls = calls
    return twin


class LaneRecorder(TaskRunner):
    """A real TaskRunner that notes the lane of every job and whether it ran on the GUI thread."""

    def __init__(self):
        super().__init__()
        self.jobs: list[tuple[str, str, bool]] = []

    def _wrap(self, lane, fn, name):
        def job(task):
            self.jobs.append((lane, name, threading.current_thread() is threading.main_thread()))
            return fn(task)

        return job

    def run(self, fn, *, name="task", **kwargs):
        return super().run(self._wrap("general", fn, name), name=name, **kwargs)

    def write(self, fn, *, name="write", **kwargs):
        return super().write(self._wrap("write", fn, name), name=name, **kwargs)

    def lanes(self, name: str) -> set[str]:
        return {lane for lane, job_name, _gui in self.jobs if job_name == name}


@pytest.fixture
def lanes(qapp):
    runner = LaneRecorder()
    yield runner
    runner.shutdown()


QUEUE_WRITES = (
    "submit",
    "save_draft",
    "discard_draft",
    "edit",
    "extend",
    "add_outage_window",
    "close_outage_window",
    "add_holiday",
    "remove_holiday",
)


def assert_off_gui(calls, *names):
    seen = {name for name, _ in calls}
    assert set(names) <= seen, (names, calls)
    on_gui = [name for name, gui in calls if gui]
    assert not on_gui, f"written on the GUI thread: {on_gui}"


def audit_actions(ctx, prefix: str) -> list[str]:
    from counter_app.offline.models import AuditEntry

    with ctx.db.read() as s:
        return list(
            s.execute(
                select(AuditEntry.action).where(AuditEntry.action.like(f"{prefix}%")).order_by(AuditEntry.seq)
            ).scalars()
        )


def petition() -> dict:
    return {
        "service": "epeople_petition",
        "category": "inquiry",
        "channel": "visit",
        "title": "질의",
        "content": "절차 문의",
        "applicant": {"name": "김민수", "phone": "010-9876-5432"},
        "notify_by": "sms",
    }


def intake_page(qtbot, queue, catalogue, actor, lanes):
    from counter_app.ui.intake_page import IntakePage

    page = IntakePage(queue, catalogue, actor=actor, draft_delay_ms=50, tasks=lanes)
    qtbot.addWidget(page)
    page.resize(900, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


# ================================================================ intake
def test_intake_submit_runs_on_the_writer_lane_and_shows_the_receipt_only_after_the_commit(
    qtbot, korean, office_ctx, clerk, lanes
):
    gate = Gate()
    queue = recording(office_ctx.queue, QUEUE_WRITES, gate)
    page = intake_page(qtbot, queue, office_ctx.catalogue, clerk, lanes)
    page.fill(petition())
    before = office_ctx.queue.count()

    assert page.save() is not None
    qtbot.waitUntil(gate.entered.is_set, timeout=TIMEOUT)  # the writer thread is inside submit
    # working: disabled, "Saving…", busy cursor; nothing shown as saved yet
    assert page.saving and not page.save_button.isEnabled() and not page.case_form.isEnabled()
    assert page.saving_label.isVisible() and page.saving_label.text() == "저장하는 중…"
    assert page.cursor().shape() == Qt.CursorShape.BusyCursor
    assert not page.banner.isVisible() and page.last_result is None
    # a second Enter (or Ctrl+Enter, or Save) does nothing
    assert page.save() is None
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(page.caseSaved, timeout=TIMEOUT) as saved:
        gate.release.set()
    case_id, receipt = saved.args
    assert page.banner.isVisible() and page.receipt_label.text() == receipt
    assert page.save_button.isEnabled() and page.case_form.isEnabled() and not page.saving_label.isVisible()
    assert page.cursor().shape() != Qt.CursorShape.BusyCursor
    assert page.title.text() == ""  # a fresh form for the next applicant
    assert [name for name, _ in queue.calls].count("submit") == 1  # one case, not two
    assert_off_gui(queue.calls, "submit")
    assert office_ctx.queue.count() == before + 1
    assert office_ctx.queue.case_detail(case_id)["state"] == "QUEUED"
    assert lanes.lanes("intake.submit") == {"write"}


def test_a_refused_submit_comes_back_inline_and_the_form_is_usable_again(qtbot, office_ctx, clerk, lanes):
    queue = recording(office_ctx.queue, QUEUE_WRITES)
    page = intake_page(qtbot, queue, office_ctx.catalogue, clerk, lanes)
    page.fill({**petition(), "title": "", "applicant": {"name": "김민수", "phone": "12345"}})
    before = office_ctx.queue.count()
    with qtbot.assertNotEmitted(page.caseSaved):
        assert page.save() is not None
        qtbot.waitUntil(lambda: not page.saving, timeout=TIMEOUT)
    assert page.error_banner.isVisible() and page.error_text("applicant.phone") and page.error_text("title")
    assert page.case_form.isEnabled() and page.save_button.isEnabled()
    assert page.focusWidget() is page.phone  # the first bad field takes the keyboard
    assert office_ctx.queue.count() == before
    assert_off_gui(queue.calls, "submit")


def test_autosaves_are_coalesced_to_one_pending_and_written_off_the_gui_thread(qtbot, office_ctx, clerk, lanes):
    gate = Gate()
    queue = recording(office_ctx.queue, ("save_draft", "discard_draft"), gate)
    page = intake_page(qtbot, queue, office_ctx.catalogue, clerk, lanes)
    page.title.setFocus()
    type_text(qtbot, page.title, "첫")
    page.save_draft_now()
    qtbot.waitUntil(gate.entered.is_set, timeout=TIMEOUT)  # the first save is running, held
    for text in ("둘", "셋", "넷"):  # the clerk keeps typing; each pause asks for an autosave
        type_text(qtbot, page.title, text)
        page.save_draft_now()
    assert page.writing and page._draft_writes == 2  # the running one and exactly one pending
    with qtbot.waitSignal(page.draftSaved, timeout=TIMEOUT):
        gate.release.set()
    settle(qtbot, page)
    assert [name for name, _ in queue.calls] == ["save_draft", "save_draft"]
    assert_off_gui(queue.calls, "save_draft")
    draft_id, form = office_ctx.queue.latest_draft(clerk)
    assert form["title"] == "첫둘셋넷" and draft_id == page.draft_id  # the newest form, one draft
    assert lanes.lanes("intake.draft") == {"write"}


def test_submit_waits_for_a_running_autosave_and_finishes_that_draft(qtbot, office_ctx, clerk, lanes):
    gate = Gate()
    queue = recording(office_ctx.queue, ("save_draft", "submit"), gate)
    page = intake_page(qtbot, queue, office_ctx.catalogue, clerk, lanes)
    page.fill(petition())
    page.title.setFocus()
    type_text(qtbot, page.title, " 추가")
    page.save_draft_now()
    qtbot.waitUntil(gate.entered.is_set, timeout=TIMEOUT)
    gate.armed = False  # only the draft is held
    assert page.save() is not None  # queued behind the draft on the same lane
    with qtbot.waitSignal(page.caseSaved, timeout=TIMEOUT) as saved:
        gate.release.set()
    settle(qtbot, page)
    assert [name for name, _ in queue.calls] == ["save_draft", "submit"]
    assert office_ctx.queue.latest_draft(clerk) is None  # the draft became the case: no stray draft
    detail = office_ctx.queue.case_detail(saved.args[0])
    assert detail["title"] == "질의 추가"


def test_a_submit_that_returns_after_another_clerk_signed_in_does_not_show_on_their_form(
    qtbot, office_ctx, clerk, supervisor, lanes
):
    gate = Gate()
    queue = recording(office_ctx.queue, ("submit",), gate)
    page = intake_page(qtbot, queue, office_ctx.catalogue, clerk, lanes)
    page.fill(petition())
    assert page.save() is not None
    qtbot.waitUntil(gate.entered.is_set, timeout=TIMEOUT)
    page.set_actor(supervisor)  # locked and someone else signed in while the commit ran
    assert page.title.text() == ""
    with qtbot.waitSignal(page.caseSaved, timeout=TIMEOUT) as saved:
        gate.release.set()
    assert not page.banner.isVisible()  # the clerk's receipt is not put on the supervisor's form
    assert page.case_form.isEnabled() and page.title.text() == ""
    assert office_ctx.queue.case_detail(saved.args[0])["state"] == "QUEUED"  # and it is kept


def test_clearing_the_form_discards_the_draft_on_the_writer_lane(qtbot, office_ctx, clerk, lanes):
    queue = recording(office_ctx.queue, ("save_draft", "discard_draft"))
    page = intake_page(qtbot, queue, office_ctx.catalogue, clerk, lanes)
    page.title.setFocus()
    type_text(qtbot, page.title, "버릴 민원")
    page.autosave()
    page.clear_and_discard()  # asked before the save ran: coalesced, nothing is ever written
    settle(qtbot, page)
    assert queue.calls == [] and office_ctx.queue.latest_draft(clerk) is None
    type_text(qtbot, page.title, "버릴 민원")
    page.autosave()
    settle(qtbot, page)
    assert office_ctx.queue.latest_draft(clerk) is not None
    page.clear_and_discard()
    settle(qtbot, page)
    assert [name for name, _ in queue.calls] == ["save_draft", "discard_draft"]
    assert_off_gui(queue.calls, "save_draft", "discard_draft")
    assert office_ctx.queue.latest_draft(clerk) is None


# ================================================================ the queue's dialogs
def test_the_case_edit_dialog_saves_on_the_writer_lane(qtbot, office_ctx, clerk, lanes):
    from counter_app.ui.case_edit_dialog import CaseEditDialog

    result = office_ctx.queue.submit(clerk, sample_case())
    gate = Gate()
    queue = recording(office_ctx.queue, QUEUE_WRITES, gate)
    document = office_ctx.queue.case_for_edit(clerk, result.case_id, "전화번호 오기")
    dialog = CaseEditDialog(
        queue, office_ctx.catalogue, clerk, result.case_id, result.receipt_no, "전화번호 오기", document, tasks=lanes
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.form.phone.setText("010-2468-1357")
    assert dialog.save() is not None
    qtbot.waitUntil(gate.entered.is_set, timeout=TIMEOUT)
    assert dialog.saving and not dialog.save_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.saving_label.isVisible() and dialog.save() is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cannot pretend to cancel a commit under way
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        gate.release.set()
    assert dialog.result_value.changed == ["applicant.phone"]
    assert_off_gui(queue.calls, "edit")
    assert office_ctx.queue.case_detail(result.case_id)["applicant"]["phone"] == "010-****-1357"
    assert lanes.lanes("case.edit") == {"write"}


def test_the_audited_view_for_a_correction_is_fetched_on_the_lane_and_not_opened_after_the_lock(
    qtbot, office_ctx, clerk, lanes
):
    from counter_app.ui.queue_page import QueuePage

    office_ctx.queue.submit(clerk, sample_case())
    gate = Gate()
    queue = recording(office_ctx.queue, ("case_for_edit",), gate)
    page = QueuePage(queue, office_ctx.office, clerk, tasks=lanes)
    qtbot.addWidget(page)
    page.show()
    page.select_row(0)
    receipt = page.selected_receipt_no()
    page._open_edit(page.model.row_at(0).case_id, receipt, "전화번호 오기")  # what the reason dialog's OK does
    qtbot.waitUntil(gate.entered.is_set, timeout=TIMEOUT)
    assert not page.edit_button.isEnabled() and page.edit_dialog is None  # working, nothing shown yet
    page.on_lock()  # the window locks while the view is being recorded
    gate.release.set()
    qtbot.waitUntil(lambda: lanes.active == 0, timeout=TIMEOUT)
    assert page.edit_dialog is None  # the applicant's data is not opened behind the lock
    assert audit_actions(office_ctx, "case.view_for_edit") == ["case.view_for_edit"]  # the view stands, audited
    assert_off_gui(queue.calls, "case_for_edit")
    gate.armed = False
    page._open_edit(page.model.row_at(0).case_id, receipt, "전화번호 오기")
    qtbot.waitUntil(lambda: page.edit_dialog is not None and page.edit_dialog.isVisible(), timeout=TIMEOUT)
    assert page.edit_dialog.form.phone.text() == "010-1234-5678"
    assert lanes.lanes("case.view_for_edit") == {"write"}


def test_the_extension_dialog_records_on_the_writer_lane(qtbot, office_ctx, clerk, supervisor, lanes):
    from counter_app.ui.extension_dialog import ExtendDialog

    result = office_ctx.queue.submit(clerk, sample_case())  # due Wed 2026-12-02
    queue = recording(office_ctx.queue, QUEUE_WRITES)
    dialog = ExtendDialog(queue, supervisor, result.case_id, result.receipt_no, "2026-12-02", tasks=lanes)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.until_edit.setDateTime(QDateTime(QDate(2026, 12, 11), QTime(18, 0)))
    dialog.reason_edit.setText("관계 기관 회신 대기")
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        assert dialog.try_extend()
        assert dialog.saving and not dialog.ok_button.isEnabled()  # until the lane answers
    assert dialog.result_value.due_date.isoformat() == "2026-12-11"
    assert_off_gui(queue.calls, "extend")
    assert audit_actions(office_ctx, "case.extend") == ["case.extend"]


def test_the_outage_dialog_writes_every_change_on_the_writer_lane(qtbot, office_ctx, clerk, supervisor, clock, lanes):
    from counter_app.ui.outage_dialog import OutageDialog

    queue = recording(office_ctx.queue, QUEUE_WRITES)
    dialog = OutageDialog(queue, supervisor, clock=clock, tasks=lanes)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.note_edit.setText("NIRS")
    with qtbot.waitSignal(dialog.windowsChanged, timeout=TIMEOUT):
        assert dialog.add_window()
        assert dialog.saving and not dialog.add_button.isEnabled()
        assert dialog.add_window() is False  # one change at a time
    assert dialog.table.rowCount() == 1 and dialog.close_button.isEnabled()
    dialog.close_at_edit.setDateTime(QDateTime(QDate(2026, 11, 26), QTime(19, 0)))
    with qtbot.waitSignal(dialog.windowsChanged, timeout=TIMEOUT):
        assert dialog.close_selected()
    dialog.holiday_date.setDate(QDate(2026, 11, 26))
    dialog.holiday_name.setText("임시공휴일")
    with qtbot.waitSignal(dialog.windowsChanged, timeout=TIMEOUT):
        assert dialog.add_holiday()
    dialog.holiday_table.setCurrentCell(0, 0)
    with qtbot.waitSignal(dialog.windowsChanged, timeout=TIMEOUT):
        assert dialog.remove_selected_holiday()
    assert_off_gui(queue.calls, "add_outage_window", "close_outage_window", "add_holiday", "remove_holiday")
    assert audit_actions(office_ctx, "outage.") == ["outage.add", "outage.close"]
    assert audit_actions(office_ctx, "holiday.") == ["holiday.add", "holiday.remove"]
    assert lanes.lanes("outage.add") == lanes.lanes("holiday.remove") == {"write"}


# ================================================================ status
STATUS_WRITES = ("add_note", "load_snapshot_file", "set_sources")


@pytest.fixture
def status_page(qtbot, office_ctx, supervisor, lanes):
    from counter_app.ui.status_page import StatusPage

    office_ctx.settings.set("status_sources", [])
    office_ctx.settings.set("status_poll_seconds", 0)
    service = recording(office_ctx.status, STATUS_WRITES)
    page = StatusPage(
        service,
        office_ctx.settings,
        lanes,
        clock=office_ctx.clock,
        refresh_on_start=False,
        actor_provider=lambda: supervisor,
    )
    qtbot.addWidget(page)
    yield page, service
    page.stop()


def test_status_note_and_snapshot_are_written_on_the_writer_lane(qtbot, status_page, tmp_path, lanes):
    page, service = status_page
    with qtbot.waitSignal(page.boardShown, timeout=TIMEOUT):
        assert page.add_note("120: 정부24 14:00부터 정상")
        assert not page.add_note_button.isEnabled() and page.cursor().shape() == Qt.CursorShape.BusyCursor
    assert page.add_note_button.isEnabled() and [n.body for n in page.board.notes] == ["120: 정부24 14:00부터 정상"]
    snapshot = tmp_path / "usb_status.json"
    snapshot.write_text(
        json.dumps(
            {
                "format": "counter_app.status-feed",
                "version": 1,
                "updated_at": "2026-11-24T09:50:00+09:00",
                "systems": [
                    {
                        "id": "gov24",
                        "name_ko": "정부24",
                        "name_en": "Government24",
                        "grade": 1,
                        "ministry": {"ko": "행정안전부", "en": "MOIS"},
                        "status": "maintenance",
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with qtbot.waitSignal(page.boardShown, timeout=TIMEOUT):
        assert page.load_snapshot(str(snapshot))
    assert_off_gui(service.calls, "add_note", "load_snapshot_file")
    assert lanes.lanes("status-action") == {"write"}  # a write: the single-writer lane, not the pool


def test_the_sources_dialog_saves_on_the_writer_lane(qtbot, status_page, office_ctx, lanes):
    page, service = status_page
    dialog = page.open_sources_dialog()
    dialog.location_edit.setText("native:https://status.example/feed.json")
    assert dialog.add_from_fields()
    with qtbot.waitSignal(dialog.sourcesSaved, timeout=TIMEOUT):
        assert dialog.save()
        assert dialog.saving and not dialog.buttons.isEnabled() and dialog.save() is False
    assert office_ctx.settings.get("status_sources") == ["native:https://status.example/feed.json"]
    assert_off_gui(service.calls, "set_sources")
    assert lanes.lanes("status.sources") == {"write"}


# ================================================================ procedures
def test_procedure_walk_saves_go_to_the_writer_lane(qtbot, office_ctx, clerk, lanes):
    from counter_app.ui.procedure_page import ProcedurePage

    page = ProcedurePage(office_ctx.procedures, lanes, actor=clerk)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1, timeout=TIMEOUT)
    page.open_guide("proc.transfer-other-agency")
    qtbot.keyClick(page.wizard.next_button, Qt.Key.Key_Return)
    page.autosave()
    qtbot.waitUntil(lambda: lanes.active == 0, timeout=TIMEOUT)
    saves = [job for job in lanes.jobs if job[1] == "procedures.save"]
    assert saves and all(lane == "write" and not on_gui for lane, _name, on_gui in saves)
    assert office_ctx.procedures.walks.latest_open(clerk) is not None
