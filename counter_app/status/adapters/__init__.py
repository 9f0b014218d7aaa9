"""Source adapters: each turns one source's JSON into a SourceSnapshot or raises FeedError.

Rule for broken input: a wrong type inside one item skips that item with a warning and keeps the
rest; a document whose overall shape is wrong is a FeedError (a per-source error on the board).
"""

from __future__ import annotations

from counter_app.status.adapters.cachet import parse_cachet
from counter_app.status.adapters.native import parse_native, to_native
from counter_app.status.adapters.statuspage import parse_statuspage

KINDS = ("native", "statuspage", "cachet")

__all__ = ["KINDS", "parse_cachet", "parse_native", "parse_statuspage", "to_native"]
