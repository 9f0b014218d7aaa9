"""Reading and checking procedure guides: YAML with line numbers, JSON Schema, then meaning.

A supervisor edits these files, so every problem is reported as `file:line: message` (the line
from the YAML parser's node marks), in the program's language, and a bad file never stops the
good ones from loading. The checks, in order:

1. YAML itself (a syntax error names the line the parser stopped at; a duplicate key is refused);
2. the JSON Schema resources/schemas/procedure.schema.json (shape, both languages in every text);
3. meaning: unique step ids, the start step and every branch target exist, at least one end,
   every step reachable from the start, an end reachable from every step (no trap), known actions;
4. across files: a guide id used only once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from counter_app.i18n import Msg
from counter_app.procedures.model import (
    ACTIONS,
    INPUT_FIELDS,
    PRINT_ACTIONS,
    STEP_KINDS,
    Basis,
    Choice,
    Guide,
    InputField,
    Step,
    Text,
)

MAX_GUIDE_BYTES = 256 * 1024  # a guide is a page of text; anything bigger is not one
MAX_NODES = 50_000  # YAML aliases can multiply a small file into a huge tree ("billion laughs")
GUIDE_SUFFIXES = (".yaml", ".yml")

Path_ = tuple  # a JSON path: keys and list indexes
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one guide file, where a supervisor can find it."""

    path: str
    line: int
    msg: Msg

    def text(self, lang: str | None = None) -> str:
        return f"{self.path}:{self.line}: {self.msg.text(lang)}"

    def __str__(self) -> str:
        return self.text()


class _Marks:
    """Line numbers (1-based) of every value and every mapping key, by JSON path."""

    def __init__(self) -> None:
        self.value: dict[Path_, int] = {}
        self.key: dict[Path_, int] = {}

    def line(self, path: Sequence, *, key: bool = False) -> int:
        path = tuple(path)
        while path:
            found = (self.key.get(path) if key else None) or self.value.get(path)
            if found:
                return found
            path = path[:-1]
            key = False
        return self.value.get((), 1)


class _YamlProblem(Exception):
    def __init__(self, line: int, msg: Msg):
        super().__init__(msg.en)
        self.line = line
        self.msg = msg


def _read_yaml(text: str) -> tuple[Any, _Marks]:
    import yaml

    marks = _Marks()
    # libyaml's parser when the wheel has it (about 20x faster), else the pure-Python one; both
    # give the same nodes with the same marks, and both construct only the safe types
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            what = (exc.problem or exc.context or "").strip()
            ko, en = f"YAML 문법 오류입니다: {what}", f"YAML syntax error: {what}"
            started = exc.context_mark.line + 1 if exc.context_mark is not None else line
            if started != line:  # an unclosed bracket or quote: name where it was opened
                ko, en = f"{ko} ({started}행에서 시작한 부분)", f"{en} (in the part that starts on line {started})"
            raise _YamlProblem(line, Msg(ko, en)) from None
        except yaml.YAMLError as exc:
            raise _YamlProblem(
                1,
                Msg(
                    f"YAML 파일을 읽을 수 없습니다: {type(exc).__name__}",
                    f"Cannot read the YAML file: {type(exc).__name__}",
                ),
            ) from None
        if root is None:
            raise _YamlProblem(1, Msg("파일이 비어 있습니다.", "The file is empty."))
        count = [0]

        def build(node, path: Path_):
            count[0] += 1
            if count[0] > MAX_NODES:
                raise _YamlProblem(
                    node.start_mark.line + 1,
                    Msg("파일이 너무 복잡합니다(별칭이 너무 많습니다).", "The file is too complex (too many aliases)."),
                )
            marks.value.setdefault(path, node.start_mark.line + 1)
            if isinstance(node, yaml.MappingNode):
                out: dict = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise _YamlProblem(
                            key_node.start_mark.line + 1,
                            Msg("항목 이름은 글자여야 합니다.", "A key must be plain text."),
                        )
                    key = (
                        key_node.value
                        if key_node.tag == _STR_TAG
                        else str(loader.construct_object(key_node, deep=True))
                    )
                    if key in out:
                        first = marks.key.get(path + (key,), 0)
                        raise _YamlProblem(
                            key_node.start_mark.line + 1,
                            Msg(
                                f"'{key}' 항목이 두 번 있습니다(처음은 {first}행).",
                                f"The key '{key}' appears twice (first on line {first}).",
                            ),
                        )
                    marks.key[path + (key,)] = key_node.start_mark.line + 1
                    out[key] = build(value_node, path + (key,))
                return out
            if isinstance(node, yaml.SequenceNode):
                return [build(item, path + (i,)) for i, item in enumerate(node.value)]
            if node.tag == _STR_TAG:  # most values: no constructor call needed
                return node.value
            value = loader.construct_object(node, deep=True)
            if not isinstance(value, (str, int, float, bool)) and value is not None:
                value = str(value)  # dates and the like: the schema names the wrong type
            return value

        try:
            return build(root, ()), marks
        except yaml.MarkedYAMLError as exc:  # a tag the safe loader does not know (!!python/…)
            mark = exc.problem_mark or exc.context_mark
            raise _YamlProblem(
                mark.line + 1 if mark is not None else 1,
                Msg("이 값은 읽을 수 없습니다(알 수 없는 태그).", "This value cannot be read (unknown tag)."),
            ) from None
        except (yaml.YAMLError, ValueError, TypeError):
            raise _YamlProblem(1, Msg("YAML 파일을 읽을 수 없습니다.", "Cannot read the YAML file.")) from None
    finally:
        loader.dispose()


# ---------------------------------------------------------------- schema
@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    from counter_app.resources import resource_path

    schema = json.loads(resource_path("schemas", "procedure.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


_TYPE_NAMES = {
    "string": ("글자", "text"),
    "integer": ("정수", "a whole number"),
    "array": ("목록", "a list"),
    "object": ("항목 묶음", "a mapping of keys"),
    "boolean": ("true/false", "true or false"),
    "number": ("숫자", "a number"),
}


def where(path: Sequence) -> str:
    """steps[2].choices[0].next"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(guide)"


def _schema_problem(error, marks: _Marks) -> list[tuple[int, Msg]]:
    path = tuple(error.absolute_path)
    pre = f"{where(path)}: " if path else ""
    v = error.validator
    if v == "required":
        missing = [
            name for name in error.validator_value if not isinstance(error.instance, dict) or name not in error.instance
        ]
        out = []
        for name in missing:
            if name == "en":
                msg = Msg(
                    f"{pre}영어 문구(en)가 없습니다. 모든 문구는 한국어와 영어가 모두 있어야 합니다.",
                    f"{pre}the English text (en) is missing; every text needs Korean and English.",
                )
            elif name == "ko":
                msg = Msg(
                    f"{pre}한국어 문구(ko)가 없습니다. 모든 문구는 한국어와 영어가 모두 있어야 합니다.",
                    f"{pre}the Korean text (ko) is missing; every text needs Korean and English.",
                )
            elif name == "next":
                msg = Msg(
                    f"{pre}다음 단계(next)가 없습니다. 끝(end)이 아닌 단계에는 나아갈 곳이 있어야 합니다.",
                    f"{pre}no 'next': a step that is not an end needs a way on.",
                )
            else:
                msg = Msg(f"{pre}'{name}' 항목이 없습니다.", f"{pre}'{name}' is missing.")
            out.append((marks.line(path), msg))
        return out
    if v == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        return [
            (marks.line(path + (k,), key=True), Msg(f"{pre}알 수 없는 항목 '{k}'입니다.", f"{pre}unknown key '{k}'."))
            for k in error.instance
            if k not in allowed
        ]
    line = marks.line(path)
    if v == "type":
        ko, en = _TYPE_NAMES.get(str(error.validator_value), (str(error.validator_value),) * 2)
        return [(line, Msg(f"{pre}{ko}여야 합니다.", f"{pre}must be {en}."))]
    if v == "enum":
        values = ", ".join(str(x) for x in error.validator_value)
        return [
            (
                line,
                Msg(
                    f"{pre}'{error.instance}'은(는) 쓸 수 없습니다. 가능한 값: {values}",
                    f"{pre}'{error.instance}' is not allowed; use one of: {values}",
                ),
            )
        ]
    if v == "minLength":
        return [(line, Msg(f"{pre}비어 있으면 안 됩니다.", f"{pre}must not be empty."))]
    if v == "maxLength":
        return [
            (
                line,
                Msg(
                    f"{pre}{error.validator_value}자보다 길면 안 됩니다.",
                    f"{pre}must be at most {error.validator_value} characters.",
                ),
            )
        ]
    if v == "minItems":
        return [
            (
                line,
                Msg(
                    f"{pre}적어도 {error.validator_value}개가 있어야 합니다.",
                    f"{pre}needs at least {error.validator_value} entries.",
                ),
            )
        ]
    if v == "maxItems":
        return [
            (
                line,
                Msg(
                    f"{pre}{error.validator_value}개보다 많으면 안 됩니다.",
                    f"{pre}at most {error.validator_value} entries.",
                ),
            )
        ]
    if v == "minimum":
        return [
            (
                line,
                Msg(
                    f"{pre}{error.validator_value} 이상이어야 합니다.",
                    f"{pre}must be at least {error.validator_value}.",
                ),
            )
        ]
    if v == "pattern":
        if path == ("id",):
            return [
                (
                    line,
                    Msg(
                        f"{pre}안내서 번호는 'proc.'로 시작하고 영어 소문자, 숫자, '-'만 씁니다(예: proc.my-guide).",
                        f"{pre}a guide id starts with 'proc.' and uses lower-case letters, digits and '-' "
                        "(e.g. proc.my-guide).",
                    ),
                )
            ]
        if path and path[-1] == "phone":
            return [
                (
                    line,
                    Msg(
                        f"{pre}전화번호는 숫자와 '-'만 씁니다(예: 120, 051-120).",
                        f"{pre}a phone number uses digits and '-' only (e.g. 120, 051-120).",
                    ),
                )
            ]
        return [
            (
                line,
                Msg(
                    f"{pre}단계 번호는 영어 소문자, 숫자, '-', '_'만 씁니다.",
                    f"{pre}a step id uses lower-case letters, digits, '-' and '_' only.",
                ),
            )
        ]
    return [
        (line, Msg(f"{pre}형식이 맞지 않습니다 ({error.message[:200]}).", f"{pre}not valid ({error.message[:200]})."))
    ]


def _leaf_errors(error) -> Iterable:
    """if/then and $ref wrap the real errors: report the innermost ones."""
    if error.context:
        for sub in error.context:
            yield from _leaf_errors(sub)
    else:
        yield error


# The JSON Schema is the published format and names every problem, but jsonschema takes ~5 ms a
# file here; this plain check mirrors the schema exactly (tests/unit/test_procedures_format.py
# proves they agree on every shipped guide, every broken fixture and thousands of mutations), so a
# sound file skips jsonschema and only a broken one pays for its precise messages.
_STEP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_GUIDE_ID = re.compile(r"^proc\.[a-z0-9]+(-[a-z0-9]+)*$")
_PHONE = re.compile(r"^[0-9][0-9-]{1,19}$")
_TOP_KEYS = frozenset(("id", "version", "title", "summary", "keywords", "legal_basis", "start", "steps"))
_STEP_KEYS = frozenset(
    ("id", "kind", "title", "text", "next", "items", "choices", "fields", "action", "form", "agency", "phone")
)
_FIELD_KEYS = frozenset(("field", "label", "required", "value", "options"))
_NEEDS_NEXT = frozenset(("info", "checklist", "input", "action"))


def _is_str(v, lo: int = 0, hi: int = 10**9) -> bool:
    return isinstance(v, str) and lo <= len(v) <= hi


def _is_text(v, hi: int = 4000) -> bool:
    return isinstance(v, dict) and v.keys() == {"ko", "en"} and _is_str(v["ko"], 1, hi) and _is_str(v["en"], 1, hi)


def _is_step_id(v) -> bool:
    return _is_str(v, 0, 60) and _STEP_ID.search(v) is not None


def _is_field(f) -> bool:
    if not isinstance(f, dict) or not f.keys() <= _FIELD_KEYS or "field" not in f or "label" not in f:
        return False
    if f["field"] not in INPUT_FIELDS or not _is_text(f["label"]):
        return False
    if "required" in f and not isinstance(f["required"], bool):
        return False
    if "value" in f and not _is_str(f["value"], 0, 500):
        return False
    if "options" in f:
        opts = f["options"]
        if not isinstance(opts, list) or not opts or not all(_is_str(o, 1) for o in opts):
            return False
    return True


def _is_step(s) -> bool:
    if not isinstance(s, dict) or not s.keys() <= _STEP_KEYS or not {"id", "kind", "title"} <= s.keys():
        return False
    kind = s["kind"]
    if not _is_step_id(s["id"]) or kind not in STEP_KINDS or not _is_text(s["title"]):
        return False
    if "text" in s and not _is_text(s["text"]):
        return False
    if "next" in s and not _is_step_id(s["next"]):
        return False
    if "items" in s and not (isinstance(s["items"], list) and s["items"] and all(_is_text(i) for i in s["items"])):
        return False
    if "choices" in s:
        ch = s["choices"]
        if (
            not isinstance(ch, list)
            or len(ch) < 2
            or not all(
                isinstance(c, dict)
                and c.keys() == {"label", "next"}
                and _is_text(c["label"])
                and _is_step_id(c["next"])
                for c in ch
            )
        ):
            return False
    if "fields" in s and not (isinstance(s["fields"], list) and s["fields"] and all(_is_field(f) for f in s["fields"])):
        return False
    if "action" in s and not isinstance(s["action"], str):
        return False
    for key in ("form", "agency"):
        if key in s and not _is_text(s[key]):
            return False
    if "phone" in s and not (isinstance(s["phone"], str) and _PHONE.search(s["phone"])):
        return False
    required = {
        "info": ("next",),
        "checklist": ("next", "items"),
        "question": ("choices",),
        "input": ("next", "fields"),
        "action": ("next", "action"),
    }.get(kind, ())
    if not all(k in s for k in required):
        return False
    action = s.get("action")
    if action in PRINT_ACTIONS and "form" not in s:
        return False
    if action == "referral" and not ("agency" in s and "phone" in s):
        return False
    return True


def quick_valid(doc) -> bool:
    """True exactly when `doc` passes resources/schemas/procedure.schema.json."""
    if not isinstance(doc, dict) or not doc.keys() <= _TOP_KEYS:
        return False
    if not {"id", "version", "title", "summary", "start", "steps"} <= doc.keys():
        return False
    if not (_is_str(doc["id"], 0, 100) and _GUIDE_ID.search(doc["id"])):
        return False
    version = doc["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return False
    if not _is_text(doc["title"]) or not _is_text(doc["summary"]) or not _is_step_id(doc["start"]):
        return False
    if "keywords" in doc and not (
        isinstance(doc["keywords"], list) and all(_is_str(k, 1, 100) for k in doc["keywords"])
    ):
        return False
    if "legal_basis" in doc:
        basis = doc["legal_basis"]
        if not isinstance(basis, list):
            return False
        for b in basis:
            if not (
                isinstance(b, dict)
                and b.keys() <= {"ko", "en", "unverified"}
                and "ko" in b
                and "en" in b
                and _is_str(b["ko"], 1, 2000)
                and _is_str(b["en"], 1, 2000)
                and isinstance(b.get("unverified", False), bool)
            ):
                return False
    steps = doc["steps"]
    return isinstance(steps, list) and 1 <= len(steps) <= 200 and all(_is_step(s) for s in steps)


# ---------------------------------------------------------------- meaning
def _text(d: Any) -> Text:
    return Text(str(d["ko"]), str(d["en"]))


def _build_guide(doc: dict, marks: _Marks, path: str, source: str) -> Guide:
    steps: dict[str, Step] = {}
    for i, s in enumerate(doc["steps"]):
        fields = tuple(
            InputField(
                field=f["field"],
                label=_text(f["label"]),
                required=bool(f.get("required", False)),
                value=f.get("value"),
                options=tuple(f.get("options", ())),
            )
            for f in s.get("fields", ())
        )
        steps.setdefault(
            s["id"],
            Step(
                id=s["id"],
                kind=s["kind"],
                title=_text(s["title"]),
                text=_text(s["text"]) if "text" in s else None,
                next=s.get("next"),
                items=tuple(_text(x) for x in s.get("items", ())),
                choices=tuple(Choice(_text(c["label"]), c["next"]) for c in s.get("choices", ())),
                fields=fields,
                action=s.get("action"),
                form=_text(s["form"]) if "form" in s else None,
                agency=_text(s["agency"]) if "agency" in s else None,
                phone=s.get("phone"),
                line=marks.line(("steps", i)),
            ),
        )
    return Guide(
        id=doc["id"],
        version=int(doc["version"]),
        title=_text(doc["title"]),
        summary=_text(doc["summary"]),
        start=doc["start"],
        steps=steps,
        keywords=tuple(doc.get("keywords", ())),
        legal_basis=tuple(
            Basis(Text(b["ko"], b["en"]), bool(b.get("unverified", False))) for b in doc.get("legal_basis", ())
        ),
        source=source,
        path=path,
        line=marks.line(("id",)),
    )


def _meaning(doc: dict, marks: _Marks) -> list[tuple[int, Msg]]:
    out: list[tuple[int, Msg]] = []
    steps = doc["steps"]
    first_line: dict[str, int] = {}
    for i, s in enumerate(steps):
        sid = s["id"]
        if sid in first_line:
            out.append(
                (
                    marks.line(("steps", i, "id")),
                    Msg(
                        f"steps[{i}]: 단계 번호 '{sid}'가 이 안내서에 두 번 있습니다(처음은 {first_line[sid]}행).",
                        f"steps[{i}]: the step id '{sid}' is used twice in this guide (first on line {first_line[sid]}).",
                    ),
                )
            )
        else:
            first_line[sid] = marks.line(("steps", i, "id"))
        if s["kind"] == "action" and s.get("action") not in ACTIONS:
            known = ", ".join(ACTIONS)
            out.append(
                (
                    marks.line(("steps", i, "action")),
                    Msg(
                        f"steps[{i}].action: 알 수 없는 동작 '{s.get('action')}'입니다. 쓸 수 있는 동작: {known}",
                        f"steps[{i}].action: unknown action '{s.get('action')}'; the known actions are: {known}",
                    ),
                )
            )
        if s["kind"] != "action" and "action" in s:
            out.append(
                (
                    marks.line(("steps", i, "action"), key=True),
                    Msg(
                        f"steps[{i}]: 'action'은 동작(action) 단계에만 씁니다.",
                        f"steps[{i}]: 'action' belongs to action steps only.",
                    ),
                )
            )
        if s["kind"] == "end" and ("next" in s or "choices" in s):
            key = "next" if "next" in s else "choices"
            out.append(
                (
                    marks.line(("steps", i, key), key=True),
                    Msg(
                        f"steps[{i}]: 끝(end) 단계에는 '{key}'가 없어야 합니다.",
                        f"steps[{i}]: an end step has no '{key}'.",
                    ),
                )
            )
        if s["kind"] != "question" and "choices" in s and s["kind"] != "end":
            out.append(
                (
                    marks.line(("steps", i, "choices"), key=True),
                    Msg(
                        f"steps[{i}]: 갈림길(choices)은 질문(question) 단계에만 씁니다.",
                        f"steps[{i}]: 'choices' belong to question steps only.",
                    ),
                )
            )
        if s["kind"] == "question" and "next" in s:
            out.append(
                (
                    marks.line(("steps", i, "next"), key=True),
                    Msg(
                        f"steps[{i}]: 질문 단계는 'next' 대신 각 선택지의 'next'로 나아갑니다.",
                        f"steps[{i}]: a question goes on through its choices' 'next', not its own 'next'.",
                    ),
                )
            )
    ids = set(first_line)
    if doc["start"] not in ids:
        out.append(
            (
                marks.line(("start",)),
                Msg(
                    f"start: 시작 단계 '{doc['start']}'가 없습니다.",
                    f"start: there is no step '{doc['start']}' to start from.",
                ),
            )
        )
    graph: dict[str, list[str]] = {}
    for i, s in enumerate(steps):
        targets: list[tuple[Path_, str]] = []
        if s["kind"] == "question":
            targets = [(("steps", i, "choices", j, "next"), c["next"]) for j, c in enumerate(s.get("choices", ()))]
        elif s["kind"] != "end" and "next" in s:
            targets = [(("steps", i, "next"), s["next"])]
        for tpath, target in targets:
            if target not in ids:
                out.append(
                    (
                        marks.line(tpath),
                        Msg(
                            f"{where(tpath)}: 갈 곳 '{target}'라는 단계가 없습니다.",
                            f"{where(tpath)}: there is no step '{target}' to go to.",
                        ),
                    )
                )
        graph.setdefault(s["id"], []).extend(t for _, t in targets if t in ids)
    ends = {s["id"] for s in steps if s["kind"] == "end"}
    if not ends:
        out.append(
            (
                marks.line(("steps",), key=True),
                Msg("steps: 끝(end) 단계가 하나도 없습니다.", "steps: the guide has no end step."),
            )
        )
    if doc["start"] in ids:
        reached = _reach([doc["start"]], graph)
        for i, s in enumerate(steps):
            if s["id"] not in reached and first_line.get(s["id"]) == marks.line(("steps", i, "id")):
                out.append(
                    (
                        marks.line(("steps", i)),
                        Msg(
                            f"steps[{i}]: 단계 '{s['id']}'에는 시작에서 갈 수 없습니다.",
                            f"steps[{i}]: the step '{s['id']}' cannot be reached from the start.",
                        ),
                    )
                )
    if ends:
        reverse: dict[str, list[str]] = {}
        for src, dests in graph.items():
            for t in dests:
                reverse.setdefault(t, []).append(src)
        can_end = _reach(list(ends), reverse)
        for i, s in enumerate(steps):
            if (
                s["id"] not in can_end
                and s["kind"] != "end"
                and first_line.get(s["id"]) == marks.line(("steps", i, "id"))
            ):
                out.append(
                    (
                        marks.line(("steps", i)),
                        Msg(
                            f"steps[{i}]: 단계 '{s['id']}'에서는 끝(end)에 이를 수 없습니다(막다른 길이거나 맴돕니다).",
                            f"steps[{i}]: no end can be reached from the step '{s['id']}' (a dead end or a loop).",
                        ),
                    )
                )
    return out


def _reach(starts: list[str], graph: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# ---------------------------------------------------------------- files
def check_text(text: str, path: str, source: str = "office") -> tuple[Guide | None, list[Problem]]:
    """One guide file's text: the guide when it is sound, and every problem found."""
    try:
        doc, marks = _read_yaml(text)
    except _YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.msg)]
    problems: list[tuple[int, Msg]] = []
    if not isinstance(doc, dict):
        return None, [
            Problem(
                path,
                marks.line(()),
                Msg(
                    "안내서 파일은 항목 묶음(id, title, steps …)이어야 합니다.",
                    "A guide file is a mapping (id, title, steps, …).",
                ),
            )
        ]
    if not quick_valid(doc):  # only a file the schema refuses pays for jsonschema's messages
        errors = sorted(_validator().iter_errors(doc), key=lambda e: (marks.line(tuple(e.absolute_path)), str(e.path)))
        for error in errors:
            for leaf in _leaf_errors(error):
                problems.extend(_schema_problem(leaf, marks))
    if not problems:
        problems.extend(_meaning(doc, marks))
    unique = sorted(set(problems), key=lambda p: (p[0], p[1].en))
    if unique:
        return None, [Problem(path, line, msg) for line, msg in unique]
    return _build_guide(doc, marks, path, source), []


def check_file(path: Path, source: str = "office", shown: str | None = None) -> tuple[Guide | None, list[Problem]]:
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_GUIDE_BYTES:
            return None, [
                Problem(
                    shown,
                    1,
                    Msg(
                        f"파일이 너무 큽니다({MAX_GUIDE_BYTES // 1024} KB까지).",
                        f"The file is too large (at most {MAX_GUIDE_BYTES // 1024} KB).",
                    ),
                )
            ]
        with open(path, "rb") as fh:
            raw = fh.read(MAX_GUIDE_BYTES + 1)
    except OSError as exc:
        return None, [
            Problem(
                shown,
                1,
                Msg(f"파일을 읽을 수 없습니다({type(exc).__name__}).", f"Cannot read the file ({type(exc).__name__})."),
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                Msg(
                    "UTF-8 글자가 아닌 부분이 있습니다. UTF-8로 저장하십시오.",
                    "The file is not UTF-8 text; save it as UTF-8.",
                ),
            )
        ]
    return check_text(text, shown, source)


def guide_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.suffix.lower() in GUIDE_SUFFIXES and p.is_file() and not p.name.startswith(".")]


@dataclass
class LoadResult:
    guides: dict[str, Guide]
    problems: list[Problem]
    files: int


def load(sources: Iterable[tuple[Path, str]]) -> LoadResult:
    """Every guide file in the folders (or files) given, in order: (path, 'bundled'|'office').
    The first guide with an id wins; a later file with the same id is refused, naming the first."""
    guides: dict[str, Guide] = {}
    problems: list[Problem] = []
    files = 0
    for location, source in sources:
        paths = guide_files(location) if location.is_dir() else [location]
        for path in paths:
            files += 1
            guide, found = check_file(path, source)
            problems.extend(found)
            if guide is None:
                continue
            first = guides.get(guide.id)
            if first is not None:
                problems.append(
                    Problem(
                        str(path),
                        guide.line,
                        Msg(
                            f"id: 안내서 번호 '{guide.id}'는 이미 {first.path}:{first.line}에서 쓰고 있습니다.",
                            f"id: the guide id '{guide.id}' is already used by {first.path}:{first.line}.",
                        ),
                    )
                )
                continue
            guides[guide.id] = guide
    return LoadResult(guides, problems, files)


def validate_paths(paths: Sequence[Path], context: Sequence[Path] = ()) -> list[Problem]:
    """`procedures validate PATH …`: the problems of the files given (folders: their guide files).
    Guide ids are also checked against `context` (the shipped and office guides) so a new file
    cannot reuse an id already taken; problems are reported for the given files only."""
    given: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        if p.is_dir():
            given.extend(guide_files(p))
        elif p.exists():
            given.append(p)
        else:
            problems.append(Problem(str(p), 1, Msg("파일이 없습니다.", "No such file.")))
    resolved = {os.path.realpath(p) for p in given}
    taken: dict[str, tuple[str, int]] = {}
    for folder in context:
        for path in guide_files(folder) if folder.is_dir() else []:
            if os.path.realpath(path) in resolved:
                continue
            guide, _ = check_file(path, "bundled")
            if guide is not None:
                taken.setdefault(guide.id, (str(path), guide.line))
    for path in given:
        guide, found = check_file(path)
        problems.extend(found)
        if guide is None:
            continue
        if guide.id in taken:
            first_path, first_line = taken[guide.id]
            problems.append(
                Problem(
                    str(path),
                    guide.line,
                    Msg(
                        f"id: 안내서 번호 '{guide.id}'는 이미 {first_path}:{first_line}에서 쓰고 있습니다.",
                        f"id: the guide id '{guide.id}' is already used by {first_path}:{first_line}.",
                    ),
                )
            )
        else:
            taken[guide.id] = (str(path), guide.line)
    return problems
