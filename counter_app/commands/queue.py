"""`counter-app queue list [--state S] [--json]`, `queue stats [--json]`, `queue show RECEIPT_NO`,
`queue edit RECEIPT_NO FILE --reason TEXT`, `queue outage ...`, `queue extend RECEIPT_NO --until T
--reason TEXT` (시행령 제21조), `queue holiday ...` (임시공휴일) and `queue period ...` (an office's own
processing period for a service)."""

from __future__ import annotations

import datetime as dt
import sys

from counter_app.cases.states import STATES as _STATES  # the one list of case states
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.textout import (
    write_fields,  # values escaped: no tab or ESC can shift columns
)

_PAGE = 1000


def register(sub) -> None:
    p = sub.add_parser("queue", help="the queue of recorded complaints (personal data masked)")
    actions = p.add_subparsers(dest="queue_command", metavar="ACTION")
    p.set_defaults(handler=_usage(p))
    lst = actions.add_parser("list", help="cases, newest first")
    lst.add_argument("--state", type=str.upper, choices=_STATES)
    lst.add_argument("--limit", type=int, default=0, help="at most this many cases (default: all)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_list)
    stats = actions.add_parser("stats", help="counts per state and the oldest unsent case")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=_stats)
    show = actions.add_parser("show", help="one case in detail, personal data masked")
    show.add_argument("receipt_no", metavar="RECEIPT_NO")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    edit = actions.add_parser(
        "edit",
        help="correct a case not sent yet (QUEUED) or refused (QUARANTINED); FILE '-' reads stdin",
        epilog="FILE is the whole corrected case document, as for `intake add`. Without applicant.rrn the "
        "sealed number is kept while the service still requires or permits one. The reason (never an "
        "RRN) is recorded in the audit log with the names of the changed fields.",
    )
    edit.add_argument("receipt_no", metavar="RECEIPT_NO")
    edit.add_argument("file", metavar="FILE")
    edit.add_argument("--reason", required=True, help="why the case is corrected (audited)")
    edit.add_argument(
        "--json", action="store_true", help='print {"case_id", "receipt_no", "changed", "due_date", "state"}'
    )
    edit.set_defaults(handler=_edit)
    outage = actions.add_parser("outage", help="periods when systems were down (excluded from deadlines)")
    o_actions = outage.add_subparsers(dest="outage_command", metavar="ACTION")
    outage.set_defaults(handler=_usage(outage))
    o_add = o_actions.add_parser("add", help="record an outage window")
    o_add.add_argument("--start", required=True, help="ISO 8601, e.g. 2025-09-26T20:15:00+09:00")
    o_add.add_argument("--end", help="ISO 8601; omit while the outage goes on")
    o_add.add_argument("--note")
    o_add.set_defaults(handler=_outage_add)
    o_close = o_actions.add_parser("close", help="record when an outage window ended")
    o_close.add_argument("window_id", type=int)
    o_close.add_argument("--end", required=True)
    o_close.set_defaults(handler=_outage_close)
    o_list = o_actions.add_parser("list", help="recorded outage windows")
    o_list.add_argument("--json", action="store_true")
    o_list.set_defaults(handler=_outage_list)
    _register_law(actions)


def _list(args, runner) -> int:
    from counter_app.offline.queue import QueueFilter

    queue = runner.ctx().queue
    f = QueueFilter(state=args.state)
    rows: list = []
    offset = 0
    while True:
        limit = _PAGE if not args.limit else min(_PAGE, args.limit - len(rows))
        if limit <= 0:
            break
        page = queue.page(f, offset, limit)
        rows.extend(page)
        offset += len(page)
        if len(page) < limit:
            break
    if args.json:
        runner.print_json([r._asdict() for r in rows])
        return 0
    for r in rows:
        write_fields(
            sys.stdout,
            [
                r.receipt_no or "-",
                r.received_at or "-",
                r.state,
                r.category or "-",
                r.service,
                r.applicant,
                r.phone or "-",
                r.due_date or "-",
            ],
        )
    return 0


def _stats(args, runner) -> int:
    stats = runner.ctx().queue.stats()
    if args.json:
        runner.print_json(stats)
        return 0
    sys.stdout.write(Msg("전체", "total").text() + f": {stats['total']}\n")
    for state, n in stats["by_state"].items():
        if n:
            sys.stdout.write(f"  {state}: {n}\n")
    sys.stdout.write(Msg("가장 오래된 미전송", "oldest unsent").text() + f": {stats['oldest_unsent_at'] or '-'}\n")
    return 0


def _case_id_of(queue, receipt_no: str) -> str:
    case = queue.find_by_receipt(receipt_no)
    if case is None:
        raise UserError(
            Msg(
                f"접수번호 {receipt_no.strip()}인 민원이 없습니다.",
                f"There is no complaint with receipt number {receipt_no.strip()}.",
            )
        )
    return case.case_id


def _show(args, runner) -> int:
    queue = runner.ctx().queue
    detail = queue.case_detail(_case_id_of(queue, args.receipt_no))
    if args.json:
        runner.print_json(detail)
        return 0
    history = detail.pop("history", [])
    if detail.get("due_date") and detail.get("due_confirmed") is False:
        from counter_app.intake.catalogue import PERIOD_UNCONFIRMED

        # an unconfirmed period is never shown as fact (issue 12 item 5)
        detail["due_date"] = f"{detail['due_date']} ({PERIOD_UNCONFIRMED.text()})"
    detail["extensions"] = [
        f"{e['seq']}: {e['previous_due']} -> {e['until']} ({e['reason_code']}"
        + (", applicant consent" if e["applicant_consent"] else "")
        + f"; {e['decided_by']})"
        for e in detail.get("extensions") or []
    ]
    for key, value in detail.items():
        if isinstance(value, dict):
            sys.stdout.write(f"{key}:\n")
            for sub_key, sub_value in value.items():
                if sub_value not in (None, ""):
                    sys.stdout.write(f"  {sub_key}: {sub_value}\n")
        elif isinstance(value, list):
            for item in value:
                sys.stdout.write(f"{key}: {item}\n")
        elif value not in (None, ""):
            sys.stdout.write(f"{key}: {value}\n")
    for h in history:
        sys.stdout.write(f"history: {h['at']}  {h['from'] or '-'} -> {h['to']}  ({h['operator']})\n")
    return 0


def _edit(args, runner) -> int:
    from counter_app.commands.intake import _read_document

    queue = runner.ctx().queue
    case_id = _case_id_of(queue, args.receipt_no)
    result = queue.edit(runner.actor(), case_id, _read_document(args.file), args.reason)
    for warning in result.warnings:
        sys.stderr.write(Msg("주의: ", "Warning: ").text() + warning.text() + "\n")
    due = result.due_date.isoformat() if result.due_date else None
    if args.json:
        runner.print_json(
            {
                "case_id": result.case_id,
                "receipt_no": result.receipt_no,
                "changed": result.changed,
                "due_date": due,
                "state": result.state,
            }
        )
    elif result.changed:
        sys.stdout.write(
            Msg(
                f"고친 항목: {', '.join(result.changed)} (처리기한 {due or '-'}, 상태 {result.state})",
                f"Changed: {', '.join(result.changed)} (due {due or '-'}, state {result.state})",
            ).text()
            + "\n"
        )
    else:
        sys.stdout.write(
            Msg("바뀐 내용이 없어 아무것도 고치지 않았습니다.", "Nothing differs; nothing was changed.").text() + "\n"
        )
    return 0


def _when(text: str, what: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise UserError(
            Msg(
                f"{what} 시각은 시간대를 포함한 ISO 8601이어야 합니다(예: 2025-09-26T20:15:00+09:00).",
                f"The {what} time must be ISO 8601 with an offset (e.g. 2025-09-26T20:15:00+09:00).",
            )
        )
    return value


def _supervisor(runner):
    """Outage periods move legal deadlines: supervisor work (Runner.supervisor: an authenticated
    supervisor --operator and the passphrase)."""
    return runner.supervisor()


def _outage_add(args, runner) -> int:
    start = _when(args.start, "start")
    end = _when(args.end, "end") if args.end else None
    window_id = runner.ctx().queue.add_outage_window(_supervisor(runner), start, end, args.note)
    sys.stdout.write(f"{window_id}\n")
    return 0


def _outage_close(args, runner) -> int:
    runner.ctx().queue.close_outage_window(_supervisor(runner), args.window_id, _when(args.end, "end"))
    return 0


def _outage_list(args, runner) -> int:
    windows = runner.ctx().queue.outage_windows()
    if args.json:
        runner.print_json(windows)
        return 0
    for w in windows:
        sys.stdout.write(f"{w['id']}\t{w['start_at']}\t{w['end_at'] or '-'}\t{w['note'] or ''}\n")
    return 0


def _register_law(actions) -> None:
    from counter_app.cases.extensions import REASON_CODES

    ext = actions.add_parser(
        "extend",
        help="supervisor: extend a case's processing period (시행령 제21조), audited",
        epilog="Once, by at most the original period; a second time only with --applicant-consent. "
        "Workload or an absent official is no reason (제21조②). The applicant must be told the reason "
        "and the new date in writing (제21조③).",
    )
    ext.add_argument("receipt_no", metavar="RECEIPT_NO")
    ext.add_argument(
        "--until",
        required=True,
        help="the new completion time, ISO 8601 with offset, or a date (end of that office day)",
    )
    ext.add_argument("--reason", required=True, help="the reason, as the notice to the applicant will state it")
    ext.add_argument(
        "--reason-code",
        default="similar",
        choices=tuple(REASON_CODES) + ("workload", "unassigned", "absent"),
        help="제21조① 1호 cooperation, 2호 fact_finding, 3호 force_majeure, 4호 similar (default)",
    )
    ext.add_argument(
        "--applicant-consent", action="store_true", help="the applicant consented (needed the second time)"
    )
    ext.add_argument("--json", action="store_true")
    ext.set_defaults(handler=_extend)

    holiday = actions.add_parser("holiday", help="ad hoc public holidays (임시공휴일), not counted in periods")
    h_actions = holiday.add_subparsers(dest="holiday_command", metavar="ACTION")
    holiday.set_defaults(handler=_usage(holiday))
    h_add = h_actions.add_parser("add", help="supervisor: record an ad hoc holiday; unsent due dates are recomputed")
    h_add.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    h_add.add_argument("--name", required=True)
    h_add.set_defaults(handler=_holiday_add)
    h_remove = h_actions.add_parser("remove", help="supervisor: remove a recorded ad hoc holiday")
    h_remove.add_argument("date", metavar="DATE")
    h_remove.set_defaults(handler=_holiday_remove)
    h_list = h_actions.add_parser("list", help="recorded ad hoc holidays")
    h_list.add_argument("--json", action="store_true")
    h_list.set_defaults(handler=_holiday_list)

    period = actions.add_parser("period", help="processing periods: their source, whether confirmed, office periods")
    p_actions = period.add_subparsers(dest="period_command", metavar="ACTION")
    period.set_defaults(handler=_usage(period))
    p_set = p_actions.add_parser("set", help="supervisor: this office's own period for a service, with a note")
    p_set.add_argument("service", metavar="SERVICE", help="the service's name or code")
    amount = p_set.add_mutually_exclusive_group(required=True)
    amount.add_argument("--days", type=int)
    amount.add_argument("--hours", type=int)
    p_set.add_argument("--note", required=True, help="the basis, e.g. '2026 민원처리기준표 p. 12'")
    p_set.set_defaults(handler=_period_set)
    p_clear = p_actions.add_parser("clear", help="supervisor: go back to the catalogue's period")
    p_clear.add_argument("service", metavar="SERVICE")
    p_clear.add_argument("--note", required=True, help="why")
    p_clear.set_defaults(handler=_period_clear)
    p_list = p_actions.add_parser("list", help="every service's period, its source and whether it is confirmed")
    p_list.add_argument("--json", action="store_true")
    p_list.set_defaults(handler=_period_list)


def _until(text: str) -> dt.datetime:
    """An ISO time with offset, or a date: the end of that office day (18:00 KST)."""
    from counter_app.clock import KST
    from counter_app.intake.deadlines import OFFICE_SEGMENTS

    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), OFFICE_SEGMENTS[-1][1], KST)
    except ValueError:
        return _when(text, "until")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(Msg("날짜는 YYYY-MM-DD 형식이어야 합니다.", "The date must be YYYY-MM-DD.")) from None


def _extend(args, runner) -> int:
    queue = runner.ctx().queue
    case_id = _case_id_of(queue, args.receipt_no)
    result = queue.extend(
        _supervisor(runner),
        case_id,
        _until(args.until),
        args.reason,
        reason_code=args.reason_code,
        applicant_consent=args.applicant_consent,
    )
    notice = Msg(
        "민원인에게 연장 사유와 처리완료 예정일을 문서로 알리십시오(시행령 제21조③). 통지서 출력은 documents에서 지원될 예정입니다.",
        "Tell the applicant the reason and the new completion date in writing (Decree art. 21(3)); "
        "printing the notice comes with documents.",
    )
    if args.json:
        runner.print_json(
            {
                "case_id": result.case_id,
                "receipt_no": result.receipt_no,
                "extension": result.seq,
                "previous_due": result.previous_due.isoformat(),
                "until": result.until.isoformat(),
                "due_date": result.due_date.isoformat(),
                "notice_pending": result.notice_pending,
            }
        )
    else:
        sys.stdout.write(
            Msg(
                f"처리기간 연장({result.seq}차): 처리기한 {result.due_date.isoformat()}",
                f"Period extended (extension {result.seq}): due {result.due_date.isoformat()}",
            ).text()
            + "\n"
        )
    sys.stderr.write(notice.text() + "\n")
    return 0


def _holiday_add(args, runner) -> int:
    moved = runner.ctx().queue.add_holiday(_supervisor(runner), _day(args.date), args.name)
    sys.stdout.write(
        Msg(
            f"임시공휴일을 기록했습니다. 처리기한이 바뀐 민원: {moved}건",
            f"Ad hoc holiday recorded; due dates moved: {moved}",
        ).text()
        + "\n"
    )
    return 0


def _holiday_remove(args, runner) -> int:
    moved = runner.ctx().queue.remove_holiday(_supervisor(runner), _day(args.date))
    sys.stdout.write(
        Msg(
            f"임시공휴일 기록을 지웠습니다. 처리기한이 바뀐 민원: {moved}건",
            f"Ad hoc holiday removed; due dates moved: {moved}",
        ).text()
        + "\n"
    )
    return 0


def _holiday_list(args, runner) -> int:
    days = runner.ctx().queue.holidays()
    if args.json:
        runner.print_json(days)
        return 0
    for h in days:
        write_fields(sys.stdout, [h["day"], h["name"], h["recorded_by"]])
    return 0


def _period_set(args, runner) -> int:
    moved = runner.ctx().queue.set_office_period(
        _supervisor(runner), args.service, days=args.days, hours=args.hours, note=args.note
    )
    sys.stdout.write(
        Msg(
            f"사무소 처리기간을 정했습니다. 처리기한이 바뀐 민원: {moved}건",
            f"Office period set; due dates moved: {moved}",
        ).text()
        + "\n"
    )
    return 0


def _period_clear(args, runner) -> int:
    moved = runner.ctx().queue.clear_office_period(_supervisor(runner), args.service, args.note)
    sys.stdout.write(
        Msg(
            f"사무소 처리기간을 지웠습니다. 처리기한이 바뀐 민원: {moved}건",
            f"Office period cleared; due dates moved: {moved}",
        ).text()
        + "\n"
    )
    return 0


def _period_list(args, runner) -> int:
    periods = runner.ctx().queue.periods()
    if args.json:
        runner.print_json(periods)
        return 0
    for p in periods:
        write_fields(sys.stdout, [p["code"], p["service"], p.get("text", "-"), p.get("source", "")])
    return 0


def _usage(parser):
    """No ACTION given: show this command's help on stderr, exit 2 (usage)."""

    def handler(args, runner) -> int:
        parser.print_help(sys.stderr)
        return 2

    return handler
