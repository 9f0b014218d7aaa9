"""The office profile service (contact, passphrase, atomic set-up) and the demo office."""

from __future__ import annotations

import pytest
from conftest import PASSPHRASE
from sqlalchemy import func, select

from counter_app.demo import DEMO_PASSPHRASE, demo_data_dir, ensure_demo_office
from counter_app.errors import UserError
from counter_app.office import busan_offices, find_office, normalize_office_phone
from counter_app.offline.models import AuditEntry, Case, Office, Operator


def count(ctx, model) -> int:
    with ctx.db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


# ---------------------------------------------------------------- the Busan list
def test_busan_list_has_the_205_centres():
    offices = busan_offices()
    assert len(offices) == 205 and len({o.hdong_code for o in offices}) == 205
    assert find_office("2611051000").office_name == "부산광역시 중구 중앙동 행정복지센터"
    with pytest.raises(UserError, match="1234567890"):
        find_office("1234567890")


# ---------------------------------------------------------------- init
def test_init_stores_the_profile_and_contact(ctx):
    office = ctx.office.init(
        "2611051000",
        " t1 ",
        " 김담당 ",
        PASSPHRASE,
        operator="S001",
        phone="051 600 4000",
        address="  부산광역시 중구  중앙대로 1  ",
    )
    assert (office.terminal_id, office.official_name) == ("T1", "김담당")
    info = ctx.office.describe()
    assert info["phone"] == "051-600-4000" and info["address"] == "부산광역시 중구 중앙대로 1"
    assert info["hdong_code"] == "2611051000" and info["demo"] is False
    assert not any("key" in k or "hash" in k for k in info)  # no secrets in the description


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"hdong_code": "9999999999"}, "9999999999"),
        ({"terminal": "T-1"}, "단말기"),
        ({"terminal": "TOOLONG"}, "단말기"),
        ({"official": "  "}, "담당 공무원"),
        ({"passphrase": "short"}, "8자"),
        ({"phone": "120"}, "전화번호"),
        ({"phone": "1588-1234"}, "전화번호"),
    ],
)
def test_init_refuses_bad_input(ctx, kwargs, match):
    args = {"hdong_code": "2611051000", "terminal": "T1", "official": "김담당", "passphrase": PASSPHRASE}
    args.update(kwargs)
    with pytest.raises(UserError, match=match):
        ctx.office.init(
            args.pop("hdong_code"),
            args.pop("terminal"),
            args.pop("official"),
            args.pop("passphrase"),
            operator="S001",
            **args,
        )
    assert ctx.office.get() is None


def test_init_refuses_to_overwrite(office_ctx):
    before = office_ctx.office.get()
    with pytest.raises(UserError, match="덮어쓰지 않았습니다"):
        office_ctx.office.init("2611052000", "T2", "다른사람", PASSPHRASE, operator="x")
    after = office_ctx.office.get()
    assert (after.hdong_code, after.terminal_id, after.seal_public_key) == (
        before.hdong_code,
        before.terminal_id,
        before.seal_public_key,
    )


def test_failure_in_the_same_transaction_leaves_no_office(ctx):
    def fails(session, audit):
        raise UserError("the first account could not be created")

    with pytest.raises(UserError):
        ctx.office.init("2611051000", "T1", "김담당", PASSPHRASE, operator="S001", also=fails)
    assert ctx.office.get() is None and count(ctx, AuditEntry) == 0


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("0516004000", "051-600-4000"),
        ("051-600-4000", "051-600-4000"),
        ("02-2100-3399", "02-2100-3399"),
        ("+82 51 888 1234", "051-888-1234"),
        ("070-1234-5678", "070-1234-5678"),
        (None, None),
        ("  ", None),
    ],
)
def test_office_phone_is_normalised(raw, shown):
    assert normalize_office_phone(raw) == shown


def test_check_passphrase(office_ctx):
    office_ctx.office.check_passphrase(PASSPHRASE)
    with pytest.raises(UserError, match="감독자 암호가 올바르지 않습니다"):
        office_ctx.office.check_passphrase("wrong passphrase")
    keys = office_ctx.office.unlock(PASSPHRASE)
    assert keys.unsealer.unseal(office_ctx.office.sealer().seal(b"x", b"aad"), b"aad") == b"x"


def test_set_contact_is_audited(office_ctx):
    office_ctx.office.set_contact("S001", phone="051-600-4000")
    office_ctx.office.set_contact("S001", address="부산광역시 중구 중앙대로 100")
    info = office_ctx.office.describe()
    assert (info["phone"], info["address"]) == ("051-600-4000", "부산광역시 중구 중앙대로 100")
    with office_ctx.db.read() as s:
        last = office_ctx.audit.recent(s, 1)[0]
    assert last.action == "office.set_contact" and "부산" not in (last.detail or "")


# ---------------------------------------------------------------- demo
def test_demo_office_is_idempotent_and_flagged(ctx):
    info = ensure_demo_office(ctx)
    assert (info.clerk_id, info.clerk_pin, info.supervisor_id, info.supervisor_pin, info.passphrase) == (
        "C001",
        "482915",
        "S001",
        "736204",
        DEMO_PASSPHRASE,
    )
    office = ctx.office.get()
    assert office.demo and office.hdong_code == "2611051000" and office.terminal_id == "T1"
    counts = {m.__name__: count(ctx, m) for m in (Office, Operator, Case, AuditEntry)}
    assert counts["Office"] == 1 and counts["Operator"] == 2 and 20 <= counts["Case"] <= 30
    assert info.cases == counts["Case"]

    again = ensure_demo_office(ctx)
    assert again == info
    assert {m.__name__: count(ctx, m) for m in (Office, Operator, Case, AuditEntry)} == counts

    # the demo is usable as documented: both accounts sign in, the passphrase unlocks the keys
    assert ctx.accounts.sign_in("C001", "482915").role == "clerk"
    assert ctx.accounts.sign_in("S001", "736204").is_supervisor
    ctx.office.check_passphrase(DEMO_PASSPHRASE)
    with ctx.db.read() as s:
        assert ctx.audit.verify(s).ok


def test_a_demo_folder_of_an_older_program_gets_the_new_demo_pins(ctx):
    """A demo folder made before 6-digit PINs holds C001/1234 and S001/5678, hashed without
    pin.key: opening it again gives its demo accounts the PINs the sign-in dialog now shows."""
    from counter_app.security import hash_secret

    ensure_demo_office(ctx)
    with ctx.db.write() as s:  # what the older program left behind
        for staff_id, old_pin in (("C001", "1234"), ("S001", "5678")):
            row = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one()
            row.pin_hash, row.pin_keyed = hash_secret(old_pin), False
    info = ensure_demo_office(ctx)
    assert ctx.accounts.sign_in(info.clerk_id, info.clerk_pin).role == "clerk"
    assert ctx.accounts.sign_in(info.supervisor_id, info.supervisor_pin).is_supervisor
    with pytest.raises(UserError):
        ctx.accounts.sign_in("C001", "1234")
    with ctx.db.read() as s:
        assert all(s.execute(select(Operator.pin_keyed)).scalars())
        assert ctx.audit.verify(s).ok


def test_demo_cases_are_fictional_and_only_carry_rrns_where_required(ctx):
    ensure_demo_office(ctx)
    stats = ctx.queue.stats()
    assert stats["by_state"]["QUEUED"] >= 15 and stats["by_state"]["SENT"] >= 1
    with ctx.db.read() as s:
        cases = s.execute(select(Case)).scalars().all()
    now = ctx.clock()
    for case in cases:
        assert case.applicant_phone.startswith("+82100000")  # 010-0000-XXXX
        assert case.received_at < now
        service = ctx.catalogue.by_code(case.service_code)
        assert case.rrn_sealed is not None or not service.rrn_required
        assert case.rrn_sealed is None or service.rrn_allowed  # only where a statute requires or permits it
    assert sum(c.service_code == "seal_certificate" and c.rrn_sealed is not None for c in cases) >= 2


def test_demo_refuses_a_real_office(office_ctx):
    with pytest.raises(UserError, match="실제 사무소"):
        ensure_demo_office(office_ctx)
    assert count(office_ctx, Case) == 0


def test_demo_data_dir(tmp_path):
    assert demo_data_dir(tmp_path / "mine") == (tmp_path / "mine").resolve()
    a, b = demo_data_dir(), demo_data_dir(None)
    try:
        assert a != b and a.is_dir() and b.is_dir() and not any(a.iterdir())
    finally:
        a.rmdir()
        b.rmdir()


# ---------------------------------------------------------------- certificates (pki.py)
def audit_actions(ctx) -> list[tuple[str, dict]]:
    import json

    with ctx.db.read() as s:
        return [(e.action, json.loads(e.detail) if e.detail else {}) for e in reversed(ctx.audit.recent(s, 100))]


def verify(ctx):
    with ctx.db.read() as s:
        return ctx.audit.verify(s)


def test_init_creates_the_root_and_the_first_terminal_certificate(office_ctx):
    from counter_app import pki
    from counter_app.offline.models import TerminalCertificate

    office = office_ctx.office.require()
    root = pki.load_certificate(office.root_certificate)
    signer = office_ctx.office.terminal_signer()
    assert signer.root == root and signer.terminal == "T1"
    (row,) = [r for r in office_ctx.office.certificates()]
    assert row["serial"] == pki.serial_hex(signer.certificate) and row["revoked_at"] is None
    ((action, detail),) = audit_actions(office_ctx)
    assert action == "office.init" and detail["certificate_serial"] == row["serial"]
    assert detail["root_fingerprint"] == pki.fingerprint(root)
    assert count(office_ctx, TerminalCertificate) == 1
    assert verify(office_ctx).signed_by == "2611051000/T1"  # even the set-up's own anchor is signed


def make_old_office(ctx) -> None:
    """What an office set up before migration 0003 looks like: no root, no certificates, no key file."""
    import sqlite3

    conn = sqlite3.connect(ctx.paths.database)
    conn.execute("UPDATE office SET root_certificate=NULL, root_key_enc=NULL")
    conn.execute("DELETE FROM terminal_certificates")
    conn.commit()
    conn.close()
    ctx.office.key_path.unlink()
    from counter_app.offline.audit import anchor_path_for_database, write_anchor

    path = anchor_path_for_database(ctx.paths.database)
    path.unlink()
    with ctx.db.read() as s:
        last = ctx.audit.recent(s, 1)[0]
    write_anchor(path, last.seq, last.entry_hash)  # an old program's unsigned anchor


def test_an_old_office_gets_its_certificates_on_the_next_supervisor_unlock(office_ctx):
    make_old_office(office_ctx)
    result = verify(office_ctx)
    assert result.ok and result.signed_by is None  # unsigned is all an office without certificates has
    with pytest.raises(UserError):
        office_ctx.office.terminal_signer()
    office_ctx.office.check_passphrase(PASSPHRASE, by="S001")
    assert office_ctx.office.terminal_signer().terminal == "T1"
    action, detail = audit_actions(office_ctx)[-1]
    assert action == "pki.issue" and detail["why"] == "no_root" and "root_fingerprint" in detail
    assert verify(office_ctx).signed_by == "2611051000/T1"
    office_ctx.office.check_passphrase(PASSPHRASE, by="S001")  # nothing more to do the next time
    assert [a for a, _ in audit_actions(office_ctx)].count("pki.issue") == 1


def test_a_wrong_passphrase_issues_nothing(office_ctx):
    make_old_office(office_ctx)
    with pytest.raises(UserError):
        office_ctx.office.issue_certificate("wrong passphrase", "S001")
    assert office_ctx.office.require().root_certificate is None and office_ctx.office.certificates() == []
    assert not office_ctx.office.key_path.exists()
    office_ctx.office.issue_certificate(PASSPHRASE, "S001")
    assert len(office_ctx.office.certificates()) == 1


def test_unlock_renews_a_certificate_near_its_end(office_ctx):
    old = office_ctx.office.terminal_signer()
    office_ctx.clock.advance(days=340)
    office_ctx.office.unlock(PASSPHRASE, by="S001")
    new = office_ctx.office.terminal_signer()
    assert new.serial != old.serial and new.certificate.not_valid_after_utc > old.certificate.not_valid_after_utc
    assert audit_actions(office_ctx)[-1][0] == "pki.renew"
    assert office_ctx.office.revoked_serials() == set()  # the old one stays valid until it ends
    assert verify(office_ctx).ok


def test_issue_renew_and_revoke(office_ctx):
    with pytest.raises(UserError) as err:
        office_ctx.office.issue_certificate(PASSPHRASE, "S001")
    assert "already has a valid certificate" in err.value.text("en")
    first = format(office_ctx.office.terminal_signer().serial, "x")
    office_ctx.office.renew_certificate(PASSPHRASE, "S001")
    second = format(office_ctx.office.terminal_signer().serial, "x")
    assert second != first and [c["serial"] for c in office_ctx.office.certificates()] == [second, first]
    out = office_ctx.office.revoke_certificate(PASSPHRASE, "S001", "old laptop given away", serial=first.upper())
    assert out == {"revoked": first, "issued": None}
    assert format(office_ctx.office.terminal_signer().serial, "x") == second  # the current one is untouched
    with pytest.raises(UserError) as err:
        office_ctx.office.revoke_certificate(PASSPHRASE, "S001", "again", serial=first)
    assert "already revoked" in err.value.text("en")
    with pytest.raises(UserError) as err:
        office_ctx.office.revoke_certificate(PASSPHRASE, "S001", "x", serial="abc123")
    assert "never issued" in err.value.text("en")
    with pytest.raises(UserError):
        office_ctx.office.revoke_certificate(PASSPHRASE, "S001", "주민번호 850314-1357926 분실", serial=second)
    revoked = [c for c in office_ctx.office.certificates() if c["revoked_at"]]
    assert [(c["serial"], c["revocation_reason"]) for c in revoked] == [(first, "old laptop given away")]
    actions = [a for a, _ in audit_actions(office_ctx)]
    assert actions[-2:] == ["pki.renew", "pki.revoke"]
    assert verify(office_ctx).ok


def test_audit_log_built_before_the_office_names_its_terminal(ctx):
    """AuditLog takes the terminal id from a provider: nothing has to be dropped after set-up."""
    from helpers.intake import PETITION_DOC

    from counter_app.actor import Actor

    audit = ctx.audit  # built while there is no office: the terminal was '-'
    queue = ctx.queue
    ctx.office.init("2611051000", "T7", "김담당", PASSPHRASE, operator="S001")
    assert ctx.audit is audit and ctx.queue is queue
    queue.submit(Actor("C001", "김철수"), PETITION_DOC)
    with ctx.db.read() as s:
        assert [e.terminal for e in audit.recent(s, 5)] == ["T7", "T7"]
    assert verify(ctx).ok


def test_a_key_file_from_elsewhere_is_replaced_at_the_next_unlock(office_ctx, tmp_path):
    from helpers.intake import make_office_dir

    from counter_app import pki

    other = tmp_path / "other"
    make_office_dir(other, "another passphrase")
    pki.terminal_key_path(other).replace(office_ctx.office.key_path)  # another office's key bundle
    office_ctx.office.unlock(PASSPHRASE, by="S001")
    action, detail = audit_actions(office_ctx)[-1]
    assert (action, detail["why"]) == ("pki.issue", "foreign_key")
    office = office_ctx.office.require()
    assert pki.fingerprint(office_ctx.office.terminal_signer().root) == pki.fingerprint(office.root_certificate)
    assert verify(office_ctx).ok
