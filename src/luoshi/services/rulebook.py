"""The domain's rules as the settings make them: health, escalation, score and patterns.

The config (config.py) declares every setting and its default once; this module turns the
settings into the domain's plain rule objects, so no default is written twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from luoshi.config import Config
from luoshi.domain.health import HealthRules

if TYPE_CHECKING:  # each imported by the function that builds it: a step reads health only
    from luoshi.domain.escalation import Rule
    from luoshi.domain.patterns import Thresholds
    from luoshi.domain.scoring import Weights


def calendar(config: Config):
    """The working days as the settings say (public holidays, 调休, the office's own days)."""
    from datetime import date

    from luoshi.domain.workdays import Calendar

    return Calendar.with_extras(map(date.fromisoformat, config.calendar.extra_holidays),
                                map(date.fromisoformat, config.calendar.extra_workdays))


def health_rules(config: Config) -> HealthRules:
    """Health read with the settings; silence and lateness counted in working days unless
    `calendar.count = "calendar"`."""
    from luoshi.clock import local_tz

    h = config.health
    counting = calendar(config) if config.calendar.count == "working" else None
    return HealthRules(cadence=h.seconds("cadence"), due_soon=h.seconds("due_soon"),
                       urgent_due_soon=h.seconds("urgent_due_soon"),
                       behind_margin=h.behind_margin, calendar=counting, zone=local_tz())


def escalation_rules(config: Config) -> tuple[Rule, ...]:
    from luoshi.domain.escalation import Rule

    esc = config.escalation
    rules = [Rule(f"late by {d:g} day(s) or more / 逾期{d:g}天以上", rung, "late", d)
             for d, rung in esc.late]
    if esc.stalled:
        rules.append(Rule("stalled: no check-in within the cadence / 超过反馈周期未反馈",
                          esc.stalled, "stalled"))
    if esc.behind:
        rules.append(Rule("behind the expected progress / 进度滞后于序时进度", esc.behind, "behind"))
    if esc.unsigned and config.health.sign_within > 0:
        rules.append(Rule("not signed for / 交办后未签收", esc.unsigned, "unsigned",
                          config.health.sign_within))
    return tuple(rules)


def weights(config: Config) -> Weights:
    from luoshi.domain.scoring import Weights
    from luoshi.domain.shape import as_dict

    return Weights(**as_dict(config.score))


def thresholds(config: Config) -> Thresholds:
    from luoshi.domain.patterns import Thresholds
    from luoshi.domain.shape import as_dict

    return Thresholds(**as_dict(config.patterns))
