"""StatusService: the status board the GUI page and `counter-app status` both show.

- refresh() fetches every source (KIND:LOCATION), stores each good snapshot, records each failure
  with one readable sentence, and never lets one source's failure hide the others.
- board() builds the typed Board (counter_app/status/board.py; `board.to_json()` makes the
  contracts.md §3 document from it) from the cache only (no network): the latest good snapshot of
  each source, merged; the bundled 2025 snapshot (historical) when nothing was ever fetched. It
  never raises for network trouble.
- A feed with more than a tenth of its systems malformed is a failed source (check_malformed);
  fewer are skipped, each with a warning in that source's entry. A fetch that ended on another
  host names it in the entry (`redirected_to`).

Merge rule (several sources describing one system, keyed by system id): the status and the
time-bound fields (status, since, restored_at, expected_recovery, limitations, data loss, note)
come from the source updated most recently (its own updated_at, else our first fetch of that
payload; ties go to the source listed first). Descriptive fields the winner lacks (English name,
group, grade, ministry, services, alternatives, procedure ids) are filled from the other sources.
Incidents are the union, keyed by id, the most recently updated source winning a duplicate.
Totals: a feed may declare totals for systems it does not list one by one (the 2025 briefings
did); the most recently updated source that declares them gives total/restored, the systems it
does not list count as operational up to the declared restored figure and as major_outage after.
Without declared totals the merged systems marked `counted` are counted. "Restored" = operational
or degraded (usable again, perhaps with limits), as the 2025 briefings counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import random
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.status.board import (
    AlternativeView,
    Board,
    ExpectedRecoveryView,
    GradeSummary,
    IncidentUpdateView,
    IncidentView,
    NoteView,
    ProgressPointView,
    SourceEntry,
    Summary,
    SystemView,
)
from counter_app.status.bundled import BUNDLED_KIND, BUNDLED_LOCATION, load_bundled
from counter_app.status.cache import SnapshotMeta, StatusStore
from counter_app.status.model import (
    RESTORED_STATUSES,
    SEVERITY,
    STATUSES,
    Cancelled,
    FeedError,
    Incident,
    SourceError,
    SourceSnapshot,
    System,
)

log = logging.getLogger(__name__)

SOURCE_KINDS = ("native", "statuspage", "cachet")
MAX_NOTE = 2000
MALFORMED_DIVISOR = 10  # more than 1/10 of a feed's systems malformed: the source failed
_PARSED_CACHE_SIZE = 16


def next_poll_delay(
    consecutive_failures: int,
    base_seconds: float,
    *,
    cap_seconds: float = 3600.0,
    jitter: bool = False,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds until the next background poll: the base interval after a success, doubling with
    each consecutive failure up to `cap_seconds`. With jitter the delay is drawn from
    [delay/2, delay] so many counters that lost the network together do not retry in step."""
    base = max(1.0, float(base_seconds))
    failures = max(0, int(consecutive_failures))
    delay = min(max(cap_seconds, base), base * (2 ** min(failures, 30)))
    if jitter:
        delay = delay / 2 + rng() * delay / 2
    return delay


def parse_source(spec: str) -> tuple[str, str]:
    """'KIND:LOCATION' -> (kind, location); UserError naming the accepted kinds otherwise."""
    kind, sep, location = spec.partition(":")
    kind = kind.strip().lower()
    location = location.strip()
    if not sep or kind not in SOURCE_KINDS or not location:
        raise UserError(
            Msg(
                f"상태 정보 출처 '{spec}'의 형식이 잘못되었습니다. 종류:위치 형식으로 쓰십시오 (종류: native, statuspage, cachet).",
                f"Status source '{spec}' is malformed; write KIND:LOCATION (KIND: native, statuspage, cachet).",
            )
        )
    return kind, location


def normalise_source(spec: str) -> str:
    """'  NATIVE: http://x ' -> 'native:http://x' (UserError from parse_source when malformed)."""
    kind, location = parse_source(spec)
    return f"{kind}:{location}"


def _normal_or_raw(spec: str) -> str:
    try:
        return normalise_source(spec)
    except UserError:
        return spec


def recorded_source(spec: str) -> str:
    """A source as the audit log and messages may keep it: a URL without user:password, query or
    fragment (an access token lives there, and the audit log is append-only and read by every
    clerk). The full spec stays only in the 0600 settings file, where the fetch needs it."""
    kind, sep, location = spec.partition(":")
    if sep and location.lower().startswith(("http://", "https://")):
        from counter_app.net.http import shown_url

        return f"{kind}:{shown_url(location)}"
    return spec


def _duplicate_source(spec: str) -> UserError:
    spec = recorded_source(spec)
    return UserError(
        Msg(f"상태 정보 출처 '{spec}'는 이미 설정되어 있습니다.", f"Status source '{spec}' is already configured.")
    )


def _require_supervisor(actor) -> None:
    if not getattr(actor, "is_supervisor", False):
        raise UserError(Msg("감독자만 할 수 있는 작업입니다.", "Only a supervisor can do this."))


def _system_view(s: System, source: SourceSnapshot) -> SystemView:
    er = s.expected_recovery
    return SystemView(
        id=s.id,
        name=s.name,
        name_en=s.name_en,
        group=s.group,
        group_en=s.group_en,
        status=s.status,
        since=s.since,
        restored_at=s.restored_at,
        grade=s.grade,
        ministry=s.ministry,
        ministry_en=s.ministry_en,
        expected_recovery=None if er is None else ExpectedRecoveryView(er.start, er.end, er.note, er.note_en),
        services=tuple(s.services),
        services_en=tuple(s.services_en),
        limitations=tuple(s.limitations),
        limitations_en=tuple(s.limitations_en),
        data_loss=s.data_loss,
        data_loss_en=s.data_loss_en,
        alternatives=tuple(
            AlternativeView(a.kind, a.label, a.detail, a.phone, a.url, a.procedure_id, a.label_en, a.detail_en)
            for a in s.alternatives
        ),
        procedure_ids=tuple(s.procedure_ids),
        note=s.note,
        note_en=s.note_en,
        unverified=tuple(s.unverified),
        counted=s.counted,
        source=source.location,
        source_updated_at=source.updated_at,
    )


def _incident_view(i: Incident, source: SourceSnapshot) -> IncidentView:
    return IncidentView(
        id=i.id,
        title=i.title,
        title_en=i.title_en,
        status=i.status,
        impact=i.impact,
        kind=i.kind,
        created_at=i.created_at,
        updated_at=i.updated_at,
        resolved_at=i.resolved_at,
        scheduled_for=i.scheduled_for,
        scheduled_until=i.scheduled_until,
        systems=tuple(i.systems),
        updates=tuple(IncidentUpdateView(u.at, u.body, u.body_en, u.status) for u in i.updates),
        source=source.location,
    )


def check_malformed(snap: SourceSnapshot) -> None:
    """The rule for a feed that is mostly broken: when more than a tenth of the systems (components)
    it lists are malformed, the source failed this time (FeedError; the last good snapshot stays on
    the board); a tenth or fewer are skipped with a warning each and the rest is used."""
    bad, listed = snap.items_malformed, snap.items_listed
    if listed and bad * MALFORMED_DIVISOR > listed:
        raise FeedError(
            Msg(
                f"목록의 시스템 {listed}개 중 {bad}개가 형식 오류라서 이 출처를 쓰지 않았습니다 (마지막 정상 정보를 유지합니다).",
                f"{bad} of the {listed} systems listed are malformed, so this source was not used "
                "(the last good snapshot is kept).",
            )
        )


def _incident_activity(i: Incident) -> dt.datetime:
    times = [t for t in (i.updated_at, i.created_at, i.resolved_at) if t] + [u.at for u in i.updates if u.at]
    return max(times, default=dt.datetime.min.replace(tzinfo=dt.UTC))


# Descriptive fields a winning source may lack and another source may know.
_FILL_FIELDS = (
    "name_en",
    "group",
    "group_en",
    "grade",
    "ministry",
    "ministry_en",
    "services",
    "services_en",
    "alternatives",
    "procedure_ids",
)


@dataclasses.dataclass
class _Used:
    """One source's latest good snapshot as used by board()."""

    snap: SourceSnapshot
    meta: SnapshotMeta | None  # None for the bundled snapshot
    order: int

    @property
    def recency(self) -> dt.datetime:
        return self.snap.updated_at or (self.meta.fetched_at if self.meta else dt.datetime.min.replace(tzinfo=dt.UTC))


class StatusService:
    """`http`: None (a fresh counter_app.net.http session per refresh, so refresh() is safe on any
    thread) or a factory returning a requests.Session (called per refresh). The limit keywords
    override fetch.py's defaults (tests use small ones)."""

    def __init__(
        self,
        db,
        settings,
        audit,
        clock,
        http=None,
        *,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        deadline: float | None = None,
        max_bytes: int | None = None,
        trust: Callable[[], Any] | None = None,
    ):
        self._db = db
        self._trust = trust  # () -> trust.TrustStore: who signed a signed native feed (publish.py)
        self._settings = settings
        self._audit = audit
        self._clock = clock
        self._http = http
        self._limits = {
            k: v
            for k, v in (
                ("connect_timeout", connect_timeout),
                ("read_timeout", read_timeout),
                ("deadline", deadline),
                ("max_bytes", max_bytes),
            )
            if v is not None
        }
        self._store = StatusStore()
        self._parsed: OrderedDict[int, SourceSnapshot] = OrderedDict()
        self._parsed_lock = threading.Lock()

    @property
    def clock(self) -> Callable[[], dt.datetime]:
        return self._clock

    # --- sources ----------------------------------------------------------------------------

    def configured_sources(self) -> list[str]:
        return [s for s in self._settings.get("status_sources") if isinstance(s, str)]

    def _specs(self, sources: list[str] | None, invalid: list[tuple[str, Msg]] | None = None) -> list[tuple[str, str]]:
        """Sources given by the caller must all be valid (UserError); a malformed *configured*
        source is skipped and reported in `invalid`, so a bad setting never blanks the board."""
        specs: list[tuple[str, str]] = []
        for spec in self.configured_sources() if sources is None else sources:
            try:
                parsed = parse_source(spec)
            except UserError as exc:
                if sources is not None:
                    raise
                log.warning("ignoring a malformed configured status source")
                if invalid is not None:
                    invalid.append((spec, exc.msg))
                continue
            if parsed not in specs:
                specs.append(parsed)
        return specs

    def _session(self):
        if self._http is None:
            from counter_app.net.http import new_session

            return new_session()
        return self._http()

    # --- refresh (network; safe on a worker thread) -----------------------------------------

    def refresh(
        self,
        sources: list[str] | None = None,
        progress: Callable[[int, int], Any] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Board:
        specs = self._specs(sources)
        session = self._session()
        try:
            for done, (kind, location) in enumerate(specs):
                if progress is not None:
                    progress(done, len(specs))
                if cancelled is not None and cancelled():
                    break
                fetcher = self._fetcher(session, cancelled)
                signature: dict | None = None
                try:
                    if kind == "native" and self._signed(location):
                        snap, signature = self._fetch_signed(fetcher, location, cancelled)
                    else:
                        snap = self._fetch_one(fetcher, kind, location, cancelled)
                except Cancelled:
                    break  # nothing half-fetched is stored
                except SourceError as exc:
                    log.info("status source %s failed: %s", kind, exc.msg.en)
                    self._record_failure(kind, location, exc.msg, fetcher.redirected_to)
                    continue
                except Exception as exc:  # a bug must not cost the other sources or the board
                    log.exception("status source %s: unexpected error", kind)
                    self._record_failure(
                        kind,
                        location,
                        Msg(
                            f"예상하지 못한 오류로 이 출처를 읽지 못했습니다 ({type(exc).__name__}).",
                            f"This source could not be read because of an unexpected error ({type(exc).__name__}).",
                        ),
                        fetcher.redirected_to,
                    )
                    continue
                with self._db.write() as s:
                    row_id, _digest = self._store.record_good(
                        s, snap, self._clock(), redirected_to=fetcher.redirected_to, signature=signature
                    )
                self._remember(row_id, snap)  # board() below need not parse the payload again
            if progress is not None:
                progress(len(specs), len(specs))
        finally:
            session.close()
        return self.board(sources=sources)

    def _record_failure(self, kind: str, location: str, msg: Msg, redirected_to: str | None) -> None:
        with self._db.write() as s:
            self._store.record_failure(s, location, kind, self._clock(), msg, redirected_to)

    def _fetcher(self, session, cancelled):
        from counter_app.status.fetch import Fetcher

        return Fetcher(session, cancelled=cancelled, **self._limits)

    @staticmethod
    def _signed(location: str) -> bool:
        from counter_app.status.publish import is_signed_location

        return is_signed_location(location)

    def _verify_chain(self):
        store = self._trust() if self._trust is not None else None
        return None if store is None else store.verify

    def _fetch_signed(self, fetcher, location: str, cancelled) -> tuple[SourceSnapshot, dict]:
        """A native feed.json with its detached JWS beside it (contracts.md §3, status/publish.py):
        If-None-Match with the last good ETag (a 304 reuses the last good snapshot); a signature
        that does not match is a SignatureError (the pair is fetched once more first: a poll can
        fall between the publisher's two renames)."""
        from counter_app.status.adapters import parse_native
        from counter_app.status.fetch import decode_json
        from counter_app.status.publish import (
            UNSIGNED,
            Signature,
            SignatureError,
            fetch_pair,
            trust_of,
            verify_detached,
        )

        with self._db.read() as s:
            good = self._store.latest_good(s, location, "native")
            marker = good.signature if good else None
            etag = marker.get("etag") if marker and isinstance(marker.get("etag"), str) else None
            if etag:
                got = fetch_pair(fetcher, location, etag)
                if got.body is None and good is not None:  # 304: unchanged since the last good fetch
                    old = Signature.from_json((marker or {}).get("signature")) or Signature(UNSIGNED)
                    again = trust_of(old.x5c, self._verify_chain()) if old.x5c else old
                    return self._snapshot(s, good), {"signature": again.as_json(), "etag": etag}
        was = Signature.from_json((marker or {}).get("signature"))
        for attempt in (0, 1):
            got = fetch_pair(fetcher, location, None)
            body: bytes = got.body or b""
            try:
                if got.jws is None and was is not None and was.state != UNSIGNED:
                    raise SignatureError(
                        Msg(  # a feed that was signed stays signed: no quiet downgrade
                            "이전에 서명되어 있던 상태 정보에 서명 파일(feed.json.jws)이 없어 쓰지 않았습니다 (마지막 정상 정보를 유지합니다).",
                            "The status feed was signed before but its signature file (feed.json.jws) is missing now, "
                            "so it was not used (the last good snapshot is kept).",
                        )
                    )
                if got.jws is None:
                    sig = Signature(UNSIGNED)
                else:
                    sig = verify_detached(body, got.jws, self._verify_chain())
                break
            except SignatureError:
                if attempt or (cancelled is not None and cancelled()):
                    raise
        snap = parse_native(decode_json(body), location)
        check_malformed(snap)
        snap.kind, snap.location = "native", location
        return snap, {"signature": sig.as_json(), "etag": got.etag}

    @staticmethod
    def _fetch_one(fetcher, kind: str, location: str, cancelled) -> SourceSnapshot:
        from counter_app.status.adapters import parse_native, parse_statuspage
        from counter_app.status.adapters.cachet import fetch_cachet, parse_cachet_file
        from counter_app.status.fetch import is_url

        if kind == "native":
            snap = parse_native(fetcher.get_json(location), location)
        elif kind == "statuspage":
            snap = parse_statuspage(fetcher.get_json(location), location)
        elif is_url(location):
            snap = fetch_cachet(fetcher.get_json, location, location, cancelled)
        else:
            snap = parse_cachet_file(fetcher.get_json(location), location)
        check_malformed(snap)
        snap.kind, snap.location = kind, location
        return snap

    # --- reading the cache ------------------------------------------------------------------

    def _snapshot(self, session, meta: SnapshotMeta) -> SourceSnapshot:
        """Parse a stored payload once; rows are immutable, so the row id is the cache key."""
        from counter_app.status.adapters import parse_native

        with self._parsed_lock:
            snap = self._parsed.get(meta.id)
            if snap is not None:
                self._parsed.move_to_end(meta.id)
                return snap
        snap = parse_native(json.loads(self._store.payload(session, meta.id)), meta.location, meta.kind)
        snap.warnings = list(meta.warnings)
        self._remember(meta.id, snap)
        return snap

    def _remember(self, row_id: int, snap: SourceSnapshot) -> None:
        """Keep a parsed snapshot by row id (payloads round-trip exactly: tested)."""
        with self._parsed_lock:
            self._parsed[row_id] = snap
            self._parsed.move_to_end(row_id)
            while len(self._parsed) > _PARSED_CACHE_SIZE:
                self._parsed.popitem(last=False)

    def _collect(self, session, specs):
        """(used snapshots, sources[] entries, stale flag from the sources) for board()."""
        used: list[_Used] = []
        entries: list[SourceEntry] = []
        any_failed = False
        for order, (kind, location) in enumerate(specs):
            attempt = self._store.latest_attempt(session, location, kind)
            good = self._store.latest_good(session, location, kind)
            snap = self._snapshot(session, good) if good else None
            if snap is not None:
                used.append(_Used(snap, good, order))
            ok = bool(attempt and attempt.ok)
            any_failed |= not ok
            entries.append(self._source_entry(kind, location, attempt, good, snap, ok, "fetch"))
        loaded = self._store.latest_loaded_file(session)
        if loaded is not None and (loaded.kind, loaded.location) not in specs:
            snap = self._snapshot(session, loaded)
            used.append(_Used(snap, loaded, len(specs)))
            entries.append(self._source_entry(loaded.kind, loaded.location, loaded, loaded, snap, True, "file"))
        return used, entries, any_failed

    @staticmethod
    def _source_entry(
        kind,
        location,
        attempt: SnapshotMeta | None,
        good: SnapshotMeta | None,
        snap: SourceSnapshot | None,
        ok: bool,
        origin: str,
    ) -> SourceEntry:
        error: Msg | None
        if attempt is None:
            error = Msg("아직 가져오지 않았습니다.", "Not fetched yet.")
        else:
            error = None if ok else attempt.error
        return SourceEntry(
            location=location,
            kind=kind,
            ok=ok,
            error=error,
            fetched_at=good.last_fetched_at if good else None,
            attempted_at=attempt.last_fetched_at if attempt else None,
            source_updated_at=snap.updated_at if snap else None,
            label=snap.label if snap else None,
            systems=len(snap.systems) if snap else 0,
            warnings=tuple(snap.warnings) if snap else (),
            origin=origin,
            redirected_to=attempt.redirected_to if attempt else None,
            **_signature_fields(good),
        )

    # --- the board --------------------------------------------------------------------------

    def board(self, sources: list[str] | None = None) -> Board:
        """The status board (contracts.md §3 through board.to_json) from the cache; no network."""
        invalid: list[tuple[str, Msg]] = []
        specs = self._specs(sources, invalid)
        now = self._clock()
        with self._db.read() as s:
            used, entries, any_failed = self._collect(s, specs)
            notes = tuple(NoteView(n.at, n.author, n.author_name, n.system_id, n.body) for n in self._store.notes(s))
            progress = self._history(s, used)
        for spec, msg in invalid:
            any_failed = True
            entries.append(SourceEntry(location=spec, kind=None, ok=False, error=msg, origin="settings"))
        historical = not used
        if historical:
            used = [_Used(load_bundled(), None, 0)]
            progress = [self._point(p) for p in used[0].snap.progress]
        elif all(u.snap.historical for u in used):
            historical = True
        by_recency = sorted(used, key=lambda u: (u.recency, -u.order), reverse=True)
        systems = self._merge_systems(used, by_recency)
        incidents = self._merge_incidents(by_recency)
        fetched = max((u.meta.last_fetched_at for u in used if u.meta), default=None)
        source_updated = max((u.snap.updated_at for u in used if u.snap.updated_at), default=None)
        age_from = fetched or source_updated
        age = int((now - age_from).total_seconds()) if age_from else None
        stale_minutes = self._settings.get("status_stale_minutes")
        never_fetched = not any(u.meta for u in used)  # only the bundled record to show
        stale = never_fetched or any_failed or (age is not None and age > stale_minutes * 60)
        labelled = next((u.snap for u in by_recency if u.snap.label), None)
        return Board(
            fetched_at=fetched,
            source_updated_at=source_updated,
            stale=bool(stale),
            sources=tuple(entries),
            summary=self._summary(systems, by_recency),
            systems=tuple(systems),
            incidents=tuple(incidents),
            historical=historical,
            label=labelled.label if labelled else None,
            label_en=labelled.label_en if labelled else None,
            description=labelled.description if labelled else None,
            description_en=labelled.description_en if labelled else None,
            progress=tuple(progress),
            notes=notes,
            generated_at=now,
            age_seconds=age,
            stale_minutes=stale_minutes,
        )

    @staticmethod
    def _merge_systems(used: list[_Used], by_recency: list[_Used]) -> list[SystemView]:
        order: list[str] = []
        for u in used:
            for s in u.snap.systems:
                if s.id not in order:
                    order.append(s.id)
        winners: dict[str, tuple[System, SourceSnapshot]] = {}
        for u in by_recency:
            for s in u.snap.systems:
                if s.id not in winners:
                    winners[s.id] = (s, u.snap)
                    continue
                best, src = winners[s.id]
                missing = {f: getattr(s, f) for f in _FILL_FIELDS if not getattr(best, f) and getattr(s, f)}
                if missing:
                    winners[s.id] = (dataclasses.replace(best, **missing), src)
        return [_system_view(*winners[i]) for i in order]

    @staticmethod
    def _merge_incidents(by_recency: list[_Used]) -> list[IncidentView]:
        seen: dict[str, tuple[Incident, SourceSnapshot]] = {}
        for u in by_recency:
            for i in u.snap.incidents:
                seen.setdefault(i.id, (i, u.snap))
        ordered = sorted(seen.values(), key=lambda pair: _incident_activity(pair[0]), reverse=True)
        return [_incident_view(i, src) for i, src in ordered]

    @staticmethod
    def _summary(systems: list[SystemView], by_recency: list[_Used]) -> Summary:
        counted = [s for s in systems if s.counted]
        by_status = {status: 0 for status in STATUSES}
        for s in counted:
            by_status[s.status] += 1
        listed_restored = sum(1 for s in counted if s.status in RESTORED_STATUSES)
        declared = next((u.snap.summary for u in by_recency if u.snap.summary is not None), None)
        total, restored = len(counted), listed_restored
        if declared is not None and declared.total >= len(counted):
            unlisted = declared.total - len(counted)
            unlisted_restored = min(max(declared.restored - listed_restored, 0), unlisted)
            by_status["operational"] += unlisted_restored
            by_status["major_outage"] += unlisted - unlisted_restored
            total, restored = declared.total, listed_restored + unlisted_restored
        by_grade: dict[str, GradeSummary] = {}
        if declared is not None and declared.by_grade:
            for grade, g in sorted(declared.by_grade.items()):
                by_grade[grade] = GradeSummary(g.restored, g.total, g.as_of)
        else:
            counts: dict[str, list[int]] = {}
            for s in counted:
                if s.grade is not None:
                    c = counts.setdefault(str(s.grade), [0, 0])
                    c[0] += s.status in RESTORED_STATUSES
                    c[1] += 1
            by_grade = {k: GradeSummary(r, t) for k, (r, t) in sorted(counts.items())}
        return Summary(
            total=total,
            restored=restored,
            listed=len(systems),
            by_status=by_status,
            restored_ratio=round(restored / total, 3) if total else None,
            by_grade=by_grade,
            worst_status=max((k for k, n in by_status.items() if n), key=SEVERITY.__getitem__, default=None),
        )

    # --- history ----------------------------------------------------------------------------

    @staticmethod
    def _point(p) -> ProgressPointView:
        return ProgressPointView(p.at, p.restored, p.total, p.note or None, p.note_en if p.note else None)

    def _history(self, session, used: list[_Used]) -> list[ProgressPointView]:
        """Feed-carried progress series when any source has one (newest source wins a shared
        instant); otherwise one point per stored distinct snapshot of the largest source."""
        if not used:
            return []
        with_series = [u for u in used if u.snap.progress]
        points: dict[dt.datetime, ProgressPointView] = {}
        if with_series:
            for u in sorted(with_series, key=lambda u: (u.recency, -u.order)):
                for p in u.snap.progress:
                    points[p.at] = self._point(p)
        else:
            primary = max(used, key=lambda u: (u.snap.counts()[1], -u.order))
            for at, restored, total in self._store.count_rows(session, primary.snap.location, primary.snap.kind):
                points[at] = ProgressPointView(at, restored, total)
        return [points[k] for k in sorted(points)]

    def history(self, sources: list[str] | None = None) -> tuple[ProgressPointView, ...]:
        """Restoration points oldest first, for the chart (the bundled series on a fresh install)."""
        return self.board(sources).progress

    # --- supervisor actions -----------------------------------------------------------------

    def add_note(self, actor, body: str, system_id: str | None = None) -> None:
        _require_supervisor(actor)
        text = (body or "").strip()
        if not text:
            raise UserError(Msg("메모 내용을 입력하십시오.", "Enter the note text."))
        if len(text) > MAX_NOTE:
            raise UserError(
                Msg(f"메모는 {MAX_NOTE}자 이내로 쓰십시오.", f"Keep the note within {MAX_NOTE} characters.")
            )
        from counter_app.pii import refuse_rrn_in  # a board note is shown to every counter: no RRN in it

        refuse_rrn_in(text, Msg("상태 메모", "status note"))
        system_id = (system_id or "").strip() or None
        with self._db.write() as s:
            note_id = self._store.add_note(s, self._clock(), actor.id, getattr(actor, "name", None), text, system_id)
            self._audit.append(s, actor.id, "status.note", detail={"note_id": note_id, "system_id": system_id})

    def set_sources(self, actor, sources: list[str]) -> list[str]:
        """Replace the configured status sources (supervisor; the GUI dialog's "save"). Every spec
        must parse (UserError otherwise) and none may repeat; each is stored normalised as
        'kind:location'. Returns the new list. Audited ("status.sources") when something changed."""
        _require_supervisor(actor)
        new: list[str] = []
        for spec in sources:
            normal = normalise_source(spec)
            if normal in new:
                raise _duplicate_source(normal)
            new.append(normal)
        return self._write_sources(actor, new)

    def add_source(self, actor, spec: str) -> list[str]:
        """Append one source (supervisor); refuses a malformed spec and one already configured."""
        _require_supervisor(actor)
        normal = normalise_source(spec)
        current = self.configured_sources()
        if normal in {_normal_or_raw(s) for s in current}:
            raise _duplicate_source(normal)
        return self._write_sources(actor, current + [normal])

    def remove_source(self, actor, spec: str) -> list[str]:
        """Remove one configured source (supervisor). A malformed entry already in the settings
        can be removed by its exact text, so a bad setting can always be cleaned up."""
        _require_supervisor(actor)
        current = self.configured_sources()
        if spec in current:
            target = spec
        else:
            normal = normalise_source(spec)
            found = next((s for s in current if _normal_or_raw(s) == normal), None)
            if found is None:
                shown = recorded_source(normal)
                raise UserError(
                    Msg(
                        f"상태 정보 출처 '{shown}'는 설정되어 있지 않습니다.",
                        f"Status source '{shown}' is not configured.",
                    )
                )
            target = found
        return self._write_sources(actor, [s for s in current if s != target])

    def _write_sources(self, actor, new: list[str]) -> list[str]:
        old = self.configured_sources()
        if new == old:
            return new
        added = [s for s in new if s not in old]
        removed = [s for s in old if s not in new]
        # Settings are a JSON file (atomic replace), the audit log is SQLite: no shared transaction.
        # The settings go first and are put back if the audit entry cannot be written, so the log
        # never records a change that did not happen. Only a crash between the two steps can leave
        # a change unaudited; that is acceptable for this setting: it holds no personal data, the
        # change is visible in settings.json itself, and any supervisor can undo it.
        self._settings.set("status_sources", new)
        try:
            with self._db.write() as s:
                detail: dict[str, Any] = {"count": len(new)}
                if added:  # URLs and file paths of feeds: not personal data; credentials left out
                    detail["added"] = [recorded_source(a) for a in added]
                if removed:
                    detail["removed"] = [recorded_source(r) for r in removed]
                self._audit.append(s, actor.id, "status.sources", detail=detail)
        except BaseException:
            self._settings.set("status_sources", old)
            raise
        return new

    def load_snapshot_file(self, path, actor, kind: str | None = None) -> Board:
        """Load a snapshot carried on a USB stick (native, Statuspage summary or Cachet file)."""
        from counter_app.status.adapters import parse_native, parse_statuspage
        from counter_app.status.adapters.cachet import parse_cachet_file
        from counter_app.status.fetch import load_json_file

        _require_supervisor(actor)
        location = str(Path(path).expanduser().resolve())
        try:
            doc = load_json_file(location)
            kind = kind or _detect_kind(doc)
            parser = {"native": parse_native, "statuspage": parse_statuspage, "cachet": parse_cachet_file}.get(kind)
            if parser is None:
                raise FeedError(Msg(f"알 수 없는 형식입니다: {kind}", f"Unknown format: {kind}"))
            snap = parser(doc, location)
            check_malformed(snap)
        except SourceError as exc:
            raise UserError(exc.msg) from None
        snap.kind, snap.location = kind, location
        with self._db.write() as s:
            _row, digest = self._store.record_good(s, snap, self._clock(), origin="file")
            self._audit.append(
                s,
                actor.id,
                "status.load_snapshot",
                detail={"file": Path(location).name, "kind": kind, "systems": len(snap.systems), "sha256": digest},
            )
        return self.board()


def _signature_fields(good: SnapshotMeta | None) -> dict:
    """SourceEntry's signature fields from the last good snapshot's signed-feed marker."""
    from counter_app.status.publish import UNSIGNED, Signature

    marker = good.signature if good is not None else None
    sig = Signature.from_json(marker.get("signature")) if marker else None
    if sig is None:
        return {"signature": UNSIGNED, "signed_by": None, "signer_claimed": None}
    claimed = (
        None
        if sig.state != "unverified"
        else {"office_code": sig.office_code, "terminal": sig.terminal, "reason": sig.reason}
    )
    return {"signature": sig.state, "signed_by": sig.signed_by, "signer_claimed": claimed}


def _detect_kind(doc: Any) -> str:
    if isinstance(doc, dict) and "systems" in doc:
        return "native"
    if isinstance(doc, dict) and isinstance(doc.get("components"), list) and "page" in doc:
        return "statuspage"
    if isinstance(doc, dict) and "components" in doc:
        return "cachet"
    raise FeedError(
        Msg(
            "상태 정보 파일의 형식을 알 수 없습니다 (native, Statuspage, Cachet 형식만 읽습니다).",
            "Unknown status file format (native, Statuspage and Cachet files are read).",
        )
    )


__all__ = ["StatusService", "next_poll_delay", "parse_source", "normalise_source", "BUNDLED_KIND", "BUNDLED_LOCATION"]
