"""SQLAlchemy 2 typed models: the office's durable state.

Times are stored as fixed-width UTC ISO strings (sortable as text, unambiguous) and come back as
aware datetimes. Changing a model means adding an Alembic migration in offline/migrations/versions
and bumping SCHEMA_HEAD in offline/schema.py; tests/unit/test_migrations.py checks they agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_app.cases.states import CaseState  # noqa: F401  (re-exported)
from counter_app.offline.stored_time import from_stored, to_stored

UTC = dt.UTC


class UTCDateTime(TypeDecorator):
    """Aware datetime <-> 'YYYY-MM-DDTHH:MM:SS.ffffff+00:00' text (always UTC)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return to_stored(value)  # offline/stored_time.py: the one conversion

    def process_result_value(self, value, dialect):
        return from_stored(value)


class Base(DeclarativeBase):
    pass


# CaseState lives with the state machine (counter_app/cases/states.py); re-exported here.


class Office(Base):
    """This terminal's office profile and keys (one row). Private keys are sealed by the passphrase."""

    __tablename__ = "office"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hdong_code: Mapped[str] = mapped_column(String(10))
    sigungu_code: Mapped[str] = mapped_column(String(5))
    sigungu_name: Mapped[str] = mapped_column(String(40))
    dong_name: Mapped[str] = mapped_column(String(40))
    office_name: Mapped[str] = mapped_column(String(80))
    terminal_id: Mapped[str] = mapped_column(String(8))
    official_name: Mapped[str] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    passphrase_hash: Mapped[str] = mapped_column(String(200))
    seal_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    seal_private_key_enc: Mapped[bytes] = mapped_column(LargeBinary)
    sign_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_private_key_enc: Mapped[bytes] = mapped_column(LargeBinary)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The office root (pki.py): its CA certificate (DER) and its ECDSA key under the passphrase.
    # NULL in offices set up before migration 0003 until a supervisor unlocks (office.ensure_pki).
    root_certificate: Mapped[bytes | None] = mapped_column(LargeBinary)
    root_key_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class TerminalCertificate(Base):
    """Every terminal certificate this office root issued, and the revocation list (revoked_at set).
    The private keys are never here: a terminal's is in its 0600 key file (pki.py)."""

    __tablename__ = "terminal_certificates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)  # hex
    terminal: Mapped[str] = mapped_column(String(8), index=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # DER
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the DER
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(40))
    revocation_reason: Mapped[str | None] = mapped_column(String(200))


class Operator(Base):
    """A person who signs in at this terminal: a clerk or a supervisor."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(12))  # clerk | supervisor
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # True: pin_hash is Argon2id over HMAC-SHA256(pin.key, PIN) (accounts.PinKey); False: an account
    # from before migration 0005 (plain Argon2id), re-hashed keyed at its next good sign-in.
    pin_keyed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


# What a case document says (its channel, class, service, text and applicant), in the cases
# table's column names and one fixed order: the content hash, the submit's INSERT and the wire
# read of the sync each take this block whole (their own columns around it), so a new field is
# added in one place. The order is part of the stored content hashes: append, never reorder.
CASE_APPLICATION_COLUMNS: tuple[str, ...] = (
    "channel",
    "category",
    "service_code",
    "title",
    "content",
    "applicant_kind",
    "applicant_name",
    "applicant_birth_date",
    "applicant_gender",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "applicant_postcode",
    "rrn_sealed",
    "disclose",
    "notify_by",
    "region",
    "attachments_note",
)


class Case(Base):
    """One civil complaint (민원), from the first keystroke (DRAFT) to registration."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), unique=True)  # client UUID, immutable
    receipt_no: Mapped[str | None] = mapped_column(String(40), unique=True)  # set when queued
    state: Mapped[str] = mapped_column(String(20))  # indexed by ix_cases_state_received (state first)
    office_code: Mapped[str] = mapped_column(String(10))
    terminal: Mapped[str] = mapped_column(String(8))
    clerk: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(10))
    category: Mapped[str | None] = mapped_column(String(12))
    service_code: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[str | None] = mapped_column(Text)
    applicant_kind: Mapped[str | None] = mapped_column(String(12))  # person | organisation
    applicant_name: Mapped[str | None] = mapped_column(String(100), index=True)
    applicant_birth_date: Mapped[str | None] = mapped_column(String(10))
    applicant_gender: Mapped[str | None] = mapped_column(String(1))
    applicant_phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    applicant_email: Mapped[str | None] = mapped_column(String(254))
    applicant_address: Mapped[str | None] = mapped_column(String(300))
    applicant_postcode: Mapped[str | None] = mapped_column(String(5))
    rrn_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)  # never the clear number
    disclose: Mapped[bool] = mapped_column(Boolean, default=False)
    notify_by: Mapped[str | None] = mapped_column(String(10))
    region: Mapped[str | None] = mapped_column(String(100))  # 민원 발생 지역
    attachments_note: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[str | None] = mapped_column(Text)  # JSON list of warning codes
    draft_json: Mapped[str | None] = mapped_column(Text)  # half-typed form, never the RRN
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    due_date: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Sync bookkeeping (driven by the sync issue; defined now so the state machine is whole).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    official_no: Mapped[str | None] = mapped_column(String(60))
    registered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # 시행령 제20조 2호: the case was first received THROUGH the information system (imported from it or
    # re-keyed out of it), so an outage that blocks its processing is not counted (migration 0004).
    received_via_system: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (Index("ix_cases_state_received", "state", "received_at"),)


class CaseTransition(Base):
    """Every state change of a case, in order: the case's own history."""

    __tablename__ = "case_transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    operator: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text)


class ReceiptCounter(Base):
    """Per terminal, per day: the last receipt sequence used (gap-free, no coordination)."""

    __tablename__ = "receipt_counters"
    terminal: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)  # YYYYMMDD, KST
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Append-only, hash-chained: each entry's hash covers its fields and the previous hash."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    operator: Mapped[str] = mapped_column(String(40))
    terminal: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(40))  # never filtered on: no index to write (0010)
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)  # JSON, never personal data
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class OutageWindow(Base):
    """A period the office records as 'systems down': excluded from processing deadlines."""

    __tablename__ = "outage_windows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class StatusSnapshot(Base):
    """The status fetch log, run-length encoded per source: one row per distinct good payload
    (repeated identical fetches only move last_fetched_at and fetch_count) and one per run of
    identical failures. `payload` is the normalised snapshot in the native feed format."""

    __tablename__ = "status_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str] = mapped_column(String(20))
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # first fetch of this payload/error
    last_fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # latest identical fetch
    fetch_count: Mapped[int] = mapped_column(Integer, default=1)
    source_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)  # JSON {"ko", "en"} when not ok
    warnings: Mapped[str | None] = mapped_column(Text)  # JSON [{"ko", "en"}] of skipped items
    payload: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    restored: Mapped[int | None] = mapped_column(Integer)  # this source's own counts, for history
    total: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(10), default="fetch")  # fetch | file (load_snapshot_file)

    __table_args__ = (Index("ix_status_snapshots_source", "location", "kind", "id"),)


class StatusNote(Base):
    """A supervisor's manual note on the status board (who and when are shown with it)."""

    __tablename__ = "status_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(40))  # staff id
    author_name: Mapped[str | None] = mapped_column(String(40))
    system_id: Mapped[str | None] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)


class CaseExtension(Base):
    """An extension of a case's processing period (시행령 제21조): at most two, the second with
    the applicant's consent; each by at most the original period. Migration 0004."""

    __tablename__ = "case_extensions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # 1 or 2
    previous_due: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    until: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    reason_code: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    applicant_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    notice_printed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # 21조③ notice (documents)


class AdHocHoliday(Base):
    """A public holiday designated at short notice (임시공휴일, 관공서의 공휴일에 관한 규정 제2조11호),
    which the holidays package cannot know: recorded by a supervisor. Migration 0004."""

    __tablename__ = "adhoc_holidays"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD (KST)
    name: Mapped[str] = mapped_column(String(100))
    recorded_by: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class OfficePeriod(Base):
    """This office's own processing period for a service (the 민원처리기준표 as the office checked
    it), set by a supervisor with a note; it replaces the catalogue's period. Migration 0004."""

    __tablename__ = "office_periods"
    service_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    period_days: Mapped[int | None] = mapped_column(Integer)
    period_hours: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500))
    set_by: Mapped[str] = mapped_column(String(20))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class FailureCounter(Base):
    """Failed attempts at a secret that has no operators row to count them on (accounts.py):
    'passphrase' (the supervisor passphrase, office-wide) and 'pin:<staff id>' for a staff id with
    no active account, so an unknown id is refused exactly like a real one."""

    __tablename__ = "failure_counters"
    subject: Mapped[str] = mapped_column(String(40), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ProcedureWalk(Base):
    """A clerk's walk through a procedure guide (counter_app/procedures). 'open' while it is under
    way (state_json: the engine state, resumable after a closed window; it may hold what an input
    step captured, never an RRN), then 'done' (path_json: the steps and actions taken, no personal
    data; case_id: the case it produced, once saved) or 'abandoned'. Migration 0006."""

    __tablename__ = "procedure_walks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    walk_id: Mapped[str] = mapped_column(String(36), unique=True)
    guide_id: Mapped[str] = mapped_column(String(100))
    guide_version: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str] = mapped_column(String(40))
    terminal: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))  # open | done | abandoned
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    state_json: Mapped[str | None] = mapped_column(Text)
    path_json: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (Index("ix_procedure_walks_operator_status", "operator", "status", "updated_at"),)


class IssuedDocument(Base):
    """One printed document in the gapless ledger (counter_app/documents/ledger.py). Migration 0007."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(48), unique=True)
    day: Mapped[str] = mapped_column(String(8))  # YYYYMMDD, KST
    terminal: Mapped[str] = mapped_column(String(8))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … per terminal and day, no gaps
    typ: Mapped[str] = mapped_column(String(16))  # receipt | interim | notice | register
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    receipt_no: Mapped[str | None] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(16), unique=True)  # the phone verification code
    payload_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # the signed CWT claims (no raw personal data)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(2))
    prints: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_reason: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("terminal", "day", "seq", name="uq_documents_terminal_day_seq"),)


class DocumentPrint(Base):
    """Every print of a serial: the first and each reprint (재발급). Migration 0007."""

    __tablename__ = "document_prints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"), index=True)
    printed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    printed_by: Mapped[str] = mapped_column(String(40))
    reprint: Mapped[bool] = mapped_column(Boolean)


class TrustedRoot(Base):
    """Another office's root certificate (counter_app/trust.py), and the revoked terminal serials
    of the last CRL imported for it (JSON list of hex). Migration 0007."""

    __tablename__ = "trusted_roots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    office_code: Mapped[str | None] = mapped_column(String(10))
    office_name: Mapped[str | None] = mapped_column(String(200))
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # DER
    not_after: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(40))
    revoked_serials: Mapped[str | None] = mapped_column(Text)
    crl_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SyncLease(Base):
    """THE one sync worker of a data directory (counter_app/sync/lease.py): one row, held by
    `holder` until `expires_at` (renewed while it works; a dead holder's lease simply runs out,
    or is taken over at once when its process is gone on this same host). Migration 0008."""

    __tablename__ = "sync_lease"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    holder: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class SyncRun(Base):
    """One supervisor sync run: target (no credentials), who, when, how it ended, counts per
    outcome (JSON). Migration 0008."""

    __tablename__ = "sync_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(500))
    operator: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))  # running | done | unresolved | stopped | cancelled
    counts_json: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)


class SyncAttempt(Base):
    """One attempt to register one case (or to ask the server about it): the per-case record the
    supervisor's console and the sync report read. Never request content. Migration 0008."""

    __tablename__ = "sync_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("sync_runs.id", ondelete="RESTRICT"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(12))  # send | lookup
    outcome: Mapped[str] = mapped_column(String(20))  # the state it led to
    http_status: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)


class Open311Token(Base):
    """An Open311 GeoReport v2 `token` answer, stored before it is polled, so polling resumes
    after a restart. Migration 0008."""

    __tablename__ = "open311_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), unique=True)
    endpoint: Mapped[str] = mapped_column(String(500))
    token: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    polled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    service_request_id: Mapped[str | None] = mapped_column(String(100))


class PurgeLogEntry(Base):
    """One retention purge of one case's personal data (which fields, when, by whom; never the
    data). Migration 0008."""

    __tablename__ = "purge_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    purged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    purged_by: Mapped[str] = mapped_column(String(40))
    fields: Mapped[str] = mapped_column(String(200))  # comma-separated field names
    registered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class StatusDeskVersion(Base):
    """One version of the status desk's editable board (status/desk.py): the whole native feed
    document after a change, who made it, when and what changed. Never updated or deleted; undo is
    a new version carrying an older document. Migration 0009."""

    __tablename__ = "status_desk_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(40))
    author_name: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # start | set | add | remove | incident | counts | revert
    system_id: Mapped[str | None] = mapped_column(String(100))
    changes: Mapped[str] = mapped_column(Text)  # JSON [{"field", "old", "new"}]: feed data, no personal data
    document: Mapped[str] = mapped_column(Text)  # the native feed document (JSON)
    content_hash: Mapped[str] = mapped_column(String(64))


class StatusDeskPublication(Base):
    """One `status publish`: which version, by whom, when, the SHA-256 of the feed.json bytes."""

    __tablename__ = "status_desk_publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("status_desk_versions.id", ondelete="RESTRICT"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(40))
    feed_sha256: Mapped[str] = mapped_column(String(64))
    out_dir: Mapped[str] = mapped_column(String(1000))
