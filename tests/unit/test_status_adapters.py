"""Source adapters: structure, item-level skipping, and no exception but FeedError on any JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent.parent / "integration"))
from status_servers import cachet_component, cachet_page, native_feed, statuspage_summary  # noqa: E402

from counter_app.status.adapters import parse_cachet, parse_native, parse_statuspage, to_native  # noqa: E402
from counter_app.status.adapters.cachet import collect_pages, parse_cachet_file, unwrap_page  # noqa: E402
from counter_app.status.model import FeedError  # noqa: E402


def test_native_roundtrip_is_exact():
    snap = parse_native(native_feed(8), "x")
    again = parse_native(json.loads(json.dumps(to_native(snap))), "x")
    assert again == snap
    assert snap.systems[0].expected_recovery.start == "2025-11-01"
    assert snap.systems[0].procedure_ids == ["proc.gov24-certificates"]
    assert [p.total for p in snap.progress] == [8, 8]


def test_native_whole_feed_errors():
    for doc in (
        [],
        "x",
        None,
        5,
        {"no": "systems"},
        {"systems": {}},
        {"systems": [], "incidents": "x"},
        {"systems": [], "format": "something-else"},
        {"systems": [], "updated_at": 5},
    ):
        with pytest.raises(FeedError):
            parse_native(doc)


def test_native_item_errors_skip_only_that_item():
    feed = native_feed(5)
    feed["systems"][0]["status"] = 3
    feed["systems"][1]["since"] = ["2025"]
    feed["systems"][2]["id"] = ""
    feed["systems"].append(dict(feed["systems"][3]))  # duplicate id
    feed["progress"].append({"at": "2025-10-02", "restored": 9, "total": 5})  # restored > total
    feed["summary"] = {"total": "many"}
    snap = parse_native(feed)
    assert [s.id for s in snap.systems] == ["sys-0003", "sys-0004"]
    assert len(snap.progress) == 2 and snap.summary is None
    assert len(snap.warnings) == 6
    assert all(w.ko and w.en for w in snap.warnings)


def test_native_unknown_status_and_alternative_kind_are_normalised():
    feed = native_feed(1)
    feed["systems"][0]["status"] = "exploded"
    feed["systems"][0]["alternatives"] = [{"kind": "pigeon", "label": "x"}]
    snap = parse_native(feed)
    assert snap.systems[0].status == "unknown" and snap.systems[0].alternatives[0].kind == "other"


def test_statuspage_structure():
    snap = parse_statuspage(statuspage_summary(), "sp")
    assert [s.id for s in snap.systems] == ["gov24", "epeople", "postbank", "law", "odd"]
    assert {s.id: s.group for s in snap.systems}["postbank"] is None
    assert len(snap.warnings) == 1  # the dangling group
    inc = snap.incidents[0]
    assert inc.systems == ["gov24"] and inc.impact == "critical"
    assert inc.updates[0].at > inc.updates[1].at
    assert snap.incidents[1].kind == "maintenance"


def test_statuspage_bad_component_is_skipped():
    doc = statuspage_summary()
    doc["components"][1]["status"] = {"x": 1}
    doc["components"][2]["group_id"] = 7
    doc["incidents"][0]["incident_updates"][0]["body"] = 42
    snap = parse_statuspage(doc)
    assert [s.id for s in snap.systems] == ["postbank", "law", "odd"]
    assert snap.incidents[0].kind == "maintenance"  # the broken incident was skipped
    for bad in ([], {"components": "x"}, {"components": [], "incidents": {}}):
        with pytest.raises(FeedError):
            parse_statuspage(bad)


def test_cachet_statuses_and_groups():
    comps = [cachet_component(i, f"S{i}", i % 5, group_id=1 if i < 3 else 0) for i in range(5)]
    comps.append({"id": 9, "name": "off", "status": 1, "enabled": False})
    comps.append({"id": 10, "name": "str status", "status": "4"})
    comps.append({"id": 11, "name": "bad", "status": [1]})
    snap = parse_cachet(comps, [], [{"id": 1, "name": "G"}])
    assert [s.status for s in snap.systems] == [
        "unknown",
        "operational",
        "degraded",
        "partial_outage",
        "major_outage",
        "major_outage",
    ]
    assert [s.group for s in snap.systems][:4] == ["G", "G", "G", None]
    assert len(snap.warnings) == 1
    assert snap.updated_at is not None


def test_cachet_pages_and_files():
    data, nxt = unwrap_page(cachet_page([1, 2], 1, 2, "http://h/api/v1/components?page=2"))
    assert data == [1, 2] and nxt.endswith("page=2")
    assert unwrap_page(cachet_page([3], 2, 2, "http://h/x"))[1] is None  # last page: no further
    with pytest.raises(FeedError):
        unwrap_page({"data": "x"})
    pages = {
        "http://h/a": cachet_page([1], 1, 3, "/a?page=2"),
        "http://h/a?page=2": cachet_page([2], 2, 3, "http://h/a"),
    }
    assert collect_pages(pages.__getitem__, "http://h/a") == [1, 2]  # loop back to page 1 stops
    snap = parse_cachet_file({"components": cachet_page([cachet_component(1, "A", 1)], 1, 1, None), "incidents": []})
    assert snap.systems[0].name == "A"
    with pytest.raises(FeedError):
        parse_cachet_file({"nothing": 1})


# --- property: any JSON in, only FeedError out -------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2025-10-01 09:00:00",
            "2025-10-01T00:00:00Z",
            "<b>x</b>",
            "operational",
            "major_outage",
            "9999-12-31T23:59:59-23:59",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "name_ko",
                    "status",
                    "group",
                    "group_id",
                    "components",
                    "since",
                    "updated_at",
                    "incident_updates",
                    "body",
                    "at",
                    "data",
                    "meta",
                    "alternatives",
                    "grade",
                    "progress",
                    "summary",
                    "expected_recovery",
                    "ko",
                    "en",
                    "label",
                    "kind",
                    "total",
                    "restored",
                    "by_grade",
                    "pagination",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


def _near_feed(container_key):
    return st.dictionaries(
        st.sampled_from(
            [container_key, "incidents", "progress", "summary", "page", "scheduled_maintenances", "updated_at", "label"]
        ),
        json_values,
        max_size=5,
    ).map(lambda d: {container_key: [], **d})


PARSERS = {
    "native": (parse_native, "systems"),
    "statuspage": (parse_statuspage, "components"),
    "cachet_file": (parse_cachet_file, "components"),
}


@pytest.mark.parametrize("name", list(PARSERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_json_raises_only_feed_error(name, data):
    parse, key = PARSERS[name]
    doc = data.draw(st.one_of(json_values, _near_feed(key)))
    try:
        snap = parse(doc)
    except FeedError as exc:
        assert exc.msg.ko and exc.msg.en
        return
    json.dumps(to_native(snap))  # whatever was accepted can be stored
    for s in snap.systems:
        assert s.status in ("operational", "degraded", "partial_outage", "major_outage", "maintenance", "unknown")


@settings(max_examples=100, deadline=None)
@given(components=st.lists(json_values, max_size=5), incidents=st.lists(json_values, max_size=5))
def test_cachet_lists_of_anything(components, incidents):
    try:
        parse_cachet(components, incidents, None)
    except FeedError:
        pass


def test_every_adapter_roundtrips_through_the_stored_form():
    """The cache keeps what refresh() parsed in place of re-reading the stored payload; that is
    only right if the stored (native) form reads back to an equal snapshot."""
    comps = [cachet_component(i, f"S{i}", i % 5) for i in range(4)]
    incidents = [
        {
            "id": 1,
            "component_id": 2,
            "name": "<i>Out</i>",
            "status": 4,
            "message": "<p>Fixed &amp; done</p>",
            "created_at": "2025-10-01 09:00:00",
            "updated_at": "2025-10-01 10:00:00",
        }
    ]
    for snap in (
        parse_statuspage(statuspage_summary(), "sp"),
        parse_cachet(comps, incidents, None, "c"),
        parse_native(native_feed(5), "n"),
    ):
        again = parse_native(json.loads(json.dumps(to_native(snap))), snap.location, snap.kind)
        again.warnings = snap.warnings
        assert again == snap
