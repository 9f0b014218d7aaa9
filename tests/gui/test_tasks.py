"""ui/tasks.py: work runs off the GUI thread, writes one at a time in order, results come back on
the GUI thread, a user's refusal is not a fault."""

from __future__ import annotations

import threading

from counter_app.errors import UserError
from counter_app.i18n import Msg


def test_writes_run_off_the_gui_thread_one_at_a_time_in_order(qtbot, tasks):
    gui = threading.current_thread()
    running, peak, order, workers, delivered_on = [0], [0], [], set(), []
    lock = threading.Lock()
    release = threading.Event()

    def write(i):
        def fn(_task):
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            workers.add(threading.current_thread().ident)
            assert threading.current_thread() is not threading.main_thread()
            release.wait(5)  # the first holds the lane while the others queue behind it
            order.append(i)
            with lock:
                running[0] -= 1
            return i

        return fn

    handles = [
        tasks.write(write(i), name=f"w{i}", on_result=lambda r: delivered_on.append((r, threading.current_thread())))
        for i in range(4)
    ]
    qtbot.waitUntil(lambda: running[0] == 1, timeout=5000)  # the GUI thread goes on meanwhile
    assert order == [] and tasks.active == 4
    release.set()
    qtbot.waitUntil(lambda: len(delivered_on) == 4, timeout=5000)
    assert order == [0, 1, 2, 3] and peak[0] == 1
    assert threading.get_ident() not in workers
    assert all(thread is gui for _r, thread in delivered_on)
    assert all(h.lane == "write" for h in handles)


def test_reads_run_on_the_general_pool_beside_a_busy_writer(qtbot, tasks):
    release = threading.Event()
    tasks.write(lambda _t: release.wait(5), name="slow write")
    seen = []
    tasks.run(lambda _t: threading.current_thread() is threading.main_thread(), name="read", on_result=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # not stuck behind the writer
    assert seen == [False]
    release.set()


def test_a_user_error_reaches_on_error_and_is_not_a_fault(qtbot, tasks, caplog):
    def refuse(_task):
        raise UserError(Msg("PIN이 틀렸습니다.", "Wrong PIN."))

    errors = []
    tasks.write(refuse, name="sign-in", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors) and tasks.active == 0, timeout=5000)
    assert isinstance(errors[0], UserError)
    assert not [r for r in caplog.records if r.name == "counter_app.ui.tasks" and r.levelname == "WARNING"]


def test_a_fault_is_logged_as_a_background_failure(qtbot, tasks, logged_errors):
    errors = []
    tasks.run(lambda _t: {}["missing"], name="broken", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors) and tasks.active == 0, timeout=5000)
    assert isinstance(errors[0], KeyError)
    assert [r.getMessage() for r in logged_errors] == ["background task broken failed: KeyError"]


def test_shutdown_cancels_and_joins_both_lanes(qtbot, tasks):
    started = threading.Event()

    def long(task):
        started.set()
        while not task.cancelled:
            threading.Event().wait(0.01)
        return "stopped"

    tasks.write(long, name="long write")
    tasks.run(long, name="long read")
    assert started.wait(5)
    assert tasks.shutdown(5000) is True
    qtbot.waitUntil(lambda: tasks.active == 0, timeout=5000)
