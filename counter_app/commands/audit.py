"""`counter-app audit ...`: the tamper-evident access log.

audit verify [--root F.pem] [--json]
                               exit 0 and the number of entries when the chain, its signed
                               anchor and the cases are intact; exit 1 naming the first broken
                               entry, the anchor's problem or the changed case (see
                               offline/audit.py for what is and is not caught). --root: the
                               office root certificate kept outside this data folder (office
                               certificate --out), checked against the office profile's
audit reanchor --reason TEXT   supervisor: recreate a lost or damaged anchor; an
                               audit.reanchored entry keeps the loss on the record
audit list [--limit N] [--json]   the newest entries, newest first
"""

from __future__ import annotations

import argparse
import json
import sys

from counter_app.clock import to_kst
from counter_app.errors import UserError
from counter_app.textout import write_fields  # names and reasons escaped (ESC, bidi)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub) -> None:
    p = sub.add_parser("audit", help="audit log (접속·처리 기록)")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    verify = asub.add_parser("verify", help="check that the audit chain is intact")
    verify.add_argument(
        "--root", metavar="F.pem", help="the office root certificate exported earlier (office certificate --out)"
    )
    verify.add_argument("--json", action="store_true", help="print one JSON document")
    verify.set_defaults(handler=_verify)

    re_anchor = asub.add_parser("reanchor", help="supervisor: recreate a lost or damaged audit anchor (recorded)")
    re_anchor.add_argument("--reason", required=True, help="why the anchor was lost (e.g. the power cut of ...)")
    re_anchor.set_defaults(handler=_reanchor)

    ls = asub.add_parser("list", help="show the newest audit entries")
    ls.add_argument("--limit", type=_positive, default=20, help="how many entries (default 20)")
    ls.add_argument("--json", action="store_true", help="print one JSON document")
    ls.set_defaults(handler=_list)


def _verify(args, runner) -> int:
    trusted_root = _read_root(args.root) if args.root else None
    ctx = runner.ctx()
    with ctx.db.read() as s:
        result = ctx.audit.verify(s, trusted_root=trusted_root)
    if args.json:
        runner.print_json(result.as_json())
        if not result.ok:
            sys.stderr.write(result.message().text() + "\n")
            return 1
        return 0
    if not result.ok:
        raise UserError(result.message())
    sys.stdout.write(result.message().text() + "\n")
    return 0


def _reanchor(args, runner) -> int:
    from counter_app.i18n import Msg
    from counter_app.pii import refuse_rrn_in

    reason = " ".join((args.reason or "").split())
    if not reason or len(reason) > 200:
        raise UserError(
            Msg("사유(--reason)를 1~200자로 입력하십시오.", "Give a reason (--reason) of 1 to 200 characters.")
        )
    refuse_rrn_in(reason, Msg("사유", "reason"))
    ctx = runner.ctx()
    actor = runner.supervisor()
    with ctx.db.write() as s:
        entry = ctx.audit.reanchor(s, actor.id, reason)
    sys.stdout.write(
        Msg(
            f"감사 기록의 기준점을 다시 만들었습니다(기록 {entry.seq}번에 남김).",
            f"The audit anchor was recreated (recorded as entry {entry.seq}).",
        ).text()
        + "\n"
    )
    return 0


def _read_root(path: str):
    from counter_app.i18n import Msg
    from counter_app.pki import load_pem_certificates

    try:
        with open(path, "rb") as fh:
            data = fh.read(256 * 1024 + 1)
    except OSError:
        raise UserError(
            Msg("루트 인증서 파일을 읽을 수 없습니다.", "The root certificate file cannot be read.")
        ) from None
    certs = load_pem_certificates(data) if len(data) <= 256 * 1024 else []
    if len(certs) != 1:
        raise UserError(
            Msg(
                "루트 인증서 파일에는 PEM 인증서가 하나 있어야 합니다.",
                "The root certificate file must hold exactly one PEM certificate.",
            )
        )
    return certs[0]


def _list(args, runner) -> int:
    ctx = runner.ctx()
    with ctx.db.read() as s:
        entries = ctx.audit.recent(s, args.limit)
    rows = [
        {
            "seq": e.seq,
            "at": to_kst(e.at).isoformat(),
            "operator": e.operator,
            "terminal": e.terminal,
            "action": e.action,
            "case_id": e.case_id,
            "reason": e.reason,
            "detail": json.loads(e.detail) if e.detail else None,
        }
        for e in entries
    ]
    if args.json:
        runner.print_json({"entries": rows})
        return 0
    for r in rows:
        extra = " ".join(
            x for x in (r["case_id"] or "", json.dumps(r["detail"], ensure_ascii=False) if r["detail"] else "") if x
        )
        write_fields(sys.stdout, [r["seq"], r["at"][:19], r["terminal"], r["operator"], r["action"], extra])
    return 0
