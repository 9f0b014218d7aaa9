"""Where the program keeps an office's data: one directory holds everything it writes.

The directory is private to its OS user: `AppPaths.ensure()` (which the GUI and the CLI both go
through, via app.open_context) sets the process umask to 0o077, so every file the program or
SQLite creates from then on (database, -wal, -shm, logs and rotated logs, backups, settings,
anchor, keys, printed files) is 0600 and every folder 0700, and repairs the modes of an existing
directory tree (a folder made by an older version, files copied in), counting what it changed
so the caller can log it. On Windows the modes mean little (os.chmod only sets the read-only
flag): there the folder under %LOCALAPPDATA% is protected by the user profile's ACL, which we
neither set nor check.

A directory we cannot write (a read-only mount, a folder of another user) opens read-only:
nothing is created or repaired, and `read_only` tells the database and the logging to read only.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.textout import escape

ENV_DATA_DIR = "COUNTER_APP_DATA_DIR"


def default_data_dir() -> Path:
    import platformdirs  # imported here: only needed when no directory was given

    return Path(platformdirs.user_data_dir("counter_app", appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike | None) -> Path:
    """--data-dir wins, then $COUNTER_APP_DATA_DIR, then the platform's user data dir."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class Repaired:
    """What `ensure()` made private (counts only: file names may carry personal data)."""

    dirs: int = 0
    files: int = 0
    failed: int = 0

    def __bool__(self) -> bool:
        return bool(self.dirs or self.files or self.failed)


@dataclass(frozen=True)
class AppPaths:
    root: Path
    read_only: bool = False
    repaired: Repaired = field(default=Repaired(), compare=False)

    @property
    def database(self) -> Path:
        return self.root / "counter_app.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "counter_app.log"

    @property
    def printed(self) -> Path:
        return self.root / "printed"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def pin_key(self) -> Path:
        """32 random bytes (0600) that key every PIN hash; never in the database (accounts.PinKey)."""
        return self.root / "pin.key"

    def ensure(self) -> AppPaths:
        """Create the directory tree (private), or open an existing one; see the module docstring.
        UserError (one sentence) when the path is a file or cannot be created."""
        os.umask(PRIVATE_UMASK)
        root = self.root
        shown = escape(str(root))[:200]
        if root.exists() and not root.is_dir():
            raise UserError(
                Msg(
                    f"데이터 폴더로 지정한 경로가 폴더가 아니라 파일입니다: {shown}",
                    f"The data folder given is a file, not a folder: {shown}",
                )
            )
        try:
            root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        except OSError:
            raise UserError(
                Msg(
                    f"데이터 폴더를 만들 수 없습니다(권한이 없거나 경로가 잘못됨): {shown}",
                    f"Cannot create the data folder (no permission, or a bad path): {shown}",
                )
            ) from None
        if not os.access(root, os.W_OK | os.X_OK):
            if not os.access(root, os.R_OK | os.X_OK):
                raise UserError(
                    Msg(
                        f"데이터 폴더를 읽을 수 없습니다(권한 없음): {shown}",
                        f"Cannot read the data folder (no permission): {shown}",
                    )
                )
            return AppPaths(root, read_only=True)
        try:
            for d in (self.backups, self.logs, self.printed):
                d.mkdir(mode=DIR_MODE, exist_ok=True)
        except OSError:
            raise UserError(
                Msg(
                    f"데이터 폴더 안에 폴더를 만들 수 없습니다: {shown}",
                    f"Cannot create folders inside the data folder: {shown}",
                )
            ) from None
        return AppPaths(root, repaired=make_private(root))


def make_private(root: Path) -> Repaired:
    """Folders open to others become 0700 and such regular files 0600, under `root` (itself
    included); a file already private (0600, 0400) is left as it is; symlinks are neither
    followed nor changed. Nothing on Windows, where modes do not protect (see above)."""
    if os.name == "nt":
        return Repaired()
    dirs = files = failed = 0
    pending = [root]
    while pending:
        d = pending.pop()
        try:
            mode = os.lstat(d).st_mode
            if mode & 0o077:
                os.chmod(d, DIR_MODE)
                dirs += 1
            entries = list(os.scandir(d))
        except OSError:
            failed += 1
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode):
                    pending.append(Path(entry.path))
                elif stat.S_ISREG(st.st_mode) and st.st_mode & 0o077:
                    os.chmod(entry.path, FILE_MODE)
                    files += 1
            except OSError:
                failed += 1
    return Repaired(dirs, files, failed)
