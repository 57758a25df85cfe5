"""Automatic escalation: the configured rules applied to every open task (`escalate --auto`).

On a ledger file the system is the actor ("luoshi") and the rule the reason. On a team
ledger the server records every event as the connected member, so the member who runs the
rules is the actor (the rule is still the reason), and must be a lead. Running it twice in
a row adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from luoshi.domain.escalation import auto_escalation
from luoshi.domain.events import Escalated
from luoshi.errors import Refused
from luoshi.i18n import _
from luoshi.services import rulebook
from luoshi.services.context import Context
from luoshi.services.ledger import open_for_writing, record
from luoshi.services.milestones import rollups
from luoshi.services.views import event_json

SYSTEM_ACTOR = "luoshi"


@dataclass
class AutoEscalation:
    dry_run: bool
    escalations: list[dict[str, Any]]
    replayed: bool = False
    day_off: bool = False  # --if-workday on a day off: nothing was looked at


def auto_escalate(ctx: Context, dry_run: bool = False) -> AutoEscalation:
    rules = rulebook.escalation_rules(ctx.config)
    if ctx.role is None:
        system = replace(ctx, actor=SYSTEM_ACTOR)
    elif ctx.role.lead or dry_run:
        system = ctx
    else:
        raise Refused(_("escalate --auto on a team ledger needs a lead; {actor} is not one")
                      .format(actor=ctx.actor),
                      _("a lead runs it, or try --dry-run to see what it would do"))
    with open_for_writing(ctx) as ledger, ledger.writing():
        done = ledger.events_with_key(ctx.key, system.actor)
        if done:
            return AutoEscalation(dry_run=False, replayed=True,
                                  escalations=[event_json(e) for e in done])
        out = []
        states = ledger.tasks(statuses=("open",))
        read = rollups(ledger, states, ctx.now, ctx.health_rules)  # a parent reads through its milestones
        for state in states:
            if system.role is not None and state.owner == system.actor:
                continue  # nobody escalates a task they own; another lead's rules run will
            now_health = read[state.id].health
            decision = auto_escalation(state, ctx.now, now_health, rules, ctx.health_rules)
            if decision is None:
                continue
            rung, rule = decision
            item = {"task": state.id, "title": state.title, "owner": state.owner,
                    "from": state.escalation, "to": rung, "rule": rule}
            if not dry_run:
                record(ledger, system, state.id, state, Escalated(rung=rung, reason=rule, rule=rule),
                       f"#{len(out)}")
            out.append(item)
        return AutoEscalation(dry_run=dry_run, escalations=out)
