"""Korean search-as-you-type over the shipped guides, on a table of queries and expected hits."""

from __future__ import annotations

import pytest

from counter_app.procedures.loader import load
from counter_app.procedures.search import SearchIndex, choseong
from counter_app.procedures.service import bundled_folder

INDEX = SearchIndex(load([(bundled_folder(), "bundled")]).guides.values())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("주민등록", "ㅈㅁㄷㄹ"),
        ("가족관계 증명", "ㄱㅈㄱㄱ ㅈㅁ"),
        ("정부24", "ㅈㅂ24"),
        ("abc", "abc"),
        ("ㄱ가", "ㄱㄱ"),
    ],
)
def test_choseong(text, expected):
    assert choseong(text) == expected


@pytest.mark.parametrize(
    "query, first, also",
    [
        # initial consonants (초성)
        ("ㅈㅁㄷㄹ", "proc.resident-certificates-manual", ["proc.mobile-id-fallback"]),  # 주민등록증
        ("ㄱㅈㄱㄱ", "proc.family-relations-certificates", []),
        ("ㄱㅁㅅㅁㄱ", "proc.epeople-complaint", []),
        ("ㅇㄱㅈㅁ", "proc.seal-certificate", []),
        ("ㅎㅌㅅ", "proc.hometax-certificates", []),
        ("ㅈㅇㅅㄱ", "proc.move-in-report", []),
        # whole words
        ("국민신문고", "proc.epeople-complaint", []),
        ("확정일자", "proc.manual-intake-retroactive", []),
        ("인감증명서", "proc.seal-certificate", []),
        # partial syllables and words still being typed
        ("신문", "proc.epeople-complaint", []),
        ("주민드", "proc.resident-certificates-manual", []),  # 드 becomes 등
        ("가족과", "proc.family-relations-certificates", []),  # 과 becomes 관
        ("주민ㄷ", "proc.resident-certificates-manual", []),
        ("인가", "proc.seal-certificate", []),  # 가 becomes 감
        # English, any case, several words
        ("resident", "proc.resident-certificates-manual", []),
        ("FAMILY court", "proc.family-relations-certificates", []),
        ("fixed date", "proc.manual-intake-retroactive", []),
        ("120", "proc.busan120-guidance", ["proc.outage-notice"]),
        ("efine", "proc.efine-traffic-fines", []),
    ],
)
def test_query_finds_the_expected_guides_first(query, first, also):
    hits = INDEX.ids(query)
    assert hits and hits[0] == first, hits
    for gid in also:
        assert gid in hits


@pytest.mark.parametrize("query", ["ㅋㅋㅋㅋㅋ", "zebra", "국민신문고 zebra", "ㄱㅈ없음"])
def test_queries_with_no_match_find_nothing(query):
    assert INDEX.ids(query) == []


def test_an_empty_query_lists_every_guide():
    assert len(INDEX.ids("  ")) == len(INDEX) >= 12


def test_initial_consonants_also_match_inside_words_and_across_guides():
    hits = INDEX.ids("ㄱㅈ")  # 가족관계, 기준, 과정 …
    assert "proc.family-relations-certificates" in hits
    assert "proc.family-relations-certificates" == INDEX.ids("ㄱㅈㄱ")[0]
