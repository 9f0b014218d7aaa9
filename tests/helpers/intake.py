"""Shared bits for the intake, queue and import tests (helper area "core-intake")."""
from __future__ import annotations

import copy

# The example from contracts.md §1 (its RRN has a valid old-style check digit).
CONTRACT_DOC = {
    "channel": "visit",
    "category": "statutory",
    "service": "주민등록표 등본 발급",
    "title": "등본 발급 신청",
    "content": "전산 장애로 복구 후 발급 요청",
    "applicant": {"name": "홍길동", "birth_date": "1990-01-01", "phone": "010-1234-5678",
                  "email": None, "address": "부산광역시 연제구 중앙대로 1001 (연산동)", "postcode": "47545",
                  "rrn": "900101-1234568"},
    "disclose": False,
    "notify_by": "sms",
}

PETITION_DOC = {
    "channel": "visit",
    "category": "suggestion",
    "service": "국민신문고 민원",
    "title": "가로등 고장 수리 건의",
    "content": "중앙동 골목 가로등 3기가 고장났습니다.",
    "applicant": {"name": "김민원", "birth_date": "1985-03-14", "phone": "051-123-4567"},
}


def doc(base: dict = CONTRACT_DOC, **changes) -> dict:
    """A deep copy of `base` with dotted-path changes: doc(**{"applicant.phone": "120"}).
    A value of ... removes the key."""
    out = copy.deepcopy(base)
    for path, value in changes.items():
        target = out
        parts = path.split(".")
        for p in parts[:-1]:
            target = target.setdefault(p, {})
        if value is ...:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = value
    return out


def rrn_with_check(first12: str) -> str:
    """A 13-digit RRN ('YYMMDD-SNNNNNC') whose old-style check digit is right."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    c = (11 - sum(int(d) * w for d, w in zip(first12, weights)) % 11) % 10
    return f"{first12[:6]}-{first12[6:]}{c}"


def make_office_dir(path, passphrase: str, terminal: str = "T1", clock=None) -> None:
    """Set up an office (중구 중앙동) in the data directory `path` and close it again."""
    from counter_app.app import open_context

    kwargs = {"clock": clock} if clock is not None else {}
    ctx = open_context(path, lang="ko", **kwargs)
    try:
        ctx.office.init("2611051000", terminal, "김담당", passphrase, operator="test")
    finally:
        ctx.close()
