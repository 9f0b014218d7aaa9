"""What the CLI and the GUI call for sync: build an engine for a target, the state of the
outbox (`sync status`), the runs, and the supervisor's console actions. Qt-free."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from counter_app.cases.states import (
    QUARANTINED,
    QUEUED,
    RETRY_WAIT,
    SENDING,
    UNKNOWN_OUTCOME,
    UNSENT_STATES,
)
from counter_app.clock import Clock, system_clock
from counter_app.errors import UserError
from counter_app.i18n import Msg

TARGET_KINDS = ("intake-api", "open311")


def parse_target(spec: str) -> tuple[str, str]:
    """'intake-api:URL' -> ('intake-api', URL)."""
    kind, sep, url = (spec or "").partition(":")
    if not sep or kind not in TARGET_KINDS or not url:
        raise UserError(
            Msg(
                "동기화 대상은 intake-api:주소 또는 open311:주소 형식이어야 합니다.",
                "The sync target must be intake-api:URL or open311:URL.",
            )
        )
    return kind, url


class SyncService:
    def __init__(self, db, queue, audit, clock: Clock = system_clock, documents=None):
        self._db = db
        self._queue = queue
        self._audit = audit
        self._clock = clock
        self._documents = documents  # () -> DocumentService, for the signed PDF report

    def target(self, spec: str, token: str, *, cancelled=None):
        kind, url = parse_target(spec)
        if kind == "open311":
            from counter_app.sync.open311 import Open311Client

            return Open311Client(url, token, cancelled=cancelled)
        from counter_app.sync.intake_api import IntakeApiClient

        return IntakeApiClient(url, token, cancelled=cancelled)

    def engine(
        self,
        target,
        *,
        actor_id: str,
        unsealer=None,
        options=None,
        progress=None,
        cancelled=None,
        sleep=None,
        rng=None,
        lease=None,
    ):
        from counter_app.sync.engine import SyncEngine, SyncOptions

        return SyncEngine(
            self._db,
            self._queue,
            self._audit,
            target,
            actor_id=actor_id,
            unsealer=unsealer,
            clock=self._clock,
            sleep=sleep,
            rng=rng,
            options=options or SyncOptions(),
            progress=progress,
            cancelled=cancelled,
            lease=lease,
        )

    def bundles(self, office, trust):
        """Office bundles (bundle.py): export / import of unsent cases, signed and sealed."""
        from counter_app.sync.bundle import Bundles

        return Bundles(self._db, self._queue, office, trust, self._audit, self._clock)

    def purge(self, settings):
        """The retention purge (purge.py) over this office's database."""
        from counter_app.sync.purge import RetentionPurge

        return RetentionPurge(self._db, self._audit, settings, self._clock)

    # ------------------------------------------------------------------ reading
    def status(self, problems: int = 50) -> dict:
        """`sync status --json`: counts by state, the oldest unsent case and its age, who holds the
        lease, the last run, and the cases that need a person (last error; masked: no personal data)."""
        from counter_app.offline.models import Case, SyncRun
        from counter_app.offline.stored_time import kst_iso
        from counter_app.sync.lease import current_holder

        stats = self._queue.stats()
        now = self._clock()
        with self._db.read() as s:
            oldest = s.execute(select(func.min(Case.received_at)).where(Case.state.in_(UNSENT_STATES))).scalar()
            rows = s.execute(
                select(Case.case_id, Case.receipt_no, Case.state, Case.attempts, Case.last_error, Case.last_attempt_at)
                .where(Case.state.in_((QUARANTINED, UNKNOWN_OUTCOME, RETRY_WAIT, SENDING)))
                .order_by(Case.received_at)
                .limit(problems)
            ).all()
            run = s.execute(select(SyncRun).order_by(SyncRun.id.desc()).limit(1)).scalar_one_or_none()
        last_run: dict[str, Any] | None = None
        if run is not None:
            last_run = {
                "id": run.id,
                "kind": run.target_kind,
                "target": run.target,
                "operator": run.operator,
                "started_at": kst_iso(run.started_at),
                "ended_at": kst_iso(run.ended_at),
                "status": run.status,
                "counts": json.loads(run.counts_json) if run.counts_json else {},
            }
        unsent = sum(stats["by_state"].get(st, 0) for st in UNSENT_STATES)
        return {
            "by_state": stats["by_state"],
            "total": stats["total"],
            "unsent": unsent,
            "oldest_unsent_at": kst_iso(oldest),
            "oldest_unsent_age_seconds": int((now - oldest).total_seconds()) if oldest else None,
            "lease": current_holder(self._db),
            "last_run": last_run,
            "problems": [
                {
                    "case_id": r[0],
                    "receipt_no": r[1],
                    "state": r[2],
                    "attempts": r[3] or 0,
                    "last_error": r[4],
                    "last_attempt_at": kst_iso(r[5]),
                }
                for r in rows
            ],
        }

    def attempts(self, case_id: str) -> list[dict]:
        """Every attempt for one case, oldest first (the console's detail)."""
        from counter_app.offline.models import Case, SyncAttempt
        from counter_app.offline.stored_time import kst_iso

        with self._db.read() as s:
            rows = (
                s.execute(
                    select(SyncAttempt)
                    .join(Case, Case.id == SyncAttempt.case_pk)
                    .where(Case.case_id == case_id)
                    .order_by(SyncAttempt.id)
                )
                .scalars()
                .all()
            )
            return [
                {
                    "at": kst_iso(r.at),
                    "kind": r.kind,
                    "outcome": r.outcome,
                    "http_status": r.http_status,
                    "detail": r.detail,
                    "run": r.run_id,
                }
                for r in rows
            ]

    REPORT_COLUMNS = (
        "receipt_no",
        "case_id",
        "received_at",
        "service_code",
        "state",
        "official_no",
        "registered_at",
        "attempts",
        "last_error",
    )

    def write_report(self, actor, path, lang: str | None = None) -> int:
        """The sync report (supervisor): every case with its official number — the office's proof of
        registration under 시행령 제6조의2③. A path ending in .pdf gets the signed PDF (document kind
        `sync-report`, through the documents module: ledger serial, QR seal, PAdES signature); any
        other the CSV (UTF-8 with BOM, for Excel). No names, phones or addresses: the receipt number
        (and in the CSV the case id) identify each case. Written to a temporary file and renamed;
        audited ('sync.report', with the format). Returns the number of cases listed."""
        from pathlib import Path

        _require_supervisor(actor)
        target = Path(path)
        if target.suffix.lower() == ".pdf":
            return self._write_pdf_report(actor, target, lang)
        return self._write_csv_report(actor, target)

    def _write_pdf_report(self, actor, target, lang: str | None) -> int:
        from counter_app.i18n import current_language

        if self._documents is None:
            raise UserError(
                Msg("이 화면에서는 PDF 보고서를 만들 수 없습니다.", "The PDF report cannot be made from here.")
            )
        issued, n = self._documents().sync_report(actor.id, lang or current_language())
        _write_atomically(target, lambda fh: fh.write(issued.pdf), binary=True)
        with self._db.write() as s:
            self._audit.append(
                s, actor.id, "sync.report", detail={"cases": n, "format": "pdf", "serial": issued.serial}
            )
        return n

    def _write_csv_report(self, actor, target) -> int:
        import csv

        from counter_app.offline.models import Case
        from counter_app.offline.stored_time import kst_iso

        with self._db.read() as s:
            rows = s.execute(
                select(
                    Case.receipt_no,
                    Case.case_id,
                    Case.received_at,
                    Case.service_code,
                    Case.state,
                    Case.official_no,
                    Case.registered_at,
                    Case.attempts,
                    Case.last_error,
                )
                .where(Case.receipt_no.is_not(None))
                .order_by(Case.received_at, Case.id)
            ).all()

        def write(fh) -> None:
            out = csv.writer(fh)
            out.writerow(self.REPORT_COLUMNS)
            for r in rows:
                out.writerow(
                    [_cell(v) for v in (r[0], r[1], kst_iso(r[2]), r[3], r[4], r[5], kst_iso(r[6]), r[7] or 0, r[8])]
                )

        _write_atomically(target, write, binary=False)
        with self._db.write() as s:
            self._audit.append(s, actor.id, "sync.report", detail={"cases": len(rows), "format": "csv"})
        return len(rows)

    # ------------------------------------------------------------------ console actions
    def requeue(self, actor, case_id: str, reason: str) -> None:
        """A supervisor puts a QUARANTINED case back in the queue (after correcting it elsewhere,
        or after the central system was fixed), with a reason; audited."""
        from counter_app.offline.repository import CaseRepository

        _require_supervisor(actor)
        reason = _reason(reason)
        with self._db.write() as s:
            case = CaseRepository.case_in(s, case_id)
            if case.state != QUARANTINED:
                raise UserError(
                    Msg(
                        "보류된 민원만 다시 대기열에 넣을 수 있습니다.",
                        "Only a quarantined complaint can be put back in the queue.",
                    )
                )
            self._queue.transition(
                s, case, QUEUED, actor.id, reason, audit_action="sync.requeue_by_supervisor", role="supervisor"
            )
            case.last_error = None

    def reentry_document(self, actor, case_id: str) -> dict:
        """Assisted re-entry (a system with no API: 새올, 국민신문고's staff screens): the case's
        fields in clear for a supervisor to re-key, without the RRN (revealed separately, with a
        reason). The view of personal data is audited before it is returned."""
        from counter_app.cases.read_models import case_document
        from counter_app.cases.states import UNSENT_STATES
        from counter_app.offline.repository import CaseRepository
        from counter_app.offline.stored_time import kst_iso

        _require_supervisor(actor)
        with self._db.write() as s:
            case = CaseRepository.case_in(s, case_id)
            if case.state not in UNSENT_STATES:
                raise UserError(Msg("이미 등록된 민원입니다.", "This complaint is registered already."))
            document = case_document(case, self._queue.catalogue)
            document.update(
                {
                    "case_id": case.case_id,
                    "receipt_no": case.receipt_no,
                    "received_at": kst_iso(case.received_at),
                    "has_rrn": case.rrn_sealed is not None,
                }
            )
            self._audit.append(
                s, actor.id, "case.view_for_reentry", case_id=case.case_id, detail={"receipt_no": case.receipt_no}
            )
        return document

    def mark_registered(self, actor, case_id: str, official_no: str, reason: str) -> None:
        """A supervisor records that the case is registered in the central system (re-keyed by hand
        or found there), with the official number and a reason: REGISTERED_MANUALLY, audited."""
        from counter_app.cases.states import REGISTERED_MANUALLY
        from counter_app.offline.repository import CaseRepository

        _require_supervisor(actor)
        reason = _reason(reason)
        official = (official_no or "").strip()
        if not official or len(official) > 60 or not official.isprintable():
            raise UserError(
                Msg(
                    "중앙 시스템의 등록번호를 입력하십시오(60자 이내).",
                    "Type the central system's registration number (at most 60 characters).",
                )
            )
        with self._db.write() as s:
            case = CaseRepository.case_in(s, case_id)
            self._queue.transition(
                s,
                case,
                REGISTERED_MANUALLY,
                actor.id,
                reason,
                audit_action="sync.registered_manually",
                audit_detail={"official_no": official},
                role="supervisor",
            )
            case.official_no = official
            case.registered_at = self._clock()
            case.last_error = None


def _write_atomically(target, write, *, binary: bool) -> None:
    """`write(fh)` into a temporary file beside `target`, fsync'ed, then renamed over it (0600 by the
    program's umask): a reader never sees half a report."""
    import os
    import tempfile
    from pathlib import Path

    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".sync-report-", suffix=".tmp")
    except OSError:
        raise UserError(Msg("보고서를 쓸 폴더에 쓸 수 없습니다.", "Cannot write in the report's folder.")) from None
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(reason: str) -> str:
    from counter_app.pii import mask_text

    text = (reason or "").strip()
    if not text:
        raise UserError(Msg("사유를 입력하십시오.", "Give a reason."))
    return (mask_text(text) or "")[:500]


def _require_supervisor(actor) -> None:
    if not getattr(actor, "is_supervisor", False):
        raise UserError(Msg("감독자만 할 수 있는 작업입니다.", "Only a supervisor may do this."))


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
