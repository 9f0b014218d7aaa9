"""Manual procedure guides (issue 8): model, YAML loader and checks, Korean search, wizard engine,
walk records. Qt-free; the GUI renders it in counter_app/ui/procedure_*.py. Format: docs/procedures.md."""

from counter_app.procedures.engine import Walk, WalkError, all_paths
from counter_app.procedures.loader import (
    Problem,
    check_file,
    check_text,
    load,
    validate_paths,
)
from counter_app.procedures.model import ACTIONS, Guide, Step, Text
from counter_app.procedures.search import SearchIndex, choseong

__all__ = [
    "ACTIONS",
    "Guide",
    "Problem",
    "SearchIndex",
    "Step",
    "Text",
    "Walk",
    "WalkError",
    "all_paths",
    "check_file",
    "check_text",
    "choseong",
    "load",
    "validate_paths",
]
