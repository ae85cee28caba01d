"""The one place that knows where bundled files and user data live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desktop import APP_NAME

DB_ENV = "CHANCERY_DB"
DATA_DIR_ENV = "CHANCERY_DATA_DIR"
DB_FILENAME = "chancery.sqlite3"


def bundle_root() -> Path:
    """The folder holding `resources/` and `seeds/`: the bundle when frozen, else the repo."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def resource(name: str) -> Path:
    """A bundled read-only file, e.g. ``resource("gazetteer.json")``."""
    return resources_dir() / name


def seeds_dir() -> Path:
    return bundle_root() / "seeds"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data folder (created on demand); ``--data-dir`` or the env var overrides it."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path(
    db: str | os.PathLike[str] | None = None,
    data_dir_override: str | os.PathLike[str] | None = None,
) -> Path:
    """Where the store lives: ``--db``, then ``CHANCERY_DB``, then the user-data folder."""
    if db:
        return Path(db)
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return data_dir(data_dir_override) / DB_FILENAME


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database they protect."""
    return db_path.parent / "backups"
