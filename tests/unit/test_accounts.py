"""Personal accounts: PIN rules, supervisor-only creation, lock-out on the injected clock, audit."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from counter_app.accounts import Accounts
from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.errors import UserError
from counter_app.offline.models import AuditEntry, Operator

SUP_PIN = "97531"
CLERK_PIN = "86420"
SUP = Actor("S001", "이영희", SUPERVISOR)


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
        accounts.add(Actor("C001", "김철수", CLERK), "C002", "박민수", CLERK, "1111")
    # claiming the supervisor role does not help a clerk's account
    with pytest.raises(UserError, match="감독자만"):
        accounts.add(Actor("C001", "김철수", SUPERVISOR), "C002", "박민수", CLERK, "1111")
    assert [a.id for a in accounts.list()] == ["C001", "S001"]


def test_duplicate_staff_id_is_refused(accounts):
    with pytest.raises(UserError, match="이미 등록"):
        accounts.add(SUP, "C001", "다른사람", CLERK, "1111")


@pytest.mark.parametrize("pin", ["123", "abcd", "12 34", "1234567890123", "", "１２３４", None])
def test_pin_rules(pin):
    with pytest.raises(UserError, match="PIN"):
        Accounts.prepare("C009", "홍길동", CLERK, pin)


@pytest.mark.parametrize("pin", ["1234", "123456789012"])
def test_pins_of_4_to_12_digits_are_accepted(pin):
    assert Accounts.prepare("C009", "홍길동", CLERK, pin).pin_hash.startswith("$argon2id$")


@pytest.mark.parametrize("staff_id, name, role", [
    ("", "홍길동", CLERK), ("C 01", "홍길동", CLERK), ("X" * 21, "홍길동", CLERK),
    ("C009", "", CLERK), ("C009", "홍길동", "admin"),
])
def test_account_fields_are_checked(staff_id, name, role):
    with pytest.raises(UserError):
        Accounts.prepare(staff_id, name, role, "1234")


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


def test_unknown_staff_id_gets_the_generic_message(office_ctx, accounts):
    with pytest.raises(UserError) as info:
        accounts.sign_in("Z999", "1234")
    assert info.value.msg.en == "The staff ID or PIN is wrong."
    last = audit_rows(office_ctx)[-1]
    assert (last.action, last.operator) == ("operator.sign_in_failed", "unknown")


def test_lockout_after_five_failures_on_the_injected_clock(office_ctx, accounts, clock):
    for n in range(1, 5):
        with pytest.raises(UserError) as info:
            accounts.sign_in("C001", "0000")
        assert f"{5 - n} more failure" in info.value.msg.en
        assert operator_row(office_ctx, "C001").failed_attempts == n
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", "0000")
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
            accounts.sign_in("C001", "0000")
    accounts.sign_in("C001", CLERK_PIN)
    assert operator_row(office_ctx, "C001").failed_attempts == 0
    for _ in range(4):  # four more failures: still one short of the lock
        with pytest.raises(UserError):
            accounts.sign_in("C001", "0000")
    assert accounts.sign_in("C001", CLERK_PIN).id == "C001"


def test_lockout_settings_are_respected(office_ctx, accounts):
    office_ctx.settings.set("lockout_attempts", 2)
    office_ctx.settings.set("lockout_minutes", 30)
    with pytest.raises(UserError):
        accounts.sign_in("C001", "0000")
    with pytest.raises(UserError) as info:
        accounts.sign_in("C001", "0000")
    assert "30 minute" in info.value.msg.en


def test_supervisor_unlocks_a_locked_account(office_ctx, accounts):
    office_ctx.settings.set("lockout_attempts", 1)
    with pytest.raises(UserError, match="잠겼습니다"):
        accounts.sign_in("C001", "0000")
    with pytest.raises(UserError, match="감독자만"):
        accounts.unlock(Actor("C001", "김철수", CLERK), "C001")
    accounts.unlock(SUP, "C001")
    assert accounts.sign_in("C001", CLERK_PIN).id == "C001"


def test_every_account_event_is_audited_without_the_pin(office_ctx, accounts):
    office_ctx.settings.set("lockout_attempts", 2)
    accounts.sign_in("S001", SUP_PIN)
    for _ in range(2):
        with pytest.raises(UserError):
            accounts.sign_in("C001", "24680")
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
        assert SUP_PIN not in text and CLERK_PIN not in text and "24680" not in text
        assert "김철수" not in text and "이영희" not in text  # names are personal data: ids only
    with office_ctx.db.read() as s:
        assert office_ctx.audit.verify(s).ok
