"""`luoshi config`: see and change the settings file (who you are, cadences, weights, rules)."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import or_fail
from luoshi.cli.options import Json
from luoshi.i18n import _

app = typer.Typer(no_args_is_help=True)  # its help: registry.COMMANDS


@app.command("show", help=_("Show every setting, with the defaults filled in."))
def show(as_json: Json = False) -> None:
    from luoshi.services import settings

    data = or_fail(settings.show)
    if as_json:
        from luoshi.render.text import print_json

        return print_json(data)
    import tomli_w

    print(f"# {data['path']}")
    print(tomli_w.dumps(_without_none(data["settings"])), end="")


def _without_none(value):
    """TOML has no null: unset settings are left out (tables and lists of tables too)."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


@app.command("set", help=_("Change one setting; the file is validated before it is written."))
def set_(
    key: Annotated[str, typer.Argument(metavar="KEY", help=_("section.name, e.g. user.name or health.cadence."), show_default=False)],
    value: Annotated[str, typer.Argument(metavar="VALUE", help=_("The new value, e.g. 张三, 3d, 40."), show_default=False)],
    as_json: Json = False,
) -> None:
    from luoshi.services import settings

    result = or_fail(lambda: settings.set_value(key, value))
    if as_json:
        from luoshi.render.text import print_json

        return print_json(result)
    print(f"{key} = {result['value']!r}  ({result['path']})")


@app.command("path", help=_("Print where the settings file is."))
def path() -> None:
    from luoshi.config import config_path

    print(config_path())
