"""The bundled 2025 snapshot: valid against the schema, faithful to the recorded facts."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest

from counter_app.clock import KST
from counter_app.resources import resource_path
from counter_app.status.adapters import to_native
from counter_app.status.bundled import bundled_path, load_bundled

ROOT = Path(__file__).resolve().parent.parent.parent
RECOVERY_CSV = ROOT.parent / "shared" / "data" / "nirs_2025_recovery.csv"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(resource_path("schemas", "status-feed.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_bundled_snapshot_validates_against_the_schema(validator):
    doc = json.loads(bundled_path().read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(doc)] == []
    assert load_bundled().warnings == []


def test_normalised_snapshots_validate_too(validator):
    # the cache stores every snapshot in the native format: it must stay valid
    assert [e.message for e in validator.iter_errors(to_native(load_bundled()))] == []


def test_schema_rejects_what_the_format_forbids(validator):
    bad = {"systems": [{"id": "x", "name_ko": "x", "status": "burning", "grade": 7}]}
    assert len(list(validator.iter_errors(bad))) == 2


def test_recorded_facts():
    snap = load_bundled()
    assert snap.historical and snap.summary.total == 709 and snap.summary.restored == 640
    systems = {s.id: s for s in snap.systems}
    assert "2025-09-25 19:35" in systems["epeople"].data_loss
    assert systems["epeople"].restored_at.isoformat() == "2025-10-28T10:00:00+00:00"  # 19:00 KST
    assert systems["gov24"].status == "operational"
    assert systems["busan-minwon120"].counted is False
    assert any(a.phone == "120" for a in systems["busan-minwon120"].alternatives)
    totals = [p.total for p in snap.progress]
    assert totals[0] == 647 and totals[-1] == 709 and 647 in totals and totals == sorted(totals)
    assert snap.progress[-1].at == snap.updated_at  # the series stops at the as-of time


def test_progress_matches_the_recovery_csv():
    if not RECOVERY_CSV.exists():
        pytest.skip("shared/data is not beside this checkout")
    with RECOVERY_CSV.open(encoding="utf-8") as fh:
        rows = {r["as_of_kst"]: r for r in csv.DictReader(fh) if r["restored_total"]}
    for p in load_bundled().progress:
        key = p.at.astimezone(KST).strftime("%Y-%m-%dT%H:%M")
        assert key in rows, key
        assert (int(rows[key]["restored_total"]), int(rows[key]["denominator_total"])) == (p.restored, p.total)


def test_procedure_ids_are_listed_in_the_docs():
    docs = (ROOT / "docs" / "status-feed.md").read_text(encoding="utf-8")
    ids = {pid for s in load_bundled().systems for pid in s.procedure_ids}
    assert ids and all(re.match(r"^proc\.[a-z0-9.-]+$", pid) for pid in ids)
    missing = sorted(pid for pid in ids if f"`{pid}`" not in docs)
    assert missing == []
