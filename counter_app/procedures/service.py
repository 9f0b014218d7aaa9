"""The procedures service the GUI and the CLI share: the library of guides (shipped in
resources/procedures/ plus the office's own in <data dir>/procedures/), search, and walks.

The library is read on first use, never at start-up (the sign-in must not wait for it), and
again on `reload()` (a supervisor dropped a file into the office folder). A bad file is left out
with its problems listed; the good ones are kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.procedures.loader import Problem, load
from counter_app.procedures.model import Guide
from counter_app.procedures.search import SearchIndex


def bundled_folder() -> Path:
    from counter_app.resources import resource_path

    return resource_path("procedures")


@dataclass
class Library:
    guides: dict[str, Guide]
    problems: list[Problem]
    files: int
    index: SearchIndex = field(repr=False)

    def get(self, guide_id: str) -> Guide:
        guide = self.guides.get(guide_id)
        if guide is None:
            raise UserError(Msg(f"'{guide_id}' 안내서가 없습니다.", f"There is no guide '{guide_id}'."))
        return guide

    def ordered(self) -> list[Guide]:
        return sorted(self.guides.values(), key=lambda g: (g.source != "bundled", g.title.ko))

    def search(self, query: str) -> list[Guide]:
        return [self.guides[i] for i in self.index.ids(query)]


def build_library(folders: list[tuple[Path, str]]) -> Library:
    result = load(folders)
    return Library(result.guides, result.problems, result.files, SearchIndex(result.guides.values()))


class ProcedureService:
    def __init__(self, office_folder: Path | None, db=None, audit=None, clock=None, bundled: Path | None = None):
        self.office_folder = office_folder
        self._bundled = bundled
        self._db, self._audit, self._clock = db, audit, clock
        self._library: Library | None = None
        self._lock = threading.Lock()
        self._walks = None

    def folders(self) -> list[tuple[Path, str]]:
        out = [(self._bundled or bundled_folder(), "bundled")]
        if self.office_folder is not None and self.office_folder.is_dir():
            out.append((self.office_folder, "office"))
        return out

    def library(self) -> Library:
        """The guides, read on first call (safe to call from a background thread)."""
        with self._lock:
            if self._library is None:
                self._library = build_library(self.folders())
            return self._library

    def reload(self) -> Library:
        fresh = build_library(self.folders())
        with self._lock:
            self._library = fresh
        return fresh

    @property
    def loaded(self) -> bool:
        return self._library is not None

    def add_file(self, source: Path) -> tuple[Guide | None, list[Problem]]:
        """A supervisor adds a guide file: checked first (with the ids already taken), copied into
        the office folder only when sound, then the library is read again."""
        from counter_app.procedures.loader import check_file

        if self.office_folder is None:
            raise UserError(
                Msg("이 단말에는 사무소 안내서 폴더가 없습니다.", "This terminal has no office guide folder.")
            )
        guide, problems = check_file(source, "office", shown=source.name)
        if guide is None:
            return None, problems
        current = self.library().guides.get(guide.id)
        target = self.office_folder / f"{guide.id}.yaml"
        if current is not None and Path(current.path).resolve() != target.resolve():
            return None, [
                Problem(
                    source.name,
                    guide.line,
                    Msg(
                        f"id: 안내서 번호 '{guide.id}'는 이미 {current.path}:{current.line}에서 쓰고 있습니다.",
                        f"id: the guide id '{guide.id}' is already used by {current.path}:{current.line}.",
                    ),
                )
            ]
        self.office_folder.mkdir(parents=True, exist_ok=True)
        try:
            data = source.read_bytes()
            tmp = target.with_suffix(".yaml.tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
        except OSError as exc:
            raise UserError(
                Msg(
                    f"안내서 파일을 사무소 폴더에 넣지 못했습니다({type(exc).__name__}).",
                    f"Could not put the guide file in the office folder ({type(exc).__name__}).",
                )
            ) from None
        library = self.reload()
        return library.guides.get(guide.id), []

    @property
    def walks(self):
        if self._walks is None:
            if self._db is None:
                raise UserError(
                    Msg("안내 진행을 저장할 데이터베이스가 없습니다.", "There is no database to keep walks in.")
                )
            from counter_app.procedures.walks import WalkStore

            self._walks = WalkStore(self._db, self._audit, self._clock)
        return self._walks
