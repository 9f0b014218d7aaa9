"""Receipt numbers: `{10-digit 행정동 code}-{YYYYMMDD}-{terminal}-{4-digit seq}-{check}`.

Unique across every office and terminal without coordination (office code + terminal id are
unique, the sequence is per terminal per KST day and allocated in the same transaction as the
case, so it is gap-free and survives a crash). The check character is ISO/IEC 7064 MOD 37,36 (a
hybrid system) over the alphanumerics: it catches every single-character substitution; like
every hybrid system it misses a small class of adjacent transpositions: two neighbouring
characters whose values are cyclic neighbours (0-1, 1-2, ..., Y-Z, Z-0) swapped at one particular
running state out of 36 (72 of 45,360 state/pair combinations). The tests pin the class down
exactly; a pure system (MOD 37-2) would catch them all but needs a 37th symbol ('*').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_M = 36

# Every part but the terminal has a fixed width, so moving a separator can never yield another
# well-formed number with the same characters (the check covers only the alphanumerics).
RECEIPT_RE = re.compile(r"^([0-9]{10})-([0-9]{8})-([A-Z0-9]{1,4})-([0-9]{4})-([0-9A-Z])$")
MAX_SEQ = 9999


def _step(p: int, value: int) -> int:
    s = (p + value) % _M or _M
    return (2 * s) % (_M + 1)


def mod37_36_check(payload: str) -> str:
    """The ISO 7064 MOD 37,36 check character for `payload` (characters 0-9, A-Z)."""
    p = _M
    for ch in payload:
        try:
            p = _step(p, _VALUE[ch])
        except KeyError:
            raise ValueError("MOD 37,36 takes only 0-9 and A-Z") from None
    return ALPHABET[(_M + 1 - p) % _M]


def mod37_36_valid(payload_with_check: str) -> bool:
    if len(payload_with_check) < 2 or any(c not in _VALUE for c in payload_with_check):
        return False
    p = _M
    for ch in payload_with_check[:-1]:
        p = _step(p, _VALUE[ch])
    return (p + _VALUE[payload_with_check[-1]]) % _M == 1


@dataclass(frozen=True)
class ReceiptNo:
    office_code: str
    day: dt.date
    terminal: str
    seq: int

    def __str__(self) -> str:
        return format_receipt_no(self.office_code, self.day, self.terminal, self.seq)


def format_receipt_no(office_code: str, day: dt.date, terminal: str, seq: int) -> str:
    if not 1 <= seq <= MAX_SEQ:
        raise ValueError("receipt sequence out of range 1..9999")
    body = f"{office_code}-{day:%Y%m%d}-{terminal}-{seq:04d}"
    return f"{body}-{mod37_36_check(body.replace('-', ''))}"


def parse_receipt_no(text: str) -> ReceiptNo | None:
    """The parts of a well-formed receipt number whose check character is right; else None."""
    m = RECEIPT_RE.match(text.strip().upper()) if isinstance(text, str) else None
    if not m:
        return None
    if not mod37_36_valid("".join(m.groups())):
        return None
    try:
        day = dt.datetime.strptime(m.group(2), "%Y%m%d").date()
    except ValueError:
        return None
    return ReceiptNo(m.group(1), day, m.group(3), int(m.group(4)))


def is_valid_receipt_no(text: str) -> bool:
    return parse_receipt_no(text) is not None
