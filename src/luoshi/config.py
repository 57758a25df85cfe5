"""The user's settings file (TOML): who I am, and the rules a ledger is read with.

Where: LUOSHI_CONFIG, else `config.toml` in the user config directory. A missing file means
every default. Each setting is declared once, below (its type, limits and default), and the
file is checked against those declarations (`domain/shape.py`): an invalid file is refused
with the key and the reason, never silently ignored, because a wrong cadence or weight would
quietly change who is ranked last. A file that holds only `[user] name` is read without
checking anything else.

On a team ledger the review's settings (health, escalation, score, patterns, calendar,
report.review_day) come from the ledger itself (`luoshi team set`), not from this file.

The file may hold secrets (`[[notify.webhook]] secret`, `[notify.smtp] password`, webhook
URLs with their access tokens): luoshi writes it 0600, and never prints them
(services/secrets.py masks them in `config show`, in --json and in every error). A secret
may instead live in an environment variable the file names (`secret_env`, `password_env`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Annotated, Any

from luoshi.domain.shape import Limits
from luoshi.errors import BadInput
from luoshi.i18n import _

Duration = Annotated[str, Limits(min_len=1, max_len=40, line=True)]
Weight = Annotated[float, Limits(lo=0, hi=1000)]
Days = Annotated[float, Limits(lo=0, hi=366)]
_FROZEN = dict(frozen=True, kw_only=True)


@dataclass(**_FROZEN)
class UserSection:
    name: Annotated[str, Limits(min_len=1, max_len=64, line=True)] | None = None


@dataclass(**_FROZEN)
class HealthSection:
    """Check-in cadence, the due-soon windows (durations like '7d' or '6h'), how far behind
    the expected line a task may trail, and how soon a task must be signed for."""

    cadence: Duration = "7d"
    due_soon: Duration = "3d"
    urgent_due_soon: Duration = "6h"
    behind_margin: Annotated[int, Limits(lo=1, hi=100)] = 15
    sign_within: Days = 1  # working days after assignment before an unsigned task is reminded (0: off)

    def __post_init__(self) -> None:
        for name in ("cadence", "due_soon", "urgent_due_soon"):
            try:
                seconds(getattr(self, name))
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None

    def seconds(self, key: str) -> int:
        return seconds(getattr(self, key))


def seconds(text: str) -> int:
    """A duration setting in seconds ('7d', '6h', '2 weeks', 每周); BadInput when unreadable."""
    number, unit = text[:-1], text[-1:]
    units = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
    if number.isascii() and number.isdigit() and unit in units:  # the usual form, without the parser
        value = int(number) * units[unit]
        if 0 < value <= 366 * 86400:
            return value
    from luoshi.domain.dates import DateError, parse_duration

    try:
        return int(parse_duration(text).total_seconds())
    except DateError as exc:
        raise ValueError(str(exc)) from None


@dataclass(**_FROZEN)
class EscalationSection:
    """The automatic rules: [days late, rung] pairs, and the rung for a stalled, a behind and
    an unsigned task (0 = off)."""

    late: Annotated[tuple[tuple[Days, Annotated[int, Limits(lo=1, hi=5)]], ...], Limits(max_len=10)] = (
        (1, 1), (3, 2), (7, 3))
    stalled: Annotated[int, Limits(lo=0, hi=5)] = 1
    behind: Annotated[int, Limits(lo=0, hi=5)] = 1
    unsigned: Annotated[int, Limits(lo=0, hi=5)] = 1


@dataclass(**_FROZEN)
class ScoreSection:
    """Weights of the score's components (any non-negative numbers; they are normalised)."""

    on_time: Weight = 40
    regularity: Weight = 20
    quality: Weight = 30
    escalations: Weight = 10
    extension_credit: Annotated[float, Limits(lo=0, hi=1)] = 0.5
    min_done_for_star: Annotated[int, Limits(lo=1, hi=1000)] = 2


@dataclass(**_FROZEN)
class PatternsSection:
    silent_days: Annotated[float, Limits(lo=0.01, hi=366)] = 3
    bounce_count: Annotated[int, Limits(lo=1, hi=100)] = 2
    pushed_min: Annotated[int, Limits(lo=1, hi=100)] = 2
    push_window_days: Annotated[float, Limits(lo=0.01, hi=366)] = 2
    strong_start: Annotated[int, Limits(lo=1, hi=99)] = 50
    idle_checkins: Annotated[int, Limits(lo=2, hi=100)] = 3


@dataclass(**_FROZEN)
class CalendarSection:
    """Working days: counted ("working", skipping weekends and public holidays with their
    swapped working days) or not ("calendar"); local days off and days worked."""

    count: Annotated[str, Limits(choices=("working", "calendar"))] = "working"
    extra_holidays: Annotated[tuple[Annotated[str, Limits(min_len=10, max_len=10)], ...], Limits(max_len=400)] = ()
    extra_workdays: Annotated[tuple[Annotated[str, Limits(min_len=10, max_len=10)], ...], Limits(max_len=400)] = ()

    def __post_init__(self) -> None:
        from datetime import date

        for name in ("extra_holidays", "extra_workdays"):
            for day in getattr(self, name):
                try:
                    date.fromisoformat(day)
                except ValueError:
                    raise ValueError(name + ": " + _("{day!r} is not a date like 2026-10-08").format(
                        day=day)) from None


@dataclass(**_FROZEN)
class ReportSection:
    review_day: Annotated[str, Limits(choices=("mon", "tue", "wed", "thu", "fri", "sat", "sun"))] | None = None
    office: Annotated[str, Limits(min_len=1, max_len=200, line=True)] | None = None


WEBHOOK_KINDS = ("generic", "dingtalk", "wecom", "feishu", "slack")
Secret = Annotated[str, Limits(min_len=1, max_len=500, line=True)]
EnvName = Annotated[str, Limits(min_len=1, max_len=100, word=True)]
Label = Annotated[str, Limits(min_len=1, max_len=64, line=True)]
Url = Annotated[str, Limits(min_len=8, max_len=2000, word=True)]


def _http_url(where: str, url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(where + ": " + _("must start with https:// (or http://)"))


@dataclass(**_FROZEN)
class WebhookSection:
    """One chat service or web endpoint that `luoshi notify` posts to. `rate_per_minute`:
    at most so many messages a minute (unset: the service's own limit, e.g. DingTalk 20;
    0: none)."""

    kind: Annotated[str, Limits(choices=WEBHOOK_KINDS)]
    url: Url
    name: Label | None = None
    secret: Secret | None = None
    secret_env: EnvName | None = None
    rate_per_minute: Annotated[int, Limits(lo=0, hi=100000)] | None = None


@dataclass(**_FROZEN)
class SmtpSection:
    """The mail server e-mail reminders go through (STARTTLS unless `starttls = false`)."""

    host: Annotated[str, Limits(min_len=1, max_len=255, word=True)]
    from_: Annotated[str, Limits(min_len=3, max_len=254, line=True)]
    port: Annotated[int, Limits(lo=1, hi=65535)] = 587
    user: Label | None = None
    password: Secret | None = None
    password_env: EnvName | None = None
    starttls: bool = True
    name: Label | None = None


@dataclass(**_FROZEN)
class NotifySection:
    """`luoshi notify`: when to send one digest instead of many messages, how long to wait
    for a service (seconds), the language of the messages, and the channels. `db`: the
    ledger notify reads and marks (a team ledger as its notifier role), when it is not the
    one --db names."""

    digest_over: Annotated[int, Limits(lo=1, hi=10000)] = 10
    timeout: Annotated[float, Limits(lo=0.1, hi=600)] = 10
    lang: Annotated[str, Limits(choices=("en", "zh"))] | None = None
    db: Annotated[str, Limits(min_len=1, max_len=2000, line=True)] | None = None
    webhook: Annotated[tuple[WebhookSection, ...], Limits(max_len=50)] = ()
    smtp: SmtpSection | None = None

    def __post_init__(self) -> None:
        for i, hook in enumerate(self.webhook):
            _http_url(f"webhook.{i + 1}.url", hook.url)


@dataclass(**_FROZEN)
class PersonSection:
    """How to reach one person: e-mail, and the mobile number chat services @-mention."""

    email: Annotated[str, Limits(min_len=3, max_len=254, word=True)] | None = None
    mobile: Annotated[str, Limits(min_len=3, max_len=32, word=True)] | None = None


@dataclass(**_FROZEN)
class ScheduleSection:
    """When the scheduled `escalate --auto && notify` runs each day (local HH:MM)."""

    times: Annotated[tuple[Annotated[str, Limits(min_len=4, max_len=5)], ...],
                     Limits(min_len=1, max_len=24)] = ("09:00", "16:00")

    def __post_init__(self) -> None:
        if not self.times:
            raise ValueError("times: " + _("must not be empty"))
        for moment in self.times:
            hour, _sep, minute = moment.partition(":")
            if not (hour.isdigit() and minute.isdigit() and len(minute) == 2
                    and int(hour) < 24 and int(minute) < 60):
                raise ValueError("times: " + _("{value!r} is not a time like 09:00").format(value=moment))


People = Annotated[dict[str, PersonSection], Limits(min_len=1, max_len=64, line=True)]


@dataclass(**_FROZEN)
class Config:
    user: UserSection = field(default_factory=UserSection)
    health: HealthSection = field(default_factory=HealthSection)
    escalation: EscalationSection = field(default_factory=EscalationSection)
    score: ScoreSection = field(default_factory=ScoreSection)
    patterns: PatternsSection = field(default_factory=PatternsSection)
    calendar: CalendarSection = field(default_factory=CalendarSection)
    report: ReportSection = field(default_factory=ReportSection)
    notify: NotifySection = field(default_factory=NotifySection)
    schedule: ScheduleSection = field(default_factory=ScheduleSection)
    people: People = field(default_factory=dict)


# The sections that are one table each; `people` is a table of tables, one per person.
SECTIONS: dict[str, type] = {f.name: f.default_factory for f in fields(Config)  # type: ignore[misc]
                             if f.name != "people"}
# What a team ledger keeps for everyone (`luoshi team set`); the rest stays personal.
TEAM_SECTIONS = ("health", "escalation", "score", "patterns", "calendar")
TEAM_KEYS = ("report.review_day",)


def config_path() -> Path:
    explicit = os.environ.get("LUOSHI_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir("luoshi", appauthor=False)) / "config.toml"


def read_toml(path: Path) -> dict[str, Any]:
    """The file's TOML, or BadInput naming the file (a folder, a FIFO or a device is refused,
    never waited on)."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise BadInput(_("cannot read config file {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    if not stat.S_ISREG(mode):
        raise BadInput(_("config file {path} is not a regular file").format(path=path),
                       _("point LUOSHI_CONFIG at a TOML file"))
    import tomllib  # only when there is a file to read

    try:
        with open(path, "rb") as fh:
            data = fh.read((1 << 20) + 1)
        if len(data) > (1 << 20):
            raise BadInput(_("config file {path} is larger than 1 MB").format(path=path))
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        problem = exc if not isinstance(exc, RecursionError) else _("nested too deeply")
        raise BadInput(_("config file {path} is not valid TOML: {problem}").format(path=path, problem=problem),
                       _("fix it, or see it with: luoshi config show")) from None
    except OSError as exc:
        raise BadInput(_("cannot read config file {path}: {reason}").format(path=path, reason=exc.strerror)) from None


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    return validate_config(read_toml(path), path)


def validate_config(data: dict[str, Any], path: Path | str = "config") -> Config:
    """The settings of a decoded file, checked against the declarations above."""
    if not data:
        return Config()
    user = data.get("user")
    if set(data) == {"user"} and isinstance(user, dict) and set(user) <= {"name"} \
            and isinstance(user.get("name", ""), str) and "\x00" not in user.get("name", ""):
        return Config(user=UserSection(name=user.get("name")))  # the common file: a name only
    return _checked(data, path)


def _checked(data: dict[str, Any], path: Path | str) -> Config:
    from luoshi.domain.shape import build, problem

    hint = _("see the settings luoshi knows with: luoshi config show")
    for name in data:
        if name not in SECTIONS and name != "people":
            raise BadInput(_("config {path}: {key}: unknown setting").format(path=path, key=name), hint)
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        found = problem(cls, data.get(name, {}), f"{name}.")
        if found is None:
            try:
                sections[name] = build(cls, data.get(name, {}))
            except ValueError as exc:
                found = f"{name}.{exc}"
        if found is not None:
            raise BadInput(_("config {path}: {problem}").format(path=path, problem=found), hint)
    people = {"people": data["people"]} if "people" in data else {}
    found = problem(_People, people)
    if found is not None:
        raise BadInput(_("config {path}: {problem}").format(path=path, problem=found), hint)
    return Config(**sections, people=build(_People, people).people)


@dataclass(**_FROZEN)
class _People:
    """The `[people."NAME"]` tables, checked as one declared field."""

    people: People = field(default_factory=dict)


def with_team(config: Config, settings: dict[str, Any]) -> Config:
    """The config with a team ledger's settings in place of the file's review settings."""
    merged = {name: _section_dict(getattr(config, name)) for name in TEAM_SECTIONS}
    report = _section_dict(config.report)
    for key, value in settings.items():
        section, name = key.split(".", 1)
        if section in TEAM_SECTIONS:
            merged[section][name] = value
        elif section == "report":
            report[name] = value
    checked = _checked(merged | {"report": report}, "team")
    return replace(config, report=checked.report,
                   **{name: getattr(checked, name) for name in TEAM_SECTIONS})


def _section_dict(section) -> dict[str, Any]:
    from luoshi.domain.shape import as_dict

    return as_dict(section)
