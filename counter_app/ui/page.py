"""What the main window asks of every page, declared once instead of `hasattr` checks.

A page is a QWidget that also derives from `Page` (`class QueuePage(QWidget, Page)`) and
overrides what applies to it; the defaults do nothing. The main window calls these, and nothing
else, on whatever page it holds (main_window.py):

- `set_actor(actor)`: the operator signed in (or None after signing out);
- `on_shown()`: the page became the visible one (it was built, or the clerk came back to it);
- `on_lock()`: the window locks: hide anything revealed, close dialogs holding personal data;
- `refresh()`: the cases changed elsewhere (a case saved, an outage period recorded);
- `autosave()`: save a half-typed form as a draft (the window locks, closes or crashes);
- `search_focus()`: put the keyboard in the page's search or filter box, if it has one (Ctrl+F);
- `focus_first()`: put the keyboard in the page's first field when it is chosen by its shortcut
  (Ctrl+1…5); False leaves it to the window, which takes the first control of the Tab chain;
- `stop()`: the window closes: stop timers and polling.
"""

from __future__ import annotations

from typing import Any


class Page:
    """Mixin for pages (no Qt here, so any QWidget subclass can take it)."""

    def set_actor(self, actor: Any) -> None:
        """The operator now using the page, or None."""

    def on_shown(self) -> None:
        """The page is now the one on screen."""

    def on_lock(self) -> None:
        """The window locks."""

    def refresh(self) -> bool | None:
        """Cases changed elsewhere; show them again. The window ignores any result."""

    def autosave(self) -> None:
        """Keep what was typed as a draft."""

    def search_focus(self) -> None:
        """Focus the page's search box, if it has one."""

    def focus_first(self) -> bool:
        """Focus the page's first field; False when the page leaves that to the window."""
        return False

    def stop(self) -> None:
        """The window closes."""
