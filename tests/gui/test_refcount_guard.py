"""Guard against the PySide6 6.12.0 + Python 3.11 refcount bug: every call returning nothing
dropped a reference to None until the interpreter aborted (none_dealloc) after a few hundred
status refreshes. pyproject pins PySide6-Essentials < 6.12; this test fails if a leaking
build comes back."""

import sys


def test_void_calls_do_not_leak_references_to_none(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(3000):
        label.setText("x")
    # A leaking build loses one reference per call (3000); allow noise from the interpreter.
    assert before - sys.getrefcount(None) < 100
