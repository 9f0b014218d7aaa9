"""The sync report (동기화 결과 보고서) as a signed document, kind `sync-report` (issue 10 §3,
contracts.md §4): every case of this terminal with its receipt number, state and the central
system's official number — the office's proof under 민원처리법 시행령 제6조의2③ that what it
received during the outage was registered after recovery. Qt-free, pure apart from `report_rows`.

It goes through the documents module like every document (DocumentService.sync_report): a serial
from the gapless ledger, the seal (QR code, COSE ES256 by the terminal key), the watermark, and the
PAdES signature, so `documents verify` accepts it and a changed byte is refused. Like the CSV
(SyncService.write_report) it carries no personal data — no names, phones or addresses: the
receipt number and the official number identify each case. A cell too wide for its column goes on
over the next lines of the table instead of being cut, so every number is whole in the text layer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from counter_app.cases.states import DISPLAY_ORDER, FINAL_STATES, UNSENT_STATES, state_label
from counter_app.clock import to_kst
from counter_app.documents.content import SealFacts, _common, _m
from counter_app.documents.render import FONT, DocSpec, Table
from counter_app.offline.stored_time import kst_minutes

TYP = "sync-report"
VALIDITY = dt.timedelta(days=3 * 365)  # kept with the office's records, like the register
_TABLE_FONT_SIZE = 8.5  # render.py draws table cells at this size
_WIDTHS = (0.35, 0.16, 0.12, 0.21, 0.16)

REPORT_SQL = (
    "SELECT receipt_no, received_at, state, official_no, registered_at, last_error FROM cases "
    "WHERE receipt_no IS NOT NULL ORDER BY received_at, id"
)
LAST_RUN_SQL = "SELECT id, target, status, started_at, ended_at FROM sync_runs ORDER BY id DESC LIMIT 1"


@dataclass(frozen=True)
class ReportRow:
    receipt_no: str
    received_at: str  # stored text
    state: str
    official_no: str | None
    registered_at: str | None  # stored text
    last_error: str | None


@dataclass(frozen=True)
class LastRun:
    id: int
    target: str
    status: str
    started_at: str | None
    ended_at: str | None


def report_rows(conn) -> tuple[list[ReportRow], LastRun | None]:
    """Every case with a receipt number, oldest first, and the last sync run (a read connection)."""
    rows = [ReportRow(*r) for r in conn.execute(REPORT_SQL).fetchall()]
    last = conn.execute(LAST_RUN_SQL).fetchone()
    return rows, (LastRun(*last) if last else None)


def _pieces(text: str, limit: float) -> list[str]:
    """`text` in pieces each no wider than `limit` points in the table font (at least one): broken
    at spaces where it can be, a word wider than the column cut where it must."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from counter_app.documents.render import register_fonts

    register_fonts()

    def fits(t: str) -> bool:
        return stringWidth(t, FONT, _TABLE_FONT_SIZE) <= limit

    if fits(text):
        return [text]
    out: list[str] = []
    line = ""
    for word in text.split(" "):
        joined = f"{line} {word}" if line else word
        if fits(joined):
            line = joined
            continue
        if line:
            out.append(line)
        line = ""
        for ch in word:  # a word wider than the column: cut it
            if line and not fits(line + ch):
                out.append(line)
                line = ""
            line += ch
    out.append(line)
    return out


def _table_rows(cells: Sequence[tuple[str, ...]], width: float) -> tuple[tuple[str, ...], ...]:
    """One table line per case, and more for a case whose cell does not fit its column."""
    limits = [f * width - 2 for f in _WIDTHS]  # what render.Table keeps of a cell
    out: list[tuple[str, ...]] = []
    for row in cells:
        split = [_pieces(text, limit) for text, limit in zip(row, limits)]
        for i in range(max(len(p) for p in split)):
            out.append(tuple(p[i] if i < len(p) else "" for p in split))
    return tuple(out)


def report_spec(
    office,
    rows: list[ReportRow],
    last_run: LastRun | None,
    audit_head: tuple[int, str] | None,
    made_at: dt.datetime,
    seal: SealFacts,
    lang: str,
) -> DocSpec:
    """What the sync report says (a render.DocSpec)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    by_state = Counter(r.state for r in rows)
    registered = sum(by_state[s] for s in FINAL_STATES)
    unsent = sum(by_state[s] for s in UNSENT_STATES)
    counts = " · ".join(f"{state_label(s, lang)} {by_state[s]}" for s in DISPLAY_ORDER if by_state.get(s))
    if last_run is None:
        run_text = _m("동기화한 적 없음", "never synced", lang)
    else:
        run_text = (
            f"#{last_run.id} {last_run.target} · {last_run.status} · "
            f"{kst_minutes(last_run.started_at)} – {kst_minutes(last_run.ended_at) or '…'} KST"
        )
    header_rows = (
        (_m("기관", "Office", lang), f"{office.office_name} ({office.hdong_code}) · {office.terminal_id}"),
        (_m("작성 시각", "Made at", lang), f"{to_kst(made_at):%Y-%m-%d %H:%M} KST"),
        (_m("건수", "Cases", lang), f"{len(rows)} ({counts})" if counts else "0"),
        (_m("등록 완료", "Registered", lang), f"{registered} / {len(rows)}"),
        (_m("미등록", "Not registered yet", lang), str(unsent)),
        (_m("마지막 동기화", "Last sync", lang), run_text),
    )
    paragraphs = (
        _m(
            "전산장애 기간에 이 단말기에서 접수한 민원을 복구된 시스템에 등록한 결과입니다"
            "(민원 처리에 관한 법률 시행령 제6조의2③). 민원마다 접수번호와 중앙 시스템의 등록번호를 적었습니다. "
            "성명·연락처·주소 등 개인정보는 싣지 않았습니다.",
            "The registration, in the recovered system, of the applications this terminal received during the "
            "outage (Enforcement Decree of the Civil Petitions Treatment Act, art. 6-2(3)): each case with its "
            "receipt number and the central system's official number. No names, phones or addresses.",
            lang,
        ),
    )
    width = A4[0] - 40 * mm  # render.py's text width (20 mm margins)
    cells = [
        (
            r.receipt_no,
            kst_minutes(r.received_at),
            state_label(r.state, lang),
            r.official_no or "-",
            kst_minutes(r.registered_at) or "-",
        )
        for r in rows
    ]
    table = Table(
        (
            _m("접수번호", "Receipt no.", lang),
            _m("접수일시", "Received", lang),
            _m("상태", "State", lang),
            _m("등록번호", "Official no.", lang),
            _m("등록일시", "Registered", lang),
        ),
        _WIDTHS,
        _table_rows(cells, width),
    )
    closing = [
        _m(
            f"미등록 {unsent}건은 동기화 화면(또는 counter-app sync status)에서 사유를 확인하십시오.",
            f"See the {unsent} case(s) not registered yet, and why, on the sync page (or counter-app sync status).",
            lang,
        )
        if unsent
        else _m("모든 민원이 등록되었습니다.", "Every case is registered.", lang)
    ]
    if audit_head is not None:
        closing.append(
            _m(
                f"감사 기록 체인 헤드: #{audit_head[0]} {audit_head[1]}",
                f"Audit chain head: #{audit_head[0]} {audit_head[1]}",
                lang,
            )
        )
    return _common(
        TYP,
        lang,
        seal,
        rows=header_rows,
        paragraphs=paragraphs,
        table=table,
        closing=tuple(closing),
        footer=f"{office.office_name} · {_m('동기화 결과 보고서', 'Sync report', lang)}",
    )


__all__ = ["TYP", "VALIDITY", "LastRun", "ReportRow", "report_rows", "report_spec"]
