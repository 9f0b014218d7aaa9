"""What each document says (domain.md §3), as a render.DocSpec. Pure functions, Qt-free.

Personal data printed: the applicant's name and birth date, the masked phone — never the RRN,
the address or the full phone (the PrintCase read model carries nothing else). The register
prints names masked (홍*동): it is the office's list, kept at the counter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.cases.states import state_label
from counter_app.clock import to_kst
from counter_app.documents.render import DocSpec, Table
from counter_app.i18n import Msg

WATERMARK = "임시 · 전산장애"
BANNER = Msg(
    "법정 증명서가 아닙니다 · 전산장애 기간에 임시로 발급한 문서입니다 · 위조 확인: QR 코드",
    "Not a statutory certificate · issued provisionally during a system outage · check the QR code",
)
TITLES = {
    "receipt": Msg("접수증", "Receipt of application"),
    "interim": Msg("임시 확인서", "Interim confirmation"),
    "notice": Msg("전산장애 안내문", "Outage notice"),
    "register": Msg("민원 처리부", "Daily register of applications"),
    "sync-report": Msg("동기화 결과 보고서", "Sync report"),  # documents/sync_report.py
}
SERIAL = Msg("문서번호", "Serial")
CODE = Msg("확인코드", "Check code")
REPRINT = Msg("재발급", "REPRINT")
# a sheet of two copies (render.render_copies): the one the applicant takes, the one the office keeps
COPY_LABELS = (Msg("민원인용", "Applicant's copy"), Msg("기관보관용", "Office copy"))


def copy_labels(lang: str) -> tuple[str, ...]:
    return tuple(m.text(lang) for m in COPY_LABELS)


def _m(ko: str, en: str, lang: str) -> str:
    return en if lang == "en" else ko


def _subtitle(typ: str, lang: str) -> str:
    other = "ko" if lang == "en" else "en"
    return TITLES[typ].text(other)


@dataclass(frozen=True)
class SealFacts:
    """What the seal block prints: serial, phone code, QR text, print count."""

    serial: str
    code: str
    qr_text: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    office_phone: str | None
    reprint: int = 0  # 0 = first print


def _pdf_date(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _common(typ: str, lang: str, seal: SealFacts, **kw) -> DocSpec:
    until = f"{to_kst(seal.expires_at):%Y-%m-%d}"
    ko_phone = f"전화({seal.office_phone})로 " if seal.office_phone else "전화로 "
    en_phone = f" by phone ({seal.office_phone})" if seal.office_phone else " by phone"
    hint = _m(
        f"이 문서의 진위는 QR 코드(counter-app documents verify)로 어느 사무소에서나 확인할 수 있고, "
        f"{ko_phone}발급 사무소에 확인코드를 불러 주어도 됩니다. 유효기한: {until}.",
        f"Any office can check this document from its QR code (counter-app documents verify); the issuing "
        f"office also confirms the check code{en_phone}. Valid until {until}.",
        lang,
    )
    reprint = ""
    if seal.reprint:
        reprint = _m(f"재발급 ({seal.reprint}회)", f"REPRINT ({seal.reprint})", lang)
    return DocSpec(
        title=TITLES[typ].text(lang),
        subtitle=_subtitle(typ, lang),
        banner=BANNER.text(lang),
        watermark=WATERMARK,
        qr_text=seal.qr_text,
        serial_label=SERIAL.text(lang),
        serial=seal.serial,
        code_label=CODE.text(lang),
        code=seal.code,
        verify_hint=hint,
        reprint_mark=reprint,
        issued_at_pdf=_pdf_date(seal.issued_at),
        pdf_title=f"{TITLES[typ].text(lang)} {seal.serial}",
        pdf_subject=WATERMARK,
        **kw,
    )


def case_document(typ: str, case, official: str, seal: SealFacts, lang: str) -> DocSpec:
    """The receipt (typ 'receipt') or the interim confirmation ('interim') of one case (a PrintCase)."""
    office = case.office
    birth = case.applicant_birth_date.isoformat() if case.applicant_birth_date else "-"
    category = case.category_label.text(lang) if case.category_label else case.category
    channel = case.channel_label.text(lang) if case.channel_label else case.channel
    service = case.service_en if lang == "en" else case.service_ko
    rows = [
        (_m("접수번호", "Receipt no.", lang), case.receipt_no),
        (_m("접수일시", "Received at", lang), f"{case.received_at_text()} KST"),
        (_m("민원 종류", "Application", lang), f"{service} ({category})"),
        (_m("접수 방법", "Channel", lang), channel),
        (_m("신청인", "Applicant", lang), case.applicant_name),
        (_m("생년월일", "Date of birth", lang), birth),
        (_m("연락처", "Phone", lang), case.phone_masked or "-"),
        (
            _m("처리 예정일", "Due date", lang),
            (case.due_text(lang) or "-") + (f" · {case.legal_basis}" if case.legal_basis else ""),
        ),
        (_m("접수 기관", "Office", lang), f"{office.name} ({office.code})"),
        (_m("기관 연락처", "Office contact", lang), " · ".join(x for x in (office.address, office.phone) if x) or "-"),
        (_m("담당자", "Official", lang), official),
    ]
    if typ == "receipt":
        paragraphs = [
            _m(
                "위 민원을 접수하였음을 확인합니다. 전산장애로 시스템에 등록하지 못하여 서면으로 접수하였으며, "
                "전산 복구 후 시스템 등록 예정입니다. 접수일시는 소급 처리의 근거가 됩니다.",
                "We confirm receipt of the application above. The systems being down, it was received on paper and "
                "will be registered in the system after recovery (전산 복구 후 시스템 등록 예정). The time of "
                "receipt is the basis for processing it retroactively.",
                lang,
            ),
        ]
    else:
        paragraphs = [
            _m(
                "신청하신 민원은 전산장애로 지금 처리할 수 없어, 전산 복구 후 시스템 등록 예정입니다. "
                f"복구 후 처리 결과({service})는 위 연락처로 알려 드리며, 이 확인서를 지참하시고 접수 기관에서 "
                "받으실 수 있습니다. 이 확인서는 민원이 시스템에 등록되어 처리될 때까지 유효합니다.",
                "Your application cannot be processed while the systems are down; it will be registered in the system "
                f"after recovery (전산 복구 후 시스템 등록 예정). You will be told at the phone above when the result "
                f"({service}) is ready, to be collected at the office with this confirmation. It is valid until the "
                "application is registered and processed.",
                lang,
            ),
        ]
        if case.citizen_deadline is not None:
            paragraphs.append(case.citizen_deadline.text(lang))
    return _common(
        typ, lang, seal, rows=tuple(rows), paragraphs=tuple(paragraphs), footer=f"{office.name} · {WATERMARK}"
    )


def notice_document(board, office, root_fingerprint: str, seal: SealFacts, lang: str, limit: int = 18) -> DocSpec:
    """The outage notice (시행령 제6조의2①): status, the alternative intake method, guidance."""
    s = board.summary
    ratio = f"{s.restored_ratio * 100:.1f}%" if s.restored_ratio is not None else "-"
    as_of = to_kst(board.source_updated_at or board.fetched_at or board.generated_at)
    rows = [
        (_m("기관", "Office", lang), f"{office.office_name} ({office.hdong_code})"),
        (_m("기관 연락처", "Office contact", lang), " · ".join(x for x in (office.address, office.phone) if x) or "-"),
        (_m("복구 현황", "Restored", lang), f"{s.restored} / {s.total} ({ratio})"),
        (
            _m("기준 시각", "As of", lang),
            f"{as_of:%Y-%m-%d %H:%M} KST"
            + (_m(" (과거 기록)", " (historical record)", lang) if board.historical else "")
            + (_m(" (최신 정보 아님)", " (not current)", lang) if board.stale else ""),
        ),
    ]
    down = [x for x in board.systems if x.status != "operational"]
    down.sort(key=lambda x: (x.grade or 9, x.name))
    table_rows = []
    for x in down[:limit]:
        alt = x.alternatives[0] if x.alternatives else None
        alt_text = ""
        if alt is not None:
            label = (alt.label_en or alt.label) if lang == "en" else alt.label
            alt_text = " ".join(t for t in (label, alt.phone) if t)
        name = (x.name_en or x.name) if lang == "en" else x.name
        table_rows.append((name, str(x.grade or "-"), x.status, alt_text))
    if len(down) > limit:
        table_rows.append(
            (_m(f"외 {len(down) - limit}개 시스템", f"and {len(down) - limit} more systems", lang), "", "", "")
        )
    table = Table(
        (
            _m("시스템", "System", lang),
            _m("등급", "Grade", lang),
            _m("상태", "Status", lang),
            _m("대체 방법", "Alternative", lang),
        ),
        (0.36, 0.08, 0.16, 0.40),
        tuple(table_rows),
    )
    paragraphs = (
        _m(
            "정보시스템 장애로 일부 민원을 전산으로 접수·처리할 수 없습니다(민원 처리에 관한 법률 시행령 제6조의2).",
            "Because of an information-system outage some applications cannot be received or processed electronically.",
            lang,
        ),
        _m(
            "대체 접수 방법: 이 창구에서 서면으로 접수하고 접수증을 드립니다. 우편·팩스 민원에도 접수증을 발급합니다. "
            "장애 기간에 접수한 민원은 전산 복구 후 모두 시스템에 등록합니다.",
            "Alternative intake: applications are received on paper at this counter with a receipt, also by mail and "
            "fax. Everything received during the outage is registered in the system after recovery.",
            lang,
        ),
        _m(
            "안내: 부산 120 (다른 지역에서 051-120), 정부 민원 110.",
            "Guidance: dial 120 in Busan (051-120 from elsewhere); government help line 110.",
            lang,
        ),
    )
    closing = (
        _m(
            f"이 사무소 루트 인증서 지문(SHA-256): {root_fingerprint}",
            f"This office's root certificate fingerprint (SHA-256): {root_fingerprint}",
            lang,
        ),
    )
    return _common(
        "notice",
        lang,
        seal,
        rows=tuple(rows),
        paragraphs=paragraphs,
        table=table,
        closing=closing,
        footer=f"{office.office_name} · {WATERMARK}",
    )


def register_document(
    office, day: dt.date, rows, audit_head: tuple[int, str] | None, seal: SealFacts, lang: str
) -> DocSpec:
    """The day's register (민원 처리부): every case of the day in order, ending with the audit chain head."""
    header_rows = (
        (_m("기관", "Office", lang), f"{office.office_name} ({office.hdong_code})"),
        (_m("일자", "Date", lang), day.isoformat()),
        (_m("건수", "Cases", lang), str(len(rows))),
    )
    table = Table(
        (
            _m("접수번호", "Receipt no.", lang),
            _m("접수일시", "Received", lang),
            _m("민원", "Service", lang),
            _m("신청인", "Applicant", lang),
            _m("상태", "State", lang),
            _m("처리기한", "Due", lang),
        ),
        (0.30, 0.16, 0.22, 0.10, 0.11, 0.11),
        tuple(
            (r.receipt_no or "", r.received_at, r.service, r.applicant, state_label(r.state, lang), r.due_date)
            for r in rows
        ),
    )
    if audit_head is None:
        closing = (_m("감사 기록 없음", "No audit entries", lang),)
    else:
        closing = (
            _m(
                f"감사 기록 체인 헤드: #{audit_head[0]} {audit_head[1]}",
                f"Audit chain head: #{audit_head[0]} {audit_head[1]}",
                lang,
            ),
        )
    return _common(
        "register",
        lang,
        seal,
        rows=header_rows,
        table=table,
        closing=closing,
        footer=f"{office.office_name} · {WATERMARK}",
    )
