"""`counter-app sync --target KIND:URL [--token-env VAR] [--batch N] [--json]` and
`counter-app sync status [--json]` (contracts.md §1, §2).

The sync is supervisor work: `--operator` must name a supervisor (PIN checked) and the
supervisor passphrase unlocks the office key, which opens the sealed RRNs for the wire. The
access token comes from the environment variable named by --token-env (never an argument: the
process list and shell history would show it). A progress line is drawn only on a terminal; the
end prints the counts per outcome (or one JSON document with --json). Exit 1 when anything is left
unresolved (waiting to retry, outcome unknown, quarantined, or the run stopped).
"""

from __future__ import annotations

import os
import sys

from counter_app.errors import UserError
from counter_app.i18n import Msg

DEFAULT_TOKEN_ENV = "COUNTER_APP_SYNC_TOKEN"

COUNT_LABELS = {
    "sent": Msg("등록", "registered"),
    "already_registered": Msg("이미 등록됨(확인)", "already registered (confirmed)"),
    "quarantined": Msg("보류(확인 필요)", "quarantined"),
    "unknown_outcome": Msg("결과 확인 필요", "outcome unknown"),
    "retry_wait": Msg("재시도 대기", "waiting to retry"),
    "requeued": Msg("미수신 확인 후 재전송", "not received, sent again"),
    "needs_key": Msg("감독자 키 필요", "needs the office key"),
}


def register(sub) -> None:
    p = sub.add_parser(
        "sync",
        help="supervisor: send queued cases to the recovered system (intake-api:URL)",
        epilog="The access token is read from the environment variable named by --token-env "
        f"(default {DEFAULT_TOKEN_ENV}). Needs --operator (a supervisor) and the passphrase "
        "($COUNTER_APP_PASSPHRASE). Exit 1 when anything is left unresolved.",
    )
    p.add_argument("--target", help="KIND:URL, e.g. intake-api:https://relay.example/ (plain http only to 127.0.0.1)")
    p.add_argument(
        "--token-env",
        default=DEFAULT_TOKEN_ENV,
        metavar="VAR",
        help=f"environment variable holding the access token (default {DEFAULT_TOKEN_ENV})",
    )
    p.add_argument(
        "--batch",
        type=int,
        default=1,
        metavar="N",
        help="cases per request: 1 = one request each (default), 2..200 = the batch endpoint",
    )
    p.add_argument("--json", action="store_true", help="print the run's result as one JSON document")
    actions = p.add_subparsers(dest="sync_command", metavar="ACTION")
    status = actions.add_parser("status", help="counts by state, the oldest unsent case, the last run, problems")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)
    purge = actions.add_parser(
        "purge",
        help="supervisor: destroy the personal data of cases registered more than "
        "retention_days ago (setting, default 30), in the database and in the backups still holding it "
        "(replaced by a fresh backup); logged and audited",
    )
    purge.add_argument("--json", action="store_true")
    purge.set_defaults(handler=_purge)
    report = actions.add_parser(
        "report",
        help="supervisor: the sync report — every case with its official number (no names, phones "
        "or addresses): FILE.pdf a signed document (documents verify checks it), any other name CSV; audited",
    )
    report.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv")
    report.set_defaults(handler=_report)
    p.set_defaults(handler=_sync, no_operator_sign_in=True)  # it signs the supervisor in after checking the target
    exp = sub.add_parser(
        "export",
        help="supervisor: the unsent cases as a signed bundle for another counter or the "
        "district, their RRNs sealed for the receiving office",
    )
    exp.add_argument("--out", required=True, metavar="FILE")
    exp.add_argument("--to", metavar="ROOT.pem", help="the receiving office's root certificate (default: this office)")
    exp.add_argument("--json", action="store_true")
    exp.set_defaults(handler=_export)
    imp = sub.add_parser(
        "import",
        help="supervisor: import a bundle (idempotent by case id; a changed, untrusted, "
        "revoked or foreign bundle is refused, naming why)",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=_import)


def _sync(args, runner) -> int:
    if not args.target:
        raise UserError(
            Msg(
                "--target KIND:URL을 지정하십시오 (예: intake-api:https://…).",
                "Give --target KIND:URL (e.g. intake-api:https://…).",
            )
        )
    if not 1 <= args.batch <= 200:
        raise UserError(Msg("--batch는 1에서 200 사이여야 합니다.", "--batch must be between 1 and 200."))
    ctx = runner.ctx()
    from counter_app.sync.intake_api import check_target_url
    from counter_app.sync.service import parse_target

    check_target_url(parse_target(args.target)[1])  # a wrong target is named before any secret is asked
    token = os.environ.get(args.token_env or "", "")
    if not token:
        raise UserError(
            Msg(
                f"접속 토큰이 없습니다: 환경 변수 {args.token_env}에 넣으십시오.",
                f"No access token: put it in the environment variable {args.token_env}.",
            )
        )
    actor = runner.supervisor()
    keys = ctx.office.unlock(runner.passphrase(), by=actor.id)
    from counter_app.sync.engine import SyncOptions

    target = ctx.sync.target(args.target, token)
    show = _Progress() if sys.stderr.isatty() and not args.json else None
    try:
        engine = ctx.sync.engine(
            target, actor_id=actor.id, unsealer=keys.unsealer, options=SyncOptions(batch=args.batch), progress=show
        )
        result = engine.run()
    finally:
        target.close()
        if show is not None:
            show.end()
    if args.json:
        runner.print_json(result.as_dict())
    else:
        lines = [Msg(f"동기화 {result.run_id}번: {result.target}", f"Sync run {result.run_id}: {result.target}").text()]
        for key, label in COUNT_LABELS.items():
            if result.counts.get(key):
                lines.append(f"  {label.text()}: {result.counts[key]}")
        lines.append("  " + Msg(f"미해결 남음: {result.unresolved}", f"left unresolved: {result.unresolved}").text())
        sys.stdout.write("\n".join(lines) + "\n")
    if result.message is not None:
        sys.stderr.write(result.message.text() + "\n")
    elif result.unresolved:
        sys.stderr.write(
            Msg(
                f"해결되지 않은 민원이 {result.unresolved}건 남았습니다 (sync status로 확인하십시오).",
                f"{result.unresolved} complaint(s) are left unresolved (see sync status).",
            ).text()
            + "\n"
        )
    return 0 if result.status == "done" else 1


class _Progress:
    """One line on a terminal's stderr, redrawn in place."""

    def __init__(self):
        self._drawn = False

    def __call__(self, p) -> None:
        text = Msg(
            f"동기화 {p.done}/{p.total} · 등록 {p.sent} · 보류 {p.quarantined}",
            f"sync {p.done}/{p.total} · registered {p.sent} · quarantined {p.quarantined}",
        ).text()
        if p.phase == "waiting":
            text += Msg(" · 서버 대기 중", " · waiting for the server").text()
        elif p.phase == "checking":
            text += Msg(" · 결과 확인 중", " · checking outcomes").text()
        sys.stderr.write("\r\x1b[2K" + text)
        sys.stderr.flush()
        self._drawn = True

    def end(self) -> None:
        if self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _status(args, runner) -> int:
    ctx = runner.ctx()
    ctx.office.require()
    doc = ctx.sync.status()
    if args.json:
        runner.print_json(doc)
        return 0
    from counter_app.cases.states import DISPLAY_ORDER, state_label
    from counter_app.textout import escape

    out = [
        Msg(
            f"전체 {doc['total']}건, 미전송 {doc['unsent']}건", f"{doc['total']} case(s), {doc['unsent']} unsent"
        ).text()
    ]
    for state in DISPLAY_ORDER:
        n = doc["by_state"].get(state, 0)
        if n:
            out.append(f"  {state_label(state)} ({state}): {n}")
    if doc["oldest_unsent_at"]:
        out.append(
            Msg(f"가장 오래된 미전송: {doc['oldest_unsent_at']}", f"oldest unsent: {doc['oldest_unsent_at']}").text()
        )
    if doc["lease"]:
        out.append(
            Msg(
                f"동기화 진행 중: {doc['lease']['host']} (만료 {doc['lease']['expires_at']})",
                f"sync running on {doc['lease']['host']} (lease until {doc['lease']['expires_at']})",
            ).text()
        )
    run = doc["last_run"]
    if run:
        out.append(
            Msg(
                f"마지막 동기화: {run['started_at']} {run['status']} ({run['target']})",
                f"last run: {run['started_at']} {run['status']} ({run['target']})",
            ).text()
        )
    for p in doc["problems"]:
        out.append(f"  {p['receipt_no']}  {p['state']}  {escape(p['last_error'] or '')}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _purge(args, runner) -> int:
    ctx = runner.ctx()
    actor = runner.supervisor()
    result = ctx.sync.purge(ctx.settings).run(actor)
    if args.json:
        runner.print_json(result.as_dict())
    else:
        sys.stdout.write(
            Msg(
                f"개인정보 파기: {result.cases}건 (등록 확인 후 {result.retention_days}일 경과)",
                f"Personal data purged: {result.cases} case(s) (registered over {result.retention_days} days ago)",
            ).text()
            + "\n"
        )
        if result.backups_removed:
            n, fresh = len(result.backups_removed), result.fresh_backup or "-"
            sys.stdout.write(
                Msg(
                    f"파기한 개인정보가 남은 백업 {n}개를 지우고 새 백업({fresh})으로 바꾸었습니다.",
                    f"{n} backup(s) still holding the purged data deleted, replaced by a fresh backup ({fresh}).",
                ).text()
                + "\n"
            )
    return 0


def _report(args, runner) -> int:
    ctx = runner.ctx()
    actor = runner.supervisor()
    n = ctx.sync.write_report(actor, args.out)
    sys.stdout.write(Msg(f"동기화 보고서: {n}건", f"Sync report: {n} case(s)").text() + "\n")
    return 0


def _export(args, runner) -> int:
    from pathlib import Path

    ctx = runner.ctx()
    pem = None
    if args.to:
        try:
            pem = Path(args.to).read_bytes()
        except OSError:
            raise UserError(
                Msg(
                    "받는 사무소의 인증서 파일을 읽을 수 없습니다.",
                    "Cannot read the receiving office's certificate file.",
                )
            ) from None
    actor = runner.supervisor()
    n = ctx.sync.bundles(ctx.office, ctx.trust).export(actor, runner.passphrase(), args.out, pem)
    if args.json:
        runner.print_json({"exported": n})
    else:
        sys.stdout.write(Msg(f"꾸러미에 담은 민원: {n}건", f"Cases in the bundle: {n}").text() + "\n")
    return 0


def _import(args, runner) -> int:
    ctx = runner.ctx()
    actor = runner.supervisor()
    result = ctx.sync.bundles(ctx.office, ctx.trust).import_(actor, runner.passphrase(), args.file)
    if args.json:
        runner.print_json(result.as_dict())
    else:
        sys.stdout.write(
            Msg(
                f"가져옴 {result.imported}건, 이미 있음 {result.skipped}건 (서명: {result.signed_by})",
                f"Imported {result.imported}, already here {result.skipped} (signed by {result.signed_by})",
            ).text()
            + "\n"
        )
    return 0
