"""Validation of the case document: every rule, with the field named in the message."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers.intake import CONTRACT_DOC, PETITION_DOC, RRN_RULE_BY_SERVICE, doc, rrn_with_check, service_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.errors import UserError
from counter_app.intake import (
    CaseValidationError,
    FieldProblem,
    check_field,
    field_warnings,
    load_catalogue,
    validate_case_document,
)
from counter_app.intake.validation import normalise_phone, rrn_birth_date, rrn_check_digit_ok

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
CAT = load_catalogue()


def validate(d):
    return validate_case_document(d, CAT, today=TODAY, now=NOW)


def problems(d) -> list[FieldProblem]:
    with pytest.raises(CaseValidationError) as err:
        validate(d)
    return err.value.problems


def only_problem(d, field: str) -> FieldProblem:
    found = [p for p in problems(d) if p.field == field]
    assert found, f"no problem reported for {field}"
    # the message names the field, with its Korean label, in Korean and English
    assert f"({field})" in found[0].msg.ko
    assert field in found[0].msg.en
    return found[0]


def test_contract_example_is_accepted_and_normalised():
    v = validate(CONTRACT_DOC)
    assert v.service.code == "resident_register_copy"
    assert v.phone_e164 == "+821012345678"
    assert v.rrn == "900101-1234568"
    assert v.birth_date == dt.date(1990, 1, 1)
    assert v.warnings == []
    # personal data never appears in repr (logs, tracebacks)
    assert "1234568" not in repr(v) and "홍길동" not in repr(v) and "5678" not in repr(v)


def test_petition_without_rrn_is_accepted():
    v = validate(PETITION_DOC)
    assert v.category == "suggestion" and v.rrn is None and v.phone_e164 == "+82511234567"


def test_error_is_a_user_error_with_one_line_naming_every_field():
    err_doc = doc(title=5, **{"applicant.phone": "120"})
    with pytest.raises(UserError) as err:
        validate(err_doc)
    text = err.value.text("ko")
    assert "제목(title)" in text and "연락처(applicant.phone)" in text and "\n" not in text


@pytest.mark.parametrize("key", ["bogus", "applicant.middle_name"])
def test_unknown_keys_are_refused_naming_the_key(key):
    found = [p for p in problems(doc(**{key: "x"})) if p.field == key]
    assert found and key in found[0].msg.ko and key in found[0].msg.en


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", 5),
        ("content", ["a"]),
        ("channel", 1),
        ("disclose", "yes"),
        ("applicant.name", {"a": 1}),
        ("applicant.postcode", 47545),
        ("applicant.phone", 1012345678),
        ("received_at", 20250929),
    ],
)
def test_wrong_types_are_refused_naming_the_field(field, value):
    p = only_problem(doc(**{field: value}), field)
    assert "형식" in p.msg.ko


def test_applicant_must_be_an_object():
    assert any(p.field == "applicant" for p in problems(doc(applicant="홍길동")))


def test_document_must_be_an_object():
    assert problems(["not", "a", "dict"])[0].field == ""


@pytest.mark.parametrize("field", ["channel", "category", "service", "title", "content", "applicant.name"])
@pytest.mark.parametrize("how", [..., None, "   "])
def test_required_fields(field, how):
    p = only_problem(doc(**{field: how}), field)
    assert "입력하십시오" in p.msg.ko


def test_missing_applicant_reports_the_name_once():
    fields = [p.field for p in problems(doc(applicant=...))]
    assert fields.count("applicant.name") == 1


@pytest.mark.parametrize(
    "field,value",
    [
        ("channel", "email"),
        ("category", "complaint"),
        ("notify_by", "pigeon"),
        ("applicant.kind", "robot"),
        ("applicant.gender", "X"),
    ],
)
def test_choices(field, value):
    only_problem(doc(**{field: value}), field)


def test_unknown_service_is_refused():
    only_problem(doc(service="없는 민원"), "service")


def test_service_by_code_or_alias():
    assert validate(doc(service="resident_register_copy")).service.name_ko == "주민등록표 등본 발급"
    assert validate(doc(service="등본")).service.code == "resident_register_copy"


def test_category_must_match_a_fixed_class_service():
    p = only_problem(doc(category="suggestion"), "category")
    assert "법정민원" in p.msg.ko


def test_petition_class_is_chosen_by_the_clerk_but_not_statutory():
    for cat in ("inquiry", "suggestion", "other", "grievance"):
        assert validate(doc(PETITION_DOC, category=cat)).category == cat
    only_problem(doc(PETITION_DOC, category="statutory"), "category")


# ---------------------------------------------------------------- phones
@pytest.mark.parametrize(
    "text,e164",
    [
        ("010-1234-5678", "+821012345678"),
        ("01012345678", "+821012345678"),
        ("+82 10-1234-5678", "+821012345678"),
        ("051-123-4567", "+82511234567"),
        ("051-1234-5678", "+825112345678"),
        ("070-1234-5678", "+827012345678"),
        ("0505-123-4567", "+825051234567"),
        ("080-123-4567", "+82801234567"),
        ("1588-1234", "+8215881234"),
        ("1644-1234", "+8216441234"),
        ("1800-1234", "+8218001234"),
        ("02-1234-5678", "+82212345678"),
    ],
)
def test_good_phones_are_stored_as_e164(text, e164):
    assert validate(doc(**{"applicant.phone": text})).phone_e164 == e164


@pytest.mark.parametrize("text", ["110", "120", "112", "119", "051-120", "02-120", "(051) 120"])
def test_service_numbers_are_refused_as_subscriber_numbers(text):
    p = only_problem(doc(**{"applicant.phone": text}), "applicant.phone")
    assert "120" in p.msg.ko and "안내" in p.msg.ko
    assert normalise_phone(text) == (None, "service_number")


@pytest.mark.parametrize("text", ["010-123-456", "12", "010-1234-56789"])
def test_impossible_phones_are_refused(text):
    p = only_problem(doc(**{"applicant.phone": text}), "applicant.phone")
    assert "올바른 전화번호" in p.msg.ko


# Issue 6: phonenumbers turned letters into keypad digits and dropped a trailing 'ext. 99'; a
# phone is now refused, naming the field and what is wrong, instead of being changed silently.
@pytest.mark.parametrize(
    "text,reason,ko,en",
    [
        ("010-abcd-5678", "letters", "글자", "letters"),
        ("010-CALL-HONG", "letters", "글자", "letters"),
        ("010-1234-5678 (집)", "letters", "글자", "letters"),
        ("051-123-4567 ext. 99", "extension", "내선", "extension"),
        ("051-123-4567 내선 12", "extension", "내선", "extension"),
        ("051-123-4567#12", "extension", "내선", "extension"),
        ("010-1234-5678 😀", "characters", "기호", "symbols"),
        ("010★1234★5678", "characters", "기호", "symbols"),
        ("010-1234-5678~9", "characters", "기호", "symbols"),
    ],
)
def test_phones_with_letters_emoji_or_extensions_are_refused_not_changed(text, reason, ko, en):
    assert normalise_phone(text) == (None, reason)
    p = only_problem(doc(**{"applicant.phone": text}), "applicant.phone")
    assert ko in p.msg.ko and en in p.msg.en
    assert text not in p.msg.ko and text not in p.msg.en  # the message never echoes the number


def test_full_width_digits_from_a_korean_keyboard_are_the_same_phone():
    assert validate(doc(**{"applicant.phone": "０１０－１２３４－５６７８"})).phone_e164 == "+821012345678"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_a_phone_is_stored_only_as_the_digits_that_were_typed(text):
    """Whatever is accepted keeps exactly the typed digits: nothing invented, nothing dropped."""
    e164, reason = normalise_phone(text)
    if e164 is None:
        assert reason in ("service_number", "extension", "letters", "characters", "invalid")
        return
    typed = "".join(str(int(ch)) for ch in text if ch.isdigit())
    national = "0" + e164[3:]
    assert typed in (national, e164[1:], "82" + national[1:], "820" + national[1:])


def _library_phone(text: str) -> tuple[str | None, str | None]:
    """normalise_phone as it was before its fast path: every number through phonenumbers.parse."""
    import phonenumbers

    from counter_app.intake.validation import _is_area_code_plus_service

    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException:
        return None, "invalid"
    if number.country_code == 82 and _is_area_code_plus_service(str(number.national_number)):
        return None, "service_number"
    if not phonenumbers.is_valid_number(number):
        return None, "invalid"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def _written(digits: str, style: int) -> str:
    cut = 2 if digits.startswith("02") else 3
    head, rest = digits[:cut], digits[cut:]
    mid, tail = rest[:-4], rest[-4:]
    return [digits, f"{head}-{mid}-{tail}", f"{head} {mid} {tail}", f"{head}.{mid}.{tail}", f"({head}) {mid}-{tail}"][
        style
    ]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789", min_size=6, max_size=10), st.integers(1, 69), st.integers(0, 4))
def test_the_fast_path_for_national_numbers_agrees_with_phonenumbers(rest, prefix, style):
    """normalise_phone skips phonenumbers.parse for 0[1-6]… numbers (most of an intake's
    validation time): over every prefix 01-069, lengths 8-12 and the ways a clerk writes them, it
    must give exactly what the library gives."""
    text = _written(f"0{prefix}{rest}", style)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits in ("110", "120", "112", "119"):
        return
    assert normalise_phone(text) == _library_phone(text), text


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "010-5970-1234",
        "011-123-4567",
        "019-1234-5678",
        "02-123-4567",
        "051-123-4567",
        "064-123-4567",
        "0505-123-4567",
        "060-123-4567",
        "02-0123-4567",
        "051-0123-4567",
        "010-0000-0000",
        "01012345678",
        "0212345678",
        "050-1234-5678",
        "016-123-4567",
        "031-1234-5678",
        "010-12345-678",
    ],
)
def test_the_fast_path_agrees_on_the_numbers_clerks_type(text):
    assert normalise_phone(text) == _library_phone(text)


# ---------------------------------------------------------------- dates, postcode, email, lengths
@pytest.mark.parametrize("value", ["1990-02-30", "1990-13-01", "yesterday", "2026-11-25", "1899-12-31"])
def test_bad_birth_dates(value):
    d = doc(**{"applicant.birth_date": value, "applicant.rrn": ...}, service="국민신문고 민원", category="other")
    only_problem(d, "applicant.birth_date")


def test_birth_date_today_is_fine():
    d = doc(PETITION_DOC, **{"applicant.birth_date": "2026-11-24"})
    assert validate(d).birth_date == TODAY


@pytest.mark.parametrize("value", ["4754", "475450", "47-545", "ABCDE"])
def test_postcode_is_5_digits(value):
    only_problem(doc(**{"applicant.postcode": value}), "applicant.postcode")


@pytest.mark.parametrize("value", ["nobody", "a@b", "a b@c.kr", "@example.kr", "x@y."])
def test_email_basic_check(value):
    only_problem(doc(**{"applicant.email": value}), "applicant.email")


def test_good_email():
    assert validate(doc(**{"applicant.email": "hong@example.kr"})).email == "hong@example.kr"


@pytest.mark.parametrize(
    "field,limit", [("title", 200), ("content", 4000), ("applicant.name", 100), ("applicant.address", 300)]
)
def test_lengths(field, limit):
    assert validate(doc(**{field: "가" * limit}))
    p = only_problem(doc(**{field: "가" * (limit + 1)}), field)
    assert str(limit) in p.msg.ko


def test_control_characters_and_unencodable_text_are_refused():
    only_problem(doc(title="a\x00b"), "title")
    only_problem(doc(title="line\nbreak"), "title")
    only_problem(doc(title="\ud800"), "title")
    assert validate(doc(content="여러 줄\n내용")).content == "여러 줄\n내용"


def test_notify_by_needs_the_channel_it_names():
    only_problem(doc(notify_by="email"), "notify_by")
    only_problem(doc(notify_by="sms", **{"applicant.phone": ...}), "notify_by")


def test_received_at_for_retroactive_intake():
    v = validate(doc(received_at="2025-09-29T10:15:00+09:00"))
    assert v.received_at == dt.datetime(2025, 9, 29, 1, 15, tzinfo=dt.UTC)
    only_problem(doc(received_at="2025-09-29T10:15:00"), "received_at")  # no offset
    only_problem(doc(received_at="2026-12-01T10:00:00+09:00"), "received_at")  # future
    only_problem(doc(received_at="last monday"), "received_at")


def test_phone_channel_for_a_statutory_application_warns():
    v = validate(doc(channel="phone"))
    assert "phone_channel" in v.warning_codes
    assert "phone_channel" not in validate(doc(PETITION_DOC, channel="phone", category="other")).warning_codes


# ---------------------------------------------------------------- RRN
def test_rrn_without_dash_is_normalised():
    assert validate(doc(**{"applicant.rrn": "9001011234568"})).rrn == "900101-1234568"


@pytest.mark.parametrize(
    "rrn,century",
    [
        ("900101-1", 1900),
        ("900101-2", 1900),
        ("050101-3", 2000),
        ("050101-4", 2000),
        ("990101-9", 1800),
        ("990101-0", 1800),
        ("900101-5", 1900),
        ("900101-6", 1900),
        ("050101-7", 2000),
        ("050101-8", 2000),
    ],
)
def test_rrn_seventh_digit_gives_the_century(rrn, century):
    full = rrn + "000000"
    assert rrn_birth_date(full).year == century + int(rrn[:2])


def test_rrn_accepted_for_each_century_with_matching_birth_date():
    for first12, birth in (("050101300000", "2005-01-01"), ("900101500000", "1990-01-01"), ("990101900000", None)):
        d = doc(**{"applicant.rrn": rrn_with_check(first12), "applicant.birth_date": birth})
        if birth is None:
            d["applicant"].pop("birth_date")
            # 1899: before 1900 is allowed for the RRN's own date (it is the person's real date)
        v = validate(d)
        assert v.rrn.startswith(first12[:6])


@pytest.mark.parametrize(
    "rrn,fragment",
    [
        ("90010-11234568", "13자리"),
        ("900101-12345", "13자리"),
        ("abcdef-ghijklm", "13자리"),
        ("901301-1234568", "실제 날짜"),
        ("900230-1234568", "실제 날짜"),
        ("300101-3234568", "미래"),  # 2030
    ],
)
def test_bad_rrns_are_refused(rrn, fragment):
    d = doc(**{"applicant.rrn": rrn, "applicant.birth_date": ...})
    p = only_problem(d, "applicant.rrn")
    assert fragment in p.msg.ko
    assert rrn not in p.msg.ko and rrn.replace("-", "") not in p.msg.ko  # never echoes the number


def test_rrn_must_agree_with_birth_date():
    p = only_problem(doc(**{"applicant.birth_date": "1990-01-02"}), "applicant.rrn")
    assert "생년월일" in p.msg.ko


def test_rrn_check_digit_mismatch_is_only_a_warning():
    assert rrn_check_digit_ok("900101-1234568")
    assert not rrn_check_digit_ok("900101-1234567")
    v = validate(doc(**{"applicant.rrn": "900101-1234567"}))  # e.g. a number issued after 2020-10
    assert v.rrn == "900101-1234567"
    assert v.warning_codes == ["rrn_check_digit"]
    assert "2020" in v.warnings[0].ko


def test_rrn_missing_where_the_service_requires_it_names_the_rule():
    for service in ("인감증명서 발급", "전입신고"):
        p = only_problem(doc(service=service, **{"applicant.rrn": ...}), "applicant.rrn")
        assert "법령" in p.msg.ko and service in p.msg.ko
    p = only_problem(doc(service="인감증명서 발급", **{"applicant.rrn": ...}), "applicant.rrn")
    assert "인감증명법 시행령 제20조의2" in p.msg.ko
    p = only_problem(doc(service="전입신고", **{"applicant.rrn": ...}), "applicant.rrn")
    assert "제60조의2①7호" in p.msg.ko


def test_rrn_given_where_no_statute_requires_or_permits_it_names_pipa():
    for service in ("국민신문고 민원", "건축물대장 등본 발급", "고충민원"):
        category = "suggestion" if service == "국민신문고 민원" else CAT.find(service).category
        p = only_problem(doc(service=service, category=category), "applicant.rrn")
        assert "제24조의2" in p.msg.ko and "24-2" in p.msg.en and "허용" in p.msg.ko and "permits" in p.msg.en


# Issue 12 item 3: the rule is three-valued. 등·초본 and 확정일자 were two-valued errors of law
# (required / refused); they are permitted: taken when the applicant gives it, never demanded.
@pytest.mark.parametrize("service", sorted(RRN_RULE_BY_SERVICE))
def test_every_service_follows_its_rrn_rule(service):
    rule = RRN_RULE_BY_SERVICE[service]
    assert CAT.find(service).rrn_rule == rule
    with_rrn, without = service_doc(service, with_rrn=True), service_doc(service, with_rrn=False)
    if rule == "required":
        assert validate(with_rrn).rrn == "900101-1234568"
        assert only_problem(without, "applicant.rrn").msg.ko.count("법령") == 1
    elif rule == "permitted":
        assert validate(with_rrn).rrn == "900101-1234568"  # sealed by the queue like any other
        assert validate(without).rrn is None  # never demanded
    else:
        assert validate(without).rrn is None
        assert "제24조의2" in only_problem(with_rrn, "applicant.rrn").msg.ko


def test_every_catalogue_service_has_a_rule_in_the_test_table():
    assert {s.name_ko for s in CAT} == set(RRN_RULE_BY_SERVICE)


def test_a_permitted_rrn_is_checked_like_a_required_one():
    d = service_doc("주민등록표 등본 발급", with_rrn=True)
    d["applicant"]["rrn"] = "901301-1234568"
    assert "실제 날짜" in only_problem(d, "applicant.rrn").msg.ko
    d["applicant"]["rrn"] = "900101-1234567"  # bad check digit: accepted with a warning
    assert validate(d).warning_codes == ["rrn_check_digit"]


def test_a_permitted_rrn_on_file_is_kept_by_an_edit_without_one():
    d = service_doc("확정일자 부여", with_rrn=False)
    v = validate_case_document(d, CAT, today=TODAY, now=NOW, rrn_on_file=dt.date(1990, 1, 1))
    assert v.rrn is None
    d["applicant"]["birth_date"] = "1991-01-01"
    with pytest.raises(CaseValidationError) as err:
        validate_case_document(d, CAT, today=TODAY, now=NOW, rrn_on_file=dt.date(1990, 1, 1))
    assert err.value.fields() == ["applicant.rrn"]


# ---------------------------------------------------------------- RRN in free text (issue 6)
@pytest.mark.parametrize(
    "field", ["title", "content", "attachments_note", "region", "applicant.address", "applicant.name"]
)
@pytest.mark.parametrize("written", ["850314-1357926", "8503141357926", "850314 1357926", "850314.1357926"])
def test_an_rrn_in_free_text_is_refused_naming_the_field(field, written):
    text = f"본인 번호 {written} 로 가입됨"[:100]
    p = only_problem(doc(PETITION_DOC, **{field: text}), field)
    assert "본문에 적지 마십시오" in p.msg.ko and "free text" in p.msg.en
    assert "1357926" not in p.msg.ko + p.msg.en


@pytest.mark.parametrize(
    "text",
    [
        "연락처 010-1234-5678 로 연락 바랍니다",
        "접수번호 2611051000-20250929-T1-0001-K 관련",
        "피해액 1234567890123원",
        "계좌 110-123-456789",
        "2025-09-29 10:15 접수",
    ],
)
def test_numbers_that_are_not_rrns_stay_in_free_text(text):
    assert validate(doc(PETITION_DOC, content=text)).content == text


def test_rrn_gives_the_birth_date_when_none_was_typed():
    v = validate(doc(**{"applicant.birth_date": ...}))
    assert v.birth_date == dt.date(1990, 1, 1)


# ---------------------------------------------------------------- inline checks
def test_check_field_reports_only_that_field():
    partial = {"service": "인감증명서 발급"}
    assert check_field("applicant.phone", "010-1234-5678", partial, CAT, today=TODAY, now=NOW) is None
    msg = check_field("applicant.phone", "120", partial, CAT, today=TODAY, now=NOW)
    assert msg is not None and "applicant.phone" in msg.ko
    # the RRN rule depends on the service chosen elsewhere in the form
    assert check_field("applicant.rrn", None, partial, CAT, today=TODAY, now=NOW) is not None
    assert (
        check_field("applicant.rrn", "900101-1234568", {"service": "국민신문고 민원"}, CAT, today=TODAY, now=NOW)
        is not None
    )
    assert check_field("title", "", {}, CAT, today=TODAY, now=NOW) is not None
    assert check_field("title", "제목", {}, CAT, today=TODAY, now=NOW) is None


def test_field_warnings_for_rrn_check_digit():
    assert field_warnings("applicant.rrn", "900101-1234567", CONTRACT_DOC, CAT, today=TODAY)
    assert not field_warnings("applicant.rrn", "900101-1234568", CONTRACT_DOC, CAT, today=TODAY)


# ---------------------------------------------------------------- fuzzing
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
known_keys = st.sampled_from(
    [
        "channel",
        "category",
        "service",
        "title",
        "content",
        "applicant",
        "disclose",
        "notify_by",
        "received_at",
        "region",
    ]
)
applicant_values = st.fixed_dictionaries(
    {},
    optional={
        k: json_values | st.sampled_from(["010-1234-5678", "120", "900101-1234568", "1990-01-01", "47545", "a@b.kr"])
        for k in ("name", "birth_date", "phone", "email", "address", "postcode", "rrn", "kind", "gender", "zzz")
    },
)
documents = st.one_of(
    json_values,
    st.dictionaries(known_keys | st.text(max_size=8), json_values | applicant_values, max_size=12),
    st.builds(
        lambda base, applicant, changes: {**base, "applicant": applicant, **changes},
        st.sampled_from([CONTRACT_DOC, PETITION_DOC]),
        applicant_values,
        st.dictionaries(known_keys, json_values, max_size=3),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_fuzz_only_validation_errors_ever_escape(document):
    try:
        v = validate(document)
    except CaseValidationError as exc:
        assert exc.problems and all(isinstance(p, FieldProblem) for p in exc.problems)
        json.dumps([p.msg.ko for p in exc.problems], ensure_ascii=False)
    else:
        assert v.title and v.content and v.applicant_name and v.service is not None
