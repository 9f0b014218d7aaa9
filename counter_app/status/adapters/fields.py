"""Typed reads of untrusted JSON objects: a wrong type raises ItemError naming the key only."""

from __future__ import annotations

from typing import Any

from counter_app.status.model import MAX_NAME, ItemError, clean_text


def obj(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise ItemError(f"{what} is not an object")
    return value


def opt_str(d: dict, key: str, limit: int = MAX_NAME) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemError(f"{key} is not a string")
    return clean_text(value, limit) or None


def req_str(d: dict, key: str, limit: int = MAX_NAME) -> str:
    value = opt_str(d, key, limit)
    if value is None:
        raise ItemError(f"{key} is missing")
    return value


def ident(d: dict, key: str = "id") -> str:
    """An id: a non-empty string, or an integer (Cachet) turned into one."""
    value = d.get(key)
    if isinstance(value, bool) or value is None:
        raise ItemError(f"{key} is missing")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 120:
        raise ItemError(f"{key} is not a usable id")
    return value.strip()


def opt_int(d: dict, key: str, lo: int | None = None, hi: int | None = None) -> int | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ItemError(f"{key} is not an integer")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ItemError(f"{key} is out of range")
    return value


def opt_list(d: dict, key: str) -> list:
    value = d.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ItemError(f"{key} is not a list")
    return value


def str_list(d: dict, key: str, limit: int = MAX_NAME) -> list[str]:
    out = []
    for v in opt_list(d, key):
        if not isinstance(v, str):
            raise ItemError(f"{key} holds a non-string")
        text = clean_text(v, limit)
        if text:
            out.append(text)
    return out
