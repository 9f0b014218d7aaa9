"""RRN-shaped numbers in free text (counter_app/pii.py): found, masked, refused; look-alikes left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.intake import rrn_with_check
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app import pii
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.intake.receipts import format_receipt_no

SEPARATORS = ["-", "", " ", ".", " - ", "–", "－", "·", "_"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_an_rrn_is_found_with_any_separator_and_masked(sep):
    text = f"사유: 본인 850314{sep}1357926 확인 요청"
    masked = pii.mask_rrns(text)
    assert masked.text == "사유: 본인 850314-1****** 확인 요청"
    assert masked.originals == (f"850314{sep}1357926",)
    assert masked.found[0].normalised == "850314-1357926"
    assert pii.contains_rrn(text)


def test_full_width_digits_and_several_numbers():
    text = "갑 ８５０３１４-１３５７９２６, 을 900101-2234567."
    masked = pii.mask_rrns(text)
    assert masked.text == "갑 850314-1******, 을 900101-2******."
    assert [f.normalised for f in masked.found] == ["850314-1357926", "900101-2234567"]


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "01012345678",
        "+82 10 1234 5678",
        "051-123-4567",  # phones
        "2611051000-20250929-T1-0001-K",  # a receipt number: 10-8-…
        "1234567890123원",
        "₩2501011234567",
        "2501011234567 KRW",  # amounts
        "123456-1234567",  # no such date (month 34)
        "901301-1234567",
        "900230-1234567",  # 13th month, 30 February
        "12850314-1357926",
        "850314-13579261",  # part of a longer number
        "110-123-456789",
        "123456-12-345678",  # account numbers
        "ab8503141357926cd",
        "sha256:8503141357926f",  # digits inside a hex digest or id
        "2025-09-29 10:15",
    ],
)
def test_look_alikes_are_left_alone(text):
    assert pii.find_rrns(text) == [] and pii.mask_text(text) == text


def test_the_seventh_digit_names_the_century_of_the_date():
    assert pii.contains_rrn("000229-3123456")  # 2000-02-29 exists
    assert not pii.contains_rrn("000229-9123456")  # 1800-02-29 does not (1800 was no leap year)


def test_mask_in_masks_every_string_of_a_json_value_and_leaves_the_rest():
    value = {"reason": "번호 850314-1357926", "n": 8503141357926, "list": ["9001011234568", None, True]}
    assert pii.mask_in(value) == {
        "reason": "번호 850314-1******",
        "n": 8503141357926,
        "list": ["900101-1******", None, True],
    }


def test_refusal_names_the_field_and_never_the_number():
    with pytest.raises(UserError) as err:
        pii.refuse_rrn_in("사유 850314-1357926", Msg("수정 사유", "reason for the correction"))
    assert "수정 사유" in err.value.text("ko") and "reason for the correction" in err.value.text("en")
    assert "1357926" not in err.value.text("ko") + err.value.text("en")
    pii.refuse_rrn_in("전화 010-1234-5678", Msg("사유", "reason"))  # nothing to refuse


def test_found_numbers_are_not_in_repr():
    masked = pii.mask_rrns("850314-1357926")
    assert "1357926" not in repr(masked) and "1357926" not in repr(masked.found)


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2029, 12, 31))


@st.composite
def rrns(draw):
    day = draw(dates)
    sex = draw(st.sampled_from("12" if day.year < 2000 else "34"))
    rest = draw(st.text("0123456789", min_size=5, max_size=5))
    return rrn_with_check(f"{day:%y%m%d}{sex}{rest}")


words = st.text(st.characters(blacklist_categories=("Nd",), blacklist_characters="-‐‑‒–—−－﹣._·₩￦$€\\"), max_size=15)


@settings(max_examples=300, deadline=None)
@given(rrns(), st.sampled_from(SEPARATORS), words, words)
def test_every_rrn_in_any_text_is_masked_and_its_back_half_is_gone(rrn, sep, before, after):
    written = rrn.replace("-", sep)
    text = f"{before} {written} {after}"
    masked = pii.mask_rrns(text)
    assert rrn[7:] not in masked.text.replace(" ", "")
    assert f"{rrn[:6]}-{rrn[7]}******" in masked.text
    assert rrn.replace("-", sep) in masked.originals


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["010", "011", "016", "070", "051", "02"]),
    st.integers(100, 9999),
    st.integers(0, 9999),
    st.sampled_from(["-", " ", "", "."]),
)
def test_phone_numbers_are_never_masked(head, middle, last, sep):
    phone = f"{head}{sep}{middle}{sep}{last:04d}"
    assert pii.mask_text(f"연락처 {phone} 입니다") == f"연락처 {phone} 입니다"


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(1, 9999), st.sampled_from(["T1", "T2", "A9"]))
def test_receipt_numbers_are_never_masked(day, seq, terminal):
    receipt = format_receipt_no("2611051000", day, terminal, seq)
    assert pii.mask_text(f"접수번호 {receipt} 문의") == f"접수번호 {receipt} 문의"


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=64))
def test_hex_digests_are_never_altered(data):
    """The audit log masks its details: a content hash in them must come out as it went in."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    assert pii.mask_in({"content_hash": digest}) == {"content_hash": digest}
    forced = "abc" + "8503141357926" + digest[16:]  # a digit run with a valid date, inside hex
    assert pii.mask_text(forced) == forced


def test_korean_around_the_number_does_not_hide_it():
    assert pii.mask_text("번호850314-1357926입니다") == "번호850314-1******입니다"
