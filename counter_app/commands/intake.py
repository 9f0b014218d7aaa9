"""`counter-app intake add FILE [--json]` and `counter-app intake import FILE [--json]` (contracts.md §1)."""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.errors import UserError
from counter_app.i18n import Msg


def register(sub) -> None:
    p = sub.add_parser("intake", help="record complaints durably (민원 접수)")
    actions = p.add_subparsers(dest="intake_command", metavar="ACTION")
    p.set_defaults(handler=_usage(p))
    add = actions.add_parser("add", help="record one complaint from a case document (JSON); FILE '-' reads stdin")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--json", action="store_true", help='print {"case_id", "receipt_no", "due_date", "due_confirmed"}')
    add.set_defaults(handler=_add)
    imp = actions.add_parser(
        "import",
        help="import a paper register transcription (.csv or .xlsx)",
        epilog="columns (Korean or English header, any order): 접수일시/received_at, 민원인/name, 민원종류/service "
        "(required); 생년월일/birth_date, 연락처/phone, 주소/address, 우편번호/postcode, 구분/category, "
        "경로/channel, 제목/title, 내용/content, 주민등록번호/rrn, 전자우편/email, 통지방법/notify_by, "
        "공개여부/disclose, 민원발생지역/region. CSV in UTF-8 or CP949; at most 20 MB, 100,000 rows and "
        "32,767 characters a cell. Row by row: each row is recorded in its own transaction, so the good "
        "rows are kept when others are refused (a bad field, or this terminal's 9,999 receipt numbers "
        "for that day used up); if the database stops taking rows (disk full, read-only) the rest are "
        "not tried. Every row is reported: ROW, receipt number or -, outcome, why. Importing the same "
        "file again skips the rows already recorded. Exit 1 when any row was not recorded. "
        "Sample: resources/samples/register_sample.csv",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--json", action="store_true", help="print the import report as JSON")
    imp.set_defaults(handler=_import)


CASE_DOCUMENT = Msg("민원 문서", "The case document")


def _read_document(name: str) -> dict:
    """The case document from a regular file or stdin ('-'), bounded (counter_app/limits.py):
    at most 1 MB, UTF-8, JSON nested at most 64 deep with numbers of at most 100 digits."""
    from counter_app import limits

    return limits.read_json(name, limits.MAX_DOCUMENT_BYTES, CASE_DOCUMENT)


def _add(args, runner) -> int:
    doc = _read_document(args.file)
    result = runner.ctx().queue.submit(runner.actor(), doc)
    for warning in result.warnings:
        sys.stderr.write(Msg("주의: ", "Warning: ").text() + warning.text() + "\n")
    if args.json:
        runner.print_json(
            {
                "case_id": result.case_id,
                "receipt_no": result.receipt_no,
                "due_date": result.due_date.isoformat() if result.due_date else None,
                # false: the period is not confirmed against its source (issue 12 item 5)
                "due_confirmed": result.due_confirmed,
            }
        )
    else:
        sys.stdout.write(result.receipt_no + "\n")
    return 0


def _import(args, runner) -> int:
    from counter_app.errors import StorageError
    from counter_app.intake_import import (
        OUTCOME_LABELS,
        advice,
        import_register,
        iter_problem_lines,
    )
    from counter_app.offline.db import READ_ONLY
    from counter_app.textout import escape, write_fields

    path = Path(args.file)
    if not path.is_file():
        if path.exists():  # a device, a pipe or a folder (e.g. /dev/zero): it is there, it is just no file
            raise UserError(
                Msg(
                    f"일반 파일만 가져올 수 있습니다(장치·파이프·폴더는 안 됨): {escape(args.file)}",
                    f"Only a regular file can be imported (not a device, pipe or folder): {escape(args.file)}",
                )
            )
        raise UserError(Msg(f"파일이 없습니다: {escape(args.file)}", f"No such file: {escape(args.file)}"))
    ctx = runner.ctx()
    ctx.office.require()  # fail once, clearly, before reading rows when no office is set up
    if ctx.db.read_only:
        raise StorageError(READ_ONLY)
    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress and (done == total or done % 50 == 0):
            sys.stderr.write(f"\r{done}/{total}")
            if done == total:
                sys.stderr.write("\n")

    report = import_register(path, ctx.queue, runner.actor(), ctx.catalogue, progress=progress)
    for line in iter_problem_lines(report):
        sys.stderr.write(escape(line) + "\n")
    if report.ignored_columns:  # what a column held is not imported: never dropped without a word
        shown = ", ".join(escape(c) for c in report.ignored_columns)
        sys.stderr.write(
            Msg(
                f"알 수 없는 열은 가져오지 않았습니다: {shown}", f"Columns not recognised were not imported: {shown}"
            ).text()
            + "\n"
        )
    todo = advice(report)
    if todo is not None:
        sys.stderr.write(todo.text() + "\n")
    if args.json:
        runner.print_json(report.as_dict())
    else:
        sys.stdout.write(
            Msg(
                f"{report.rows}행 중 {len(report.imported)}건 접수, 이미 있던 {len(report.duplicates)}건 건너뜀, "
                f"오류 {len(report.bad_rows)}행, 시도하지 않은 {len(report.not_tried)}행.",
                f"{report.rows} rows: {len(report.imported)} recorded, {len(report.duplicates)} already there, "
                f"{len(report.bad_rows)} with errors, {len(report.not_tried)} not tried.",
            ).text()
            + "\n"
        )
        # every row: ROW <TAB> receipt number (or -) <TAB> outcome <TAB> why
        for row, outcome, detail in report.outcomes():
            if outcome == "blank":
                continue
            receipt = detail if outcome == "imported" else "-"
            why = "" if outcome in ("imported", "duplicate") else detail
            write_fields(sys.stdout, [row, receipt, OUTCOME_LABELS[outcome].text()] + ([why] if why else []))
    # Good rows are kept either way; exit 1 tells a script that some rows need attention.
    return 1 if report.problems or report.not_tried else 0


def _usage(parser):
    """No ACTION given: show this command's help on stderr, exit 2 (usage)."""

    def handler(args, runner) -> int:
        parser.print_help(sys.stderr)
        return 2

    return handler
