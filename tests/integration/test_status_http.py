"""StatusService.refresh() against real HTTP servers on 127.0.0.1: every format, every hostile case."""

from __future__ import annotations

import time

import pytest
from status_servers import (
    CAPTIVE_PORTAL,
    body,
    cachet_component,
    drop_mid_body,
    huge_json,
    json_body,
    native_feed,
    serve_cachet,
    slow,
    statuspage_summary,
    stream,
    trickle,
)

from counter_app.status.board import to_json
from counter_app.status.service import StatusService


@pytest.fixture
def svc(ctx):
    # Small limits so the hostile cases stay fast; the defaults are larger (fetch.py).
    return StatusService(
        ctx.db, ctx.settings, ctx.audit, ctx.clock, connect_timeout=0.5, read_timeout=0.5, deadline=1.5
    )


def source_entry(board: dict, location: str) -> dict:
    return next(s for s in board["sources"] if s["location"] == location)


def test_statuspage_summary_with_groups_html_and_mixed_times(svc, status_server):
    url = status_server.route("/api/v2/summary.json", json_body(statuspage_summary()))
    board = to_json(svc.refresh([f"statuspage:{url}"]))
    assert source_entry(board, url)["ok"] is True
    systems = {s["id"]: s for s in board["systems"]}
    assert "grp-civil" not in systems, "a group is a container, not a system"
    assert systems["gov24"]["status"] == "major_outage"
    assert systems["gov24"]["group"] == "Civil services"
    assert systems["epeople"]["status"] == "degraded"
    assert systems["law"]["status"] == "maintenance"
    assert systems["odd"]["status"] == "unknown"
    assert systems["postbank"]["group"] is None  # dangling group_id: shown ungrouped, no crash
    assert any("없는 그룹" in w for w in source_entry(board, url)["warnings"])
    # Z, +09:00 and .000Z all end up as the same kind of aware KST output
    assert systems["gov24"]["since"] == "2025-09-26T20:20:00+09:00"
    assert systems["gov24"]["note"] == "Certificates & applications"
    incident = next(i for i in board["incidents"] if i["id"] == "inc1")
    assert [u["at"] for u in incident["updates"]] == ["2025-10-01T12:00:00+09:00", "2025-09-26T20:30:00+09:00"]
    first = incident["updates"][0]["body"]
    assert "<" not in first and "alert" not in first and "in progress" in first and "62 restored" in first
    assert incident["updates"][1]["body"] == "We are investigating <fire> at the NIRS."
    maintenance = next(i for i in board["incidents"] if i["id"] == "m1")
    assert maintenance["kind"] == "maintenance" and maintenance["scheduled_for"] == "2025-10-05T01:00:00+09:00"
    assert board["source_updated_at"] == "2025-10-01T12:00:00+09:00"
    assert board["historical"] is False and board["stale"] is False
    assert board["summary"]["by_status"]["major_outage"] == 1 and board["summary"]["total"] == 5


def test_cachet_follows_pagination_and_reads_zoneless_times_as_kst(svc, status_server):
    components = [cachet_component(i, f"Service {i}", status=(i % 5)) for i in range(1, 6)]
    incidents = [
        {
            "id": 10,
            "component_id": 2,
            "name": "Outage",
            "status": 2,
            "visible": 1,
            "message": "<b>Looking</b> into it",
            "created_at": "2025-10-01 09:00:00",
            "updated_at": "2025-10-01 10:30:00",
        },
        {
            "id": 11,
            "component_id": 0,
            "name": "Hidden",
            "status": 1,
            "visible": 0,
            "message": "x",
            "created_at": "2025-10-01 09:00:00",
            "updated_at": "2025-10-01 09:00:00",
        },
        {
            "id": 12,
            "component_id": 3,
            "name": "Planned",
            "status": 0,
            "visible": 1,
            "message": "",
            "scheduled_at": "2025-10-05 01:00:00",
            "created_at": "2025-10-01 09:00:00",
            "updated_at": "2025-10-01 09:00:00",
        },
    ]
    base = serve_cachet(status_server, components, incidents, per_page=2, groups=[{"id": 1, "name": "Group one"}])
    board = to_json(svc.refresh([f"cachet:{base}"]))
    assert source_entry(board, base)["ok"] is True
    pages_hit = [h for h in status_server.hits if h.startswith("/api/v1/components?") or "components?page" in h]
    assert len(pages_hit) == 3, "5 components at 2 per page = 3 pages followed"
    assert [s["status"] for s in board["systems"]] == [
        "operational",
        "degraded",
        "partial_outage",
        "major_outage",
        "unknown",
    ]
    assert board["systems"][0]["since"] == "2025-10-01T09:00:00+09:00"  # zone-less = KST
    ids = {i["id"]: i for i in board["incidents"]}
    assert "11" not in ids, "an invisible incident is not shown"
    assert ids["10"]["updates"][0]["body"] == "Looking into it"
    assert ids["10"]["updated_at"] == "2025-10-01T10:30:00+09:00"
    assert ids["12"]["kind"] == "maintenance"


def test_cachet_page_cap_and_foreign_next_links(svc, status_server):
    # A server whose next_page always points further (never ends) and one pointing off-host.
    from status_servers import cachet_page

    def endless(req, query):
        page = int(query.get("page", ["1"])[0])
        json_body(
            cachet_page(
                [cachet_component(page, f"S{page}", 1)],
                page,
                10_000,
                status_server.url(f"/api/v1/components?page={page + 1}"),
            )
        )(req, query)

    status_server.route("/api/v1/components", endless)
    status_server.route("/api/v1/incidents", json_body(cachet_page([], 1, 1, "http://192.0.2.1/steal")))
    board = to_json(svc.refresh([f"cachet:{status_server.url('/')}"]))
    assert len(board["systems"]) == 20  # MAX_PAGES
    assert not any("192.0.2.1" in h for h in status_server.hits)


def test_stale_path_after_the_server_stops(svc, ctx, status_server):
    url = status_server.route("/feed.json", json_body(native_feed(5)))
    first = to_json(svc.refresh([f"native:{url}"]))
    assert first["stale"] is False and len(first["systems"]) == 5
    status_server.stop()
    ctx.clock.advance(minutes=5)
    board = to_json(svc.refresh([f"native:{url}"]))
    entry = source_entry(board, url)
    assert board["stale"] is True, "the last refresh failed"
    assert len(board["systems"]) == 5, "the last good snapshot is still shown"
    assert entry["ok"] is False and entry["error"]
    assert entry["fetched_at"] == first["sources"][0]["fetched_at"]
    assert entry["attempted_at"] != entry["fetched_at"]
    assert board["historical"] is False


HOSTILE = {
    "not_json": (lambda srv: body(b"this is not json {", ctype="application/json"), "JSON"),
    "captive_portal_by_type": (lambda srv: body(CAPTIVE_PORTAL, ctype="text/html"), "sign-in"),
    "captive_portal_by_body": (lambda srv: body(CAPTIVE_PORTAL, ctype="application/json"), "sign-in"),
    "huge_streamed": (lambda srv: stream(huge_json()), "too large"),
    "slow_server": (lambda srv: slow(srv, 3.0, json_body(native_feed())), "in time"),
    "trickle_past_deadline": (lambda srv: trickle(srv, 0.2), "time limit"),
    "server_error": (lambda srv: json_body({"error": "boom"}, status=500), "HTTP 500"),
    "not_found": (lambda srv: json_body({"error": "nope"}, status=404), "HTTP 404"),
    "dropped_mid_body": (lambda srv: drop_mid_body(), "dropped"),
    "whole_feed_wrong_type": (lambda srv: json_body({"systems": {"not": "a list"}}), "Not a status feed"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_answers_give_a_clear_error_and_keep_the_last_good_snapshot(svc, ctx, status_server, case):
    path = "/feed.json"
    url = status_server.route(path, json_body(native_feed(4)))
    good = to_json(svc.refresh([f"native:{url}"]))
    assert source_entry(good, url)["ok"]
    make, expected = HOSTILE[case]
    status_server.route(path, make(status_server))
    ctx.clock.advance(minutes=1)
    started = time.monotonic()
    board = to_json(svc.refresh([f"native:{url}"]))
    elapsed = time.monotonic() - started
    entry = source_entry(board, url)
    assert entry["ok"] is False
    assert expected in entry["error_en"], entry["error_en"]
    assert entry["error_ko"] and entry["error_ko"] != entry["error_en"]
    assert len(board["systems"]) == 4 and board["stale"] is True
    assert elapsed < 3.0, f"{case} took {elapsed:.1f}s: limits not enforced"


def test_declared_oversize_is_refused_before_reading(ctx, status_server):
    svc = StatusService(ctx.db, ctx.settings, ctx.audit, ctx.clock, max_bytes=1000)
    url = status_server.route("/big.json", body(b"[" + b" " * 5000 + b"]"))
    entry = to_json(svc.refresh([f"native:{url}"]))["sources"][0]
    assert entry["ok"] is False and "too large" in entry["error_en"]


def test_a_few_bad_items_are_skipped_with_warnings_and_the_rest_kept(svc, status_server):
    feed = native_feed(20)
    feed["systems"][1]["grade"] = "one"  # wrong type in one field of one item
    feed["systems"][2]["alternatives"] = "visit"
    url = status_server.route("/feed.json", json_body(feed))
    board = svc.refresh([f"native:{url}"])
    entry = board.sources[0]
    assert entry.ok is True  # 2 of 20 malformed: a tenth, accepted
    assert [s.id for s in board.systems][:2] == ["sys-0000", "sys-0003"] and len(board.systems) == 18
    assert len(entry.warnings) == 2 and "Skipped system item 2" in entry.warnings[0].en
    assert len(to_json(board)["sources"][0]["warnings"]) == 2


def test_a_mostly_malformed_feed_does_not_replace_the_last_good_snapshot(svc, ctx, status_server):
    url = status_server.route("/feed.json", json_body(native_feed(4)))
    svc.refresh([f"native:{url}"])
    broken = native_feed(4)
    for system in broken["systems"][1:]:
        system["name_ko"] = 42  # three of four systems malformed
    status_server.route("/feed.json", json_body(broken))
    ctx.clock.advance(minutes=1)
    board = svc.refresh([f"native:{url}"])
    entry = board.sources[0]
    assert entry.ok is False and "3 of the 4 systems" in entry.error.en and entry.error.ko
    assert len(board.systems) == 4 and board.summary.total == 4  # not "restored 1/1, 100%"
    assert board.stale is True


def test_a_gzip_compressed_feed_is_read(svc, status_server):
    import gzip
    import json

    from status_servers import encoded

    raw = json.dumps(native_feed(5), ensure_ascii=False).encode("utf-8")
    url = status_server.route("/feed.json", encoded(gzip.compress(raw), "gzip"))
    board = svc.refresh([f"native:{url}"])
    assert board.sources[0].ok, board.sources[0].error
    assert len(board.systems) == 5


def test_a_server_trickling_headers_cannot_hold_the_refresh(svc, status_server):
    from status_servers import HeaderTrickle

    trickle = HeaderTrickle(status_server, 0.3, lines=40)  # 12 s of headers, each line on time
    url = status_server.route("/feed.json", trickle)
    board = svc.refresh([f"native:{url}"])
    assert board.sources[0].ok is False and "time limit" in board.sources[0].error.en
    trickle.finished.wait(15)
    assert trickle.sent < 20, trickle.sent  # the refresh hung up at the 1.5 s deadline


def test_a_redirect_to_another_host_is_named_in_the_source_entry(svc, status_server, capsys):
    from status_servers import StatusServer, redirect

    from counter_app.commands.status import render_board

    other = StatusServer().start()
    try:
        target = other.route("/elsewhere/feed.json", json_body(native_feed(3)))
        url = status_server.route("/feed.json", redirect(target))
        board = svc.refresh([f"native:{url}"])
        entry = board.sources[0]
        assert entry.ok and entry.redirected_to == target
        assert to_json(board)["sources"][0]["redirected_to"] == target
        text = render_board(board, "en")
        assert f"redirected to another host → {target}" in text
        # captive portal behind a redirect: the failure names where it ended up too
        other.route("/elsewhere/feed.json", body(CAPTIVE_PORTAL, ctype="text/html"))
        failed = svc.refresh([f"native:{url}"]).sources[0]
        assert failed.ok is False and "sign-in" in failed.error.en and failed.redirected_to == target
    finally:
        other.stop()


def test_one_failing_source_does_not_hide_the_others(svc, status_server):
    good = status_server.route("/good.json", json_body(native_feed(3)))
    bad = status_server.route("/bad.json", json_body({"oops": True}, status=503))
    seen = []
    board = to_json(svc.refresh([f"native:{good}", f"native:{bad}"], progress=lambda d, t: seen.append((d, t))))
    assert source_entry(board, good)["ok"] and not source_entry(board, bad)["ok"]
    assert len(board["systems"]) == 3 and board["stale"] is True
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)


def test_cancelled_refresh_stores_nothing(svc, status_server):
    url = status_server.route("/feed.json", json_body(native_feed(3)))
    board = to_json(svc.refresh([f"native:{url}"], cancelled=lambda: True))
    assert board["historical"] is True and source_entry(board, url)["error_en"] == "Not fetched yet."


def test_refresh_on_a_worker_thread(svc, status_server):
    import threading

    url = status_server.route("/feed.json", json_body(native_feed(6)))
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(to_json(svc.refresh([f"native:{url}"])))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(results) == 2 and all(len(r["systems"]) == 6 for r in results)
