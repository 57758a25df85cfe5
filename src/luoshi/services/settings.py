"""Reading and changing the config file: every change is validated before it is written."""

from __future__ import annotations

from typing import Any

from luoshi.config import Config, config_path, load_config, validate_config
from luoshi.errors import BadInput
from luoshi.i18n import _


def _typed(value: str) -> Any:
    """A TOML value as typed (7, 0.5, [[1, 1]], true), else the text itself."""
    import tomllib

    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


def show() -> dict[str, Any]:
    return {"path": str(config_path()), "settings": load_config().model_dump(mode="json")}


def set_value(key: str, value: str) -> dict[str, Any]:
    """Set KEY (section.name) to VALUE; refuse an unknown key or an invalid value."""
    import tomllib

    parts = key.split(".")
    if len(parts) != 2 or parts[0] not in Config.model_fields or \
            parts[1] not in Config.model_fields[parts[0]].annotation.model_fields:
        known = ", ".join(f"{s}.{n}" for s, f in Config.model_fields.items()
                          for n in f.annotation.model_fields)
        raise BadInput(_("unknown setting {key!r}").format(key=key),
                       _("known settings: {names}").format(names=known))
    path = config_path()
    data: dict[str, Any] = {}
    if path.exists():
        load_config(path)  # refuses a broken file before we build on it
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    section, name = parts
    data.setdefault(section, {})[name] = _typed(value) if name != "name" else value
    validate_config(data, path)
    import tomli_w

    from luoshi.services.files import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, tomli_w.dumps(data).encode("utf-8"))
    return {"path": str(path), "key": key, "value": data[section][name]}
