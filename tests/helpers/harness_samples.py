"""Tests that the harness itself must judge (run by tests/unit/test_harness.py in a child pytest;
never collected on their own: the file name does not start with test_)."""

from __future__ import annotations

import logging

import pytest

log = logging.getLogger("counter_app.sample")


def test_logs_an_error_and_must_fail():
    log.error("something broke")
    assert True


def test_background_task_fault_must_fail(qtbot):
    from counter_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    runner.run(lambda _task: 1 / 0, name="sample")
    qtbot.waitUntil(lambda: runner.active == 0, timeout=5000)  # `done` reached the GUI thread
    runner.shutdown()
    assert runner.active == 0


def test_expected_error_through_the_fixture_passes(logged_errors):
    log.error("expected")
    assert [r.getMessage() for r in logged_errors] == ["expected"]


@pytest.mark.logged_errors_expected
def test_expected_error_through_the_marker_passes():
    log.critical("expected too")
    assert True


def test_a_warning_is_not_an_error():
    log.warning("just a warning")
    assert True
