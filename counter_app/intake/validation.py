"""Validation of the case document (contracts.md §1), in one Qt-free place for the CLI, the GUI,
the importer and the queue.

Every problem names its field with a Korean label and the dotted path ('연락처(applicant.phone)')
and never echoes the value: messages end up in logs and on screens, values are personal data.
All problems are collected (a clerk fixes the whole form at once), then raised together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from counter_app import pii
from counter_app.cases.fields import REQUIRED_FIELDS
from counter_app.clock import KST
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.intake.catalogue import (
    CATEGORIES,
    CHANNELS,
    RRN_NOT_PERMITTED,
    RRN_PERMITTED,
    RRN_REQUIRED,
    Catalogue,
    Service,
)

FIELD_LABELS: dict[str, Msg] = {
    "": Msg("민원 문서", "case document"),
    "channel": Msg("접수 경로", "channel"),
    "category": Msg("민원 구분", "class"),
    "service": Msg("민원 종류", "service"),
    "title": Msg("제목", "title"),
    "content": Msg("내용", "content"),
    "disclose": Msg("공개 여부", "disclosure"),
    "received_via_system": Msg("정보시스템 접수 여부", "received through the information system"),
    "notify_by": Msg("통지 방법", "notification method"),
    "region": Msg("민원 발생 지역", "region"),
    "attachments_note": Msg("첨부 서류", "attachments"),
    "received_at": Msg("접수일시", "time of receipt"),
    "applicant": Msg("민원인", "applicant"),
    "applicant.name": Msg("성명", "name"),
    "applicant.kind": Msg("신청인 구분", "applicant type"),
    "applicant.birth_date": Msg("생년월일", "birth date"),
    "applicant.gender": Msg("성별", "gender"),
    "applicant.phone": Msg("연락처", "phone"),
    "applicant.email": Msg("전자우편", "email"),
    "applicant.address": Msg("주소", "address"),
    "applicant.postcode": Msg("우편번호", "postcode"),
    "applicant.rrn": Msg("주민등록번호", "resident registration number"),
}

TOP_KEYS = (
    "channel",
    "category",
    "service",
    "title",
    "content",
    "applicant",
    "disclose",
    "notify_by",
    "region",
    "attachments_note",
    "received_at",
    "received_via_system",
)
APPLICANT_KEYS = ("name", "kind", "birth_date", "gender", "phone", "email", "address", "postcode", "rrn")
REQUIRED = REQUIRED_FIELDS  # counter_app/cases/fields.py: the one list

MAX_LENGTHS = {
    "title": 200,
    "content": 4000,
    "region": 100,
    "attachments_note": 1000,
    "service": 100,
    "applicant.name": 100,
    "applicant.address": 300,
    "applicant.email": 254,
}
APPLICANT_KINDS = ("person", "organisation")
GENDERS = ("M", "F")
NOTIFY_METHODS = ("sms", "email", "mail", "phone", "fax", "visit", "none")
# 110 정부민원안내, 120 지자체 콜센터, 112 police, 119 fire: service numbers, never a subscriber's.
SERVICE_NUMBERS = frozenset({"110", "120", "112", "119"})
EARLIEST_BIRTH = dt.date(1900, 1, 1)
EARLIEST_RECEIPT = dt.datetime(2000, 1, 1, tzinfo=KST)
CLOCK_SKEW = dt.timedelta(minutes=5)  # a received_at this far ahead of our clock is still 'now'

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_POSTCODE_RE = re.compile(r"^\d{5}$")
_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_RRN_RE = re.compile(r"^(\d{6})[-\s]?(\d{7})$")
# C0/C1 controls and the bidi embeddings/overrides/isolates (U+202A-U+202E, U+2066-U+2069): they
# reorder what a reader sees on screen and on the printed receipt. Single-line fields (names,
# phones, addresses) also refuse newlines and the invisible zero-width and direction marks.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_LINE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff\u061c]")
# A phone number is digits with the usual separators and a leading '+'; nothing else is changed into
# or dropped from it silently (phonenumbers would turn letters into keypad digits and drop 'ext. 99').
_PHONE_CHARS_RE = re.compile(r"^\+?[0-9\s\-().]+$")
_PHONE_EXTENSION_RE = re.compile(r"(?i)(?:ext\.?|extension|x|내선|#)\s*\d{1,6}\s*$")
# A Korean national number: the trunk prefix 0, then an area code (02, 031-064), a mobile (010-019)
# or a 050/060 number; the library parses these by dropping the 0 (no carrier code: that is 08x,
# no international prefix: that is 00x, no 07x internet number: left to the library).
_KR_NATIONAL_DIGITS_RE = re.compile(r"0[1-6][0-9]{6,10}")
_FULLWIDTH_PHONE = str.maketrans("０１２３４５６７８９－＋（）", "0123456789-+()")  # what a Korean IME may type

# RRN 7th digit -> century (domain.md §4): 9/0 1800s, 1/2 1900s, 3/4 2000s, 5-8 foreign residents.
RRN_CENTURY = {
    "9": 1800,
    "0": 1800,
    "1": 1900,
    "2": 1900,
    "3": 2000,
    "4": 2000,
    "5": 1900,
    "6": 1900,
    "7": 2000,
    "8": 2000,
}
_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def label(field_path: str) -> Msg:
    base = FIELD_LABELS.get(field_path, Msg(field_path, field_path))
    if not field_path:
        return base
    return Msg(f"{base.ko}({field_path})", f"{base.en} ({field_path})")


@dataclass(frozen=True)
class FieldProblem:
    field: str  # dotted path, e.g. "applicant.phone"; "" for the document itself
    msg: Msg


class CaseValidationError(UserError):
    """The case document was refused; `problems` lists every field and why."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = list(problems)
        # One line naming every problem: the CLI prints it as is, the GUI shows it in one box.
        if self.problems:
            summary = Msg(" ".join(p.msg.ko for p in self.problems), " ".join(p.msg.en for p in self.problems))
        else:
            summary = Msg("민원 문서가 올바르지 않습니다.", "The case document is not valid.")
        super().__init__(summary)

    def fields(self) -> list[str]:
        return [p.field for p in self.problems]

    def lines(self, lang: str | None = None) -> list[str]:
        return [p.msg.text(lang) for p in self.problems]


@dataclass(frozen=True)
class ValidCase:
    """A validated, normalised case. Personal fields are left out of repr() so a stray log line
    or traceback can never print them."""

    channel: str
    category: str
    service: Service
    title: str = field(repr=False)
    content: str = field(repr=False)
    applicant_name: str = field(repr=False)
    applicant_kind: str | None = None
    birth_date: dt.date | None = field(default=None, repr=False)
    gender: str | None = field(default=None, repr=False)
    phone_e164: str | None = field(default=None, repr=False)
    email: str | None = field(default=None, repr=False)
    address: str | None = field(default=None, repr=False)
    postcode: str | None = field(default=None, repr=False)
    rrn: str | None = field(default=None, repr=False)  # 'YYMMDD-SNNNNNC', only where the service requires or permits it
    disclose: bool = False
    notify_by: str | None = None
    region: str | None = field(default=None, repr=False)
    attachments_note: str | None = field(default=None, repr=False)
    received_at: dt.datetime | None = None
    received_via_system: bool = False  # 시행령 제20조 2호 (see cases.read_models.WireCase)
    warnings: list[Msg] = field(default_factory=list)
    warning_codes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- messages
def _msg(field_path: str, ko: str, en: str, **kw) -> FieldProblem:
    lab = label(field_path)
    return FieldProblem(field_path, Msg(ko.format(label=lab.ko, **kw), en.format(label=lab.en, **kw)))


def _missing(f: str) -> FieldProblem:
    return _msg(f, "{label}을(를) 입력하십시오.", "Enter the {label}.")


def _wrong_type(f: str, ko_type: str, en_type: str) -> FieldProblem:
    return _msg(
        f,
        "{label}의 형식이 틀렸습니다: {t}이어야 합니다.",
        "The {label} has the wrong type: it must be {te}.",
        t=ko_type,
        te=en_type,
    )


# ---------------------------------------------------------------- individual rules
def rrn_century(rrn: str) -> int | None:
    m = _RRN_RE.match(rrn)
    return RRN_CENTURY.get(m.group(2)[0]) if m else None


def rrn_birth_date(rrn: str) -> dt.date | None:
    """The birth date an RRN encodes, or None when the number or its date is impossible."""
    m = _RRN_RE.match(rrn)
    if not m:
        return None
    century = RRN_CENTURY.get(m.group(2)[0])
    if century is None:
        return None
    ymd = m.group(1)
    try:
        return dt.date(century + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:6]))
    except ValueError:
        return None


def rrn_check_digit_ok(rrn: str) -> bool:
    """The pre-2020-10 check digit. A mismatch is only ever a warning (new numbers carry none)."""
    digits = re.sub(r"\D", "", rrn)
    if len(digits) != 13:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:12], _RRN_WEIGHTS))
    return (11 - total % 11) % 10 == int(digits[12])


def normalise_rrn(rrn: str) -> str | None:
    m = _RRN_RE.match(rrn.strip())
    return f"{m.group(1)}-{m.group(2)}" if m else None


def normalise_phone(text: str) -> tuple[str | None, str | None]:
    """(E.164, None) or (None, reason) where reason is 'service_number', 'extension' (a trailing
    'ext. 99' / '내선 99'), 'letters' (010-abcd-5678), 'characters' (emoji, other symbols) or
    'invalid'. Only digits, spaces, '-', '(', ')', '.' and a leading '+' are accepted: nothing is
    turned into digits or dropped silently."""
    import phonenumbers  # imported here: start-up time

    text = text.strip().translate(_FULLWIDTH_PHONE)
    if not _PHONE_CHARS_RE.match(text):
        if _PHONE_EXTENSION_RE.search(text) and _PHONE_CHARS_RE.match(_PHONE_EXTENSION_RE.sub("", text).strip() or "x"):
            return None, "extension"
        if any(ch.isalpha() for ch in text):
            return None, "letters"
        return None, "characters"
    digits = re.sub(r"[\s\-().]", "", text)
    if digits in SERVICE_NUMBERS:
        return None, "service_number"
    if _KR_NATIONAL_DIGITS_RE.fullmatch(digits):
        # What phonenumbers.parse(text, "KR") yields for a national number written with digits and
        # separators only (tests/unit/test_intake_validation.py compares the two over thousands of
        # numbers); it is most of an intake's validation time, and 0[1-6] is every number a clerk
        # types. The validity check below stays the library's own.
        number = phonenumbers.PhoneNumber(country_code=82, national_number=int(digits[1:]))
    else:
        try:
            number = phonenumbers.parse(text, "KR")
        except phonenumbers.NumberParseException:
            return None, "invalid"
    nsn = str(number.national_number)
    if number.country_code == 82 and _is_area_code_plus_service(nsn):
        return None, "service_number"
    if not phonenumbers.is_valid_number(number):
        return None, "invalid"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def _is_area_code_plus_service(nsn: str) -> bool:
    # 02-120 (Seoul) or 051-120 (Busan): an area code followed by a service number.
    if nsn.startswith("2") and nsn[1:] in SERVICE_NUMBERS:
        return True
    return len(nsn) == 5 and nsn[0] in "3456" and nsn[2:] in SERVICE_NUMBERS


def _parse_date(text: str) -> dt.date | None:
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _parse_received_at(text: str) -> tuple[dt.datetime | None, str | None]:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None, "format"
    if value.tzinfo is None:
        return None, "naive"
    return value, None


# ---------------------------------------------------------------- the document
class _Checker:
    """One pass over a document: collects problems and warnings and the normalised values."""

    def __init__(
        self, doc: Any, catalogue: Catalogue, today: dt.date, now: dt.datetime, *, rrn_on_file: dt.date | None = None
    ):
        self.doc = doc
        self.rrn_on_file = rrn_on_file
        self.catalogue = catalogue
        self.today = today
        self.now = now
        self.problems: list[FieldProblem] = []
        self.warnings: list[tuple[str, Msg]] = []
        self.values: dict[str, Any] = {}

    def add(self, problem: FieldProblem) -> None:
        self.problems.append(problem)

    def text(
        self, container: dict, key: str, path: str, *, required: bool = False, single_line: bool = True
    ) -> str | None:
        value = container.get(key)
        if value is None:
            if required:
                self.add(_missing(path))
            return None
        if not isinstance(value, str):
            self.add(_wrong_type(path, "문자열", "a string"))
            return None
        value = value.strip()
        if not value:
            if required:
                self.add(_missing(path))
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.add(
                _msg(
                    path,
                    "{label}에 쓸 수 없는 문자가 있습니다.",
                    "The {label} contains characters that cannot be stored.",
                )
            )
            return None
        if (_CONTROL_LINE_RE if single_line else _CONTROL_RE).search(value):
            self.add(_msg(path, "{label}에 제어 문자가 있습니다.", "The {label} contains control characters."))
            return None
        if path != "applicant.rrn" and pii.contains_rrn(value):
            # An RRN belongs only in its own field, and only where a statute requires or permits it
            # (PIPA 제24조의2): in free text it is refused, never stored, masked or not.
            self.add(FieldProblem(path, pii.rrn_in_text_message(label(path))))
            return None
        limit = MAX_LENGTHS.get(path)
        if limit is not None and len(value) > limit:
            self.add(
                _msg(
                    path, "{label}은(는) {n}자 이하여야 합니다.", "The {label} must be at most {n} characters.", n=limit
                )
            )
            return None
        return value

    def choice(self, container: dict, key: str, path: str, allowed, *, required: bool = False) -> str | None:
        value = self.text(container, key, path, required=required)
        if value is None:
            return None
        if value not in allowed:
            self.add(
                _msg(
                    path,
                    "{label}은(는) 다음 중 하나여야 합니다: {opts}.",
                    "The {label} must be one of: {opts}.",
                    opts=", ".join(allowed),
                )
            )
            return None
        return value

    def run(self) -> None:
        doc = self.doc
        if not isinstance(doc, dict):
            self.add(_msg("", "민원 문서는 JSON 객체여야 합니다.", "The case document must be a JSON object."))
            return
        for key in doc:
            if key not in TOP_KEYS:
                self.add(_unknown_key(key))
        v = self.values
        v["channel"] = self.choice(doc, "channel", "channel", tuple(CHANNELS), required=True)
        v["category"] = self.choice(doc, "category", "category", tuple(CATEGORIES), required=True)
        service_name = self.text(doc, "service", "service", required=True)
        service = self.catalogue.find(service_name) if service_name else None
        if service_name and service is None:
            self.add(
                _msg("service", "{label}이(가) 서비스 목록에 없습니다.", "The {label} is not in the service catalogue.")
            )
        v["service"] = service
        if service is not None and v["category"] is not None and not service.allows_category(v["category"]):
            allowed = service.selectable_categories or (service.category,)
            self.add(
                _msg(
                    "category",
                    "{svc}의 {label}은(는) {opts}이어야 합니다.",
                    "The {label} of '{svc_en}' must be {opts_en}.",
                    svc=service.name_ko,
                    svc_en=service.name_en,
                    opts="·".join(CATEGORIES[c].ko for c in allowed),
                    opts_en=" / ".join(c for c in allowed),
                )
            )
        v["title"] = self.text(doc, "title", "title", required=True)
        v["content"] = self.text(doc, "content", "content", required=True, single_line=False)
        v["region"] = self.text(doc, "region", "region")
        v["attachments_note"] = self.text(doc, "attachments_note", "attachments_note", single_line=False)
        v["notify_by"] = self.choice(doc, "notify_by", "notify_by", NOTIFY_METHODS)
        disclose = doc.get("disclose")
        if disclose is not None and not isinstance(disclose, bool):
            self.add(_wrong_type("disclose", "참/거짓(true/false)", "true or false"))
            disclose = None
        v["disclose"] = bool(disclose)
        # 시행령 제20조 2호: true only for a case first received through the information system
        # (imported from it or re-keyed out of it); a case taken at the counter is false.
        via = doc.get("received_via_system")
        if via is not None and not isinstance(via, bool):
            self.add(_wrong_type("received_via_system", "참/거짓(true/false)", "true or false"))
            via = None
        v["received_via_system"] = bool(via)
        v["received_at"] = self._received_at(doc)
        applicant = doc.get("applicant")
        if applicant is None:
            applicant = {}  # reported once below, as the missing applicant.name
        elif not isinstance(applicant, dict):
            self.add(_wrong_type("applicant", "객체", "an object"))
            applicant = {}
        self._applicant(applicant, service)
        if v["channel"] == "phone" and v["category"] not in (None, "other"):
            self.warnings.append(
                (
                    "phone_channel",
                    Msg(
                        "전화로는 기타민원만 접수할 수 있습니다(민원 처리에 관한 법률 제8조). 서면 신청을 받으십시오.",
                        "Only 'other' requests may be made by phone (Civil Petitions Act art. 8); take a written application.",
                    ),
                )
            )

    def _received_at(self, doc: dict) -> dt.datetime | None:
        text = self.text(doc, "received_at", "received_at")
        if text is None:
            return None
        value, reason = _parse_received_at(text)
        if reason == "naive":
            self.add(
                _msg(
                    "received_at",
                    "{label}에 시간대(예: +09:00)를 포함하십시오.",
                    "Give the {label} with its UTC offset (e.g. +09:00).",
                )
            )
            return None
        if value is None:
            self.add(
                _msg(
                    "received_at",
                    "{label}은(는) ISO 8601 형식이어야 합니다(예: 2025-09-29T10:15:00+09:00).",
                    "The {label} must be ISO 8601 (e.g. 2025-09-29T10:15:00+09:00).",
                )
            )
            return None
        if value > self.now + CLOCK_SKEW:
            self.add(_msg("received_at", "{label}이(가) 미래입니다.", "The {label} is in the future."))
            return None
        if value < EARLIEST_RECEIPT:
            self.add(
                _msg(
                    "received_at",
                    "{label}이(가) 너무 이릅니다(2000년 이전).",
                    "The {label} is too early (before 2000).",
                )
            )
            return None
        return value

    def _applicant(self, applicant: dict, service: Service | None) -> None:
        v = self.values
        for key in applicant:
            if key not in APPLICANT_KEYS:
                self.add(_unknown_key(f"applicant.{key}"))
        v["applicant_name"] = self.text(applicant, "name", "applicant.name", required=True)
        v["applicant_kind"] = self.choice(applicant, "kind", "applicant.kind", APPLICANT_KINDS)
        v["gender"] = self.choice(applicant, "gender", "applicant.gender", GENDERS)
        v["address"] = self.text(applicant, "address", "applicant.address")
        birth_text = self.text(applicant, "birth_date", "applicant.birth_date")
        birth = None
        if birth_text is not None:
            birth = _parse_date(birth_text)
            if birth is None:
                self.add(
                    _msg(
                        "applicant.birth_date",
                        "{label}은(는) 실제 날짜여야 합니다(예: 1990-01-01).",
                        "The {label} must be a real date (e.g. 1990-01-01).",
                    )
                )
            elif birth > self.today:
                self.add(_msg("applicant.birth_date", "{label}이(가) 미래입니다.", "The {label} is in the future."))
                birth = None
            elif birth < EARLIEST_BIRTH:
                self.add(
                    _msg(
                        "applicant.birth_date",
                        "{label}은(는) 1900년 이후여야 합니다.",
                        "The {label} must be 1900 or later.",
                    )
                )
                birth = None
        v["birth_date"] = birth
        phone_text = self.text(applicant, "phone", "applicant.phone")
        v["phone_e164"] = None
        if phone_text is not None:
            e164, reason = normalise_phone(phone_text)
            if reason == "service_number":
                self.add(
                    _msg(
                        "applicant.phone",
                        "{label}: 110·120·112·119는 안내·긴급 번호이므로 민원인 연락처가 될 수 없습니다.",
                        "The {label}: 110, 120, 112 and 119 are service numbers, not a person's number.",
                    )
                )
            elif reason == "extension":
                self.add(
                    _msg(
                        "applicant.phone",
                        "{label}에는 내선 번호를 붙일 수 없습니다. 전화번호만 적고 내선은 내용에 적으십시오.",
                        "The {label} cannot carry an extension: give the number alone and put the extension in the content.",
                    )
                )
            elif reason == "letters":
                self.add(
                    _msg(
                        "applicant.phone",
                        "{label}에 글자가 있습니다. 숫자와 '-'만 적으십시오(예: 010-1234-5678).",
                        "The {label} contains letters: use digits and '-' only (e.g. 010-1234-5678).",
                    )
                )
            elif reason == "characters":
                self.add(
                    _msg(
                        "applicant.phone",
                        "{label}에 전화번호에 쓰지 않는 기호가 있습니다. 숫자와 '-'만 적으십시오(예: 010-1234-5678).",
                        "The {label} contains symbols a phone number does not have: use digits and '-' only (e.g. 010-1234-5678).",
                    )
                )
            elif e164 is None:
                self.add(
                    _msg(
                        "applicant.phone",
                        "{label}이(가) 올바른 전화번호가 아닙니다(예: 010-1234-5678, 051-123-4567).",
                        "The {label} is not a valid phone number (e.g. 010-1234-5678, 051-123-4567).",
                    )
                )
            v["phone_e164"] = e164
        email = self.text(applicant, "email", "applicant.email")
        if email is not None and not _EMAIL_RE.match(email):
            self.add(
                _msg("applicant.email", "{label} 주소 형식이 올바르지 않습니다.", "The {label} address is not valid.")
            )
            email = None
        v["email"] = email
        postcode = applicant.get("postcode")
        if isinstance(postcode, int) and not isinstance(postcode, bool):
            self.add(_wrong_type("applicant.postcode", "문자열(숫자 5자리)", "a string of 5 digits"))
            postcode = None
        else:
            postcode = self.text(applicant, "postcode", "applicant.postcode")
        if postcode is not None and not _POSTCODE_RE.match(postcode):
            self.add(
                _msg("applicant.postcode", "{label}은(는) 숫자 5자리여야 합니다.", "The {label} must be 5 digits.")
            )
            postcode = None
        v["postcode"] = postcode
        notify = v.get("notify_by")
        if notify == "email" and email is None and applicant.get("email") is None:
            self.add(
                _msg(
                    "notify_by",
                    "{label}이(가) 전자우편인데 전자우편 주소가 없습니다.",
                    "The {label} is email but no email address was given.",
                )
            )
        if notify == "sms" and applicant.get("phone") is None:
            self.add(
                _msg(
                    "notify_by",
                    "{label}이(가) 문자(SMS)인데 연락처가 없습니다.",
                    "The {label} is SMS but no phone number was given.",
                )
            )
        v["rrn"] = self._rrn(applicant, service, birth)

    def _rrn(self, applicant: dict, service: Service | None, birth: dt.date | None) -> str | None:
        """The service's three-valued rule (catalogue.py): required -> refused without a number;
        permitted -> taken only when given; not permitted -> a given number is refused."""
        raw = self.text(applicant, "rrn", "applicant.rrn")
        path = "applicant.rrn"
        rule = service.rrn_rule if service is not None else None
        if rule in (RRN_REQUIRED, RRN_PERMITTED) and raw is None and self.rrn_on_file is not None:
            if birth is not None and birth != self.rrn_on_file:
                self.add(
                    _msg(
                        path,
                        "생년월일이 보관 중인 {label}과(와) 맞지 않습니다. {label}을(를) 다시 입력하십시오.",
                        "The birth date does not agree with the {label} on file; type the {label} again.",
                    )
                )
            else:
                self.values["rrn_birth"] = self.rrn_on_file
            return None
        if service is not None and raw is None and rule == RRN_REQUIRED:
            self.add(
                _msg(
                    path,
                    "{svc}은(는) 법령({basis})에 따라 {label}이(가) 필요합니다.",
                    "'{svc_en}' needs the {label}: a statute requires it ({basis}).",
                    svc=service.name_ko,
                    svc_en=service.name_en,
                    basis=_short_basis(service.rrn_basis),
                )
            )
            return None
        if raw is None:
            return None
        if service is not None and rule == RRN_NOT_PERMITTED:
            self.add(
                _msg(
                    path,
                    "{svc}에는 {label}을(를) 받을 수 없습니다: 법령이 요구하거나 허용하는 민원에서만 수집할 수 있습니다(개인정보 보호법 제24조의2①). 지우고 생년월일을 적으십시오.",
                    "'{svc_en}' may not collect the {label}: it may only be collected where a statute requires or permits it (PIPA art. 24-2(1)). Remove it and give the birth date.",
                    svc=service.name_ko,
                    svc_en=service.name_en,
                )
            )
            return None
        rrn = normalise_rrn(raw)
        if rrn is None:
            self.add(
                _msg(
                    path,
                    "{label}은(는) 'YYMMDD-SNNNNNC' 형식의 숫자 13자리여야 합니다.",
                    "The {label} must be 13 digits as 'YYMMDD-SNNNNNC'.",
                )
            )
            return None
        if rrn_century(rrn) is None:
            self.add(
                _msg(
                    path,
                    "{label}의 뒷자리 첫 숫자(성별·세기)가 올바르지 않습니다.",
                    "The {label} has an impossible 7th digit (sex and century).",
                )
            )
            return None
        encoded = rrn_birth_date(rrn)
        if encoded is None:
            self.add(
                _msg(
                    path,
                    "{label}의 앞자리가 실제 날짜가 아닙니다.",
                    "The first six digits of the {label} are not a real date.",
                )
            )
            return None
        if encoded > self.today:
            self.add(_msg(path, "{label}의 생년월일이 미래입니다.", "The {label} encodes a birth date in the future."))
            return None
        if birth is not None and birth != encoded:
            self.add(
                _msg(
                    path,
                    "{label}과(와) 생년월일(applicant.birth_date)이 서로 맞지 않습니다.",
                    "The {label} and the birth date (applicant.birth_date) do not agree.",
                )
            )
            return None
        if not rrn_check_digit_ok(rrn):
            self.warnings.append(
                (
                    "rrn_check_digit",
                    Msg(
                        "주민등록번호의 검증 숫자가 맞지 않습니다. 2020년 10월 이후 부여된 번호는 검증 숫자가 없으므로 그대로 접수했습니다. 신분증과 대조하십시오.",
                        "The RRN's check digit does not match. Numbers issued since October 2020 have none, so it was accepted; compare it with the ID card.",
                    ),
                )
            )
        self.values["rrn_birth"] = encoded
        return rrn


def _unknown_key(path: str) -> FieldProblem:
    return FieldProblem(path, Msg(f"알 수 없는 항목입니다: {path}", f"Unknown field: {path}"))


def _short_basis(basis: str | None) -> str:
    if not basis:
        return "법령"
    return basis.split(":")[0].split("(")[0].strip() or basis


def _today_and_now(today: dt.date | None, now: dt.datetime | None) -> tuple[dt.date, dt.datetime]:
    now = now or dt.datetime.now(dt.UTC)
    return (today or now.astimezone(KST).date()), now


def validate_case_document(
    doc: dict,
    catalogue: Catalogue,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    rrn_on_file: dt.date | None = None,
) -> ValidCase:
    """Check and normalise a case document. Raises CaseValidationError naming every bad field.

    `rrn_on_file` (for correcting a queued case): an RRN encoding this birth date is already
    sealed for the case, so a document without "rrn" still meets a service's RRN requirement, as
    long as its birth date agrees with the sealed number's."""
    today, now = _today_and_now(today, now)
    checker = _Checker(doc, catalogue, today, now, rrn_on_file=rrn_on_file)
    checker.run()
    if checker.problems:
        raise CaseValidationError(checker.problems)
    v = checker.values
    birth = v["birth_date"] or v.get("rrn_birth")  # the RRN gives the birth date for the receipt
    return ValidCase(
        channel=v["channel"],
        category=v["category"],
        service=v["service"],
        title=v["title"],
        content=v["content"],
        applicant_name=v["applicant_name"],
        applicant_kind=v["applicant_kind"],
        birth_date=birth,
        gender=v["gender"],
        phone_e164=v["phone_e164"],
        email=v["email"],
        address=v["address"],
        postcode=v["postcode"],
        rrn=v["rrn"],
        disclose=v["disclose"],
        notify_by=v["notify_by"],
        region=v["region"],
        attachments_note=v["attachments_note"],
        received_at=v["received_at"],
        received_via_system=v["received_via_system"],
        warnings=[m for _, m in checker.warnings],
        warning_codes=[c for c, _ in checker.warnings],
    )


def _set_path(doc: dict, dotted: str, value: Any) -> dict:
    copy = dict(doc) if isinstance(doc, dict) else {}
    if "." in dotted:
        head, tail = dotted.split(".", 1)
        inner = copy.get(head)
        copy[head] = _set_path(inner if isinstance(inner, dict) else {}, tail, value)
    else:
        copy[dotted] = value
    return copy


def check_field(
    field_path: str,
    value: Any,
    doc: dict,
    catalogue: Catalogue,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Msg | None:
    """Inline validation of one field in the context of the rest of the form (e.g. the RRN rule
    depends on the chosen service). Returns the field's first problem, or None."""
    today, now = _today_and_now(today, now)
    checker = _Checker(_set_path(doc, field_path, value), catalogue, today, now)
    checker.run()
    for problem in checker.problems:
        if problem.field == field_path:
            return problem.msg
    return None


def field_warnings(
    field_path: str, value: Any, doc: dict, catalogue: Catalogue, *, today: dt.date | None = None
) -> list[Msg]:
    """Warnings (never refusals) for one field, e.g. an RRN whose check digit does not match."""
    today, now = _today_and_now(today, None)
    checker = _Checker(_set_path(doc, field_path, value), catalogue, today, now)
    checker.run()
    if field_path == "applicant.rrn":
        return [m for code, m in checker.warnings if code == "rrn_check_digit"]
    return []
