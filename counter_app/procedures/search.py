"""Search-as-you-type over the guides that understands Korean.

A query is split into terms; every term must match somewhere in a guide (title, keywords,
summary, step titles and texts, in Korean or English). A term matches

- as a plain (case-folded) substring: "주민등록", "등록", "resident", "gov24";
- by initial consonants (초성): "ㅈㅁㄷㄹ" finds 주민등록, "ㄱㅈ" finds 가족관계;
- mixed, as it is typed: "주민ㄷ" finds 주민등록, and a last syllable still without its final
  consonant matches the syllables it may become ("주민드" finds 주민등록, because 드 → 등).

The index keeps for every text its case-folded form and its 초성 form (same length: each Hangul
syllable replaced by its initial consonant), so a keystroke is one regular expression or substring
scan per text. Results are ordered by where the best hit was: title, keywords, summary, steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from counter_app.procedures.model import Guide

_SBASE, _SLAST = 0xAC00, 0xD7A3
_JUNG_COUNT, _JONG_COUNT = 21, 28
# compatibility jamo for the 19 initial consonants, in syllable order
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_CHO_INDEX = {c: i for i, c in enumerate(CHOSEONG)}

TITLE, KEYWORDS, SUMMARY, BODY = 0, 1, 2, 3


def is_syllable(ch: str) -> bool:
    return _SBASE <= ord(ch) <= _SLAST


def choseong(text: str) -> str:
    """'주민등록 등본' -> 'ㅈㅁㄷㄹ ㄷㅂ' (other characters kept as they are)."""
    out = []
    for ch in text:
        code = ord(ch)
        out.append(CHOSEONG[(code - _SBASE) // (_JUNG_COUNT * _JONG_COUNT)] if _SBASE <= code <= _SLAST else ch)
    return "".join(out)


def _syllables_with_initial(index: int) -> str:
    start = _SBASE + index * _JUNG_COUNT * _JONG_COUNT
    return f"{chr(start)}-{chr(start + _JUNG_COUNT * _JONG_COUNT - 1)}"


def _term_pattern(term: str) -> re.Pattern[str] | None:
    """A regular expression for a term mixing syllables and bare consonants; None when a plain
    substring test is enough."""
    if not any(ch in _CHO_INDEX for ch in term) and not (term and is_syllable(term[-1]) and _no_final(term[-1])):
        return None
    parts = []
    for i, ch in enumerate(term):
        if ch in _CHO_INDEX:
            parts.append(f"[{ch}{_syllables_with_initial(_CHO_INDEX[ch])}]")
        elif i == len(term) - 1 and is_syllable(ch) and _no_final(ch):
            # still being typed: 드 may become 득, 든, 등 …
            parts.append(f"[{ch}-{chr(ord(ch) + _JONG_COUNT - 1)}]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def _no_final(ch: str) -> bool:
    return (ord(ch) - _SBASE) % _JONG_COUNT == 0


@dataclass(frozen=True)
class Hit:
    guide_id: str
    rank: int  # TITLE, KEYWORDS, SUMMARY or BODY: where the weakest-matching term was found best


class SearchIndex:
    def __init__(self, guides: Iterable[Guide]):
        self._ids: list[str] = []
        self._titles: list[str] = []
        # per guide, per rank: the folded text of that part (joined with a separator no query has)
        self._parts: list[tuple[str, str, str, str]] = []
        self._cho: list[tuple[str, str, str, str]] = []
        for g in guides:
            parts = (
                f"{g.title.ko}\n{g.title.en}",
                "\n".join((g.id, *g.keywords)),
                f"{g.summary.ko}\n{g.summary.en}",
                "\n".join(t for s in g.steps.values() for t in _step_texts(s)),
            )
            folded = tuple(p.casefold() for p in parts)
            self._ids.append(g.id)
            self._titles.append(g.title.ko)
            self._parts.append(folded)  # type: ignore[arg-type]
            self._cho.append(tuple(choseong(p) for p in folded))  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, query: str) -> list[Hit]:
        terms = query.casefold().split()
        if not terms:
            return [Hit(i, TITLE) for i in self._ids]
        matchers = [_matcher(t) for t in terms]
        hits = []
        for n, (parts, cho) in enumerate(zip(self._parts, self._cho)):
            worst = TITLE
            for match in matchers:
                best = next((rank for rank in (TITLE, KEYWORDS, SUMMARY, BODY) if match(parts[rank], cho[rank])), None)
                if best is None:
                    break
                worst = max(worst, best)
            else:
                hits.append((worst, self._titles[n], self._ids[n]))
        hits.sort()
        return [Hit(gid, rank) for rank, _title, gid in hits]

    def ids(self, query: str) -> list[str]:
        return [h.guide_id for h in self.search(query)]


def _matcher(term: str):
    if all(ch in _CHO_INDEX for ch in term):  # ㅈㅁㄷㄹ: the 초성 form, one substring test
        return lambda text, cho: term in cho
    pattern = _term_pattern(term)
    if pattern is None:
        return lambda text, cho: term in text
    search = pattern.search
    return lambda text, cho: search(text) is not None


def _step_texts(step) -> Sequence[str]:
    out = [step.title.ko, step.title.en]
    if step.text:
        out += [step.text.ko, step.text.en]
    for item in step.items:
        out += [item.ko, item.en]
    for choice in step.choices:
        out += [choice.label.ko, choice.label.en]
    for extra in (step.form, step.agency):
        if extra:
            out += [extra.ko, extra.en]
    if step.phone:
        out.append(step.phone)
    return out


def guide_text(guide: Guide) -> str:
    """All the searchable text of a guide in one string (the benchmark's plain substring baseline)."""
    return "\n".join(
        (
            guide.title.ko,
            guide.title.en,
            guide.id,
            *guide.keywords,
            guide.summary.ko,
            guide.summary.en,
            *(t for s in guide.steps.values() for t in _step_texts(s)),
        )
    )
