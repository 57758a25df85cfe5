"""`luoshi schedule`: install, remove or show the daily `escalate --auto && notify` run."""

from __future__ import annotations

import typer

from luoshi.cli.common import or_fail
from luoshi.cli.options import Json
from luoshi.i18n import _

app = typer.Typer(no_args_is_help=True)  # its help: registry.COMMANDS


def _done(result, as_json: bool, heading: str) -> None:
    if as_json:
        from luoshi.render.text import print_json

        return print_json(result.to_json())
    data = result.to_json()
    if data["kind"] is None:
        print(_("No luoshi schedule is installed."))
        return
    print(heading.format(kind=data["kind"], times=", ".join(data["times"])))
    for name in data["files"]:
        print(f"  {name}")
    for line in data["lines"]:
        print(f"  {line}")


@app.command("install", help=_("Install (or replace) the daily run at schedule.times: a systemd user timer, or crontab lines where systemd is absent. It skips days off by luoshi's calendar (调休 included)."))
def install(as_json: Json = False) -> None:
    from luoshi.config import load_config
    from luoshi.services import schedule

    result = or_fail(lambda: schedule.install(load_config().schedule.times))
    _done(result, as_json, _("Installed ({kind}): escalate --auto && notify at {times}, on working days."))


@app.command("remove", help=_("Remove the daily run (the timer and its service, or the crontab lines)."))
def remove(as_json: Json = False) -> None:
    from luoshi.services import schedule

    result = or_fail(schedule.remove)
    _done(result, as_json, _("Removed ({kind}) the run at {times}."))


@app.command("show", help=_("Show the installed daily run, if any."))
def show(as_json: Json = False) -> None:
    from luoshi.services import schedule

    result = or_fail(schedule.show)
    _done(result, as_json, _("Installed ({kind}): at {times}, on working days."))
