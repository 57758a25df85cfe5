"""Every command in one place: its name, the module and function that implement it, its help.

This is all the root group needs to list commands (`luoshi --help`) and complete their names
without importing a single command module: `luoshi checkin …` imports and converts only
`luoshi.cli.checkin`. The help texts are msgids, translated where they are shown, so they
follow the language each invocation chooses. Nothing here imports Typer.
"""

from __future__ import annotations

from typing import NamedTuple

from luoshi.i18n import N_


class Entry(NamedTuple):
    name: str
    module: str  # the module that defines it, imported only when the command runs
    attr: str  # a command function, or a Typer app (a group of subcommands)
    help: str  # the msgid of its --help text; the first sentence is its line in `luoshi --help`


COMMANDS: tuple[Entry, ...] = (
    Entry("assign", "luoshi.cli.assign", "assign",
          N_("Record a commitment: a person, a thing and a time (交办).")),
    Entry("plan", "luoshi.cli.plan", "plan",
          N_("Plan a task backward into milestones (倒排工期). Each milestone is a task of its own, due "
             "no later than the task, which then takes its progress from them; only the task's lead "
             "or a team lead plans.")),
    Entry("checkin", "luoshi.cli.checkin", "checkin",
          N_("Report progress on a task (反馈). With no arguments on a terminal: walk through your open tasks.")),
    Entry("done", "luoshi.cli.done", "done", N_("Report a task finished (办结), with evidence.")),
    Entry("escalate", "luoshi.cli.escalate", "escalate",
          N_("Escalate a task one rung up the ladder (督办), or with --auto apply the rules to every open task.")),
    Entry("extend", "luoshi.cli.extend", "extend",
          N_("Extend a task's deadline (延期); by its owner, a request the lead answers. The original deadline still counts in scores; the lead answers with --approve or --reject.")),
    Entry("reassign", "luoshi.cli.reassign", "reassign",
          N_("Hand a task to a new owner (转办), with the reason.")),
    Entry("remind", "luoshi.cli.remind", "remind", N_("Record a reminder to the task's owner (催办).")),
    Entry("score", "luoshi.cli.score", "score",
          N_("Rate a finished task from 1 to 5 (考核): quality and effect of the work.")),
    Entry("close", "luoshi.cli.close", "close",
          N_("Check a finished task and strike it off the ledger (销号). Only the task's lead may.")),
    Entry("reopen", "luoshi.cli.reopen", "reopen",
          N_("Reopen a finished or closed task whose result falls short.")),
    Entry("cancel", "luoshi.cli.cancel", "cancel", N_("Cancel a commitment that is no longer wanted.")),
    Entry("waive", "luoshi.cli.waive", "waive",
          N_("Record an excuse (容错) that lowers the task's rung and lifts its penalty.")),
    Entry("accept", "luoshi.cli.accept", "accept", N_("Sign for a task given to you (签收).")),
    Entry("return", "luoshi.cli.returning", "return_task",
          N_("Send a task back to its lead (退回), naming all that is missing. Everything missing is listed at once (一次性告知).")),
    Entry("amend", "luoshi.cli.amend", "amend",
          N_("Correct a task (更正); the old values stay in its timeline. Title, standard, lead, helpers, project and tags can be corrected.")),
    Entry("note", "luoshi.cli.note", "note",
          N_("Write a remark on a task; a lead's note is an instruction (批示). The owner sees an instruction in their inbox.")),
    Entry("inbox", "luoshi.cli.inbox", "inbox",
          N_("What waits for you now: tasks to sign for, returns, requests, reminders, instructions, late work.")),
    Entry("list", "luoshi.cli.listing", "list_tasks",
          N_("List tasks, soonest deadline first (open tasks unless --status says otherwise).")),
    Entry("show", "luoshi.cli.show", "show",
          N_("Show one task, its milestones and its history.")),
    Entry("board", "luoshi.cli.board", "board",
          N_("Draw the open tasks and milestones on a time axis (挂图作战). A bar from assignment "
             "to deadline, the progress made and expected, today's line, colours by health.")),
    Entry("report", "luoshi.cli.report", "report",
          N_("The review: done, late, stalled, blocked, due next, escalations, people's scores, ranks and stars.")),
    Entry("notice", "luoshi.cli.notice", "notice",
          N_("The supervision notice (督办通知单) for one task: its history, its rung and what is required by when.")),
    Entry("demo", "luoshi.cli.demo", "demo",
          N_("Build a demo ledger in a temporary folder (never your own), print its week report and "
             "remove the folder again (unless --keep).")),
    Entry("verify", "luoshi.cli.verify", "verify",
          N_("Check every event's hash and link, that the tasks equal a replay of the events, and "
             "that the head matches the anchors recorded outside the ledger. Exit 0 when intact, 1 "
             "naming the first bad event.")),
    Entry("backup", "luoshi.cli.backup", "backup",
          N_("Copy the ledger to FILE, safely while others keep writing; the copy is verified before "
             "it replaces FILE, and its head is recorded as an anchor.")),
    Entry("restore", "luoshi.cli.restore", "restore",
          N_("Verify FILE, then put it in place of the ledger in one atomic step. Events recorded after "
             "the backup was taken are rolled back; a file that does not verify is refused and the "
             "ledger is left as it was.")),
    Entry("export", "luoshi.cli.export", "export",
          N_("Print every event, one JSON object per line, exactly as stored (seq, task, kind, at, "
             "actor, payload, key, prev_hash, hash). `luoshi import` reads it back.")),
    Entry("import", "luoshi.cli.importing", "import_events",
          N_("Import a luoshi export into an empty ledger exactly as it was exported, or add the tasks "
             "of a Taskwarrior export. All or nothing: a bad line is reported with its number and "
             "nothing is written.")),
    Entry("notify", "luoshi.cli.notify", "notify",
          N_("Send reminders to chat groups and e-mail, each once. The reminders, escalations, "
             "assignments, returns, instructions and extension requests not yet sent go to the "
             "channels in config [notify] (DingTalk, WeCom, Feishu, Slack, a generic webhook, "
             "e-mail), each event once to each channel. Every message carries the event's uid (its "
             "hash), so a receiver can drop the one repeat a killed notify may cause.")),
    Entry("schedule", "luoshi.cli.schedule", "app",
          N_("Run escalate --auto and notify every working day. At schedule.times: a systemd user "
             "timer, or a crontab line where systemd is absent.")),
    Entry("config", "luoshi.cli.config", "app", N_("See and change luoshi's settings (config.toml).")),
    Entry("team", "luoshi.cli.team", "app",
          N_("A team ledger on PostgreSQL: set-up, members and settings.")),
)

BY_NAME: dict[str, Entry] = {entry.name: entry for entry in COMMANDS}
