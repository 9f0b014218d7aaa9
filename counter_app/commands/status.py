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
    p.add_argument("--source", action="append", metavar="KIND:LOCATION",
                   help="native:, statuspage: or cachet: with a URL or a file path; repeatable; "
                        "replaces the configured sources for this run")
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
        raise UserError(Msg("가져올 상태 정보 출처가 설정되지 않았습니다. --source 종류:위치 를 지정하십시오.",
                            "No status sources are configured; give --source KIND:LOCATION."))
    board = service.refresh(args.source)
    fetched = [s for s in board.sources if s.origin != "file"]
    failed = [s for s in fetched if not s.ok]
    for s in failed:
        sys.stderr.write(Msg("상태 정보 출처 {src}: {err}", "Status source {src}: {err}").format(
            src=s.spec, err=s.error.text() if s.error else "").text() + "\n")
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
        if not s.ok and s.error is not None:
            out.append(Msg("  출처 오류 {src}: {err}", "  Source error {src}: {err}").format(
                src=s.spec, err=s.error.text(lang)).text(lang))
        if s.redirected_to:
            out.append(Msg("  출처 {src}: 다른 서버로 넘겨졌습니다 → {url}",
                           "  Source {src}: redirected to another host → {url}").format(
                src=s.spec, url=s.redirected_to).text(lang))
        if s.warnings:
            out.append(Msg("  출처 경고 {src}: 항목 {n}개를 건너뛰었습니다.",
                           "  Source warnings {src}: {n} item(s) skipped.").format(
                src=s.spec, n=len(s.warnings)).text(lang))
            for w in s.warnings[:WARNINGS_SHOWN]:
                out.append(f"    - {w.text(lang)}")
            if len(s.warnings) > WARNINGS_SHOWN:
                out.append("    " + Msg("외 {n}건", "and {n} more").format(n=len(s.warnings) - WARNINGS_SHOWN).text(lang))
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
        out.append(Msg("[역사 기록] {t} 기준 기록이며 현재 상황이 아닙니다.",
                       "[Historical record] As of {t}; this is not the current situation.").format(
            t=_when(board.source_updated_at) + " KST").text(lang))
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
    out.append(Msg("출처 갱신 {s} · 가져온 시각 {f}", "Source updated {s} · fetched {f}").format(
        s=_when(board.source_updated_at), f=_when(board.fetched_at)).text(lang) + " (KST)")
    if board.stale and board.fetched_at and board.age_seconds is not None:
        out.append(Msg("⚠ 오래된 정보일 수 있습니다: 마지막으로 가져온 지 {a} 지났습니다 (기준 {m}분).",
                       "⚠ This may be out of date: last fetched {a} ago (limit {m} min).").format(
            a=_age(board.age_seconds).text(lang), m=board.stale_minutes).text(lang))
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
            out.append(f"  {names} " + Msg("외 {n}개", "and {n} more").format(
                n=len(systems) - OPERATIONAL_SHOWN).text(lang))
            continue
        for system in systems:
            out.append("  - " + _system_line(system, status, lang))
    losses = [s for s in board.systems if s.data_loss]
    if losses:
        out.append("")
        for s in losses:
            out.append(Msg("자료 유실 안내", "Data loss").text(lang) + f" — {pick(s, 'name', lang)}: {pick(s, 'data_loss', lang)}")
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
    facts = [x for x in (pick(system, "ministry", lang), grade_label(system.grade).text(lang) if system.grade else None)
             if x]
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
