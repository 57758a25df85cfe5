"""Reading and changing the config file: every change is checked before it is written, and
the file (it may hold secrets) is written 0600 by the one file writer."""

from __future__ import annotations

from typing import Any

from luoshi.config import SECTIONS, config_path, load_config, read_toml, validate_config
from luoshi.domain.shape import as_dict, declared
from luoshi.errors import BadInput
from luoshi.i18n import _


def typed(value: str) -> Any:
    """A TOML value as typed (7, 0.5, [[1, 1]], true), else the text itself."""
    import tomllib

    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


def show() -> dict[str, Any]:
    """Every setting with the defaults filled in; secrets masked (services/secrets.py)."""
    from luoshi.services.secrets import masked_settings

    config = load_config()
    settings = {name: as_dict(getattr(config, name)) for name in SECTIONS}
    settings["people"] = {name: as_dict(person) for name, person in config.people.items()}
    return {"path": str(config_path()), "settings": masked_settings(settings)}


def known_keys() -> list[str]:
    return [f"{section}.{f.name}" for section, cls in SECTIONS.items() for f in declared(cls)
            if not _is_table(f)]


def _is_table(f) -> bool:
    """A table, or a list of tables: written in the file itself, not with `config set`."""
    from luoshi.domain.shape import _is_table as table

    return table(f.base) or bool(f.items and table(f.items[0].base))


def set_value(key: str, value: str) -> dict[str, Any]:
    """Set KEY (section.name) to VALUE; refuse an unknown key or an invalid value."""
    if key not in known_keys():
        raise BadInput(_("unknown setting {key!r}").format(key=key),
                       _("known settings: {names}").format(names=", ".join(known_keys())))
    path = config_path()
    data = read_toml(path)
    validate_config(data, path)  # refuses a broken file before we build on it
    section, name = key.split(".")
    data.setdefault(section, {})[name] = value if name in ("name", "office") else typed(value)
    validate_config(data, path)
    import tomli_w

    from luoshi.store.files import write_file

    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, tomli_w.dumps(data).encode("utf-8"), private=True, example="config.toml")
    return {"path": str(path), "key": key, "value": data[section][name]}
