"""`counter-app queue list [--state S] [--json]`, `queue stats [--json]`, `queue show RECEIPT_NO`,
`queue edit RECEIPT_NO FILE --reason TEXT`, `queue outage ...`."""
from __future__ import annotations

import datetime as dt
import sys

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.textout import write_fields  # values escaped: no tab or ESC can shift columns

_STATES = ("DRAFT", "QUEUED", "SENDING", "SENT", "RETRY_WAIT", "UNKNOWN_OUTCOME", "QUARANTINED", "REGISTERED_MANUALLY")
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
        "edit", help="correct a case not sent yet (QUEUED) or refused (QUARANTINED); FILE '-' reads stdin",
        epilog="FILE is the whole corrected case document, as for `intake add`. Without applicant.rrn the "
               "sealed number is kept while the service still requires one. The reason is recorded in the "
               "audit log with the names of the changed fields.")
    edit.add_argument("receipt_no", metavar="RECEIPT_NO")
    edit.add_argument("file", metavar="FILE")
    edit.add_argument("--reason", required=True, help="why the case is corrected (audited)")
    edit.add_argument("--json", action="store_true",
                      help='print {"case_id", "receipt_no", "changed", "due_date", "state"}')
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


def _list(args, runner) -> int:
    from counter_app.offline.queue import QueueFilter

    queue = runner.ctx().queue
    f = QueueFilter(state=args.state)
    rows, offset = [], 0
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
        write_fields(sys.stdout, [r.receipt_no or "-", r.received_at or "-", r.state, r.category or "-",
                                  r.service, r.applicant, r.phone or "-", r.due_date or "-"])
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
        raise UserError(Msg(f"접수번호 {receipt_no.strip()}인 민원이 없습니다.",
                            f"There is no complaint with receipt number {receipt_no.strip()}."))
    return case.case_id


def _show(args, runner) -> int:
    queue = runner.ctx().queue
    detail = queue.case_detail(_case_id_of(queue, args.receipt_no))
    if args.json:
        runner.print_json(detail)
        return 0
    history = detail.pop("history", [])
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
        runner.print_json({"case_id": result.case_id, "receipt_no": result.receipt_no, "changed": result.changed,
                           "due_date": due, "state": result.state})
    elif result.changed:
        sys.stdout.write(Msg(f"고친 항목: {', '.join(result.changed)} (처리기한 {due or '-'}, 상태 {result.state})",
                             f"Changed: {', '.join(result.changed)} (due {due or '-'}, state {result.state})").text()
                         + "\n")
    else:
        sys.stdout.write(Msg("바뀐 내용이 없어 아무것도 고치지 않았습니다.", "Nothing differs; nothing was changed.").text()
                         + "\n")
    return 0


def _when(text: str, what: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise UserError(Msg(f"{what} 시각은 시간대를 포함한 ISO 8601이어야 합니다(예: 2025-09-26T20:15:00+09:00).",
                            f"The {what} time must be ISO 8601 with an offset (e.g. 2025-09-26T20:15:00+09:00)."))
    return value


def _supervisor(runner):
    """Outage periods move legal deadlines: the supervisor passphrase is asked (contracts.md §1)."""
    from counter_app.commands.operator import supervisor_actor

    return supervisor_actor(runner)


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


def _usage(parser):
    """No ACTION given: show this command's help on stderr, exit 2 (usage)."""
    def handler(args, runner) -> int:
        parser.print_help(sys.stderr)
        return 2

    return handler
