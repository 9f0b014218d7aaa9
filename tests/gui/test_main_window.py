"""The application shell on real data directories: languages, sign-in, lock, navigation, first run."""

from __future__ import annotations

import pytest
from conftest import CLERK_PIN, SUPERVISOR_PIN, type_text  # tests/gui/conftest.py
from helpers.gui_writes import settle, submit  # the intake save runs on the writer lane
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

KOREAN_NAV = ["서비스 현황", "업무 절차", "민원 접수", "접수 대기열", "동기화"]
ENGLISH_NAV = ["Service status", "Procedures", "Complaint intake", "Case queue", "Sync"]


def open_window(qtbot, ctx, **kwargs):
    from counter_app.ui.main_window import MainWindow

    window = MainWindow(ctx, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_for_sign_in(qtbot, window):
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible(), timeout=5000)
    return window.sign_in_dialog


def sign_in(qtbot, window, staff_id: str, pin: str):
    dialog = wait_for_sign_in(qtbot, window)
    dialog.staff_id.setFocus()
    qtbot.keyClicks(dialog.staff_id, staff_id)
    qtbot.keyClick(dialog.staff_id, Qt.Key.Key_Return)  # Enter moves to the PIN
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    return dialog


def activate(qtbot, window) -> None:
    """Activation is asynchronous; window shortcuts only work in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def nav_labels(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_opens_in_korean_and_a_clerk_signs_in(qtbot, korean, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    wait_for_sign_in(qtbot, window)
    assert window.is_locked()
    assert nav_labels(window) == KOREAN_NAV
    assert window.windowTitle() == "부산광역시 중구 중앙동 행정복지센터 — 민원 창구 지원 (T1)"
    assert window.menuBar().actions()[0].text() == "파일(&F)"
    with qtbot.waitSignal(window.signedIn, timeout=5000):
        sign_in(qtbot, window, "C100", CLERK_PIN)
    assert not window.is_locked() and window.actor.id == "C100"
    assert "이접수" in window.operator_status.text() and "접수 담당" in window.operator_status.text()
    assert "중앙동" in window.office_status.text() and "T1" in window.office_status.text()
    qtbot.waitUntil(lambda: window.queue_status.text().startswith("대기열"), timeout=3000)


def test_opens_in_english(qtbot, english, office_ctx, clerk):
    from counter_app.ui.bootstrap import install_translators

    assert install_translators(QApplication.instance(), "en") == []  # English is the source language
    window = open_window(qtbot, office_ctx)
    wait_for_sign_in(qtbot, window)
    assert nav_labels(window) == ENGLISH_NAV
    assert window.windowTitle().endswith("— counter support (T1)")
    assert window.sign_in_dialog.windowTitle() == "Sign in"


def sign_in_failures(ctx) -> int:
    from sqlalchemy import func, select

    from counter_app.offline.models import AuditEntry

    with ctx.db.read() as s:
        return s.execute(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "operator.sign_in_failed")
        ).scalar_one()


def test_wrong_pins_lock_the_account_with_the_minutes_left(qtbot, korean, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    dialog = wait_for_sign_in(qtbot, window)
    attempts = office_ctx.settings.get("lockout_attempts")
    for n in range(1, attempts + 1):
        dialog.staff_id.setText("C100")
        dialog.pin.setFocus()
        qtbot.keyClicks(dialog.pin, "000999")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=n: sign_in_failures(office_ctx) >= n and not dialog.pin.isReadOnly(), timeout=5000)
        # one Enter is one attempt: one audit entry (it was two, locking after three mistakes)
        assert sign_in_failures(office_ctx) == n
        if n < attempts:
            assert "잠겼습니다" not in dialog.error.text() and f"{attempts - n}번 더" in dialog.error.text()
    assert dialog.error.isVisible()
    assert "잠겼습니다" in dialog.error.text()
    assert f"{office_ctx.settings.get('lockout_minutes')}분" in dialog.error.text()
    # Even the right PIN is refused now, and the window stays locked.
    dialog.pin.setText(CLERK_PIN)
    with qtbot.waitSignal(dialog.attemptFinished, timeout=5000):
        dialog.try_sign_in()
    assert "잠겼습니다" in dialog.error.text()
    assert window.is_locked() and window.actor is None


def test_enter_in_the_staff_id_moves_on_and_an_empty_pin_is_no_attempt(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    dialog = wait_for_sign_in(qtbot, window)
    dialog.staff_id.setFocus()
    qtbot.keyClicks(dialog.staff_id, "C100")
    qtbot.keyClick(dialog.staff_id, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)  # nothing typed yet
    assert dialog.pending is None and sign_in_failures(office_ctx) == 0
    assert dialog.error.text() == "Enter your PIN."


def test_the_pin_is_checked_off_the_gui_thread_and_a_second_enter_is_ignored(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    dialog = wait_for_sign_in(qtbot, window)
    dialog.staff_id.setText("C100")
    dialog.pin.setText(CLERK_PIN)
    with qtbot.waitSignal(window.signedIn, timeout=5000):
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        # the key press returned before the answer: the Argon2 check runs on the writer lane
        assert window.actor is None and dialog.isVisible()
        assert dialog.pending is not None and dialog.pending.lane == "write"
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)  # impatient: not a second sign-in
    assert window.actor.id == "C100"
    from sqlalchemy import func, select

    from counter_app.offline.models import AuditEntry

    with office_ctx.db.read() as s:
        assert (
            s.execute(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "operator.sign_in")
            ).scalar_one()
            == 1
        )


@pytest.mark.parametrize(
    "key, modifier",
    [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)],
)
def test_escape_and_ctrl_q_quit_at_the_sign_in(qtbot, office_ctx, clerk, key, modifier):
    window = open_window(qtbot, office_ctx)
    dialog = wait_for_sign_in(qtbot, window)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    dialog.staff_id.setFocus()
    with qtbot.waitSignal(dialog.quitRequested, timeout=3000):
        qtbot.keyClick(dialog.staff_id, key, modifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert window.actor is None


def test_idle_lock_saves_the_draft_and_asks_for_sign_in_again(qtbot, korean, office_ctx, clerk):
    window = open_window(qtbot, office_ctx, idle_ms=300)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    window.go_to("intake")
    intake = window.pages["intake"]
    intake.title.setFocus()
    type_text(qtbot, intake.title, "자리 비운 사이")
    with qtbot.waitSignal(window.locked, timeout=5000):
        pass  # no input from here on
    assert window.is_locked()
    assert window.outer.currentWidget() is window.lock_view  # the form is not visible behind the lock
    settle(qtbot, intake)  # the draft is written on the writer lane, before the sign-in's check
    draft = office_ctx.queue.latest_draft(clerk)
    assert draft is not None and draft[1]["title"] == "자리 비운 사이"
    dialog = wait_for_sign_in(qtbot, window)
    assert "입력이 없어" in dialog.findChild(type(dialog.error), "signInReason").text()
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    assert intake.title.text() == "자리 비운 사이"


def test_ctrl_l_locks_and_sign_out_forgets_the_operator(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    activate(qtbot, window)
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked() and window.actor is not None
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    window.sign_out_action.trigger()
    assert window.is_locked() and window.actor is None
    assert window.operator_status.text() == "not signed in"


def test_shortcuts_switch_pages_and_a_saved_case_refreshes_the_queue(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    activate(qtbot, window)
    qtbot.keyClick(window.nav, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "queue"
    queue_page = window.pages["queue"]
    before = queue_page.model.rowCount()
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "intake"
    intake = window.pages["intake"]
    assert window.page_stack.currentWidget() is intake
    intake.fill(
        {
            "service": "epeople_petition",
            "category": "inquiry",
            "channel": "visit",
            "title": "문의",
            "content": "절차 문의",
            "applicant": {"name": "김민수", "phone": "010-9876-5432"},
            "notify_by": "sms",
        }
    )
    result = submit(qtbot, intake)
    assert result is not None
    assert queue_page.model.rowCount() == before + 1
    assert queue_page.model.row_of_receipt(result.receipt_no) == 0
    assert "1" in window.queue_status.text()
    window.go_to("sync")
    assert "1" in window.pages["sync"].stats_label.text()
    window.go_to("procedures")
    procedures = window.pages["procedures"]
    qtbot.waitUntil(lambda: procedures.model.rowCount() >= 12, timeout=5000)  # the guides, read off the GUI thread


def test_pages_are_built_only_when_first_shown(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    assert set(window.pages) == {"status"}  # the first page only
    window.go_to("queue")
    assert set(window.pages) == {"status", "queue"}


def test_status_page_is_hosted(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    page = window.pages["status"]
    try:
        from counter_app.ui.status_page import StatusPage
    except ImportError:
        pytest.skip("status page not available")
    assert isinstance(page, StatusPage)


def test_a_guide_asked_for_on_the_status_board_opens_at_its_first_step(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "C100", CLERK_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    window.pages["status"].procedureRequested.emit("proc.gov24-certificates")
    assert window.current_page_key() == "procedures"
    page = window.pages["procedures"]
    qtbot.waitUntil(lambda: page.walk is not None, timeout=5000)
    assert page.stack.currentWidget() is page.wizard
    assert page.walk.guide.id == "proc.gov24-certificates" and page.walk.current == page.walk.guide.start


def test_idle_minutes_and_language_settings_are_stored(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    wait_for_sign_in(qtbot, window)
    window.set_idle_minutes(7)
    assert office_ctx.settings.get("idle_lock_minutes") == 7
    assert window.idle.interval_ms == 7 * 60_000
    window.language_actions["en"].trigger()
    assert office_ctx.settings.get("language") == "en"
    assert str(office_ctx.paths.log_file) in window.about_text()


def test_first_run_finds_haeundae_offices_and_creates_the_office(qtbot, korean, ctx):
    window = open_window(qtbot, ctx)
    qtbot.waitUntil(lambda: window.first_run_dialog is not None and window.first_run_dialog.isVisible(), timeout=5000)
    dialog = window.first_run_dialog
    assert dialog.office_model.rowCount() == 205
    dialog.search.setFocus()
    type_text(qtbot, dialog.search, "해운대")
    rows = [dialog.office_model.data(dialog.office_model.index(i, 0)) for i in range(dialog.office_model.rowCount())]
    assert 10 <= len(rows) < 205 and all("해운대구" in r for r in rows)
    dialog.search.clear()
    type_text(qtbot, dialog.search, "중구 중앙동")
    assert dialog.office_model.rowCount() == 1
    assert dialog.selected_office().hdong_code == "2611051000"

    dialog.official.setText("김담당")
    dialog.passphrase.setText("short")
    dialog.passphrase2.setText("short")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error.isVisible() and "8" in dialog.error.text()
    assert ctx.office.get() is None

    dialog.passphrase.setText("a good passphrase")
    dialog.passphrase2.setText("a good passphrase")
    dialog.staff_id.setText("S900")
    dialog.staff_name.setText("최감독")
    dialog.pin.setText("12")  # too short: refused before anything is created
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.pending is None, timeout=10000)  # checked on the writer lane
    assert "PIN" in dialog.error.text() and ctx.office.get() is None

    dialog.pin.setText(SUPERVISOR_PIN)
    ticks = []
    with qtbot.waitSignal(dialog.officeCreated, timeout=15000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        # Argon2 and the key generation run off the GUI thread: the form is disabled, a timer fires
        assert dialog.pending is not None and dialog.pending.lane == "write"
        assert not dialog.buttons.isEnabled() and dialog.progress.isVisible()
        QTimer.singleShot(0, lambda: ticks.append(dialog.pending is not None))
    assert ticks == [True]
    office = ctx.office.get()
    assert office.hdong_code == "2611051000" and office.terminal_id == "T1"
    assert [a.id for a in ctx.accounts.list()] == ["S900"]
    ctx.office.unlock("a good passphrase")  # the passphrase really protects the keys
    sign_in(qtbot, window, "S900", SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    assert window.actor.is_supervisor


def test_demo_office_shows_the_demo_credentials(qtbot, ctx):
    pytest.importorskip("counter_app.demo")
    window = open_window(qtbot, ctx, demo=True)
    dialog = wait_for_sign_in(qtbot, window)
    hint = dialog.findChild(type(dialog.error), "demoHint")
    from counter_app.demo import DEMO_CLERK, DEMO_PASSPHRASE, DEMO_SUPERVISOR

    assert hint is not None and all(
        v in hint.text() for v in (*DEMO_CLERK[::2], *DEMO_SUPERVISOR[::2], DEMO_PASSPHRASE)
    )
    assert len(DEMO_CLERK[2]) == len(DEMO_SUPERVISOR[2]) == 6
    sign_in(qtbot, window, "C001", DEMO_CLERK[2])
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    window.go_to("queue")
    assert window.pages["queue"].model.rowCount() >= 20


def test_closing_the_sign_in_or_quit_ends_the_program_instead_of_leaving_a_locked_window(qtbot, office_ctx, clerk):
    window = open_window(qtbot, office_ctx)
    dialog = wait_for_sign_in(qtbot, window)
    dialog.close()  # the window's own close button
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)

    second = open_window(qtbot, office_ctx)
    dialog = wait_for_sign_in(qtbot, second)
    dialog.findChild(type(dialog.buttons.buttons()[0]), "quitButton").click()
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=3000)


def test_locking_hides_a_revealed_rrn(qtbot, office_ctx, clerk, supervisor):
    from conftest import PASSPHRASE, sample_case

    doc = sample_case(service="seal_certificate", category="statutory")
    doc["applicant"] = dict(doc["applicant"], rrn="900101-1234568")
    office_ctx.queue.submit(clerk, doc)
    window = open_window(qtbot, office_ctx)
    sign_in(qtbot, window, "S100", SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=5000)
    window.go_to("queue")
    page = window.pages["queue"]
    page.select_row(0)
    dialog = page.ask_reveal()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.reason.setText("확인")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.try_reveal()
    assert "1234568" in page.revealed_label.text()
    page.ask_reveal()  # a second dialog left open when the lock comes
    window.lock()
    assert page.revealed_label.text() == ""
    assert not page.reveal_dialog.isVisible()
