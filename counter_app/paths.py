"""Where the program keeps an office's data: one directory holds everything it writes."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class AppPaths:
    root: Path

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

    def ensure(self) -> "AppPaths":
        for d in (self.root, self.backups, self.logs, self.printed):
            d.mkdir(parents=True, exist_ok=True)
        return self
