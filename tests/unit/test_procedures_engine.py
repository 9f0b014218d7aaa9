"""The wizard engine without Qt: every path of every shipped guide walked to an end, the rules a
step imposes (ticks, a choice, required fields), back/forward history and resuming a kept walk."""

from __future__ import annotations

import json

import pytest

from counter_app.errors import UserError
from counter_app.procedures import Walk, WalkError, all_paths
from counter_app.procedures.loader import load
from counter_app.procedures.service import bundled_folder

GUIDES = load([(bundled_folder(), "bundled")]).guides


def _fill(walk: Walk) -> None:
    """Do what the clerk does on the current step so that it may go on."""
    step = walk.step
    if step.kind == "checklist":
        for i in range(len(step.items)):
            walk.tick(i)
    elif step.kind == "input":
        for f in step.fields:
            if not walk.values.get(f.field):
                allowed = f.allowed()
                walk.set_value(f.field, allowed[0] if allowed else "홍길동")


@pytest.mark.parametrize("guide_id", sorted(GUIDES))
def test_every_path_of_every_shipped_guide_walks_to_an_end(guide_id):
    guide = GUIDES[guide_id]
    paths = list(all_paths(guide))
    assert paths, "a guide with no path from its start to an end"
    for path in paths:
        walk = Walk(guide)
        for step_id, choice in path[:-1]:
            assert walk.current == step_id
            assert walk.blocker() is None or walk.step.kind in ("checklist", "question", "input")
            _fill(walk)
            if choice is not None:
                walk.choose(choice)
            walk.go_on()
        assert walk.finished and walk.current == path[-1][0]
        assert walk.path == [s for s, _ in path]
        record = walk.record()
        assert record["path"] == walk.path and record["guide"] == guide_id
        assert "values" not in record  # what was typed is never part of the record
        json.dumps(walk.state())  # a kept walk is plain JSON


def test_all_paths_enumerates_each_branch():
    guide = GUIDES["proc.epeople-complaint"]
    firsts = sorted(p[2][0] for p in all_paths(guide))
    assert firsts == ["mail-check", "phone-info", "visit-check"]


def test_a_checklist_needs_every_item_ticked():
    walk = Walk(GUIDES["proc.outage-notice"])
    assert walk.step.kind == "checklist"
    with pytest.raises(WalkError) as exc:
        walk.go_on()
    assert "4 item(s) not ticked" in exc.value.text("en")
    for i in range(4):
        walk.toggle(i)
    assert walk.toggle(3) is False  # Space again unticks
    assert walk.blocker() is not None
    walk.toggle(3)
    assert walk.go_on().id == "print"


def test_a_question_needs_a_choice_and_follows_it():
    walk = Walk(GUIDES["proc.busan120-guidance"])
    with pytest.raises(WalkError):
        walk.go_on()
    walk.choose(1)
    assert walk.go_on().id == "refer-110"


def test_input_presets_required_fields_and_options():
    walk = Walk(GUIDES["proc.epeople-complaint"])
    walk.go_on()
    walk.choose(0)
    walk.go_on()
    for i in range(len(walk.step.items)):
        walk.tick(i)
    assert walk.go_on().id == "capture"
    assert walk.values["service"] == "국민신문고 민원" and walk.values["channel"] == "visit"
    assert "applicant's name" in walk.blocker().text("en").casefold()
    walk.set_value("applicant.name", "홍길동")
    walk.set_value("category", "statutory")  # not offered by this step
    assert "must be one of" in walk.blocker().text("en")
    walk.set_value("category", "suggestion")
    walk.set_value("applicant.phone", "010-1234-5678")
    assert walk.case_form() == {
        "service": "국민신문고 민원",
        "channel": "visit",
        "category": "suggestion",
        "applicant": {"name": "홍길동", "phone": "010-1234-5678"},
    }
    with pytest.raises(KeyError):
        walk.set_value("applicant.rrn", "900101-1234568")
    assert walk.go_on().kind == "action"


def test_back_and_forward_keep_answers_and_drop_undone_actions():
    walk = Walk(GUIDES["proc.busan120-guidance"])
    walk.choose(0)
    walk.go_on()
    walk.go_on()  # the referral is done
    assert walk.finished and [a.action for a in walk.actions] == ["referral"]
    assert walk.actions[0].detail["phone"] == "120"
    walk.back()
    assert walk.current == "refer-120" and walk.actions == []
    walk.back()
    assert walk.current == "what" and walk.chosen["what"] == 0 and not walk.can_go_back
    with pytest.raises(WalkError):
        walk.back()
    with pytest.raises(UserError):
        walk.tick(0)  # not a checklist


def test_a_kept_walk_resumes_where_it_was():
    guide = GUIDES["proc.transfer-other-agency"]
    walk = Walk(guide)
    walk.go_on()
    walk.set_value("applicant.name", "홍길동")
    walk.set_value("applicant.phone", "010-1234-5678")
    walk.go_on()
    state = json.loads(json.dumps(walk.state()))
    again = Walk.restore(guide, state)
    assert again.current == "open-form" and again.history == ["receive", "capture"]
    assert again.values["applicant.name"] == "홍길동"


def test_a_kept_walk_that_no_longer_fits_an_edited_guide_starts_cleanly():
    guide = GUIDES["proc.transfer-other-agency"]
    assert Walk.restore(guide, {"history": ["receive", "gone"], "current": "capture"}).current == "receive"
    assert Walk.restore(guide, {"history": "garbage", "current": 5}).current == guide.start
