"""Everything a use case needs to know about this invocation, passed in, never global."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from luoshi.config import Config


@dataclass(frozen=True)
class Context:
    db: str  # a SQLite path, or a SQLAlchemy URL
    actor: str
    now: datetime  # aware, local zone
    key: str  # this invocation's idempotency key: a retry with the same key records nothing new
    config: Config = field(default_factory=Config)
    lang: str = "en"
    # on a team ledger (PostgreSQL): whether the connected member has the lead flag;
    # None on a local ledger, where --as is trusted and only the task's own lead leads
    team_lead: bool | None = None
