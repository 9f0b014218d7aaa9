"""What the waiting-room display says (issue 11), Qt-free: the lobby window (ui/lobby.py) only lays
these pages out in large type and rotates them.

Each page is a title and items, each item a Korean line with its English below. Pages:
1. the services not available now and what to do instead (as many pages as it takes);
2. restoration progress (overall and by grade, each with its own "as of");
3. where to call: Busan 120 (051-120 from elsewhere) and the government help line 110;
4. the outage notice of 민원 처리에 관한 법률 시행령 제6조의2①: the outage status, the
   alternative intake method, other guidance.
Every page carries the time of the last update and who published it (a signed desk feed).

Type size for five metres: a character needs about 1/150 of the reading distance in height to be
read comfortably (33 mm at 5 m); `body_pixels` turns that into a font pixel size for a screen of a
given physical height (Qt reports it; lobby TVs often report nothing useful, so a 43-inch panel is
assumed for 1920×1080 and a 32-inch one for 1366×768).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from counter_app.clock import KST
from counter_app.status.model import RESTORED_STATUSES, SEVERITY

READING_DISTANCE_MM = 5000
HEIGHT_PER_DISTANCE = 1 / 150  # glyph height / reading distance for comfortable reading
GLYPH_PER_EM = 0.72  # ink height of a Hangul syllable (and a Latin capital) per font pixel size
ENGLISH_SCALE = 0.62  # the English line under each Korean one


@dataclass(frozen=True)
class LobbyItem:
    ko: str
    en: str
    emphasis: bool = False  # a headline figure, shown larger


@dataclass(frozen=True)
class LobbyPage:
    key: str  # affected | progress | call | notice
    title_ko: str
    title_en: str
    items: tuple[LobbyItem, ...]


def assumed_diagonal_inches(width_px: int, height_px: int) -> float:
    return 43.0 if height_px >= 1000 else 32.0


def screen_height_mm(width_px: int, height_px: int, reported_mm: float | None = None) -> float:
    """The panel's physical height: Qt's figure when plausible (a lobby screen is over 25 cm
    tall), else the assumed panel for this resolution."""
    if reported_mm and 250 <= reported_mm <= 2000:
        return reported_mm
    diagonal = assumed_diagonal_inches(width_px, height_px) * 25.4
    return diagonal * height_px / math.hypot(width_px, height_px)


def body_pixels(
    width_px: int, height_px: int, reported_mm: float | None = None, distance_mm: float = READING_DISTANCE_MM
) -> int:
    """Font pixel size of the Korean body text readable at `distance_mm`."""
    mm_per_px = screen_height_mm(width_px, height_px, reported_mm) / height_px
    glyph_px = distance_mm * HEIGHT_PER_DISTANCE / mm_per_px
    return math.ceil(glyph_px / GLYPH_PER_EM)


def glyph_mm(font_px: float, width_px: int, height_px: int, reported_mm: float | None = None) -> float:
    """The glyph height in millimetres of a font of `font_px` on that screen (for the record)."""
    return font_px * GLYPH_PER_EM * screen_height_mm(width_px, height_px, reported_mm) / height_px


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M") if moment else "—"


def footer(board) -> LobbyItem:
    """The time of the last update, and who published it when the feed is signed and trusted."""
    signed = next((s for s in board.sources if s.signature == "verified" and s.signed_by), None)
    when = _when(board.source_updated_at or board.fetched_at)
    if signed is not None:
        who = signed.signed_by.get("office_name") or signed.signed_by.get("office_code") or ""
        return LobbyItem(f"마지막 갱신 {when} · {who} 게시", f"Last updated {when} · published by {who}")
    if board.historical:
        return LobbyItem(f"{when} 기준 과거 기록입니다", f"Historical record as of {when}")
    return LobbyItem(f"마지막 갱신 {when}", f"Last updated {when}")


def affected(board) -> list:
    down = [s for s in board.systems if s.status not in RESTORED_STATUSES and s.status != "unknown"]
    down.sort(key=lambda s: (-SEVERITY.get(s.status, 0), s.grade or 9, s.name))
    return down


def affected_items(board) -> list[LobbyItem]:
    items = []
    for s in affected(board):
        alt = s.alternatives[0] if s.alternatives else None
        if alt is not None:
            label_ko = alt.label + (f" ({alt.phone})" if alt.phone and alt.phone not in alt.label else "")
            label_en = (alt.label_en or alt.label) + (
                f" ({alt.phone})" if alt.phone and alt.phone not in (alt.label_en or alt.label) else ""
            )
            ko, en = f"{s.name} — 대신: {label_ko}", f"{s.name_en or s.name} — instead: {label_en}"
        else:
            ko, en = f"{s.name} — 이용할 수 없습니다", f"{s.name_en or s.name} — not available"
        items.append(LobbyItem(ko, en))
    return items


def pages(board) -> list[LobbyPage]:
    """Every page's content (the window splits the affected list over as many screens as it needs)."""
    s = board.summary
    ratio = f" ({s.restored_ratio * 100:.1f}%)" if s.restored_ratio is not None else ""
    progress = [
        LobbyItem(
            f"정부 전산 {s.total}개 중 {s.restored}개 복구{ratio}",
            f"{s.restored} of {s.total} government systems restored{ratio}",
            emphasis=True,
        )
    ]
    for grade, g in s.by_grade.items():
        as_of = f" · {_when(g.as_of)} 기준" if g.as_of else ""
        as_of_en = f" · as of {_when(g.as_of)}" if g.as_of else ""
        progress.append(
            LobbyItem(
                f"{grade}등급 {g.total}개 중 {g.restored}개{as_of}",
                f"Grade {grade}: {g.restored} of {g.total}{as_of_en}",
            )
        )
    items = affected_items(board) or [LobbyItem("지금 중단된 서비스가 없습니다", "No service is down now")]
    return [
        LobbyPage(
            "affected",
            "지금 이용할 수 없는 서비스와 대신 하는 방법",
            "Services not available now, and what to do instead",
            tuple(items),
        ),
        LobbyPage("progress", "복구 현황", "Restoration progress", tuple(progress)),
        LobbyPage(
            "call",
            "전화 안내",
            "Help by phone",
            (
                LobbyItem("부산 120 바로콜센터 ☎ 120", "Busan 120 call centre: dial 120", emphasis=True),
                LobbyItem("다른 지역에서는 ☎ 051-120", "From outside Busan: 051-120"),
                LobbyItem("정부민원안내콜센터 ☎ 110", "Government help line: 110"),
            ),
        ),
        LobbyPage(
            "notice",
            "정보시스템 장애 안내",
            "Information system outage notice",
            (
                LobbyItem(
                    "정보시스템 장애로 일부 민원을 전산으로 접수·처리할 수 없습니다.",
                    "Because of an information system outage, some applications cannot be received or "
                    "processed electronically.",
                ),
                LobbyItem(
                    "대신 이 창구에서 서면으로 접수하고 접수증을 드립니다. 우편·팩스 민원에도 접수증을 발급합니다.",
                    "Instead, applications are received on paper at this counter with a receipt, also by mail and fax.",
                ),
                LobbyItem(
                    "장애 기간에 접수한 민원은 복구 후 모두 시스템에 등록합니다.",
                    "Everything received during the outage is registered in the system after recovery.",
                ),
                LobbyItem(
                    "민원 처리에 관한 법률 시행령 제6조의2 제1항",
                    "Enforcement Decree of the Civil Petitions Act, Article 6-2(1)",
                ),
            ),
        ),
    ]
