"""The status page's word on who published what it shows (issue 11, contracts.md §3): a signed
feed from a trusted office reads "published by 〇〇 at 14:05"; a correctly signed feed from an
office this counter does not trust gets a clear "unverified" banner. Unsigned sources (Statuspage,
Cachet, a plain native file) say nothing here: they are marked unsigned in `status --json`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.clock import KST


def _when(moment) -> str:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M") if moment else "—"


def published_lines(board) -> list[str]:
    lines = []
    for s in board.sources if board is not None else ():
        if s.signature == "verified" and s.signed_by:
            who = s.signed_by.get("office_name") or s.signed_by.get("office_code") or ""
            lines.append(
                QCoreApplication.translate(
                    "PublisherBanner", "Published by {office} at {time} (signature checked, terminal {terminal})"
                ).format(office=who, time=_when(s.source_updated_at), terminal=s.signed_by.get("terminal") or "?")
            )
    return lines


def unverified_lines(board) -> list[str]:
    lines = []
    for s in board.sources if board is not None else ():
        if s.signature == "unverified":
            claimed = (s.signer_claimed or {}).get("office_code") or "?"
            lines.append(
                QCoreApplication.translate(
                    "PublisherBanner",
                    "Unverified: {source} is signed as office {office}, which this counter does not "
                    "trust. Ask the supervisor to check it before relying on it.",
                ).format(source=s.location, office=claimed)
            )
    return lines
