"""The retention purge: after it, no byte of the purged phone, address or sealed RRN remains in
the database files; unsent and recently registered cases keep theirs; the audit chain verifies."""

from __future__ import annotations

import datetime as dt
import json
import random

from conftest import PASSPHRASE
from helpers.cli import run_cli
from helpers.intake import CONTRACT_DOC, doc
from helpers.operators import as_operator
from helpers.sync import CLERK, TOKEN, Sleeps

from counter_app.actor import SUPERVISOR, Actor
from counter_app.sync.engine import SyncOptions
from counter_app.sync.intake_api import IntakeApiClient
from counter_app.sync.server import IntakeApiServer

BOSS = Actor("S001", "박감독", SUPERVISOR)


def _files_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.glob("counter_app.db*"))


def test_purge_destroys_the_personal_data_of_old_registered_cases_only(tmp_path, office_ctx, clock, data_dir):
    from counter_app.offline.models import Case

    clock.now = dt.datetime.now(dt.UTC)  # registered_at comes from the server's clock

    def submit(i: int) -> str:
        return office_ctx.queue.submit(
            CLERK,
            doc(
                CONTRACT_DOC,
                **{"applicant.phone": f"010-{i}222-3{i}33", "applicant.address": f"부산광역시 중구 비밀로 {i}7번길"},
            ),
        ).case_id

    ids = [submit(1), submit(2)]
    server = IntakeApiServer(tmp_path / "s.sqlite", TOKEN).start()
    keys = office_ctx.office.unlock(PASSPHRASE, by="test")
    client = IntakeApiClient(server.url, TOKEN)
    try:
        engine = office_ctx.sync.engine(
            client, actor_id="S001", unsealer=keys.unsealer, options=SyncOptions(), sleep=Sleeps(), rng=random.Random(1)
        )
        assert engine.run().counts["sent"] == 2
    finally:
        client.close()
        server.stop()
    ids.append(submit(3))  # received after the sync: unsent
    stored = {}
    with office_ctx.db.read() as s:
        for case in s.query(Case).all():
            stored[case.case_id] = (case.applicant_phone, case.applicant_address, case.rrn_sealed)

    purge = office_ctx.sync.purge(office_ctx.settings)
    clock.advance(days=29)
    assert purge.due() == [] and purge.run(BOSS).cases == 0  # within the retention period: kept
    clock.advance(days=2)
    assert purge.due() == ids[:2]
    result = purge.run(BOSS)
    assert result.cases == 2

    after = _files_bytes(data_dir)
    for case_id in ids[:2]:
        phone, address, sealed = stored[case_id]
        assert phone.encode() not in after and address.encode() not in after and sealed not in after
    phone, address, sealed = stored[ids[2]]  # unsent: nothing touched
    assert address.encode() in after  # the scan does see what is still there
    record = office_ctx.queue.case_record(ids[2])
    assert record.applicant_phone == phone and record.rrn_sealed == sealed
    gone = office_ctx.queue.case_record(ids[0])
    assert gone.applicant_phone is None and gone.rrn_sealed is None and gone.applicant_name == "홍길동"
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok
        from counter_app.offline.models import PurgeLogEntry

        logs = s.query(PurgeLogEntry).all()
    assert len(logs) == 2 and "rrn_sealed" in logs[0].fields and "applicant_phone" in logs[0].fields
    assert purge.run(BOSS).cases == 0  # nothing left to purge


def test_sync_purge_is_supervisor_work_on_the_command_line(office_dir, capsys, monkeypatch):
    from helpers.operators import add_operators_to_dir

    add_operators_to_dir(office_dir)
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    code, _, err = run_cli(
        capsys, "--data-dir", str(office_dir), "--lang", "en", *as_operator(monkeypatch, "C001"), "sync", "purge"
    )
    assert code == 1 and "supervisor" in err
    code, out, _ = run_cli(
        capsys, "--data-dir", str(office_dir), *as_operator(monkeypatch, "S001"), "sync", "purge", "--json"
    )
    assert code == 0 and json.loads(out)["purged_cases"] == 0 and json.loads(out)["retention_days"] == 30


def test_the_backups_rotation_after_a_purge_carries_no_purged_byte(office_ctx, clock, data_dir):
    """A backup taken while the cases held their personal data is replaced by a fresh backup of the
    purged database and deleted; one taken before those cases existed is kept."""
    from counter_app.offline.backups import backup_files
    from counter_app.offline.schema import backup_database

    backups = data_dir / "backups"
    clean = backup_database(office_ctx.db.path, backups, "before-0009-from-0008")  # no cases in it yet
    clock.now = dt.datetime.now(dt.UTC)
    phone, address = "010-7777-4321", "부산광역시 중구 백업비밀로 99번길"
    ids = [
        office_ctx.queue.submit(
            CLERK, doc(CONTRACT_DOC, **{"applicant.phone": phone, "applicant.address": address})
        ).case_id
        for _ in range(2)
    ]
    with office_ctx.db.read() as s:
        from counter_app.offline.models import Case

        stored = s.query(Case).filter(Case.case_id == ids[0]).one()
        sealed, phone, address = stored.rrn_sealed, stored.applicant_phone, stored.applicant_address  # as stored
    for case_id in ids:
        office_ctx.sync.mark_registered(BOSS, case_id, f"OFF-{case_id[:8]}", "새올에 직접 입력")
    clock.advance(seconds=2)
    holder = backup_database(office_ctx.db.path, backups, "before-0010-from-0009")  # holds phone, address, RRN
    assert phone.encode() in holder.read_bytes() and sealed in holder.read_bytes()  # the scan sees them

    clock.advance(days=31)
    result = office_ctx.sync.purge(office_ctx.settings).run(BOSS)
    assert result.cases == 2
    assert result.backups_removed == (holder.name,) and result.fresh_backup is not None
    assert not holder.exists() and clean.exists()
    files = backup_files(backups)
    assert {p.name for p in files} == {clean.name, result.fresh_backup}
    for p in backups.iterdir():
        data = p.read_bytes()
        assert phone.encode() not in data and address.encode() not in data and sealed not in data, p.name
    fresh = backups / result.fresh_backup
    assert fresh.stat().st_mode & 0o077 == 0
    import sqlite3

    conn = sqlite3.connect(f"file:{fresh}?mode=ro", uri=True)
    try:  # the fresh backup is a whole, purged database
        rows = conn.execute("SELECT applicant_phone, applicant_name FROM cases").fetchall()
    finally:
        conn.close()
    assert rows == [(None, "홍길동"), (None, "홍길동")]
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok
        from counter_app.offline.models import AuditEntry

        rotated = s.query(AuditEntry).filter(AuditEntry.action == "backup.rotate").one()
        assert holder.name in rotated.detail and rotated.operator == "S001"
    again = office_ctx.sync.purge(office_ctx.settings).run(BOSS)  # nothing left: nothing rotated
    assert again.cases == 0 and again.backups_removed == ()
