"""`counter-app status [--source KIND:LOCATION ...] [--refresh] [--json]` (contracts.md §3),
plus `status note TEXT [--system ID]` and `status load FILE` (supervisor), and
`status sources [--json]`, `status sources add|remove KIND:LOCATION` (add/remove: supervisor).

Without --refresh nothing touches the network: the board comes from the cache (the bundled 2025
record on a fresh installation). `--source` replaces the configured sources for this run.
With --refresh: each failing source is named on stderr; the board (from the cache, stale) is still
printed on stdout; the exit status is 1 when every source failed, else 0.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

from counter_app.clock import KST
from counter_app.errors import UserError
from counter_app.i18n import Msg, current_language

if TYPE_CHECKING:  # the status core is imported when a status command runs, not at start-up
    from counter_app.status.board import Board, SystemView

OPERATIONAL_SHOWN = 20
WARNINGS_SHOWN = 5


def register(sub) -> None:
    p = sub.add_parser("status", help="service status board (from the cache, or fetched with --refresh)")
    p.add_argument(
        "--source",
        action="append",
        metavar="KIND:LOCATION",
        help="native:, statuspage: or cachet: with a URL or a file path; repeatable; "
        "replaces the configured sources for this run",
    )
    p.add_argument("--refresh", action="store_true", help="fetch the sources first")
    p.add_argument("--json", action="store_true", help="print the status document as JSON")
    p.set_defaults(handler=show)
    ssub = p.add_subparsers(dest="status_command", metavar="SUBCOMMAND")
    note = ssub.add_parser("note", help="supervisor: add a note shown on the status board")
    note.add_argument("text")
    note.add_argument("--system", metavar="ID", help="the system the note is about")
    note.set_defaults(handler=add_note)
    load = ssub.add_parser("load", help="supervisor: load a status snapshot file (e.g. from a USB stick)")
    load.add_argument("file")
    load.add_argument("--kind", choices=("native", "statuspage", "cachet"), help="default: detected")
    load.add_argument("--json", action="store_true", help="print the resulting status document as JSON")
    load.set_defaults(handler=load_file)
    sources = ssub.add_parser("sources", help="the configured status sources; add/remove: supervisor")
    sources.add_argument("--json", action="store_true", help="print the sources as JSON")
    sources.set_defaults(handler=list_sources)
    src_sub = sources.add_subparsers(dest="sources_command", metavar="ACTION")
    src_add = src_sub.add_parser("add", help="supervisor: add a source (KIND:LOCATION)")
    src_add.add_argument("spec", metavar="KIND:LOCATION")
    src_add.set_defaults(handler=add_source)
    src_remove = src_sub.add_parser("remove", help="supervisor: remove a configured source")
    src_remove.add_argument("spec", metavar="KIND:LOCATION")
    src_remove.set_defaults(handler=remove_source)
    _register_desk(ssub)


# --- the status desk and publishing (issue 11; status/desk.py, status/publish.py) ------------


def _system_options(p, adding: bool) -> None:
    p.add_argument("--name", required=adding, help="Korean name (name_ko)")
    p.add_argument("--name-en", help="English name")
    p.add_argument("--status", help="operational, degraded, partial_outage, major_outage, maintenance, unknown")
    p.add_argument("--since", metavar="TIME", help="since when (2025-09-26T20:15, KST without a zone; 'now')")
    p.add_argument(
        "--expected",
        metavar="WHEN",
        help="expected recovery: a date, a time, FROM..TO, or 'none' (not announced); '' clears",
    )
    p.add_argument("--expected-note", help="how sure the expected recovery is (Korean)")
    p.add_argument("--expected-note-en", help="the same in English")
    p.add_argument("--grade", type=int, choices=(1, 2, 3, 4), help="national criticality grade")
    p.add_argument("--ministry", help="ministry (Korean)")
    p.add_argument("--ministry-en", help="ministry (English)")
    p.add_argument("--group", help="group (Korean)")
    p.add_argument("--group-en", help="group (English)")
    p.add_argument("--note", help="note (Korean); '' clears")
    p.add_argument("--note-en", help="note (English)")
    p.add_argument("--data-loss", help="what was lost (Korean); '' clears")
    p.add_argument("--data-loss-en", help="what was lost (English)")
    p.add_argument(
        "--alternative",
        action="append",
        metavar="KIND|LABEL|DETAIL|GUIDE",
        help="what to do instead (repeatable; replaces the list): kind visit/phone/mail/fax/website/other, "
        "a label, an optional detail and an optional guide id (proc.…)",
    )
    p.add_argument("--clear-alternatives", action="store_true", help="remove every alternative")


def _register_desk(ssub) -> None:
    desk = ssub.add_parser("desk", help="supervisor: the editable status board this office publishes")
    dsub = desk.add_subparsers(dest="desk_command", metavar="ACTION")
    start = dsub.add_parser("start", help="supervisor: start the desk from the current board or the 2025 record")
    start.add_argument("--from", dest="source", choices=("board", "bundled"), default="board")
    start.set_defaults(handler=desk_start)
    lst = dsub.add_parser("list", help="the desk's systems (current version)")
    lst.add_argument("--json", action="store_true", help="print the desk's feed document as JSON")
    lst.set_defaults(handler=desk_list)
    st = dsub.add_parser("set", help="supervisor: change a system")
    st.add_argument("system", metavar="SYSTEM_ID")
    _system_options(st, adding=False)
    st.set_defaults(handler=desk_set)
    add = dsub.add_parser("add", help="supervisor: add a system")
    add.add_argument("system", metavar="SYSTEM_ID")
    _system_options(add, adding=True)
    add.set_defaults(handler=desk_add)
    rm = dsub.add_parser("remove", help="supervisor: remove a system")
    rm.add_argument("system", metavar="SYSTEM_ID")
    rm.set_defaults(handler=desk_remove)
    counts = dsub.add_parser("counts", help="supervisor: restoration figures, overall or of one grade")
    counts.add_argument("--restored", type=int, required=True)
    counts.add_argument("--total", type=int, required=True, help="the denominator (it may change: 647 -> 709)")
    counts.add_argument("--grade", choices=("1", "2", "3", "4"), help="this grade's figure (else overall)")
    counts.add_argument("--as-of", metavar="TIME", help="when the figure was true (default now)")
    counts.add_argument("--note", help="a note on the progress point (Korean)")
    counts.add_argument("--note-en", help="the same in English")
    counts.set_defaults(handler=desk_counts)
    inc = dsub.add_parser("incident", help="supervisor: create or update an incident (timed updates)")
    inc.add_argument("incident", metavar="INCIDENT_ID")
    inc.add_argument("--title", help="title (Korean)")
    inc.add_argument("--title-en", help="title (English)")
    inc.add_argument("--status", help="investigating, identified, monitoring, resolved, …")
    inc.add_argument("--impact", choices=("none", "minor", "major", "critical"))
    inc.add_argument("--system", action="append", metavar="SYSTEM_ID", help="affected system (repeatable)")
    inc.add_argument("--update", help="add a timed update (Korean)")
    inc.add_argument("--update-en", help="the update in English")
    inc.add_argument("--at", metavar="TIME", help="the update's time (default now)")
    inc.set_defaults(handler=desk_incident)
    hist = dsub.add_parser("history", help="every version: who, when, what changed, when published")
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(handler=desk_history)
    rev = dsub.add_parser("revert", help="supervisor: make an earlier version current again (publish to send it)")
    rev.add_argument("version", type=int)
    rev.set_defaults(handler=desk_revert)
    pub = ssub.add_parser("publish", help="supervisor: sign the desk's board and write feed.json + feed.json.jws")
    pub.add_argument("--out", required=True, metavar="DIR", help="folder for a web server, a share or a USB stick")
    pub.add_argument("--version", type=int, help="publish this earlier version again (undo)")
    pub.add_argument("--json", action="store_true")
    pub.set_defaults(handler=publish)


def _now_or(value, runner):
    if isinstance(value, str) and value.strip().lower() == "now":
        from counter_app.status.model import iso_out

        return iso_out(runner.ctx().clock())
    return value


def _system_changes(args, runner) -> dict:
    from counter_app.status.desk import bilingual, parse_alternative, parse_expected

    changes: dict = {}
    if args.name is not None:
        changes["name_ko"] = args.name
    if args.name_en is not None:
        changes["name_en"] = args.name_en
    for field in ("status", "grade"):
        if getattr(args, field) is not None:
            changes[field] = getattr(args, field)
    if args.since is not None:
        changes["since"] = _now_or(args.since, runner)
    if args.expected is not None:
        changes["expected_recovery"] = parse_expected(args.expected, args.expected_note, args.expected_note_en)
    for field, ko, en in (
        ("ministry", args.ministry, args.ministry_en),
        ("group", args.group, args.group_en),
        ("note", args.note, args.note_en),
        ("data_loss", args.data_loss, args.data_loss_en),
    ):
        if ko is not None or en is not None:
            changes[field] = bilingual(ko, en)
    if args.clear_alternatives:
        changes["alternatives"] = []
    if args.alternative:
        changes["alternatives"] = [parse_alternative(spec) for spec in args.alternative]
    return changes


def _said_version(version, verb: Msg) -> None:
    sys.stdout.write(
        Msg("상태판 버전 {v}: {what}", "Status board version {v}: {what}").format(v=version.id, what=verb.text()).text()
        + "\n"
    )


def desk_start(args, runner) -> int:
    actor = runner.supervisor()
    version = runner.ctx().desk.start(actor, args.source)
    _said_version(version, Msg("편집을 시작했습니다.", "the desk was started."))
    return 0


def desk_list(args, runner) -> int:
    from counter_app.status.board import pick
    from counter_app.status.vocabulary import status_label

    desk = runner.ctx().desk
    doc = desk.document()
    if args.json:
        runner.print_json(doc)
        return 0
    current = desk.current_version()
    lang = current_language()
    if current is not None:
        sys.stdout.write(
            Msg("상태판 버전 {v} ({t}, {who})", "Status board version {v} ({t}, {who})")
            .format(v=current.id, t=_when(current.at), who=current.author_name or current.author)
            .text()
            + "\n"
        )
    for system in doc.get("systems", []):
        name = system.get("name_ko")
        if isinstance(name, dict):
            name = pick(type("T", (), {"n": name.get("ko"), "n_en": name.get("en")})(), "n", lang)
        er = system.get("expected_recovery")
        when = ""
        if isinstance(er, str):
            when = er
        elif isinstance(er, dict):
            when = f"{er.get('from') or ''}..{er.get('to') or ''}" if er.get("from") or er.get("to") else "—"
        line = f"{system.get('id')}\t{status_label(system.get('status', 'unknown')).text(lang)}\t{name}"
        sys.stdout.write(line + (f"\t{when}" if when else "") + "\n")
    return 0


def desk_set(args, runner) -> int:
    changes = _system_changes(args, runner)
    actor = runner.supervisor()
    version = runner.ctx().desk.set_system(actor, args.system, changes)
    _said_version(version, Msg("{s}을(를) 바꿨습니다.", "{s} changed.").format(s=args.system))
    return 0


def desk_add(args, runner) -> int:
    changes = _system_changes(args, runner)
    name = changes.pop("name_ko")
    actor = runner.supervisor()
    version = runner.ctx().desk.add_system(actor, args.system, name, changes)
    _said_version(version, Msg("{s}을(를) 추가했습니다.", "{s} added.").format(s=args.system))
    return 0


def desk_remove(args, runner) -> int:
    actor = runner.supervisor()
    version = runner.ctx().desk.remove_system(actor, args.system)
    _said_version(version, Msg("{s}을(를) 뺐습니다.", "{s} removed.").format(s=args.system))
    return 0


def desk_counts(args, runner) -> int:
    actor = runner.supervisor()
    version = runner.ctx().desk.set_counts(
        actor,
        restored=args.restored,
        total=args.total,
        grade=args.grade,
        as_of=_now_or(args.as_of, runner),
        note_ko=args.note,
        note_en=args.note_en,
    )
    _said_version(version, Msg("복구 현황을 바꿨습니다.", "the restoration figures changed."))
    return 0


def desk_incident(args, runner) -> int:
    from counter_app.status.desk import bilingual

    actor = runner.supervisor()
    version = runner.ctx().desk.incident(
        actor,
        args.incident,
        title=bilingual(args.title, args.title_en),
        status=args.status,
        impact=args.impact,
        systems=args.system,
        update=bilingual(args.update, args.update_en),
        at=_now_or(args.at, runner),
    )
    _said_version(version, Msg("공지 {i}을(를) 바꿨습니다.", "incident {i} changed.").format(i=args.incident))
    return 0


def desk_history(args, runner) -> int:
    versions = runner.ctx().desk.history()
    if args.json:
        runner.print_json({"versions": [v.as_json() for v in versions]})
        return 0
    if not versions:
        sys.stdout.write(Msg("상태판 편집 기록이 없습니다.", "The status desk has no history yet.").text() + "\n")
    for v in versions:
        fields = ", ".join(c.get("field", "") for c in v.changes)
        published = (
            Msg(" · 게시 {t}", " · published {t}").format(t=_when(v.published_at)).text() if v.published_at else ""
        )
        target = f" {v.system_id}" if v.system_id else ""
        sys.stdout.write(
            f"{v.id}\t{_when(v.at)}\t{v.author_name or v.author} ({v.author})\t{v.action}{target}"
            f"\t{fields}{published}\n"
        )
    return 0


def desk_revert(args, runner) -> int:
    actor = runner.supervisor()
    version = runner.ctx().desk.revert(actor, args.version)
    _said_version(
        version,
        Msg(
            "버전 {o}의 내용으로 되돌렸습니다 (게시해야 전달됩니다).",
            "back to the content of version {o} (publish to send it).",
        ).format(o=args.version),
    )
    return 0


def publish(args, runner) -> int:
    actor = runner.supervisor()
    done = runner.ctx().publisher.publish(actor, args.out, args.version)
    if args.json:
        runner.print_json(done.as_json())
        return 0
    sys.stdout.write(
        Msg(
            "게시했습니다: 버전 {v}, 시스템 {n}개, {o} (feed.json, feed.json.jws)",
            "Published version {v}, {n} systems, to {o} (feed.json, feed.json.jws)",
        )
        .format(v=done.version, n=done.systems, o=done.out_dir)
        .text()
        + "\n"
    )
    return 0


def show(args, runner) -> int:
    from counter_app.status.service import parse_source

    for spec in args.source or []:
        parse_source(spec)  # a malformed --source is refused before anything runs
    service = runner.ctx().status
    if not args.refresh:
        board = service.board(args.source)
        _emit(board, args, runner)
        return 0
    if not (args.source or service.configured_sources()):
        raise UserError(
            Msg(
                "가져올 상태 정보 출처가 설정되지 않았습니다. --source 종류:위치 를 지정하십시오.",
                "No status sources are configured; give --source KIND:LOCATION.",
            )
        )
    board = service.refresh(args.source)
    fetched = [s for s in board.sources if s.origin != "file"]
    failed = [s for s in fetched if not s.ok]
    for s in failed:
        sys.stderr.write(
            Msg("상태 정보 출처 {src}: {err}", "Status source {src}: {err}")
            .format(src=s.spec, err=s.error.text() if s.error else "")
            .text()
            + "\n"
        )
    _emit(board, args, runner)
    return 1 if fetched and len(failed) == len(fetched) else 0


def _supervisor(runner):
    """Supervisor work: an authenticated supervisor --operator and the passphrase (Runner.supervisor)."""
    return runner.supervisor()


def add_note(args, runner) -> int:
    actor = _supervisor(runner)
    runner.ctx().status.add_note(actor, args.text, args.system)
    sys.stdout.write(Msg("상태판 메모를 저장했습니다.", "The status note was saved.").text() + "\n")
    return 0


def load_file(args, runner) -> int:
    actor = _supervisor(runner)
    board = runner.ctx().status.load_snapshot_file(args.file, actor, args.kind)
    if args.json:
        from counter_app.status.board import to_json

        runner.print_json(to_json(board))
    else:
        sys.stdout.write(Msg("상태 정보 파일을 불러왔습니다.", "The status file was loaded.").text() + "\n")
        sys.stdout.write(render_board(board))
    return 0


def _checked_supervisor(runner):
    """The caller as a supervisor once the passphrase checks out (a hash check; no keys unlocked,
    since changing a setting reads no sealed data)."""
    return runner.supervisor()


def _source_rows(specs: list[str]) -> list[dict]:
    from counter_app.status.service import parse_source

    rows = []
    for spec in specs:
        try:
            kind, location = parse_source(spec)
        except UserError as exc:  # a hand-edited setting: shown, so it can be removed
            rows.append({"source": spec, "kind": None, "location": None, "valid": False, "error": exc.text()})
        else:
            rows.append({"source": spec, "kind": kind, "location": location, "valid": True, "error": None})
    return rows


def _print_sources(specs: list[str], as_json: bool, runner) -> None:
    rows = _source_rows(specs)
    if as_json:
        runner.print_json({"sources": rows})
        return
    if not rows:
        sys.stdout.write(Msg("설정된 상태 정보 출처가 없습니다.", "No status sources are configured.").text() + "\n")
    for row in rows:
        sys.stdout.write(row["source"] + ("" if row["valid"] else f"\t({row['error']})") + "\n")


def list_sources(args, runner) -> int:
    _print_sources(runner.ctx().status.configured_sources(), args.json, runner)
    return 0


def add_source(args, runner) -> int:
    from counter_app.status.service import normalise_source

    normalise_source(args.spec)  # a malformed spec is refused before the passphrase is asked
    actor = _checked_supervisor(runner)
    sources = runner.ctx().status.add_source(actor, args.spec)
    sys.stdout.write(Msg("상태 정보 출처를 추가했습니다.", "The status source was added.").text() + "\n")
    _print_sources(sources, False, runner)
    return 0


def remove_source(args, runner) -> int:
    actor = _checked_supervisor(runner)
    sources = runner.ctx().status.remove_source(actor, args.spec)
    sys.stdout.write(Msg("상태 정보 출처를 삭제했습니다.", "The status source was removed.").text() + "\n")
    _print_sources(sources, False, runner)
    return 0


def _emit(board: Board, args, runner) -> None:
    from counter_app.status.board import to_json

    if args.json:
        runner.print_json(to_json(board))
    else:
        sys.stdout.write(render_board(board))


# --- the readable board -----------------------------------------------------------------------


def _when(value: dt.datetime | str | None) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(KST).strftime("%Y-%m-%d %H:%M") if value.tzinfo else value.strftime("%Y-%m-%d %H:%M")


def _age(seconds: int) -> Msg:
    minutes = max(0, seconds) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return Msg(f"{days}일 {hours}시간", f"{days} d {hours} h")
    if hours:
        return Msg(f"{hours}시간 {mins}분", f"{hours} h {mins} min")
    return Msg(f"{mins}분", f"{mins} min")


def _source_lines(board: Board, lang: str) -> list[str]:
    """Each source's trouble, named: errors, warnings about skipped items (at most
    WARNINGS_SHOWN each, then a count), and a fetch that ended on another host."""
    out: list[str] = []
    for s in board.sources:
        if s.signature == "verified" and s.signed_by:
            who = s.signed_by.get("office_name") or s.signed_by.get("office_code")
            out.append(
                Msg(
                    "  {who}({code}) 게시 {t} · 서명 확인됨 (단말기 {term})",
                    "  Published by {who} ({code}) at {t} · signature verified (terminal {term})",
                )
                .format(
                    who=who,
                    code=s.signed_by.get("office_code"),
                    t=_when(s.source_updated_at),
                    term=s.signed_by.get("terminal"),
                )
                .text(lang)
            )
        elif s.signature == "unverified":
            claimed = s.signer_claimed or {}
            out.append(
                Msg(
                    "  ⚠ 확인되지 않은 게시처: {src} — {code} 사무소로 서명되었지만 이 창구가 신뢰하는 사무소가 아닙니다.",
                    "  ⚠ Unverified publisher: {src} — signed as office {code}, which this counter does not trust.",
                )
                .format(src=s.spec, code=claimed.get("office_code") or "?")
                .text(lang)
            )
        if not s.ok and s.error is not None:
            out.append(
                Msg("  출처 오류 {src}: {err}", "  Source error {src}: {err}")
                .format(src=s.spec, err=s.error.text(lang))
                .text(lang)
            )
        if s.redirected_to:
            out.append(
                Msg(
                    "  출처 {src}: 다른 서버로 넘겨졌습니다 → {url}",
                    "  Source {src}: redirected to another host → {url}",
                )
                .format(src=s.spec, url=s.redirected_to)
                .text(lang)
            )
        if s.warnings:
            out.append(
                Msg("  출처 경고 {src}: 항목 {n}개를 건너뛰었습니다.", "  Source warnings {src}: {n} item(s) skipped.")
                .format(src=s.spec, n=len(s.warnings))
                .text(lang)
            )
            for w in s.warnings[:WARNINGS_SHOWN]:
                out.append(f"    - {w.text(lang)}")
            if len(s.warnings) > WARNINGS_SHOWN:
                out.append(
                    "    " + Msg("외 {n}건", "and {n} more").format(n=len(s.warnings) - WARNINGS_SHOWN).text(lang)
                )
    return out


def render_board(board: Board, lang: str | None = None) -> str:
    """The board as plain text for a terminal: summary, stale banner, source trouble, systems by status."""
    from counter_app.status.board import pick
    from counter_app.status.vocabulary import STATUSES, grade_label, status_label

    lang = lang or current_language()
    out: list[str] = []
    label = pick(board, "label", lang)
    if label:
        out.append(label)
    if board.historical:
        out.append(
            Msg(
                "[역사 기록] {t} 기준 기록이며 현재 상황이 아닙니다.",
                "[Historical record] As of {t}; this is not the current situation.",
            )
            .format(t=_when(board.source_updated_at) + " KST")
            .text(lang)
        )
    summary = board.summary
    line = Msg("복구 {r}/{t}", "Restored {r}/{t}").format(r=summary.restored, t=summary.total).text(lang)
    if summary.restored_ratio is not None:
        line += f" ({summary.restored_ratio * 100:.1f}%)"
    counts = [f"{status_label(s).text(lang)} {summary.by_status[s]}" for s in STATUSES if summary.by_status.get(s)]
    out.append(" · ".join([line] + counts))
    if summary.by_grade:
        grades = []
        for grade, g in summary.by_grade.items():
            text = grade_label(grade).text(lang) + f" {g.restored}/{g.total}"
            if g.as_of:
                text += Msg(" ({t} 기준)", " (as of {t})").format(t=_when(g.as_of)).text(lang)
            grades.append(text)
        out.append(Msg("등급별: ", "By grade: ").text(lang) + " · ".join(grades))
    out.append(
        Msg("출처 갱신 {s} · 가져온 시각 {f}", "Source updated {s} · fetched {f}")
        .format(s=_when(board.source_updated_at), f=_when(board.fetched_at))
        .text(lang)
        + " (KST)"
    )
    if board.stale and board.fetched_at and board.age_seconds is not None:
        out.append(
            Msg(
                "⚠ 오래된 정보일 수 있습니다: 마지막으로 가져온 지 {a} 지났습니다 (기준 {m}분).",
                "⚠ This may be out of date: last fetched {a} ago (limit {m} min).",
            )
            .format(a=_age(board.age_seconds).text(lang), m=board.stale_minutes)
            .text(lang)
        )
    elif board.stale and not board.historical:
        out.append(Msg("⚠ 오래된 정보일 수 있습니다.", "⚠ This may be out of date.").text(lang))
    out.extend(_source_lines(board, lang))
    by_status: dict[str, list[SystemView]] = {}
    for system in board.systems:
        by_status.setdefault(system.status, []).append(system)
    for status in STATUSES:
        systems = by_status.get(status)
        if not systems:
            continue
        out.append("")
        out.append(f"■ {status_label(status).text(lang)} ({len(systems)})")
        if status == "operational" and len(systems) > OPERATIONAL_SHOWN:
            names = ", ".join(pick(s, "name", lang) for s in systems[:OPERATIONAL_SHOWN])
            out.append(
                f"  {names} " + Msg("외 {n}개", "and {n} more").format(n=len(systems) - OPERATIONAL_SHOWN).text(lang)
            )
            continue
        for system in systems:
            out.append("  - " + _system_line(system, status, lang))
    losses = [s for s in board.systems if s.data_loss]
    if losses:
        out.append("")
        for s in losses:
            out.append(
                Msg("자료 유실 안내", "Data loss").text(lang)
                + f" — {pick(s, 'name', lang)}: {pick(s, 'data_loss', lang)}"
            )
    if board.notes:
        out.append("")
        for n in board.notes:
            target = f" [{n.system_id}]" if n.system_id else ""
            who = n.author_name or n.author
            out.append(Msg("메모", "Note").text(lang) + f" {_when(n.at)} {who}{target}: {n.body}")
    return "\n".join(out) + "\n"


def _system_line(system: SystemView, status: str, lang: str) -> str:
    from counter_app.status.board import pick
    from counter_app.status.vocabulary import grade_label

    parts = [pick(system, "name", lang)]
    facts = [
        x for x in (pick(system, "ministry", lang), grade_label(system.grade).text(lang) if system.grade else None) if x
    ]
    if facts:
        parts[0] += f" [{', '.join(facts)}]"
    if status == "operational":
        if system.restored_at:
            parts.append(Msg("복구 {t}", "restored {t}").format(t=_when(system.restored_at)).text(lang))
        return " · ".join(parts)
    er = system.expected_recovery
    if er and (er.start or er.end):
        span = er.start if er.start == er.end else f"{er.start or '?'} ~ {er.end or '?'}"
        parts.append(Msg("복구 예정 {t}", "expected {t}").format(t=span).text(lang))
    elif system.since:
        parts.append(Msg("{t}부터", "since {t}").format(t=_when(system.since)).text(lang))
    if system.alternatives:
        alt = system.alternatives[0]
        text = pick(alt, "label", lang)
        if alt.phone and alt.phone not in text:
            text += f" ({alt.phone})"
        parts.append(Msg("대안: ", "alternative: ").text(lang) + text)
    return " · ".join(parts)
