"""Sealing, office keys, passphrase hashing and the one masking pattern (domain.md §4)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.errors import UserError
from counter_app.security import (
    WRONG_PASSPHRASE,
    Sealer,
    decrypt_private_key,
    encrypt_private_key,
    generate_office_keys,
    hash_secret,
    mask_address,
    mask_email,
    mask_name,
    mask_phone,
    mask_rrn,
    unlock_office_keys,
    verify_secret,
    verify_signature,
)

PASSPHRASE = "correct horse battery"
CASE_A = b"6f1d3c2e-0000-4000-8000-00000000000a"
CASE_B = b"6f1d3c2e-0000-4000-8000-00000000000b"


@pytest.fixture(scope="module")
def keys():
    material = generate_office_keys(PASSPHRASE)
    return material, unlock_office_keys(material, PASSPHRASE)


# ---------------------------------------------------------------- sealing
def test_seal_unseal_round_trip(keys):
    material, unlocked = keys
    blob = Sealer(material.seal_public).seal(b"900101-1234568", CASE_A)
    assert b"900101" not in blob and b"1234568" not in blob
    assert unlocked.unsealer.unseal(blob, CASE_A) == b"900101-1234568"


def test_each_seal_is_different(keys):
    material, _ = keys
    sealer = Sealer(material.seal_public)
    assert sealer.seal(b"x", CASE_A) != sealer.seal(b"x", CASE_A)  # fresh content key and nonces


def test_spare_wrapping_keys_are_made_off_the_seal_and_each_is_used_once(keys):
    """Sealer(spares=N): the one-time X25519 keys are made on a background thread after a seal;
    a spare seals exactly like a fresh key (it opens, it is bound to its case) and never twice."""
    import threading

    material, unlocked = keys
    sealer = Sealer(material.seal_public, spares=3)
    first = sealer.seal(b"900101-1234568", CASE_A)  # none ready yet: a fresh key
    assert not sealer._ready
    sealer.replenish()
    sealer.settle()
    assert len(sealer._ready) == 3
    assert any(t.name == "seal-spares" for t in threading.enumerate())
    spare_pubs = [pub for pub, _wrap in sealer._ready]
    blobs = [sealer.seal(b"900101-1234568", CASE_B) for _ in range(3)]
    assert [b[3:35] for b in blobs] == spare_pubs  # the ready ones, in order, each once
    sealer.replenish()
    sealer.settle()
    assert len({b[3:35] for b in [first, *blobs, sealer.seal(b"x", CASE_A)]}) == 5  # no ephemeral key reused
    for blob in blobs:
        assert unlocked.unsealer.unseal(blob, CASE_B) == b"900101-1234568"
        with pytest.raises(UserError):
            unlocked.unsealer.unseal(blob, CASE_A)  # still bound to its case
    assert not Sealer(material.seal_public)._ready and Sealer(material.seal_public)._refill is None


def test_other_office_key_cannot_unseal(keys):
    material, _ = keys
    other = generate_office_keys("another passphrase!")
    blob = Sealer(material.seal_public).seal(b"secret", CASE_A)
    with pytest.raises(UserError):
        unlock_office_keys(other, "another passphrase!").unsealer.unseal(blob, CASE_A)


@pytest.mark.parametrize("position", [3, 40, 60, 100, -1])
def test_tampered_blob_fails(keys, position):
    material, unlocked = keys
    blob = bytearray(Sealer(material.seal_public).seal(b"secret", CASE_A))
    blob[position] ^= 0x01
    with pytest.raises(UserError):
        unlocked.unsealer.unseal(bytes(blob), CASE_A)


def test_blob_moved_to_another_case_fails(keys):
    material, unlocked = keys
    blob = Sealer(material.seal_public).seal(b"secret", CASE_A)
    with pytest.raises(UserError, match="다른 사건|another case"):
        unlocked.unsealer.unseal(blob, CASE_B)


def test_truncated_or_foreign_blob_is_refused(keys):
    _, unlocked = keys
    with pytest.raises(UserError):
        unlocked.unsealer.unseal(b"CA1short", CASE_A)
    with pytest.raises(UserError):
        unlocked.unsealer.unseal(b"XX9" + bytes(200), CASE_A)


def test_wrong_passphrase_cannot_unlock(keys):
    material, _ = keys
    with pytest.raises(UserError) as info:
        unlock_office_keys(material, "wrong horse battery")
    assert info.value.msg == WRONG_PASSPHRASE


def test_private_keys_are_stored_encrypted(keys):
    material, unlocked = keys
    raw = decrypt_private_key(material.seal_private_enc, PASSPHRASE)
    assert raw not in material.seal_private_enc
    blob = encrypt_private_key(raw, PASSPHRASE)
    assert blob != material.seal_private_enc  # new salt and nonce each time
    assert decrypt_private_key(blob, PASSPHRASE) == raw


def test_signatures_verify_and_detect_change(keys):
    material, unlocked = keys
    sig = unlocked.signer.sign(b"2611051000-20261124-T1-0001")
    assert verify_signature(material.sign_public, sig, b"2611051000-20261124-T1-0001")
    assert not verify_signature(material.sign_public, sig, b"2611051000-20261124-T1-0002")
    assert not verify_signature(material.sign_public, b"\x00" * 64, b"x")


def test_hash_secret_is_salted_argon2id_and_verifies():
    h1, h2 = hash_secret("1234"), hash_secret("1234")
    assert h1.startswith("$argon2id$") and h1 != h2 and "1234" not in h1.split("$")[-1]
    assert verify_secret(h1, "1234") and verify_secret(h2, "1234")
    assert not verify_secret(h1, "1235")
    assert not verify_secret("not a hash", "1234")


# ---------------------------------------------------------------- masking table
@pytest.mark.parametrize(
    "value, expected",
    [
        ("900101-1234568", "900101-1******"),
        ("9001011234568", "900101-1******"),
        ("900101 1234568", "900101-1******"),
        ("", ""),
        (None, ""),
        ("12345", "*****"),
    ],
)
def test_mask_rrn(value, expected):
    assert mask_rrn(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("홍길동", "홍*동"),
        ("홍길", "홍*"),
        ("남궁길동", "남**동"),
        ("김", "*"),
        (" 이영희 ", "이*희"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(value, expected):
    assert mask_name(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("010-1234-5678", "010-****-5678"),
        ("01012345678", "010-****-5678"),
        ("+82 10-1234-5678", "010-****-5678"),
        ("+821012345678", "010-****-5678"),
        ("051-123-4567", "051-****-4567"),
        ("051-1234-5678", "051-****-5678"),
        ("+82-51-123-4567", "051-****-4567"),
        ("02-123-4567", "02-****-4567"),
        ("02-1234-5678", "02-****-5678"),
        ("+82-2-1234-5678", "02-****-5678"),
        ("070-1234-5678", "070-****-5678"),
        ("0505-123-4567", "0505-****-4567"),
        ("1588-1234", "1588-****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("부산광역시 연제구 중앙대로 1001 (연산동)", "부산광역시 연제구 중앙대로 ***"),
        ("부산광역시 해운대구 해운대로 123, 101동 202호", "부산광역시 해운대구 해운대로 ***"),
        ("부산광역시 북구 만덕대로155번길 12", "부산광역시 북구 만덕대로155번길 ***"),
        ("부산광역시 중구 중앙대로1001", "부산광역시 중구 중앙대로 ***"),
        ("부산광역시 중구 광복로 12", "부산광역시 중구 광복로 ***"),
        ("부산광역시 중구 동광길 3", "부산광역시 중구 동광길 ***"),
        (
            "부산광역시 중구 중앙동4가 12-3",
            "부산광역시 중구 ***",
        ),  # lot-number address: no road, cut after the district
        ("", ""),
        (None, ""),
    ],
)
def test_mask_address(value, expected):
    assert mask_address(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("hong@example.com", "h***@example.com"),
        ("a@b.kr", "a***@b.kr"),
        ("broken", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_email(value, expected):
    assert mask_email(value) == expected


# ---------------------------------------------------------------- properties
@settings(max_examples=300, deadline=None)
@given(
    front=st.text(alphabet="0123456789", min_size=6, max_size=6),
    back=st.text(alphabet="0123456789", min_size=7, max_size=7),
    sep=st.sampled_from(["-", "", " "]),
)
def test_mask_rrn_never_reveals_the_last_six_digits(front, back, sep):
    masked = mask_rrn(front + sep + back)
    assert masked == f"{front}-{back[0]}******"
    assert re.sub(r"\D", "", masked) == front + back[0]


@settings(max_examples=300, deadline=None)
@given(
    head=st.sampled_from(["010", "011", "051", "053", "070", "02", "031", "0505"]),
    middle=st.text(alphabet="0123456789", min_size=3, max_size=4),
    last=st.text(alphabet="0123456789", min_size=4, max_size=4),
    style=st.sampled_from(["local-dash", "local-plain", "e164"]),
)
def test_mask_phone_never_reveals_the_middle_digits(head, middle, last, style):
    if style == "local-dash":
        phone = f"{head}-{middle}-{last}"
    elif style == "local-plain":
        phone = head + middle + last
    else:
        phone = "+82" + head[1:] + middle + last
    masked = mask_phone(phone)
    assert masked == f"{head}-****-{last}"
    # only the prefix and the last four digits survive: the subscriber's middle digits never do
    assert re.sub(r"\D", "", masked) == head + last
