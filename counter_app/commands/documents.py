"""`counter-app documents ...`: printed documents and their verification (contracts.md §1, §4).

    documents receipt RECEIPT_NO --out F.pdf [--copies 2]
                                                  the receipt (접수증) of a queued case; --copies 2 puts
                                                  민원인용 and 기관보관용 side by side on one A4 sheet
    documents interim RECEIPT_NO --out F.pdf [--copies 2]
                                                  the interim confirmation (임시 확인서)
    documents notice --out F.pdf                  the outage notice, from the status board
    documents register [--date D] --out F.pdf     the day's register (민원 처리부), audit chain head at its end
    documents verify F.pdf | --image SCAN.png | --code CODE [--json]
                                                  exit 0 and the facts when genuine, 1 and why not
    documents trust add F.pem | trust list [--json]
                                                  other offices' root certificates (add: supervisor)

Every print is in the ledger and the audit log; a second print of a case's document is a reprint
(same serial, marked 재발급). `--lang en` prints the English version.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from counter_app.errors import UserError
from counter_app.i18n import Msg, current_language

MAX_PEM = 1024 * 1024


def register(sub) -> None:
    p = sub.add_parser("documents", help="printed receipts, interim confirmations, notices; verify; trust")
    dsub = p.add_subparsers(dest="documents_command", metavar="ACTION", required=True)
    for name, help_text in (
        ("receipt", "the receipt (접수증) of a case"),
        ("interim", "the interim confirmation (임시 확인서) of a case"),
    ):
        c = dsub.add_parser(name, help=help_text)
        c.add_argument("receipt_no", metavar="RECEIPT_NO")
        c.add_argument("--out", required=True, metavar="F.pdf")
        c.add_argument(
            "--copies",
            type=int,
            choices=(1, 2),
            default=1,
            help="2: both copies on one A4 sheet, 민원인용 (applicant's) and 기관보관용 (office's)",
        )
        c.set_defaults(handler=_case_document, typ=name)
    n = dsub.add_parser("notice", help="the outage notice (장애 안내문) from the status board")
    n.add_argument("--out", required=True, metavar="F.pdf")
    n.set_defaults(handler=_notice)
    r = dsub.add_parser("register", help="the day's register (민원 처리부)")
    r.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the day (KST; default today)")
    r.add_argument("--out", required=True, metavar="F.pdf")
    r.set_defaults(handler=_register)
    v = dsub.add_parser("verify", help="check a printed document: its PDF, a scan, or a check code")
    v.add_argument("pdf", nargs="?", metavar="F.pdf")
    v.add_argument("--image", metavar="SCAN.png")
    v.add_argument("--code", metavar="CODE")
    v.add_argument("--json", action="store_true", help="print one JSON document")
    v.set_defaults(handler=_verify)
    t = dsub.add_parser("trust", help="other offices' root certificates")
    tsub = t.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    ta = tsub.add_parser("add", help="trust the root certificates in a PEM file (supervisor)")
    ta.add_argument("pem", metavar="F.pem")
    ta.add_argument("--json", action="store_true")
    ta.set_defaults(handler=_trust_add)
    tl = tsub.add_parser("list", help="the trusted roots")
    tl.add_argument("--json", action="store_true")
    tl.set_defaults(handler=_trust_list)


def _date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date YYYY-MM-DD") from None


def _write(path: str, data: bytes) -> None:
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise UserError(Msg("출력 파일을 쓸 수 없습니다.", "The output file cannot be written.")) from None


def _report(issued) -> None:
    kind = {"receipt": "접수증", "interim": "임시 확인서", "notice": "장애 안내문", "register": "민원 처리부"}[
        issued.typ
    ]
    if current_language() == "en":
        line = f"{issued.typ} {issued.serial} (check code {issued.code})" + (" — reprint" if issued.reprint else "")
    else:
        line = f"{kind} {issued.serial} (확인코드 {issued.code})" + (" — 재발급" if issued.reprint else "")
    sys.stdout.write(line + "\n")


def _operator(runner) -> str:
    return runner.actor().id


def _case_document(args, runner) -> int:
    ctx = runner.ctx()
    ctx.office.require()
    issued = ctx.documents.case_document(
        _operator(runner), args.typ, args.receipt_no, current_language(), copies=args.copies
    )
    _write(args.out, issued.pdf)
    _report(issued)
    return 0


def _notice(args, runner) -> int:
    ctx = runner.ctx()
    ctx.office.require()
    issued = ctx.documents.notice(_operator(runner), current_language())
    _write(args.out, issued.pdf)
    _report(issued)
    return 0


def _register(args, runner) -> int:
    ctx = runner.ctx()
    ctx.office.require()
    issued = ctx.documents.register(_operator(runner), args.date, current_language())
    _write(args.out, issued.pdf)
    _report(issued)
    return 0


def _verify(args, runner) -> int:
    from counter_app import limits
    from counter_app.documents.service import MAX_PDF

    given = [x for x in (args.pdf, args.image, args.code) if x]
    if len(given) != 1:
        sys.stderr.write("documents verify: give exactly one of F.pdf, --image SCAN.png, --code CODE\n")
        return 2
    ctx = runner.ctx()
    service = ctx.documents
    if args.pdf:
        verdict = service.verify_pdf(limits.read_bytes(args.pdf, MAX_PDF, stdin_ok=False))
    elif args.image:
        limits.check_regular_file(args.image)
        verdict = service.verify_image(args.image)
    else:
        verdict = service.verify_code(args.code)
    if args.json:
        runner.print_json(verdict.as_json(current_language()))
    elif verdict.ok:
        f = verdict.facts
        en = current_language() == "en"
        lines = [
            ("genuine" if en else "진본입니다"),
            f"{'type' if en else '종류'}: {f.get('typ')}",
            f"{'serial' if en else '문서번호'}: {f.get('serial')}",
            f"{'office' if en else '발급 기관'}: {f.get('office_name')} ({f.get('office_code')})",
            f"{'issued at' if en else '발급 일시'}: {f.get('issued_at')}",
            f"{'valid until' if en else '유효기한'}: {f.get('expires_at')}",
        ]
        if f.get("receipt_no"):
            lines.append(f"{'receipt no.' if en else '접수번호'}: {f['receipt_no']}")
        if f.get("signed_by"):
            lines.append(f"{'terminal' if en else '단말기'}: {f['signed_by'].get('terminal')}")
        from counter_app.textout import escape

        sys.stdout.write("\n".join(escape(x) for x in lines) + "\n")
    if not verdict.ok:
        if not args.json:
            raise UserError(verdict.message or Msg("확인에 실패했습니다.", "Verification failed."))
        sys.stderr.write((verdict.message.text() if verdict.message else "") + "\n")
        return 1
    return 0


def _trust_add(args, runner) -> int:
    from counter_app import limits

    data = limits.read_bytes(args.pem, MAX_PEM, stdin_ok=False)
    actor = runner.supervisor()
    results = runner.ctx().trust.add(actor.id, data)
    if args.json:
        runner.print_json({"roots": results})
    else:
        from counter_app.textout import escape

        for r in results:
            sys.stdout.write(
                escape(f"{r['result']}\t{r['office_code']}\t{r['office_name']}\t{r['fingerprint']}", keep="\t") + "\n"
            )
    return 0


def _trust_list(args, runner) -> int:
    roots = runner.ctx().trust.list()
    if args.json:
        runner.print_json({"roots": roots})
    else:
        from counter_app.textout import escape

        for r in roots:
            own = "own" if r["own_office"] else "trusted"
            sys.stdout.write(
                escape(
                    f"{own}\t{r['office_code']}\t{r['office_name']}\t{r['fingerprint']}\t{r['not_after']}", keep="\t"
                )
                + "\n"
            )
    return 0
