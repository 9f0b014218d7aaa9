"""`counter-app procedures …`: the manual procedure guides (contracts.md §1, docs/procedures.md).

procedures list [--json]           every loaded guide (shipped and the office's own); a guide
                                   file that was refused is named on stderr as file:line: message
procedures show ID [--json]        one guide, step by step
procedures validate PATH …         check guide files (or folders of them): exit 0 when sound,
                                   else `file:line: message` for each problem and exit 1
procedures history [--limit N] [--json]
                                   supervisor: completed walks (who, when, guide, path, case)
"""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.errors import UserError
from counter_app.i18n import Msg, current_language
from counter_app.textout import escape, write_line


def register(sub) -> None:
    p = sub.add_parser("procedures", help="manual procedure guides (업무 절차 안내)")
    psub = p.add_subparsers(dest="procedures_command", metavar="ACTION", required=True)
    ls = psub.add_parser("list", help="every loaded guide")
    ls.add_argument("--json", action="store_true", help="print a JSON list of {id, title, version, source}")
    ls.set_defaults(handler=_list)
    show = psub.add_parser("show", help="one guide, step by step")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the guide as JSON")
    show.set_defaults(handler=_show)
    validate = psub.add_parser("validate", help="check guide files; file:line: message for each problem")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(handler=_validate)
    history = psub.add_parser("history", help="supervisor: completed walks through the guides")
    history.add_argument("--limit", type=int, default=50, help="how many walks (default 50)")
    history.add_argument("--json", action="store_true", help="print a JSON list")
    history.set_defaults(handler=_history)


def _row(*values: str) -> None:
    """One tab-separated line; each value escaped on its own (a tab inside a value is shown)."""
    sys.stdout.write("\t".join(escape(v) for v in values) + "\n")


def _service(runner):
    return runner.ctx().procedures


def _list(args, runner) -> int:
    library = _service(runner).library()
    for problem in library.problems:
        write_line(sys.stderr, problem.text())
    guides = library.ordered()
    if args.json:
        runner.print_json([g.as_json() for g in guides])
        return 0
    lang = current_language()
    for g in guides:
        _row(g.id, f"v{g.version}", g.source, g.title.text(lang))
    return 0


def _show(args, runner) -> int:
    library = _service(runner).library()
    guide = library.get(args.id)
    if args.json:
        runner.print_json(guide.detail_json())
        return 0
    lang = current_language()
    out = sys.stdout
    write_line(out, f"{guide.title.text(lang)}  ({guide.id} v{guide.version}, {guide.source})")
    write_line(out, guide.summary.text(lang))
    for basis in guide.legal_basis:
        mark = Msg(" (미확인)", " (unverified)").text(lang) if basis.unverified else ""
        write_line(out, Msg("근거: ", "Basis: ").text(lang) + basis.text.text(lang) + mark)
    for n, step in enumerate(guide.steps.values(), 1):
        write_line(out, "")
        write_line(out, f"{n}. [{step.kind}] {step.id}: {step.title.text(lang)}")
        if step.text:
            for line in step.text.text(lang).splitlines():
                write_line(out, f"   {line}")
        for item in step.items:
            write_line(out, f"   [ ] {item.text(lang)}")
        for choice in step.choices:
            write_line(out, f"   -> {choice.label.text(lang)} => {choice.next}")
        for f in step.fields:
            write_line(out, f"   {f.field}: {f.label.text(lang)}" + (" *" if f.required else ""))
        if step.action:
            extra = step.form.text(lang) if step.form else ""
            if step.agency:
                extra = f"{step.agency.text(lang)} {step.phone or ''}".strip()
            write_line(out, f"   ({step.action}) {extra}".rstrip())
        if step.next:
            write_line(out, f"   => {step.next}")
    return 0


def _validate(args, runner) -> int:
    from counter_app.procedures.loader import validate_paths
    from counter_app.procedures.service import bundled_folder

    context = [bundled_folder()]
    office = runner.ctx().procedures.office_folder
    if office is not None:
        context.append(office)
    paths = [Path(p) for p in args.paths]
    problems = validate_paths(paths, context)
    for problem in problems:
        write_line(sys.stdout, problem.text())
    if problems:
        files = len({p.path for p in problems})
        raise UserError(
            Msg(
                f"안내서 파일 {files}개에 문제가 {len(problems)}건 있습니다.",
                f"{len(problems)} problem(s) in {files} guide file(s).",
            )
        )
    write_line(sys.stdout, Msg("문제가 없습니다.", "No problems found.").text())
    return 0


def _history(args, runner) -> int:
    actor = runner.supervisor()
    records = _service(runner).walks.history(actor, limit=max(1, min(args.limit, 10_000)))
    if args.json:
        runner.print_json([r.as_json() for r in records])
        return 0
    for r in records:
        doc = r.as_json()
        _row(
            doc["finished_at"] or "-",
            r.operator,
            r.guide_id,
            f"v{r.guide_version}",
            " > ".join(r.path),
            r.case_id or "-",
        )
    return 0
