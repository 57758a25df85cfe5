"""Everything a use case needs to know about this invocation, passed in, never global."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from luoshi.config import Config
from luoshi.domain.rules import Role


@dataclass(frozen=True)
class Context:
    db: str  # a SQLite path, or a PostgreSQL URL
    actor: str
    now: datetime  # aware, local zone
    key: str  # this invocation's idempotency key: a retry with the same key records nothing new
    config: Config = field(default_factory=Config)
    lang: str = "en"
    # on a team ledger (PostgreSQL): the connected member as the server knows them; None on a
    # local ledger, where --as is trusted and only the task's own lead leads
    role: Role | None = None
    warnings: list[str] = field(default_factory=list, compare=False)  # said on stderr, never in --json

    @cached_property
    def health_rules(self):
        """The health thresholds and calendar this invocation reads tasks with."""
        from luoshi.services.rulebook import health_rules

        return health_rules(self.config)

    @cached_property
    def calendar(self):
        """The working-day calendar (for reading and warning about dates)."""
        from luoshi.services.rulebook import calendar

        return calendar(self.config)

    def warn(self, message: str) -> None:
        """A warning for the user that does not change the outcome (the CLI prints it)."""
        if message not in self.warnings:
            self.warnings.append(message)
