"""The wizard engine: a Qt-free state machine that walks one guide (Electrum's wizard.py pattern).

The page (ui/procedure_wizard.py) only renders `walk.step` and calls `go_on`, `back`, `tick`,
`choose` and `set_value`; every rule lives here, so the tests walk every path of every guide
without Qt. A walk's `state()` is plain JSON (kept in the database while the walk is open, so a
closed window resumes it) and `Walk.restore` rebuilds it against the same guide.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.procedures.model import Guide, Step


class WalkError(UserError):
    """The walk cannot go on yet (an unticked item, no choice, a missing field)."""


@dataclass(frozen=True)
class ActionDone:
    step: str
    action: str
    detail: dict

    def as_json(self) -> dict:
        return {"step": self.step, "action": self.action, **self.detail}


class Walk:
    def __init__(self, guide: Guide):
        self.guide = guide
        self.current: str = guide.start
        self.history: list[str] = []  # steps before the current one, oldest first
        self.ticked: dict[str, set[int]] = {}
        self.chosen: dict[str, int] = {}
        self.values: dict[str, str] = {}  # field -> value, from input steps
        self.actions: list[ActionDone] = []
        self._seed_values(self.step)

    # ---------------------------------------------------------------- reading
    @property
    def step(self) -> Step:
        return self.guide.steps[self.current]

    @property
    def finished(self) -> bool:
        return self.step.kind == "end"

    @property
    def can_go_back(self) -> bool:
        return bool(self.history)

    @property
    def path(self) -> list[str]:
        return [*self.history, self.current]

    def blocker(self) -> Msg | None:
        """Why `go_on` would refuse now, or None."""
        step = self.step
        if step.kind == "end":
            return Msg("안내가 끝났습니다.", "The guide is finished.")
        if step.kind == "checklist":
            missing = len(step.items) - len(self.ticked.get(step.id, set()))
            if missing:
                return Msg(
                    f"확인하지 않은 항목이 {missing}개 있습니다. 모두 확인한 다음 진행하십시오.",
                    f"{missing} item(s) not ticked yet: tick every item before going on.",
                )
        if step.kind == "question" and step.id not in self.chosen:
            return Msg("답을 하나 고르십시오.", "Choose an answer.")
        if step.kind == "input":
            for f in step.fields:
                value = self.values.get(f.field, "").strip()
                if f.required and not value:
                    return Msg(f"'{f.label.ko}' 칸을 채우십시오.", f"Fill in '{f.label.en}'.")
                allowed = f.allowed()
                if value and allowed and value not in allowed:
                    return Msg(
                        f"'{f.label.ko}' 값은 다음 중 하나여야 합니다: {', '.join(allowed)}",
                        f"'{f.label.en}' must be one of: {', '.join(allowed)}",
                    )
        return None

    def case_form(self) -> dict[str, Any]:
        """What the walk captured, as a case document (contracts.md §1) for the intake form."""
        form: dict[str, Any] = {"applicant": {}}
        for name, value in self.values.items():
            value = value.strip()
            if not value:
                continue
            if name.startswith("applicant."):
                form["applicant"][name.split(".", 1)[1]] = value
            else:
                form[name] = value
        return form

    # ---------------------------------------------------------------- acting
    def tick(self, index: int, ticked: bool = True) -> None:
        step = self._expect("checklist")
        if not 0 <= index < len(step.items):
            raise IndexError(index)
        marks = self.ticked.setdefault(step.id, set())
        (marks.add if ticked else marks.discard)(index)

    def toggle(self, index: int) -> bool:
        step = self._expect("checklist")
        now = index not in self.ticked.get(step.id, set())
        self.tick(index, now)
        return now

    def choose(self, index: int) -> None:
        step = self._expect("question")
        if not 0 <= index < len(step.choices):
            raise IndexError(index)
        self.chosen[step.id] = index

    def set_value(self, field: str, value: str) -> None:
        step = self._expect("input")
        if field not in {f.field for f in step.fields}:
            raise KeyError(field)
        self.values[field] = "" if value is None else str(value)

    def go_on(self, detail: dict | None = None) -> Step:
        """To the next step. On an action step the caller has done the action (opened the form,
        named the paper form, recorded the referral): it is recorded with `detail`."""
        reason = self.blocker()
        if reason is not None:
            raise WalkError(reason)
        step = self.step
        if step.kind == "action":
            info = dict(detail or {})
            if step.action == "referral":
                info.setdefault("phone", step.phone)
                info.setdefault("agency", step.agency.ko if step.agency else None)
            if step.form is not None:
                info.setdefault("form", step.form.ko)
            self.actions = [a for a in self.actions if a.step != step.id]
            self.actions.append(ActionDone(step.id, step.action or "", info))
        target = step.choices[self.chosen[step.id]].next if step.kind == "question" else step.next
        assert target is not None  # the loader gives every step but an end a 'next'; blocker() refused ends
        self.history.append(self.current)
        self.current = target
        self._seed_values(self.step)
        return self.step

    def back(self) -> Step:
        if not self.history:
            raise WalkError(Msg("첫 단계입니다.", "This is the first step."))
        left = self.current
        self.current = self.history.pop()
        # an action undone by going back is no longer part of the walk
        self.actions = [a for a in self.actions if a.step not in (left, self.current)]
        return self.step

    def _expect(self, kind: str) -> Step:
        step = self.step
        if step.kind != kind:
            raise WalkError(Msg("지금 단계에서는 할 수 없는 일입니다.", "Not possible on this step."))
        return step

    def _seed_values(self, step: Step) -> None:
        if step.kind == "input":
            for f in step.fields:
                if f.value is not None and f.field not in self.values:
                    self.values[f.field] = f.value

    # ---------------------------------------------------------------- keeping
    def state(self) -> dict:
        return {
            "guide": self.guide.id,
            "version": self.guide.version,
            "current": self.current,
            "history": list(self.history),
            "ticked": {k: sorted(v) for k, v in self.ticked.items()},
            "chosen": dict(self.chosen),
            "values": dict(self.values),
            "actions": [a.as_json() for a in self.actions],
        }

    def record(self) -> dict:
        """What is kept of a finished walk: the path and the actions, no captured values."""
        return {
            "guide": self.guide.id,
            "version": self.guide.version,
            "path": self.path,
            "answers": {k: v for k, v in self.chosen.items() if k in self.path},
            "actions": [a.as_json() for a in self.actions],
        }

    @classmethod
    def restore(cls, guide: Guide, state: dict) -> Walk:
        """Rebuild a walk; a state that no longer fits the guide (edited since) starts afresh at the
        last step that still exists on a consistent path, else at the start."""
        walk = cls(guide)
        try:
            path = [*state.get("history", []), state.get("current")]
            valid = [path[0]] if path and path[0] == guide.start else []
            for prev, nxt in pairwise(path):
                if not valid or prev != valid[-1] or prev not in guide.steps or nxt not in guide.steps[prev].targets():
                    break
                valid.append(nxt)
            if not valid:
                return walk
            walk.history, walk.current = valid[:-1], valid[-1]
            for sid, marks in (state.get("ticked") or {}).items():
                if sid in guide.steps:
                    n = len(guide.steps[sid].items)
                    walk.ticked[sid] = {int(i) for i in marks if 0 <= int(i) < n}
            for sid, index in (state.get("chosen") or {}).items():
                if sid in guide.steps and 0 <= int(index) < len(guide.steps[sid].choices):
                    walk.chosen[sid] = int(index)
            walk.values = {str(k): str(v) for k, v in (state.get("values") or {}).items()}
            walk.actions = [
                ActionDone(a["step"], a["action"], {k: v for k, v in a.items() if k not in ("step", "action")})
                for a in state.get("actions") or ()
                if a.get("step") in walk.history
            ]
            walk._seed_values(walk.step)
        except (TypeError, ValueError, KeyError, AttributeError):
            return cls(guide)
        return walk


def all_paths(guide: Guide, limit: int = 10_000) -> Iterator[list[tuple[str, int | None]]]:
    """Every simple path from the start to an end: [(step id, choice index or None), …].
    A branch back to a step already on the path is not followed (no loops)."""
    count = 0

    def walk(step_id: str, seen: list[tuple[str, int | None]]):
        nonlocal count
        step = guide.steps[step_id]
        on_path = {s for s, _ in seen}
        if step.kind == "end":
            count += 1
            if count > limit:
                return
            yield [*seen, (step_id, None)]
            return
        if step.kind == "question":
            for i, choice in enumerate(step.choices):
                if choice.next not in on_path and choice.next != step_id:
                    yield from walk(choice.next, [*seen, (step_id, i)])
        elif step.next not in on_path and step.next != step_id:
            assert step.next is not None  # the loader gives every step but an end a 'next'
            yield from walk(step.next, [*seen, (step_id, None)])

    yield from walk(guide.start, [])
