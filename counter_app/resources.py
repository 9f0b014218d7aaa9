"""Find shipped resources both in an installed wheel and in a source checkout."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources as _ir
from pathlib import Path


@lru_cache(maxsize=1)
def resources_root() -> Path:
    packaged = Path(str(_ir.files("counter_app"))) / "resources"
    if packaged.is_dir():  # wheel: hatch force-includes resources/ as counter_app/resources
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"  # source checkout / editable


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
