"""Language for the Qt-free core (CLI output, validation and error messages).

The GUI uses Qt Linguist catalogues (resources/translations); the core, which must not import
Qt, carries each user-facing sentence as a Korean/English pair. Korean is the primary language.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED_LANGUAGES = ("ko", "en")
_language = "ko"


def set_language(lang: str) -> None:
    global _language
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _language = lang


def current_language() -> str:
    return _language


@dataclass(frozen=True)
class Msg:
    """One user-facing sentence in both languages."""

    ko: str
    en: str

    def text(self, lang: str | None = None) -> str:
        return self.en if (lang or _language) == "en" else self.ko

    def format(self, **kwargs) -> Msg:
        return Msg(self.ko.format(**kwargs), self.en.format(**kwargs))

    def __str__(self) -> str:
        return self.text()
