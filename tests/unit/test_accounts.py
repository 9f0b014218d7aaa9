"""Personal accounts: PIN rules, keyed PIN hashes, supervisor-only creation, lock-out on the injected
clock (the same for unknown ids), passphrase throttling, audit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.errors import UserError
from counter_app.offline.models import AuditEntry, Operator

SUP_PIN = "975318"
CLERK_PIN = "864209"
WRONG_PIN = "000999"
SUP = Actor("S001", "이영희", SUPERVISOR)
FIXTURES = Path(__file__).parent.parent / "fixtures" / "old_databases"


@pytest.fixture
def accounts(office_ctx):
    acc = office_ctx.accounts
    acc.add(SUP, "S001", "이영희", SUPERVISOR, SUP_PIN)
    acc.add(SUP, "C001", "김철수", CLERK, CLERK_PIN)
    return acc


def operator_row(ctx, staff_id: str) -> Operator:
    with ctx.db.read() as s:
        return s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one()


def audit_rows(ctx) -> list[AuditEntry]:
    with ctx.db.read() as s:
        return list(s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())


# ---------------------------------------------------------------- creating accounts
def test_first_account_must_be_a_supervisor(office_ctx):
    acc = office_ctx.accounts
    assert not acc.has_operators()
    with pytest.raises(UserError, match="첫 번째 계정은 감독자"):
        acc.add(Actor("os:x", "x"), "C001", "김철수", CLERK, CLERK_PIN)
    first = acc.add(Actor("os:x", "x"), "S001", "이영희", SUPERVISOR, SUP_PIN)  # no supervisor exists yet
    assert first == Actor("S001", "이영희", SUPERVISOR) and acc.has_operators()


def test_clerk_cannot_add_operators(office_ctx, accounts):
    with pytest.raises(UserError, match="감독자만"):
        accounts.add(Actor("C001", "김철수", CLERK), "C002", "박민수", CLERK, "583016")
    # claiming the supervisor role does not help a clerk's account
    with pytest.raises(UserError, match="감독자만"):
        accounts.add(Actor("C001", "김철수", SUPERVISOR), "C002", "박민수", CLERK, "583016")
    assert [a.id for a in accounts.list()] == ["C001", "S001"]


def test_duplicate_staff_id_is_refused(accounts):
    with pytest.raises(UserError, match="이미 등록"):
        accounts.add(SUP, "C001", "다른사람", CLERK, "583016")


@pytest.mark.parametrize(
    "pin", ["123", "abcd", "12 34", "1234567890123", "", "１２３４", None, "5830", "58301", "58301a", "５８３０１６"]
)
def test_pin_rules(office_ctx, pin):
    with pytest.raises(UserError, match="PIN"):
        office_ctx.accounts.prepare("C009", "홍길동", CLERK, pin)


@pytest.mark.parametrize("pin", ["583016", "583016294718"])
def test_pins_of_6_to_12_digits_are_accepted(office_ctx, pin):
    assert office_ctx.accounts.prepare("C009", "홍길동", CLERK, pin).pin_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    "staff_id, pin",
    [
        ("C009", "111111"),
        ("C009", "000000000000"),  # one digit repeated
        ("C009", "121212"),
        ("C009", "123123"),
        ("C009", "90909090"),  # a short block repeated
        ("C009", "123456"),
        ("C009", "234567890"),
        ("C009", "890123"),  # ascending runs
        ("C009", "987654"),
        ("C009", "654321"),
        ("C009", "210987"),  # descending runs
        ("K58213964", "582139"),
        ("K58213964", "958213964"),
        ("S482915", "482915"),
        ("S4829", "548290"),  # the id's digits
    ],
)
def test_trivial_pins_are_refused(office_ctx, staff_id, pin):
    with pytest.raises(UserError, match="PIN"):
        office_ctx.accounts.prepare(staff_id, "홍길동", CLERK, pin)


@pytest.mark.parametrize(
    "field, value",
    [
        ("staff_id", "C\u202e01"),
        ("staff_id", "C\x1b[2J"),
        ("staff_id", "\u2066C01"),
        ("staff_id", "C0\u200f1"),
        ("name", "홍\u202e길동"),
        ("name", "홍길동\x1b[2J"),
        ("name", "\u2067홍길동\u2069"),
        ("name", "홍\u200e길동"),
        ("name", "홍\x85길동"),
        ("name", "홍\x07길동"),
        ("name", "홍\u200b길동"),
        ("name", "홍\n길동"),
    ],
)
def test_control_and_bidi_characters_are_refused_in_ids_and_names(office_ctx, field, value):
    values = {"staff_id": "C009", "name": "홍길동", field: value}
    with pytest.raises(UserError) as info:
        office_ctx.accounts.prepare(values["staff_id"], values["name"], CLERK, "583016")
    assert "Control characters" in info.value.msg.en and value not in info.value.msg.en


@pytest.mark.parametrize(
    "staff_id, name, role",
    [
        ("", "홍길동", CLERK),
        ("C 01", "홍길동", CLERK),
        ("X" * 21, "홍길동", CLERK),
        ("C009", "", CLERK),
        ("C009", "홍길동", "admin"),
    ],
)
def test_account_fields_are_checked(office_ctx, staff_id, name, role):
    with pytest.raises(UserError):
        office_ctx.accounts.prepare(staff_id, name, role, "583016")


def test_pins_are_stored_as_salted_argon2id_hashes(office_ctx, accounts):
    sup, clerk = operator_row(office_ctx, "S001"), operator_row(office_ctx, "C001")
    assert sup.pin_hash.startswith("$argon2id$") and clerk.pin_hash.startswith("$argon2id$")
    assert SUP_PIN not in sup.pin_hash and CLERK_PIN not in clerk.pin_hash
    conn = sqlite3.connect(office_ctx.paths.database)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert SUP_PIN not in dump and CLERK_PIN not in dump


def test_list_and_records(accounts):
    assert accounts.list() == [Actor("C001", "김철수", CLERK), Actor("S001", "이영희", SUPERVISOR)]
    assert {r.staff_id: r.failed_attempts for r in accounts.records()} == {"C001": 0, "S001": 0}


# ---------------------------------------------------------------- signing in
def test_sign_in_returns_the_actor(accounts):
    assert accounts.sign_in("C001", CLERK_PIN) == Actor("C001", "김철수", CLERK)
    assert accounts.sign_in(" S001 ", SUP_PIN).is_supervisor


def answers(accounts, staff_id: str, pin: str, n: int) -> list[str]:
    out = []
    for _ in range(n):
        with pytest.raises(UserError) as info:
            accounts.sign_in(staff_id, pin)
        out.append(info.value.msg.en)
    return out


def test_an_unknown_staff_id_is_answered_exactly_like_a_real_one(office_ctx, accounts, clock):
    """Same message, same countdown, same lock: the answers do not tell which ids exist."""
    real = answers(accounts, "C001", WRONG_PIN, 7)
    unknown = answers(accounts, "Z999", WRONG_PIN, 7)
    assert unknown == real
    assert "4 more failure" in real[0] and "locked" in real[4] and "locked" in real[6]
    last = audit_rows(office_ctx)[-1]
    assert (last.action, last.operator) == ("operator.sign_in_failed", "unknown")
    clock.advance(minutes=16)  # both locks end alike
    assert answers(accounts, "Z999", WRONG_PIN, 1) == answers(accounts, "C001", WRONG_PIN, 1)


def test_an_account_added_after_its_id_was_tried_starts_clean(office_ctx, accounts):
    answers(accounts, "C002", WRONG_PIN, 3)
    accounts.add(SUP, "C002", "박민수", CLERK, "583016")
    assert accounts.sign_in("C002", "583016").id == "C002"
    assert "4 more failure" in answers(accounts, "C002", WRONG_PIN, 1)[0]


# ---------------------------------------------------------------- keyed PIN hashes
def test_pin_hashes_verify_with_the_key_file_and_not_without_it(office_ctx, accounts):
    import hashlib
    import hmac
    import os
    import stat

    from counter_app.security import verify_secret

    key_file = office_ctx.paths.pin_key
    key = key_file.read_bytes()
    assert len(key) == 32 and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    row = operator_row(office_ctx, "C001")
    assert row.pin_keyed
    # what a copied database alone gives an attacker: the hash does not verify against the PIN ...
    assert not verify_secret(row.pin_hash, CLERK_PIN)
    # ... only against the PIN keyed with the secret that lives outside the database
    assert verify_secret(row.pin_hash, hmac.new(key, CLERK_PIN.encode(), hashlib.sha256).hexdigest())
    conn = sqlite3.connect(office_ctx.paths.database)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert key.hex() not in dump


def test_a_copied_database_without_its_key_file_checks_no_pin(office_ctx, accounts, tmp_path, clock):
    import shutil

    from counter_app.app import open_context

    office_ctx.db.dispose()
    copy = tmp_path / "copied"
    copy.mkdir()
    shutil.copy(office_ctx.paths.database, copy / "counter_app.db")
    other = open_context(copy, lang="ko", clock=clock)
    try:
        with pytest.raises(UserError) as info:
            other.accounts.sign_in("C001", CLERK_PIN)
        assert "pin.key" in info.value.msg.en
        with pytest.raises(UserError) as unknown:  # an unknown id gets the same answer
            other.accounts.sign_in("Z999", CLERK_PIN)
        assert unknown.value.msg == info.value.msg
        (copy / "pin.key").write_bytes(b"\x01" * 32)  # a guessed key is just wrong
        other.accounts.pin_key._key = None
        with pytest.raises(UserError, match="PIN이 올바르지"):
            other.accounts.sign_in("C001", CLERK_PIN)
    finally:
        other.close()


def test_an_account_from_before_the_key_signs_in_and_is_rehashed_keyed(tmp_path, clock):
    """A real schema-0001 database with an account hashed the old way (plain Argon2id, a 4-digit
    PIN): after the migration it still signs in, and the sign-in re-hashes it with pin.key."""
    import shutil

    from counter_app.app import open_context
    from counter_app.security import hash_secret, verify_secret

    data = tmp_path / "old"
    data.mkdir()
    shutil.copy(FIXTURES / "v0001.counter-db", data / "counter_app.db")
    with sqlite3.connect(data / "counter_app.db") as conn:
        conn.execute(
            "INSERT INTO operators (staff_id, name, role, pin_hash, failed_attempts, locked_until, active, "
            "created_at) VALUES ('S001', '이영희', 'supervisor', ?, 0, NULL, 1, "
            "'2026-11-01T00:00:00.000000+00:00')",
            (hash_secret("4321"),),
        )
    ctx = open_context(data, lang="ko", clock=clock)
    try:
        assert not operator_row(ctx, "S001").pin_keyed
        assert ctx.accounts.sign_in("S001", "4321").is_supervisor
        row = operator_row(ctx, "S001")
        assert row.pin_keyed and not verify_secret(row.pin_hash, "4321")
        assert ctx.accounts.sign_in("S001", "4321").is_supervisor  # and again, now through the key
        with pytest.raises(UserError):
            ctx.accounts.sign_in("S001", "1234")
        assert [r.action for r in audit_rows(ctx)][-3:] == [
            "operator.sign_in",
            "operator.sign_in",
            "operator.sign_in_failed",
        ]
    finally:
        ctx.close()


# ---------------------------------------------------------------- the supervisor passphrase
def test_wrong_passphrases_are_audited_and_throttled_across_runs(office_ctx, clock):
    """Each wrong passphrase is audited; five lock supervisor work for 15 minutes, and the count
    lives in the database, so a new process (a command-line loop) does not start afresh."""
    from conftest import PASSPHRASE  # tests/conftest.py

    from counter_app.app import open_context

    data_dir = office_ctx.paths.root
    for _n in range(1, 5):
        run = open_context(data_dir, lang="ko", clock=clock)  # a fresh process each time
        with pytest.raises(UserError) as info:
            run.office.check_passphrase("wrong guess", by="S001")
        assert info.value.msg.en == "The supervisor passphrase is wrong."
        run.close()
    with pytest.raises(UserError) as info:
        office_ctx.office.check_passphrase("wrong guess", by="S001")
    assert "15 minute" in info.value.msg.en
    with pytest.raises(UserError) as info:  # the right one is refused too, without being checked
        office_ctx.office.unlock(PASSPHRASE, by="S001")
    assert "blocked" in info.value.msg.en
    rows = [(r.operator, r.action, r.detail) for r in audit_rows(office_ctx)]
    failed = [r for r in rows if r[1] == "office.passphrase_failed"]
    assert len(failed) == 6 and all(op == "S001" for op, _, _ in failed)
    assert any(action == "office.passphrase_locked" for _, action, _ in rows)
    assert not any("wrong guess" in (d or "") or PASSPHRASE in (d or "") for _, _, d in rows)
    clock.advance(minutes=15, seconds=1)
    office_ctx.office.check_passphrase(PASSPHRASE, by="S001")
    with pytest.raises(UserError) as info:  # a success started the count afresh
        office_ctx.office.check_passphrase("wrong guess", by="S001")
    assert info.value.msg.en == "The supervisor passphrase is wrong."
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok


def test_lockout_after_five_failures_on_the_injected_clock(office_ctx, accounts, clock):
    for n in range(1, 5):
        with pytest.raises(UserError) as info:
            accounts.sign_in("C001", WRONG_PIN)
        assert f"{5 - n} more failure" in info.value.msg.en
        assert operator_row(office_ctx, "C001").failed_attempts == n
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", WRONG_PIN)
    assert "locked" in info.value.msg.en and "15 minute" in info.value.msg.en
    # locked: even the right PIN is refused, and the message counts down
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", CLERK_PIN)
    assert "15 minute" in info.value.msg.en
    clock.advance(minutes=10)
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", CLERK_PIN)
    assert "5 minute" in info.value.msg.en and "15 minute" not in info.value.msg.en
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", CLERK_PIN)
    assert "1 minute" in info.value.msg.en
    clock.advance(seconds=2)
    assert accounts.sign_in("C001", CLERK_PIN).id == "C001"
    row = operator_row(office_ctx, "C001")
    assert row.failed_attempts == 0 and row.locked_until is None
    # the other account was never affected
    assert accounts.sign_in("S001", SUP_PIN).id == "S001"


def test_right_pin_resets_the_failure_count(office_ctx, accounts):
    for _ in range(3):
        with pytest.raises(UserError):
            accounts.sign_in("C001", WRONG_PIN)
    accounts.sign_in("C001", CLERK_PIN)
    assert operator_row(office_ctx, "C001").failed_attempts == 0
    for _ in range(4):  # four more failures: still one short of the lock
        with pytest.raises(UserError):
            accounts.sign_in("C001", WRONG_PIN)
    assert accounts.sign_in("C001", CLERK_PIN).id == "C001"


def test_lockout_settings_are_respected(office_ctx, accounts):
    office_ctx.settings.set("lockout_attempts", 2)
    office_ctx.settings.set("lockout_minutes", 30)
    with pytest.raises(UserError):
        accounts.sign_in("C001", WRONG_PIN)
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", WRONG_PIN)
    assert "30 minute" in info.value.msg.en


def test_supervisor_unlocks_a_locked_account(office_ctx, accounts):
    office_ctx.settings.set("lockout_attempts", 1)
    with pytest.raises(UserError, match="잠겼습니다"):
        accounts.sign_in("C001", WRONG_PIN)
    with pytest.raises(UserError, match="감독자만"):
        accounts.unlock(Actor("C001", "김철수", CLERK), "C001")
    accounts.unlock(SUP, "C001")
    assert accounts.sign_in("C001", CLERK_PIN).id == "C001"


def test_every_account_event_is_audited_without_the_pin(office_ctx, accounts):
    office_ctx.settings.set("lockout_attempts", 2)
    accounts.sign_in("S001", SUP_PIN)
    for _ in range(2):
        with pytest.raises(UserError):
            accounts.sign_in("C001", "246801")
    with pytest.raises(UserError):
        accounts.sign_in("C001", CLERK_PIN)  # refused while locked: audited too
    rows = audit_rows(office_ctx)
    actions = [(r.operator, r.action) for r in rows]
    assert ("S001", "operator.add") in actions and actions.count(("S001", "operator.add")) == 2
    assert ("S001", "operator.sign_in") in actions
    assert actions.count(("C001", "operator.sign_in_failed")) == 3
    assert ("C001", "operator.locked") in actions
    assert all(r.terminal == "T1" for r in rows)
    for r in rows:
        text = " ".join(str(x) for x in (r.operator, r.action, r.case_id, r.reason, r.detail))
        assert SUP_PIN not in text and CLERK_PIN not in text and "246801" not in text
        assert "김철수" not in text and "이영희" not in text  # names are personal data: ids only
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok


def test_a_key_file_that_cannot_be_created_is_one_clear_sentence(office_ctx, tmp_path):
    from counter_app.accounts import PinKey

    blocked = tmp_path / "no-such-folder" / "pin.key"  # its folder does not exist: os.open fails
    with pytest.raises(UserError) as info:
        PinKey(blocked).mix("583016", create=True)
    assert "pin.key" in info.value.msg.en and "cannot be created" in info.value.msg.en


# ---------------------------------------------------------------- new PINs and a lost pin.key
def test_a_supervisor_sets_a_forgotten_pin_and_the_lock_goes_with_it(office_ctx, accounts, clock):
    for _ in range(5):
        with pytest.raises(UserError):
            accounts.sign_in("C001", WRONG_PIN)
    assert operator_row(office_ctx, "C001").locked_until is not None
    with pytest.raises(UserError, match="감독자만"):
        accounts.set_pin(Actor("C001", "김철수", CLERK), "C001", "615283")
    with pytest.raises(UserError):  # the PIN rules hold for a new PIN too
        accounts.set_pin(SUP, "C001", "123456")
    accounts.set_pin(SUP, "C001", "615283")
    assert accounts.sign_in("C001", "615283").id == "C001"
    with pytest.raises(UserError, match="PIN이 올바르지"):
        accounts.sign_in("C001", CLERK_PIN)
    entry = [e for e in audit_rows(office_ctx) if e.action == "operator.pin_set"][-1]
    assert entry.operator == "S001" and "C001" in entry.detail and "615283" not in entry.detail


def test_after_a_lost_pin_key_the_passphrase_holder_recovers_and_resets_the_rest(office_ctx, accounts, clock):
    key_file = office_ctx.paths.pin_key
    with pytest.raises(UserError, match="nothing to recover|복구할 것이 없습니다"):
        accounts.recover_pin_key("S001", "602817")
    key_file.write_bytes(b"short")  # damaged
    accounts.pin_key._key = None
    with pytest.raises(UserError) as lost:
        accounts.sign_in("S001", SUP_PIN)
    assert "recover-pin-key" in lost.value.msg.en
    assert accounts.pin_key_lost()
    with pytest.raises(UserError, match="감독자"):  # only a supervisor's account is given the new PIN
        accounts.recover_pin_key("C001", "602817")
    to_reset = accounts.recover_pin_key("S001", "602817")
    assert to_reset == 1 and not accounts.pin_key_lost()
    damaged = list(key_file.parent.glob("pin.key.damaged-*"))
    assert len(damaged) == 1 and damaged[0].read_bytes() == b"short"  # kept for the record
    assert len(key_file.read_bytes()) == 32
    assert accounts.sign_in("S001", "602817").id == "S001"
    with pytest.raises(UserError, match="PIN이 올바르지"):  # no PIN opens the clerk's account until it is set
        accounts.sign_in("C001", CLERK_PIN)
    accounts.set_pin(SUP, "C001", "615283")
    assert accounts.sign_in("C001", "615283").id == "C001"
    recovered = [e for e in audit_rows(office_ctx) if e.action == "operator.pin_key_recovered"]
    assert len(recovered) == 1 and recovered[0].operator == "S001"
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok


def test_recover_pin_key_on_the_command_line_needs_the_passphrase(capsys, office_dir, monkeypatch):
    from conftest import PASSPHRASE
    from helpers.cli import run_cli
    from helpers.operators import CLERK_OP, SUPERVISOR_OP, add_operators_to_dir

    add_operators_to_dir(office_dir)
    (office_dir / "pin.key").unlink()
    monkeypatch.setenv("COUNTER_APP_NEW_PIN", "602817")
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "not the passphrase")
    base = ("--data-dir", str(office_dir), "--lang", "en")
    code, _out, err = run_cli(capsys, *base, "operator", "recover-pin-key", "--staff-id", SUPERVISOR_OP[0])
    assert code == 1 and "passphrase" in err.lower()
    assert not (office_dir / "pin.key").exists()  # nothing made on a wrong passphrase
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASSPHRASE)
    code, out, err = run_cli(capsys, *base, "operator", "recover-pin-key", "--staff-id", SUPERVISOR_OP[0])
    assert code == 0, err
    assert "1 account" in out and "set-pin" in out
    # the recovered supervisor (with the new PIN) sets the clerk's PIN
    monkeypatch.setenv("COUNTER_APP_OPERATOR_PIN", "602817")
    monkeypatch.setenv("COUNTER_APP_NEW_PIN", "615283")
    code, out, err = run_cli(
        capsys, *base, "--operator", SUPERVISOR_OP[0], "operator", "set-pin", "--staff-id", CLERK_OP[0]
    )
    assert code == 0, err
    monkeypatch.setenv("COUNTER_APP_OPERATOR_PIN", "615283")
    code, out, err = run_cli(capsys, *base, "--operator", CLERK_OP[0], "queue", "stats")
    assert code == 0, err
