"""Printed documents: the gapless ledger, issuing (seal + render + PDF signature) and verifying.
Qt-free; the CLI (commands/documents.py) and the GUI drive the same service.

Issuing a document commits first (durable, then show): in one write transaction the next
sequence number of this terminal's KST day is taken (inside BEGIN IMMEDIATE, so two processes
cannot take the same one and none is skipped), the ledger row with the signed claims and the
print row are written, and the audit entry `document.print` (or `document.reprint`) names the
case: a receipt or interim confirmation prints personal data. Then the claims are sealed,
rendered and signed. A second print of a case's receipt or interim confirmation is a reprint:
same serial, same claims, the mark 재발급 (n) on the paper, one more print row.

Verification (`verify_*`) answers a `Verdict`: decode → signature (r‖s) → chain to a trusted root
at the issue time → terminal certificate not revoked → document not expired → and, where this
office is the issuer, the serial in the ledger with the same claims (an interim confirmation
whose case has been registered after recovery has done its work: expired).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from counter_app import pki
from counter_app.cases.states import FINAL_STATES
from counter_app.clock import Clock, system_clock, to_kst
from counter_app.documents import seal as sealmod
from counter_app.documents.content import SealFacts
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.models import AuditEntry, Case, IssuedDocument
from counter_app.offline.stored_time import from_stored, to_stored

VALIDITY = {
    "receipt": dt.timedelta(days=3 * 365),  # proof of the time of application, kept with the case
    "interim": dt.timedelta(days=90),  # and closed earlier when the case is registered
    "notice": dt.timedelta(days=7),  # the board changes; a notice is re-posted
    "register": dt.timedelta(days=3 * 365),
    "sync-report": dt.timedelta(days=3 * 365),  # documents/sync_report.py
}
MAX_PDF = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000

NO_QR = "no_qr"
NOT_IN_LEDGER = "not_in_ledger"
EXPIRED = "expired"
REGISTERED = "case_registered"
CODE_UNKNOWN = "code_unknown"
PDF_QR_MISMATCH = "pdf_qr_mismatch"

REASONS: dict[str, Msg] = {
    NO_QR: Msg(
        "문서에서 QR 코드를 찾지 못했습니다(더 밝고 선명하게, 150dpi 이상으로 스캔하십시오).",
        "No QR code was found in the document (scan it brighter and sharper, at 150 dpi or more).",
    ),
    NOT_IN_LEDGER: Msg(
        "이 문서번호는 이 사무소의 발급 대장에 없습니다: 이 사무소가 발급한 문서가 아닙니다.",
        "This serial is not in this office's ledger of issued documents: this office did not issue it.",
    ),
    EXPIRED: Msg("문서의 유효기한이 지났습니다.", "The document has expired."),
    REGISTERED: Msg(
        "이 임시 확인서의 민원은 전산 복구 후 시스템에 등록되어 확인서의 효력이 끝났습니다.",
        "The application of this interim confirmation has been registered in the system after "
        "recovery; the confirmation is no longer in force.",
    ),
    CODE_UNKNOWN: Msg(
        "이 확인코드로 발급한 문서가 이 사무소에 없습니다.", "This office issued no document with this check code."
    ),
    PDF_QR_MISMATCH: Msg(
        "PDF 서명과 QR 코드의 서명 단말기가 다릅니다.",
        "The PDF signature and the QR code were made by different terminals.",
    ),
}
NOT_A_CASE_DOCUMENT = Msg(
    "접수번호가 있는 민원만 접수증·임시 확인서를 출력할 수 있습니다.",
    "A receipt or interim confirmation needs a case with a receipt number.",
)
NO_SUCH_RECEIPT = Msg("그 접수번호의 민원이 없습니다.", "There is no case with that receipt number.")
COPIES_ONE_OR_TWO = Msg("부수는 1 또는 2입니다.", "Copies is 1 or 2.")
ALREADY_REGISTERED = Msg(
    "이 민원은 전산 복구 후 시스템에 이미 등록되어 임시 확인서를 발급하지 않습니다(접수증은 발급할 수 있습니다).",
    "This case is already registered in the system after recovery: no interim confirmation is issued for it "
    "(its receipt still can be).",
)


@dataclass(frozen=True)
class Issued:
    pdf: bytes = field(repr=False)
    serial: str
    code: str
    typ: str
    reprint: int
    qr_text: str = field(repr=False)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None
    message: Msg | None = None
    facts: dict = field(default_factory=dict)
    claims: sealmod.Claims | None = field(default=None, repr=False)

    def as_json(self, lang: str | None = None) -> dict:
        return {
            "ok": self.ok,
            "reason": self.reason,
            "message": self.message.text(lang) if self.message else None,
            **self.facts,
        }


def _refuse(reason: str, message: Msg, facts: dict | None = None) -> Verdict:
    return Verdict(False, reason, message, facts or {})


def _kst_day(at: dt.datetime) -> dt.date:
    return to_kst(at).date()


def _case_registered(session, case_id: str | None) -> bool:
    """Whether the case has been registered in the central system after recovery: sent by sync
    (SENT) or recorded by a supervisor (REGISTERED_MANUALLY), or a registration time recorded.
    An interim confirmation of such a case has done its work (expired, reason `case_registered`)."""
    if not case_id:
        return False
    found = session.execute(select(Case.state, Case.registered_at).where(Case.case_id == case_id)).first()
    return found is not None and (found[0] in FINAL_STATES or found[1] is not None)


_DOCUMENT_COLUMNS = (
    "id, serial, day, terminal, seq, typ, case_id, receipt_no, code, payload_sha256, payload, issued_at, "
    "expires_at, issued_by, lang, prints, closed_at, closed_reason"
)
_OPEN_DOCUMENT_SQL = (
    f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE case_id = ? AND typ = ? AND closed_at IS NULL "
    "ORDER BY id DESC LIMIT 1"
)
_INSERT_DOCUMENT_SQL = (
    "INSERT INTO documents (serial, day, terminal, seq, typ, case_id, receipt_no, code, payload_sha256, payload, "
    "issued_at, expires_at, issued_by, lang, prints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _document_row(r) -> IssuedDocument:
    """A ledger row read with plain SQL, as the (detached) ORM object the callers use."""
    return IssuedDocument(
        id=r[0],
        serial=r[1],
        day=r[2],
        terminal=r[3],
        seq=r[4],
        typ=r[5],
        case_id=r[6],
        receipt_no=r[7],
        code=r[8],
        payload_sha256=r[9],
        payload=bytes(r[10]),
        issued_at=from_stored(r[11]),
        expires_at=from_stored(r[12]),
        issued_by=r[13],
        lang=r[14],
        prints=r[15],
        closed_at=from_stored(r[16]),
        closed_reason=r[17],
    )


class DocumentService:
    def __init__(self, db, audit, office, queue, trust, status, paths, clock: Clock = system_clock):
        self._db = db
        self._audit = audit
        self._office = office
        self._queue = queue
        self._trust = trust
        self._status = status
        self._paths = paths
        self._clock = clock

    # ---------------------------------------------------------------- the ledger
    def _record(
        self,
        operator: str,
        typ: str,
        lang: str,
        *,
        case: Case | None = None,
        claims_extra: dict | None = None,
        person: tuple[str, dt.date | None] | None = None,
        office=None,
        copies: int = 1,
    ) -> tuple[IssuedDocument, int]:
        """Commit the ledger row (new, or one more print of a case's existing document) and the audit
        entry; returns the row (detached) and the reprint count (0 for a first print).

        One write transaction in plain SQL (db.write_sql(), as an intake commits): BEGIN IMMEDIATE
        holds the writer lock from the first read, so the day's next sequence number cannot be taken
        twice or skipped; the commit is durable (synchronous=FULL) before any paper exists. The ORM
        Session did the same work with ~2 ms more Python a document."""
        office = office or self._office.require()
        now = self._clock().astimezone(dt.UTC).replace(microsecond=0)
        with self._db.write_sql() as w:
            conn = w.connection
            found = None
            if case is not None:
                found = conn.execute(_OPEN_DOCUMENT_SQL, (case.case_id, typ)).fetchone()
            reprint = 0
            if found is not None:
                row = _document_row(found)
                row.prints += 1
                reprint = row.prints - 1
                conn.execute("UPDATE documents SET prints = ? WHERE id = ?", (row.prints, row.id))
                action = "document.reprint"
            else:
                day = _kst_day(now)
                daytext = f"{day:%Y%m%d}"
                last = conn.execute(
                    "SELECT max(seq) FROM documents WHERE terminal = ? AND day = ?", (office.terminal_id, daytext)
                ).fetchone()[0]
                seq = (last or 0) + 1
                serial = sealmod.make_serial(office.hdong_code, day, office.terminal_id, seq)
                salt = os.urandom(16)
                nh = sealmod.name_hash(salt, *person) if person is not None else None
                extra = dict(claims_extra or {})
                if nh is None:
                    extra.setdefault("nonce", salt)  # the phone code stays unguessable
                claims = sealmod.Claims(
                    office.hdong_code,
                    int(now.timestamp()),
                    int((now + VALIDITY[typ]).timestamp()),
                    serial,
                    typ,
                    case.receipt_no if case is not None else None,
                    nh,
                    salt if nh is not None else None,
                    extra,
                )
                payload = sealmod.claims_payload(claims)
                row = IssuedDocument(
                    serial=serial,
                    day=daytext,
                    terminal=office.terminal_id,
                    seq=seq,
                    typ=typ,
                    case_id=case.case_id if case is not None else None,
                    receipt_no=case.receipt_no if case is not None else None,
                    code=sealmod.verification_code(payload),
                    payload_sha256=hashlib.sha256(payload).hexdigest(),
                    payload=payload,
                    issued_at=now,
                    expires_at=now + VALIDITY[typ],
                    issued_by=operator[:40],
                    lang=lang,
                    prints=1,
                )
                row.id = conn.execute(
                    _INSERT_DOCUMENT_SQL,
                    (
                        row.serial,
                        row.day,
                        row.terminal,
                        row.seq,
                        row.typ,
                        row.case_id,
                        row.receipt_no,
                        row.code,
                        row.payload_sha256,
                        row.payload,
                        to_stored(row.issued_at),
                        to_stored(row.expires_at),
                        row.issued_by,
                        row.lang,
                        row.prints,
                    ),
                ).lastrowid
                action = "document.print"
            conn.execute(
                "INSERT INTO document_prints (document_id, printed_at, printed_by, reprint) VALUES (?, ?, ?, ?)",
                (row.id, to_stored(now), operator[:40], 1 if reprint else 0),
            )
            self._audit.append(
                w,
                operator,
                action,
                case_id=case.case_id if case is not None else None,
                detail={
                    "typ": typ,
                    "serial": row.serial,
                    "print": reprint + 1,
                    "lang": lang,
                    "personal_data": case is not None,
                    **({"copies": copies} if copies > 1 else {}),
                },
            )
        return row, reprint

    def _sealed(self, row: IssuedDocument) -> sealmod.Sealed:
        import cbor2

        signer = self._office.terminal_signer()
        claims = sealmod.Claims.from_cbor_map(cbor2.loads(row.payload))
        return sealmod.seal(signer, claims, row.payload)

    def _finish(
        self, row: IssuedDocument, reprint: int, spec_for, office, copies: int = 1, lang: str | None = None
    ) -> Issued:
        from counter_app.documents.content import copy_labels
        from counter_app.documents.pdfsign import sign_pdf
        from counter_app.documents.render import render, render_copies

        sealed = self._sealed(row)
        facts = SealFacts(row.serial, row.code, sealed.text, row.issued_at, row.expires_at, office.phone, reprint)
        spec = spec_for(facts)
        pdf = render(spec) if copies == 1 else render_copies(spec, copy_labels(lang or row.lang))
        signed = sign_pdf(
            pdf,
            self._office.terminal_signer(),
            reason=f"{row.typ} {row.serial}",
            location=office.office_name,
            signed_at=self._clock(),
        )
        return Issued(signed, row.serial, row.code, row.typ, reprint, sealed.text)

    # ---------------------------------------------------------------- issuing
    def _case(self, receipt_no: str) -> Case:
        case = self._queue.find_by_receipt(receipt_no)
        if case is None or not case.receipt_no:
            raise UserError(NO_SUCH_RECEIPT if case is None else NOT_A_CASE_DOCUMENT)
        return case

    def case_document(self, operator: str, typ: str, receipt_no: str, lang: str = "ko", copies: int = 1) -> Issued:
        """The receipt ('receipt') or the interim confirmation ('interim') of one queued case.
        `copies` 2: both copies on one A4 sheet (민원인용 / 기관보관용), one serial, one print."""
        from counter_app.documents.content import case_document

        if typ not in ("receipt", "interim"):
            raise ValueError(typ)
        if copies not in (1, 2):
            raise UserError(COPIES_ONE_OR_TWO)
        case = self._case(receipt_no)
        if typ == "interim" and (case.state in FINAL_STATES or case.registered_at is not None):
            raise UserError(ALREADY_REGISTERED)
        printable = self._queue.print_case(case.case_id)
        office = self._office.require()
        row, reprint = self._record(
            operator,
            typ,
            lang,
            case=case,
            person=(printable.applicant_name, printable.applicant_birth_date),
            office=office,
            copies=copies,
        )
        return self._finish(
            row,
            reprint,
            lambda facts: case_document(typ, printable, office.official_name, facts, lang),
            office,
            copies,
            lang,
        )

    def receipt(self, operator: str, receipt_no: str, lang: str = "ko", copies: int = 1) -> Issued:
        return self.case_document(operator, "receipt", receipt_no, lang, copies)

    def interim(self, operator: str, receipt_no: str, lang: str = "ko", copies: int = 1) -> Issued:
        return self.case_document(operator, "interim", receipt_no, lang, copies)

    def notice(self, operator: str, lang: str = "ko") -> Issued:
        """The outage notice from the status board (cache, no network) and the office profile."""
        from counter_app.documents.content import notice_document

        board = self._status.board()
        office = self._office.require()
        fingerprint = pki.fingerprint(office.root_certificate) if office.root_certificate else "-"
        row, reprint = self._record(operator, "notice", lang, office=office)
        return self._finish(
            row, reprint, lambda facts: notice_document(board, office, fingerprint, facts, lang), office
        )

    def register(self, operator: str, day: dt.date | None = None, lang: str = "ko") -> Issued:
        """The day's register (민원 처리부, KST day; default today), ending with the audit chain head."""
        from counter_app.documents.content import register_document
        from counter_app.offline.repository import QueueFilter

        day = day or _kst_day(self._clock())
        office = self._office.require()
        f = QueueFilter(date_from=day, date_to=day)
        rows = self._queue.page(f, 0, max(1, self._queue.count(f)), "received_at", False)
        row, reprint = self._record(operator, "register", lang, claims_extra={"day": day.isoformat()}, office=office)
        with self._db.read() as s:
            head = s.execute(select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc())).first()
        audit_head = (head[0], head[1]) if head else None
        return self._finish(
            row, reprint, lambda facts: register_document(office, day, rows, audit_head, facts, lang), office
        )

    def sync_report(self, operator: str, lang: str = "ko") -> tuple[Issued, int]:
        """The sync report (issue 10 §3; documents/sync_report.py): every case with its official
        number, signed like every document. Returns it and the number of cases listed."""
        from counter_app.documents import sync_report

        office = self._office.require()
        with self._db.read() as s:
            conn = s.connection().connection.driver_connection
            rows, last_run = sync_report.report_rows(conn)
            head = s.execute(select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc())).first()
        made_at = self._clock()
        row, reprint = self._record(operator, sync_report.TYP, lang, claims_extra={"cases": len(rows)}, office=office)
        audit_head = (head[0], head[1]) if head else None
        issued = self._finish(
            row,
            reprint,
            lambda facts: sync_report.report_spec(office, rows, last_run, audit_head, made_at, facts, lang),
            office,
        )
        return issued, len(rows)

    def day_receipts(self, day: dt.date) -> list[str]:
        """The receipt numbers of one KST day's cases, oldest first (batch printing)."""
        from counter_app.offline.repository import QueueFilter

        f = QueueFilter(date_from=day, date_to=day)
        return [
            r.receipt_no
            for r in self._queue.page(f, 0, max(1, self._queue.count(f)), "received_at", False)
            if r.receipt_no
        ]

    def ledger(self, day: dt.date | None = None) -> list[dict]:
        with self._db.read() as s:
            q = select(IssuedDocument).order_by(IssuedDocument.id)
            if day is not None:
                q = q.where(IssuedDocument.day == f"{day:%Y%m%d}")
            return [
                {
                    "serial": r.serial,
                    "typ": r.typ,
                    "receipt_no": r.receipt_no,
                    "code": r.code,
                    "issued_at": to_kst(r.issued_at).isoformat(),
                    "expires_at": to_kst(r.expires_at).isoformat(),
                    "prints": r.prints,
                    "closed_reason": r.closed_reason,
                }
                for r in s.execute(q).scalars()
            ]

    # ---------------------------------------------------------------- verifying
    def verify_text(self, text: str) -> Verdict:
        """The QR text of a document: every check of contracts.md §4."""
        try:
            opened = sealmod.open_seal(text)
        except sealmod.SealError as exc:
            return _refuse(exc.reason, exc.msg)
        claims = opened.claims
        facts = self._facts(claims)
        try:
            who = self._trust.verify([opened.certificate_der], at=claims.issued_at)
        except pki.ChainError as exc:
            return _refuse(exc.reason, exc.msg, facts)
        facts["signed_by"] = who.as_json()
        facts["office_name"] = who.office_name
        if who.office_code != claims.iss:
            return _refuse(pki.UNKNOWN_ISSUER, pki._CHAIN_MESSAGES[pki.UNKNOWN_ISSUER], facts)
        now = self._clock()
        if now > claims.expires_at:
            return _refuse(EXPIRED, REASONS[EXPIRED], facts)
        if who.own_office:
            with self._db.read() as s:
                row = s.execute(select(IssuedDocument).where(IssuedDocument.serial == claims.cti)).scalar_one_or_none()
                case_registered = row is not None and row.typ == "interim" and _case_registered(s, row.case_id)
            if row is None or row.payload_sha256 != opened.payload_sha256:
                return _refuse(NOT_IN_LEDGER, REASONS[NOT_IN_LEDGER], facts)
            facts["ledger"] = {"prints": row.prints, "issued_by": row.issued_by}
            if row.closed_at is not None or case_registered:
                return _refuse(REGISTERED, REASONS[REGISTERED], facts)
        return Verdict(True, None, None, facts, claims)

    @staticmethod
    def _facts(claims: sealmod.Claims) -> dict:
        out = {
            "typ": claims.typ,
            "serial": claims.cti,
            "office_code": claims.iss,
            "receipt_no": claims.rno,
            "issued_at": to_kst(claims.issued_at).isoformat(),
            "expires_at": to_kst(claims.expires_at).isoformat(),
            "code": sealmod.verification_code(sealmod.claims_payload(claims)),
            "person_hash": claims.nh is not None,
        }
        if isinstance(claims.extra.get("day"), str):
            out["day"] = claims.extra["day"]
        return out

    def verify_image(self, path: Path | str) -> Verdict:
        """A photo or scan of the paper (PNG, JPEG …): the QR code read with zxing-cpp."""
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as img:
                if img.width * img.height > MAX_IMAGE_PIXELS:
                    raise UserError(Msg("그림이 너무 큽니다.", "The image is too large."))
                texts = qr_texts(img)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError):
            raise UserError(Msg("그림 파일을 읽을 수 없습니다.", "The image file cannot be read.")) from None
        return self._first_good(texts)

    def _first_good(self, texts: list[str]) -> Verdict:
        if not texts:
            return _refuse(NO_QR, REASONS[NO_QR])
        verdicts = [self.verify_text(t) for t in texts]
        return next((v for v in verdicts if v.ok), verdicts[0])

    def verify_pdf(self, data: bytes) -> Verdict:
        """A document PDF: its PAdES signature (whole file, trusted terminal) AND the QR code read
        from a 150-dpi rendering of the first page, as a scanner would see it."""
        from counter_app.documents.pdfsign import check_pdf

        if len(data) > MAX_PDF:
            raise UserError(Msg("PDF 파일이 너무 큽니다.", "The PDF file is too large."))
        check = check_pdf(data)
        if not check.ok:
            return _refuse(check.reason or "pdf_bad_signature", check.message or REASONS[NO_QR])
        try:
            texts = qr_texts(render_page_image(data))
        except (RuntimeError, ValueError):  # pdfium could not draw the page (PdfiumError)
            texts = []
        verdict = self._first_good(texts)
        if not verdict.ok:
            return verdict
        try:
            pdf_who = self._trust.verify(
                list(check.certificate_chain_der), at=verdict.claims.issued_at if verdict.claims else None
            )
        except pki.ChainError as exc:
            return _refuse(exc.reason, exc.msg, verdict.facts)
        if pdf_who.certificate_serial != verdict.facts["signed_by"]["certificate_serial"]:
            return _refuse(PDF_QR_MISMATCH, REASONS[PDF_QR_MISMATCH], verdict.facts)
        return Verdict(True, None, None, {**verdict.facts, "pdf_signature": "valid"}, verdict.claims)

    def verify_code(self, code: str) -> Verdict:
        """A check code read out on the phone: looked up in this office's ledger."""
        norm = sealmod.normalise_code(code)
        with self._db.read() as s:
            row = s.execute(select(IssuedDocument).where(IssuedDocument.code == norm)).scalar_one_or_none()
            if row is None:
                return _refuse(CODE_UNKNOWN, REASONS[CODE_UNKNOWN])
            registered = row.typ == "interim" and _case_registered(s, row.case_id)
            office = self._office.require()
        facts = {
            "typ": row.typ,
            "serial": row.serial,
            "office_code": office.hdong_code,
            "office_name": office.office_name,
            "receipt_no": row.receipt_no,
            "issued_at": to_kst(row.issued_at).isoformat(),
            "expires_at": to_kst(row.expires_at).isoformat(),
            "code": row.code,
            "ledger": {"prints": row.prints, "issued_by": row.issued_by},
        }
        if self._clock() > row.expires_at:
            return _refuse(EXPIRED, REASONS[EXPIRED], facts)
        if row.closed_at is not None or registered:
            return _refuse(REGISTERED, REASONS[REGISTERED], facts)
        return Verdict(True, None, None, facts)


def qr_texts(img) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in a PIL image."""
    import zxingcpp

    found = zxingcpp.read_barcodes(img.convert("L"))
    return [r.text for r in found if r.text and r.format == zxingcpp.BarcodeFormat.QRCode]


def render_page_image(pdf: bytes, dpi: int = 150, page: int = 0):
    """Page `page` of a PDF as a PIL image at `dpi` (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
