"""Guide files as a supervisor writes them: every shipped guide is sound, and each kind of broken
file is refused with its precise `file:line: message` (line numbers from the YAML node marks)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from counter_app.procedures.loader import check_file, check_text, load, validate_paths
from counter_app.procedures.service import ProcedureService, bundled_folder

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "procedures"
STATUS_IDS_DOC = ROOT / "resources" / "status" / "bundled_2025.json"


def status_board_procedure_ids() -> set[str]:
    doc = json.loads(STATUS_IDS_DOC.read_text(encoding="utf-8"))
    ids = set()
    for system in doc["systems"]:
        ids.update(system.get("procedure_ids", []))
        ids.update(a["procedure_id"] for a in system.get("alternatives", []) if a.get("procedure_id"))
    return ids


def test_every_shipped_guide_validates():
    result = load([(bundled_folder(), "bundled")])
    assert [p.text("en") for p in result.problems] == []
    assert result.files == len(result.guides) >= 12


def test_there_is_a_guide_for_every_procedure_id_the_bundled_status_board_emits():
    ids = status_board_procedure_ids()
    assert len(ids) >= 10
    assert ids <= set(load([(bundled_folder(), "bundled")]).guides)


def test_the_issue_s_topics_are_all_covered():
    guides = load([(bundled_folder(), "bundled")]).guides
    for wanted in (
        "proc.epeople-complaint",
        "proc.resident-certificates-manual",
        "proc.seal-certificate",
        "proc.move-in-report",
        "proc.manual-intake-retroactive",
        "proc.family-relations-certificates",
        "proc.local-tax-deadline",
        "proc.gov24-certificates",
        "proc.mobile-id-fallback",
        "proc.busan120-guidance",
        "proc.transfer-other-agency",
        "proc.outage-notice",
        "proc.fee-waiver",
    ):
        assert wanted in guides


def test_facts_unverified_in_domain_md_stay_marked_in_the_guides():
    guides = load([(bundled_folder(), "bundled")]).guides
    # the outage clause's article number is presumed (domain.md §2)
    notice = guides["proc.outage-notice"]
    assert any("6조의2" in b.text.ko and b.unverified for b in notice.legal_basis)
    # the 즉시 periods of 등·초본, 인감, 가족관계, 건축물대장 are not confirmed against the table
    for gid in (
        "proc.resident-certificates-manual",
        "proc.seal-certificate",
        "proc.family-relations-certificates",
        "proc.seumteo-building-register",
    ):
        assert any(b.unverified and "민원처리기준표" in b.text.ko for b in guides[gid].legal_basis), gid
    # no guide claims a statutory certificate can be issued by hand
    for g in guides.values():
        for s in g.steps.values():
            assert "직접 작성해 발급" not in (s.text.ko if s.text else "")


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "missing_target.yaml",
            "missing_target.yaml:14: steps[0].choices[1].next: there is no step 'nowhere' to go to.",
        ),
        ("unreachable.yaml", "unreachable.yaml:11: steps[1]: the step 'island' cannot be reached from the start."),
        ("dead_end.yaml", "dead_end.yaml:15: steps[1]: no 'next': a step that is not an end needs a way on."),
        (
            "unknown_action.yaml",
            (
                "unknown_action.yaml:9: steps[0].action: unknown action 'send_fax'; the known "
                "actions are: open_intake, print_receipt, print_interim, print_notice, referral"
            ),
        ),
        (
            "missing_english.yaml",
            (
                "missing_english.yaml:9: steps[0].title: the English text (en) is missing; every "
                "text needs Korean and English."
            ),
        ),
        ("no_end.yaml", "no_end.yaml:6: steps: the guide has no end step."),
        ("unknown_key.yaml", "unknown_key.yaml:6: unknown key 'colour'."),
    ],
)
def test_a_broken_guide_names_file_line_and_problem(name, expected):
    guide, problems = check_file(FIXTURES / name, shown=name)
    assert guide is None
    assert [p.text("en") for p in problems] == [expected]


def test_bad_yaml_names_the_line_the_parser_stopped_at_and_where_the_open_part_began():
    _, problems = check_file(FIXTURES / "bad_yaml.yaml", shown="bad_yaml.yaml")
    [text] = [p.text("en") for p in problems]
    # the parser's own words differ between libyaml and pure-Python PyYAML; the places do not
    assert text.startswith("bad_yaml.yaml:4: YAML syntax error: ") and "'}'" in text
    assert text.endswith("(in the part that starts on line 3)")


def test_a_loop_without_an_exit_is_named_on_each_trapped_step():
    _, problems = check_file(FIXTURES / "loop.yaml", shown="loop.yaml")
    assert [p.text("en") for p in problems] == [
        "loop.yaml:15: steps[1]: no end can be reached from the step 'round' (a dead end or a loop).",
        "loop.yaml:19: steps[2]: no end can be reached from the step 'again' (a dead end or a loop).",
    ]


def test_problems_are_in_korean_by_default():
    _, problems = check_file(FIXTURES / "missing_english.yaml", shown="missing_english.yaml")
    assert problems[0].text() == (
        "missing_english.yaml:9: steps[0].title: 영어 문구(en)가 없습니다. "
        "모든 문구는 한국어와 영어가 모두 있어야 합니다."
    )


def test_a_duplicate_guide_id_across_files_names_the_first_file(tmp_path):
    result = load([(FIXTURES / "dup", "office")])
    first = FIXTURES / "dup" / "a.yaml"
    assert [p.text("en") for p in result.problems] == [
        f"{FIXTURES / 'dup' / 'b.yaml'}:1: id: the guide id 'proc.test-dup' is already used by {first}:1."
    ]
    assert list(result.guides) == ["proc.test-dup"]


def test_a_duplicate_key_and_a_duplicate_step_id_are_refused():
    _, problems = check_text("id: proc.x\nversion: 1\nid: proc.y\n", "f.yaml")
    assert [p.text("en") for p in problems] == ["f.yaml:3: The key 'id' appears twice (first on line 1)."]
    text = (FIXTURES / "good.yaml").read_text(encoding="utf-8").replace("  - id: done", "  - id: first")
    _, problems = check_text(text, "g.yaml")
    assert "g.yaml:15: steps[1]: the step id 'first' is used twice in this guide (first on line 7)." in [
        p.text("en") for p in problems
    ]


def test_hostile_yaml_is_refused_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    )
    guide, problems = check_text(bomb, "bomb.yaml")
    assert guide is None and "too complex" in problems[0].text("en")
    guide, problems = check_text("!!python/object:os.system {}\n", "evil.yaml")
    assert guide is None and problems[0].line == 1
    guide, problems = check_text("id: proc.x\nversion: !!python/name:os.system ''\n", "evil.yaml")
    assert [p.text("en") for p in problems] == ["evil.yaml:2: This value cannot be read (unknown tag)."]


def test_an_empty_or_non_utf8_file_is_named(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert [p.text("en") for p in check_file(empty, shown="empty.yaml")[1]] == ["empty.yaml:1: The file is empty."]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: proc.x\ntitle: caf\xe9\n")
    assert (
        check_file(latin, shown="latin.yaml")[1][0].text("en")
        == "latin.yaml:2: The file is not UTF-8 text; save it as UTF-8."
    )


def test_validate_paths_checks_ids_against_the_shipped_guides(tmp_path):
    copy = tmp_path / "mine.yaml"
    shutil.copy(bundled_folder() / "fee-waiver.yaml", copy)
    problems = validate_paths([copy], [bundled_folder()])
    assert (
        len(problems) == 1
        and "proc.fee-waiver" in problems[0].text("en")
        and "fee-waiver.yaml:1" in problems[0].text("en")
    )
    # validating the shipped folder itself is not a clash with itself
    assert validate_paths([bundled_folder()], [bundled_folder()]) == []


def test_the_office_folder_adds_good_guides_and_keeps_them_when_a_bad_one_arrives(tmp_path):
    office = tmp_path / "procedures"
    office.mkdir()
    shutil.copy(FIXTURES / "good.yaml", office / "good.yaml")
    shutil.copy(FIXTURES / "unknown_action.yaml", office / "zz.yaml")
    service = ProcedureService(office)
    library = service.library()
    assert "proc.test-good" in library.guides and library.guides["proc.test-good"].source == "office"
    assert "proc.test-unknown-action" not in library.guides
    assert [p.line for p in library.problems] == [9]
    assert "proc.epeople-complaint" in library.guides  # the shipped ones are all still there


def test_adding_a_file_checks_it_before_it_goes_into_the_office_folder(tmp_path):
    office = tmp_path / "procedures"
    service = ProcedureService(office)
    guide, problems = service.add_file(FIXTURES / "missing_target.yaml")
    assert guide is None and problems[0].text("en").startswith("missing_target.yaml:14: ")
    assert not office.exists() or not any(office.iterdir())
    guide, problems = service.add_file(FIXTURES / "good.yaml")
    assert problems == [] and guide.id == "proc.test-good" and (office / "proc.test-good.yaml").exists()
    assert "proc.test-good" in service.library().guides
    clash = tmp_path / "clash.yaml"
    clash.write_text((bundled_folder() / "fee-waiver.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    guide, problems = service.add_file(clash)
    assert guide is None and "already used" in problems[0].text("en")


def _mutations(node, path=()):
    """Every single-place change of a document: a key dropped or added, a value of the wrong type."""
    if isinstance(node, dict):
        for key in node:
            yield path, ("drop", key)
        yield path, ("add", "colour")
        for key, value in node.items():
            yield from _mutations(value, path + (key,))
    elif isinstance(node, list):
        yield path, ("empty", None)
        for i, value in enumerate(node):
            yield from _mutations(value, path + (i,))
    for bad in (7, True, "", "Bad Id!", "x" * 5000, [], {}, None, "proc.x\n", "print_notice", "referral"):
        yield path, ("set", bad)


def _apply(doc, path, change):
    import copy

    doc = copy.deepcopy(doc)
    if not path and change[0] == "set":
        return change[1]
    parent = doc
    for part in path[:-1] if change[0] == "set" else path:
        parent = parent[part]
    op, arg = change
    if op == "drop":
        del parent[arg]
    elif op == "add":
        parent[arg] = "red"
    elif op == "empty":
        parent.clear()
    else:
        parent[path[-1]] = arg
    return doc


def test_the_quick_check_agrees_with_the_json_schema_on_every_kind_of_change():
    """Sound files skip jsonschema (speed): the quick check must accept exactly what the schema does."""
    import random

    import yaml

    from counter_app.procedures.loader import _validator, quick_valid

    validator = _validator()
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(bundled_folder().glob("*.yaml"))]
    docs += [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(FIXTURES.glob("*.yaml"))
        if p.name != "bad_yaml.yaml"
    ]
    for doc in docs:
        assert quick_valid(doc) == validator.is_valid(doc)
    rng = random.Random(20251026)
    changes = [(doc, path, change) for doc in docs[:17] for path, change in _mutations(doc)]
    sample = rng.sample(changes, 1500)
    disagree = [
        (path, change)
        for doc, path, change in sample
        if quick_valid(mutated := _apply(doc, path, change)) != validator.is_valid(mutated)
    ]
    assert disagree == []


def test_nothing_of_the_guides_is_imported_before_the_sign_in():
    """The guides load when the procedures page is first shown, never on the way to the sign-in."""
    import subprocess
    import sys

    code = (
        "import sys; import counter_app.app, counter_app.cli, counter_app.ui.main_window; "
        "print(sorted(m for m in ('yaml', 'jsonschema', 'counter_app.procedures.loader') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "[]"
