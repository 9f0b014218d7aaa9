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
    "applicant": {
        "name": "홍길동",
        "birth_date": "1990-01-01",
        "phone": "010-1234-5678",
        "email": None,
        "address": "부산광역시 연제구 중앙대로 1001 (연산동)",
        "postcode": "47545",
        "rrn": "900101-1234568",
    },
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


# The RRN rule of every service in the shipped catalogue, worked out from the statutes (domain.md §4,
# issue 12): PIPA 제24조의2①1 allows an RRN only where a statute requires or permits it.
RRN_RULE_BY_SERVICE = {
    "국민신문고 민원": "not_permitted",  # a general complaint: no statute
    "주민등록표 등본 발급": "permitted",  # 주민등록법 시행령 제47조②: 성명+주소 or 성명+주민등록번호
    "주민등록표 초본 발급": "permitted",  # same, processing 제60조의2①14호
    "인감증명서 발급": "required",  # 인감증명법 시행령 제20조의2
    "전입신고": "required",  # 주민등록법 시행령 제60조의2①7호
    "확정일자 부여": "permitted",  # 주택임대차보호법 시행령 제4조①3호가목·8호
    "가족관계증명서 발급": "not_permitted",
    "여권 재발급 안내": "not_permitted",
    "건축물대장 등본 발급": "not_permitted",
    "지방세 납세증명서 발급": "not_permitted",
    "질의민원(법령 해석)": "not_permitted",
    "질의민원(제도·절차)": "not_permitted",
    "건의민원": "not_permitted",
    "기타민원(단순 문의·신고)": "not_permitted",
    "고충민원": "not_permitted",
}
RULE_RRN = "900101-1234568"  # goes with CONTRACT_DOC's birth date, 1990-01-01


def service_doc(service_name: str, *, with_rrn: bool) -> dict:
    """A valid-looking case document for one catalogue service, with or without the RRN."""
    from counter_app.intake import load_catalogue

    service = load_catalogue().find(service_name)
    return doc(
        CONTRACT_DOC,
        service=service_name,
        category=service.category,
        title=f"{service.name_ko} 신청",
        **{"applicant.rrn": RULE_RRN if with_rrn else ...},
    )
