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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from luoshi.errors import BadInput
from luoshi.i18n import _


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


_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


@lru_cache(maxsize=64)
def _seconds(text: str) -> int:
    # The defaults and most settings are a number and one unit ('7d', '6h'): read those here,
    # so a step command need not import (and compile) the date parser for them.
    number, unit = text[:-1], text[-1:]
    if number.isascii() and number.isdigit() and unit in _UNIT_SECONDS:
        seconds = int(number) * _UNIT_SECONDS[unit]
        if 0 < seconds <= 366 * 86400:
            return seconds
    from luoshi.domain.dates import parse_duration

    return int(parse_duration(text).total_seconds())


class EscalationSection(_Section):
    """The automatic rules: [days late, rung] pairs, and the rung for stalled tasks (0 = off)."""

    late: list[tuple[float, int]] = [(1, 1), (3, 2), (7, 3)]
    stalled: int = Field(1, ge=0, le=5)
    names_zh: list[str] = ["催办", "督办", "约谈", "限期整改", "通报"]
    names_en: list[str] = ["remind", "supervise", "talk", "rectify", "notice"]

    @field_validator("late")
    @classmethod
    def _late(cls, value: list[tuple[float, int]]) -> list[tuple[float, int]]:
        for days, rung in value:
            if days < 0 or not 1 <= rung <= 5:
                raise ValueError(_("each entry is [days late ≥ 0, rung 1–5]"))
        return value

    @field_validator("names_zh", "names_en")
    @classmethod
    def _five(cls, value: list[str]) -> list[str]:
        if len(value) != 5 or not all(v.strip() for v in value):
            raise ValueError(_("give five rung names, lowest first"))
        return value


class ScoreSection(_Section):
    """Weights of the score's components (any non-negative numbers; they are normalised)."""

    on_time: float = Field(40, ge=0)
    regularity: float = Field(20, ge=0)
    quality: float = Field(30, ge=0)
    escalations: float = Field(10, ge=0)
    extension_credit: float = Field(0.5, ge=0, le=1)
    min_done_for_star: int = Field(2, ge=1)


class PatternsSection(_Section):
    silent_days: float = Field(3, gt=0)
    bounce_count: int = Field(2, ge=1)
    pushed_min: int = Field(2, ge=1)
    push_window_days: float = Field(2, gt=0)
    strong_start: int = Field(50, ge=1, le=99)
    idle_checkins: int = Field(3, ge=2)


class Config(_Section):
    user: UserSection = UserSection()
    health: HealthSection = HealthSection()
    escalation: EscalationSection = EscalationSection()
    score: ScoreSection = ScoreSection()
    patterns: PatternsSection = PatternsSection()


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
        raise BadInput(_("config file {path} is not valid TOML: {problem}").format(path=path, problem=exc),
                       _("fix it, or see it with: luoshi config show")) from None
    except OSError as exc:
        raise BadInput(_("cannot read config file {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    return validate_config(data, path)


def validate_config(data: dict[str, Any], path: Path | str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        reason = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            reason = _("unknown setting")
        raise BadInput(_("config {path}: {key}: {reason}").format(path=path, key=key, reason=reason),
                       _("see the settings luoshi knows with: luoshi config show")) from None
