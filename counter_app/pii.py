"""Resident registration numbers (RRN, 주민등록번호) typed into free text: find them, mask them,
refuse them. Qt-free; the validator, the queue, the audit log and the screens all use it.

What counts as an RRN-shaped number (domain.md §4, `YYMMDD-SNNNNNC`):

- six digits and seven digits, either run together (13 digits) or with ONE separator between the
  two halves: a hyphen or dash (any of - ‐ ‑ ‒ – — − － ﹣), a dot, a middle dot, an underscore, a
  slash, or spaces; spaces, a line break and invisible zero-width characters (U+200B-U+200D,
  U+2060, U+FEFF) may also stand around that separator ("900101 - 1234567"). Every Unicode
  decimal digit counts as a digit: full-width (０-９), Arabic-Indic, mathematical bold and the like;
- standing alone: no digit right before the first half or right after the second, and, for the
  13 digits run together, no Latin letter either, so the blocks of a longer number or code never
  match (a Latin letter beside a number WITH its separator does not protect it: "RRN850314-1357926"
  is found). That is what keeps out phone
  numbers (010-1234-5678 is 3-4-4), receipt numbers (`{10 digits}-{YYYYMMDD}-…` is 10-8-…),
  account numbers (3-3-6, 6-2-6), any run of 14 digits or more, and digit runs inside hex digests
  and ids (the audit log's content hashes must never be altered). Korean text and punctuation
  around the number do not protect it: "번호850314-1357926입니다" is found;
- a plausible date: the first six digits are a real calendar date in the century the seventh
  digit S names (0-9 all name one: 9/0 1800s, 1/2 and 5/6 1900s, 3/4 and 7/8 2000s). "123456-…"
  (month 34) is not an RRN; no check digit is tested (numbers since 2020-10 have none);
- not an amount: 13 digits run together directly after a currency sign (₩ ￦ $ €) or before a
  currency word (원, KRW, won) are an amount, not a number to mask.

What it still flags although it is not an RRN, and why that is acceptable: a 법인등록번호
(corporate registration number, the same 6-7 shape) or a 13-digit barcode whose first six digits
happen to be a date. Masking one of them costs a clerk a retyped digit; leaving an RRN in clear
is a breach (PIPA 제24조의2). What it misses: a number split differently (900-101-1234567) or
spelled in words; free text is a last line of defence, the RRN field is the way in.

`mask_rrns()` returns the masked text (900101-1******, the one mask pattern of domain.md §4) and
the clear originals, so a caller that must keep them can seal them (security.Sealer) before
anything touches the disk; `refuse_rrn_in()` is for entry points where no number belongs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import Msg

# 7th digit -> century (domain.md §4). Every digit names one, so S in 0-9 is always plausible.
CENTURY = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000, "8": 2000}

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212\uff0d\ufe63"
# blanks, a line break and the invisible zero-width characters a paste can carry
_SPACE = "[ \t\r\n\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]"
_SEP = f"{_SPACE}*[{_DASHES}._/\u00b7]?{_SPACE}*"
# \d is every Unicode decimal digit (str patterns): full-width, Arabic-Indic, mathematical ...
_CANDIDATE = re.compile(f"(?<![\\d])(?<![A-Za-z](?=\\d{{13}}))(\\d{{6}})({_SEP})(\\d{{7}})(?![\\d])")
_CURRENCY_BEFORE = re.compile(f"[₩￦$€\\\\]{_SPACE}*$")
_CURRENCY_AFTER = re.compile(f"^{_SPACE}*(?:원|KRW|krw|won|WON)")
_LETTER_AFTER = re.compile("[A-Za-z]")
_QUICK = re.compile("\\d{6}")  # no six digits in a row: nothing to look at (the usual case)


def _ascii_digits(digits: str) -> str:
    return digits if digits.isascii() else "".join(str(unicodedata.decimal(ch)) for ch in digits)


@dataclass(frozen=True)
class FoundRrn:
    start: int  # span in the text as given
    end: int
    original: str = ""  # exactly what was typed (clear: personal data)
    normalised: str = ""  # 'YYMMDD-SNNNNNN' (clear: personal data)

    def __repr__(self) -> str:  # a stray log line must never print the number
        return f"FoundRrn(start={self.start}, end={self.end})"


@dataclass(frozen=True)
class Masked:
    text: str  # the text with every RRN-shaped number masked
    found: tuple[FoundRrn, ...] = ()

    @property
    def originals(self) -> tuple[str, ...]:
        """The clear numbers exactly as typed, for a caller that seals them. Personal data."""
        return tuple(f.original for f in self.found)

    def __repr__(self) -> str:
        return f"Masked(found={len(self.found)})"


def _plausible_date(yymmdd: str, s: str) -> bool:
    century = CENTURY.get(s)
    if century is None:
        return False
    try:
        dt.date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return False
    return True


def find_rrns(text: str) -> list[FoundRrn]:
    """Every RRN-shaped number in `text` (the rule is in the module docstring)."""
    if not isinstance(text, str) or len(text) < 13 or not _QUICK.search(text):
        return []
    scan = text
    found = []
    for m in _CANDIDATE.finditer(scan):
        front, sep, back = _ascii_digits(m.group(1)), m.group(2), _ascii_digits(m.group(3))
        if not _plausible_date(front, back[0]):
            continue
        if not sep and (
            _LETTER_AFTER.match(scan, m.end())
            or _CURRENCY_BEFORE.search(scan, 0, m.start())
            or _CURRENCY_AFTER.match(scan[m.end() :])
        ):
            continue
        found.append(FoundRrn(m.start(), m.end(), text[m.start() : m.end()], f"{front}-{back}"))
    return found


def contains_rrn(text: Any) -> bool:
    return bool(find_rrns(text)) if isinstance(text, str) else False


def mask_one(normalised: str) -> str:
    """'900101-1234568' -> '900101-1******' (security.mask_rrn's pattern)."""
    return f"{normalised[:6]}-{normalised[7]}******"


def mask_rrns(text: str) -> Masked:
    """The text with every RRN-shaped number masked, and the clear originals."""
    found = find_rrns(text)
    if not found:
        return Masked(text)
    parts, last = [], 0
    for f in found:
        parts.append(text[last : f.start])
        parts.append(mask_one(f.normalised))
        last = f.end
    parts.append(text[last:])
    return Masked("".join(parts), tuple(found))


def mask_text(text: str | None) -> str | None:
    """`text` with RRN-shaped numbers masked (None stays None): for screens and stored notes."""
    return mask_rrns(text).text if isinstance(text, str) else text


def mask_in(value: Any) -> Any:
    """A copy of a JSON-like value (dicts, lists, strings) with every string masked; keys too."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {(mask_text(k) if isinstance(k, str) and len(k) >= 13 else k): mask_in(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_in(v) for v in value]
    return value


def rrn_in_text_message(field_label: Msg) -> Msg:
    """'Do not write an RRN in this field', naming the field (never the number)."""
    return Msg(
        f"{field_label.ko}에 주민등록번호로 보이는 숫자가 있습니다. 주민등록번호는 본문에 적지 마십시오"
        f"(법령이 요구하거나 허용하는 민원만 주민등록번호 칸에 적습니다).",
        f"The {field_label.en} contains what looks like a resident registration number. Do not write it "
        f"in free text (only services whose law requires or permits it take it, in the RRN field).",
    )


def rrn_masked_message(field_label: Msg) -> Msg:
    """What a form says under a field whose RRN-shaped number it has just masked."""
    return Msg(
        f"{field_label.ko}에 적힌 주민등록번호로 보이는 숫자를 가렸습니다(예: 900101-1******). "
        f"주민등록번호는 본문에 적지 마십시오.",
        f"What looked like a resident registration number in the {field_label.en} was masked "
        f"(e.g. 900101-1******). Do not write it in free text.",
    )


MASKED_BEFORE_SAVE = Msg(
    "저장하지 않았습니다: 본문의 주민등록번호로 보이는 숫자를 가렸습니다. 확인하고 다시 저장하십시오.",
    "Not saved: what looked like a resident registration number in the text was masked. Check the form and save again.",
)


def refuse_rrn_in(text: Any, field_label: Msg) -> None:
    """Raise UserError naming the field when `text` holds an RRN-shaped number."""
    if contains_rrn(text):
        raise UserError(rrn_in_text_message(field_label))
