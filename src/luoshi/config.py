"""The user's settings file (TOML): who I am, and the defaults a ledger's rules use.

Where: LUOSHI_CONFIG, else `config.toml` in the user config directory. A missing file means
every default. An invalid file is refused with the key and the reason; it is never silently
ignored, because a wrong cadence or weight would quietly change who is ranked last.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from luoshi.errors import BadInput


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UserSection(_Section):
    name: str | None = None


class HealthSection(_Section):
    """Check-in cadence and the due-soon windows, as durations like '7d' or '6h'."""

    cadence: str = "7d"
    due_soon: str = "3d"
    urgent_due_soon: str = "6h"

    @field_validator("cadence", "due_soon", "urgent_due_soon")
    @classmethod
    def _duration(cls, value: str) -> str:
        from luoshi.domain.dates import DateError, parse_duration

        try:
            parse_duration(value)
        except DateError as exc:
            raise ValueError(str(exc)) from None
        return value

    def seconds(self, key: str) -> int:
        return _seconds(getattr(self, key))


@lru_cache(maxsize=64)
def _seconds(text: str) -> int:
    from luoshi.domain.dates import parse_duration

    return int(parse_duration(text).total_seconds())


class Config(_Section):
    user: UserSection = UserSection()
    health: HealthSection = HealthSection()


def config_path() -> Path:
    explicit = os.environ.get("LUOSHI_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("luoshi", appauthor=False)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config()
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"config file {path} is not valid TOML: {exc}",
                       "fix it, or see it with: luoshi config show") from None
    except OSError as exc:
        raise BadInput(f"cannot read config file {path}: {exc.strerror}") from None
    return validate_config(data, path)


def validate_config(data: dict[str, Any], path: Path | str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        reason = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            reason = "unknown setting"
        raise BadInput(f"config {path}: {key}: {reason}",
                       "see the settings luoshi knows with: luoshi config show") from None
