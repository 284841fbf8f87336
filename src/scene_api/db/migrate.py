"""Run the Alembic migrations programmatically (CLI, `scene dev`, test fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_config(database_url: str) -> Config:
    candidates = [
        Path(os.environ.get("SCENE_ALEMBIC_INI", "")),
        Path(__file__).resolve().parents[3] / "alembic.ini",
    ]
    ini = next((path for path in candidates if path.is_file()), Path("alembic.ini"))
    config = Config(str(ini))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
