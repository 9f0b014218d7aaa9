"""The offline-first status cache: a run-length encoded fetch log per source, and notes.

Every good fetch is kept (the history chart reads it), but a payload identical to the source's
previous good payload only moves `last_fetched_at` and `fetch_count` on that row, and a failure
identical to the previous failure likewise, so polling every few minutes keeps the table small
while our fetch times stay on record. Source update time and our fetch time are separate columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.i18n import Msg
from counter_app.offline.models import StatusNote, StatusSnapshot
from counter_app.status.adapters.native import to_native
from counter_app.status.model import SourceSnapshot


@dataclass(frozen=True)
class SnapshotMeta:
    """A status_snapshots row without its payload (cheap to read on every board())."""

    id: int
    location: str
    kind: str
    ok: bool
    fetched_at: dt.datetime
    last_fetched_at: dt.datetime
    source_updated_at: dt.datetime | None
    error: Msg | None
    warnings: tuple[Msg, ...]
    content_hash: str | None
    restored: int | None
    total: int | None
    origin: str
    redirected_to: str | None = None  # this fetch ended on another host (stored with the warnings)
    signature: dict | None = None  # a signed native feed: {"signature": publish.Signature json, "etag"}


_META_COLUMNS = (
    StatusSnapshot.id,
    StatusSnapshot.location,
    StatusSnapshot.kind,
    StatusSnapshot.ok,
    StatusSnapshot.fetched_at,
    StatusSnapshot.last_fetched_at,
    StatusSnapshot.source_updated_at,
    StatusSnapshot.error,
    StatusSnapshot.warnings,
    StatusSnapshot.content_hash,
    StatusSnapshot.restored,
    StatusSnapshot.total,
    StatusSnapshot.origin,
)


def _msg_json(msg: Msg) -> str:
    return json.dumps({"ko": msg.ko, "en": msg.en}, ensure_ascii=False, sort_keys=True)


def _msg_from(value: str | None) -> Msg | None:
    if not value:
        return None
    d = json.loads(value)
    return Msg(d.get("ko", ""), d.get("en", ""))


def _meta(row) -> SnapshotMeta:
    notices = json.loads(row.warnings or "[]")
    warnings = tuple(
        Msg(w.get("ko", ""), w.get("en", "")) for w in notices if "redirected_to" not in w and "signature" not in w
    )
    redirected = next((w["redirected_to"] for w in notices if isinstance(w.get("redirected_to"), str)), None)
    signature = next((w for w in notices if isinstance(w.get("signature"), dict)), None)
    return SnapshotMeta(
        row.id,
        row.location,
        row.kind,
        bool(row.ok),
        row.fetched_at,
        row.last_fetched_at,
        row.source_updated_at,
        _msg_from(row.error),
        warnings,
        row.content_hash,
        row.restored,
        row.total,
        row.origin,
        redirected,
        signature,
    )


def _notices(warnings: list[Msg], redirected_to: str | None, signature: dict | None = None) -> str:
    """The `warnings` column: the snapshot's skipped-item warnings, plus a marker entry
    {"redirected_to": URL} when the fetch ended on another host, and one {"signature": …, "etag": …}
    for a signed native feed (status/publish.py) — no schema change needed."""
    items: list[dict] = [{"ko": w.ko, "en": w.en} for w in warnings]
    if redirected_to:
        items.append({"redirected_to": redirected_to})
    if signature and isinstance(signature.get("signature"), dict):
        items.append(signature)
    return json.dumps(items, ensure_ascii=False)


def serialise(snap: SourceSnapshot) -> tuple[str, str]:
    """(payload JSON, SHA-256 of it). Canonical: sorted keys, so equal content hashes equal."""
    payload = json.dumps(to_native(snap), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return payload, hashlib.sha256(payload.encode("utf-8")).hexdigest()


class StatusStore:
    """Reads and writes the status tables inside the caller's session (one unit of work)."""

    @staticmethod
    def _last_row(session: Session, location: str, kind: str, origin: str) -> StatusSnapshot | None:
        return session.execute(
            select(StatusSnapshot)
            .where(StatusSnapshot.location == location, StatusSnapshot.kind == kind, StatusSnapshot.origin == origin)
            .order_by(StatusSnapshot.id.desc())
            .limit(1)
        ).scalar_one_or_none()

    def record_good(
        self,
        session: Session,
        snap: SourceSnapshot,
        fetched_at: dt.datetime,
        origin: str = "fetch",
        redirected_to: str | None = None,
        signature: dict | None = None,
    ) -> tuple[int, str]:
        """Store a good snapshot; returns (row id, content hash). `signature`: the signed-feed
        marker (who signed, the ETag), kept with the row."""
        payload, digest = serialise(snap)
        warnings = _notices(snap.warnings, redirected_to, signature)
        last = self._last_row(session, snap.location, snap.kind, origin)
        if last is not None and last.ok and last.content_hash == digest:
            last.last_fetched_at = fetched_at
            last.fetch_count += 1
            last.warnings = warnings
            return last.id, digest
        restored, total = snap.counts()
        row = StatusSnapshot(
            location=snap.location,
            kind=snap.kind,
            fetched_at=fetched_at,
            last_fetched_at=fetched_at,
            fetch_count=1,
            source_updated_at=snap.updated_at,
            ok=True,
            error=None,
            warnings=warnings,
            payload=payload,
            content_hash=digest,
            restored=restored,
            total=total,
            origin=origin,
        )
        session.add(row)
        session.flush()
        return row.id, digest

    def record_failure(
        self,
        session: Session,
        location: str,
        kind: str,
        fetched_at: dt.datetime,
        error: Msg,
        redirected_to: str | None = None,
    ) -> None:
        text = _msg_json(error)
        notices = _notices([], redirected_to)
        last = self._last_row(session, location, kind, "fetch")
        if last is not None and not last.ok and last.error == text:
            last.last_fetched_at = fetched_at
            last.fetch_count += 1
            last.warnings = notices
            return
        session.add(
            StatusSnapshot(
                location=location,
                kind=kind,
                fetched_at=fetched_at,
                last_fetched_at=fetched_at,
                fetch_count=1,
                ok=False,
                error=text,
                warnings=notices,
                origin="fetch",
            )
        )

    def latest_attempt(self, session: Session, location: str, kind: str) -> SnapshotMeta | None:
        row = session.execute(
            select(*_META_COLUMNS)
            .where(StatusSnapshot.location == location, StatusSnapshot.kind == kind, StatusSnapshot.origin == "fetch")
            .order_by(StatusSnapshot.id.desc())
            .limit(1)
        ).first()
        return _meta(row) if row else None

    def latest_good(self, session: Session, location: str, kind: str, origin: str = "fetch") -> SnapshotMeta | None:
        row = session.execute(
            select(*_META_COLUMNS)
            .where(
                StatusSnapshot.location == location,
                StatusSnapshot.kind == kind,
                StatusSnapshot.origin == origin,
                StatusSnapshot.ok.is_(True),
            )
            .order_by(StatusSnapshot.id.desc())
            .limit(1)
        ).first()
        return _meta(row) if row else None

    def latest_loaded_file(self, session: Session) -> SnapshotMeta | None:
        row = session.execute(
            select(*_META_COLUMNS)
            .where(StatusSnapshot.origin == "file", StatusSnapshot.ok.is_(True))
            .order_by(StatusSnapshot.id.desc())
            .limit(1)
        ).first()
        return _meta(row) if row else None

    def payload(self, session: Session, row_id: int) -> str:
        # only good rows are read back, and a good row always has its payload
        return session.execute(select(StatusSnapshot.payload).where(StatusSnapshot.id == row_id)).scalar_one() or ""

    def count_rows(self, session: Session, location: str, kind: str) -> list[tuple[dt.datetime, int, int]]:
        """(source time or first fetch time, restored, total) of every good row of one source."""
        rows = session.execute(
            select(
                StatusSnapshot.source_updated_at,
                StatusSnapshot.fetched_at,
                StatusSnapshot.restored,
                StatusSnapshot.total,
            )
            .where(
                StatusSnapshot.location == location,
                StatusSnapshot.kind == kind,
                StatusSnapshot.ok.is_(True),
                StatusSnapshot.total.is_not(None),
            )
            .order_by(StatusSnapshot.id)
        ).all()
        return [(src or fetched, restored or 0, total) for src, fetched, restored, total in rows if total is not None]

    # --- notes ------------------------------------------------------------------------------

    def add_note(
        self, session: Session, at: dt.datetime, author: str, author_name: str | None, body: str, system_id: str | None
    ) -> int:
        note = StatusNote(at=at, author=author, author_name=author_name, body=body, system_id=system_id)
        session.add(note)
        session.flush()
        return note.id

    def notes(self, session: Session, limit: int = 200) -> list[StatusNote]:
        return list(session.execute(select(StatusNote).order_by(StatusNote.id.desc()).limit(limit)).scalars())
