"""One sync worker per data directory: a lease row in the office database.

`acquire()` takes the one row (id 1) when it is free, expired, or held by a process that is gone
from this very host (its pid no longer exists: a SIGKILLed sync does not make the supervisor wait
out the lease). The holder renews it as it works; a holder that dies simply stops renewing, and
the lease runs out after `ttl` seconds — so two terminals sharing a data directory over a network
drive still never sync it at the same time. Everything happens in BEGIN IMMEDIATE transactions.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from counter_app.clock import Clock, system_clock
from counter_app.errors import UserError
from counter_app.i18n import Msg

DEFAULT_TTL = 120.0
_RENEW_SQL = "UPDATE sync_lease SET expires_at = ? WHERE id = 1 AND holder = ?"
_TAKEN = Msg(
    "동기화 권한(임대)을 다른 작업이 가져갔습니다. 이 동기화를 멈춥니다.",
    "Another worker took over the sync lease; this sync stops.",
)


class LeaseHeld(UserError):
    pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Lease:
    def __init__(self, db, clock: Clock = system_clock, *, ttl: float = DEFAULT_TTL):
        self._db = db
        self._clock = clock
        self.ttl = ttl
        self.holder = uuid.uuid4().hex
        self.host = socket.gethostname()[:255]
        self.pid = os.getpid()
        self.held = False

    def acquire(self) -> None:
        from counter_app.offline.models import SyncLease

        now = self._clock()
        with self._db.write() as s:
            row = s.get(SyncLease, 1)
            if (
                row is not None
                and row.holder != self.holder
                and row.expires_at > now
                and not (row.host == self.host and not _alive(row.pid))
            ):
                from counter_app.clock import to_kst

                until = to_kst(row.expires_at).strftime("%H:%M:%S")
                raise LeaseHeld(
                    Msg(
                        f"다른 동기화가 이미 진행 중입니다(컴퓨터 {row.host}). 끝나거나 {until}에 만료된 뒤 다시 시도하십시오.",
                        f"Another sync is already running (computer {row.host}); try again when it ends "
                        f"or after its lease expires at {until}.",
                    )
                )
            if row is None:
                row = SyncLease(id=1)
                s.add(row)
            row.holder, row.host, row.pid = self.holder, self.host, self.pid
            row.acquired_at, row.expires_at = now, now + dt.timedelta(seconds=self.ttl)
        self.held = True

    def renew(self) -> None:
        """Push the expiry on; raises LeaseHeld when another worker took the lease meanwhile."""
        from counter_app.offline.models import SyncLease

        now = self._clock()
        with self._db.write() as s:
            row = s.get(SyncLease, 1)
            if row is None or row.holder != self.holder:
                self.held = False
                raise LeaseHeld(_TAKEN)
            row.expires_at = now + dt.timedelta(seconds=self.ttl)

    def renew_in(self, conn) -> None:
        """renew() inside the caller's write transaction (a plain sqlite3 connection holding BEGIN
        IMMEDIATE): the sync marks each chunk SENDING in the same transaction, so no chunk is ever
        marked by a worker that lost the lease, and renewing costs no commit of its own."""
        from counter_app.offline.stored_time import to_stored

        expires = to_stored(self._clock() + dt.timedelta(seconds=self.ttl))
        if conn.execute(_RENEW_SQL, (expires, self.holder)).rowcount != 1:
            self.held = False
            raise LeaseHeld(_TAKEN)

    def release(self) -> None:
        from counter_app.offline.models import SyncLease

        if not self.held:
            return
        with self._db.write() as s:
            row = s.get(SyncLease, 1)
            if row is not None and row.holder == self.holder:
                s.delete(row)
        self.held = False

    def __enter__(self) -> Lease:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def current_holder(db) -> dict | None:
    """Who holds the lease now (for `sync status`), or None."""
    from counter_app.offline.models import SyncLease
    from counter_app.offline.stored_time import kst_iso

    with db.read() as s:
        row = s.get(SyncLease, 1)
        if row is None:
            return None
        return {
            "host": row.host,
            "pid": row.pid,
            "acquired_at": kst_iso(row.acquired_at),
            "expires_at": kst_iso(row.expires_at),
        }
