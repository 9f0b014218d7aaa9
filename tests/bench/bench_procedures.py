"""Benchmark: loading and validating every guide, and search-as-you-type over them (issue 8).

Prints one JSON line:
- `startup_imports_procedures`: whether opening the window's modules imports the guide loader
  (YAML, jsonschema) before the sign-in — it must not (the guides load when the page is shown);
- `load_cold_ms`: the first load of the shipped set in a fresh process (imports, schema compile,
  YAML, checks); `validate_ms` (p50 of repeats, aim < 50 ms): the whole shipped set read and checked;
- per keystroke, typing a table of queries one character at a time: p50/p99/max ms for the shipped
  set (aim < 5 ms) and for 500 guides (aim < 16 ms), against a plain case-folded substring scan of
  the same texts in the same run (`baseline_*`).
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUERIES = [
    "ㅈㅁㄷㄹ",
    "주민등록 등본",
    "국민신문고",
    "ㄱㅈㄱㄱ",
    "확정일자",
    "family court",
    "resident register",
    "120",
    "인감증명",
    "ㅎㅌㅅ",
    "전입신고",
    "outage notice",
]
REPEATS = 20


def keystrokes() -> list[str]:
    out = []
    for q in QUERIES:
        out += [q[:i] for i in range(1, len(q) + 1)]
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 3)


def time_each(fn, inputs, repeats=5) -> list[float]:
    times = []
    for _ in range(repeats):
        for x in inputs:
            t0 = time.perf_counter()
            fn(x)
            times.append(time.perf_counter() - t0)
    return times


def startup_imports() -> bool:
    code = (
        "import sys; import counter_app.app, counter_app.ui.main_window, counter_app.cli; "
        "print(any(m in sys.modules for m in ('yaml', 'counter_app.procedures.loader', 'jsonschema')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return out.stdout.strip() == "True"


def cold_load_ms() -> float:
    code = (
        "import time; t0 = time.perf_counter(); "
        "from counter_app.procedures.service import build_library, bundled_folder; "
        "lib = build_library([(bundled_folder(), 'bundled')]); assert not lib.problems; "
        "print((time.perf_counter() - t0) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return round(float(out.stdout.strip()), 1)


def many(guides, n: int):
    """n guides made from the shipped ones (distinct ids and titles), for the 500-guide figure."""
    out = []
    base = list(guides)
    for i in range(n):
        g = base[i % len(base)]
        title = dataclasses.replace(g.title, ko=f"{g.title.ko} {i}", en=f"{g.title.en} {i}")
        out.append(dataclasses.replace(g, id=f"{g.id}-{i}", title=title))
    return out


def main() -> None:
    from counter_app.procedures.loader import load
    from counter_app.procedures.search import SearchIndex, guide_text
    from counter_app.procedures.service import bundled_folder

    imports_at_startup = startup_imports()
    cold = cold_load_ms()
    folder = bundled_folder()
    validate = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = load([(folder, "bundled")])
        validate.append(time.perf_counter() - t0)
    assert not result.problems
    guides = list(result.guides.values())
    keys = keystrokes()

    def figures(gs):
        index = SearchIndex(gs)
        blobs = [(g.id, guide_text(g).casefold()) for g in gs]
        ours = time_each(index.ids, keys)
        base = time_each(lambda q: [gid for gid, b in blobs if q.casefold() in b], keys)
        return ours, base

    shipped, shipped_base = figures(guides)
    big, big_base = figures(many(guides, 500))
    print(
        json.dumps(
            {
                "bench": "procedures",
                "guides": len(guides),
                "keystrokes": len(keys),
                "startup_imports_procedures": imports_at_startup,
                "load_cold_ms": cold,
                "validate_ms": round(statistics.median(validate) * 1000, 2),
                "search_p50_ms": pct(shipped, 0.5),
                "search_p99_ms": pct(shipped, 0.99),
                "search_max_ms": pct(shipped, 1),
                "baseline_p50_ms": pct(shipped_base, 0.5),
                "baseline_p99_ms": pct(shipped_base, 0.99),
                "search_500_p50_ms": pct(big, 0.5),
                "search_500_p99_ms": pct(big, 0.99),
                "search_500_max_ms": pct(big, 1),
                "baseline_500_p50_ms": pct(big_base, 0.5),
                "baseline_500_p99_ms": pct(big_base, 0.99),
                "ratio_500_p99": round(pct(big, 0.99) / max(pct(big_base, 0.99), 1e-6), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
