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
