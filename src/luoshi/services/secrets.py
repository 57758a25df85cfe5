"""Secrets of the notify channels: where they come from, and how they are kept out of sight.

Guarantees:
- a secret is the config file's value, or the value of the environment variable the file
  names (`secret_env`, `password_env`); a named variable that is not set is a refusal that
  names the variable, never its value;
- `shown_url` is a URL as it may be printed: scheme, host and port, the path replaced by "…"
  (Feishu and Slack carry their token in the path), every query value masked (DingTalk's
  access_token, WeCom's key), any user info dropped;
- `scrub` takes every secret, URL and query value it is given out of a text (a service's
  error, an exception's words), so what reaches stderr, --json or the ledger holds none;
- `masked_settings` is `config show`'s view of the settings: secrets as ***, URLs shown.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qsl, urlsplit

from luoshi.errors import Refused
from luoshi.i18n import _

MASK = "***"


def resolve(value: str | None, env_name: str | None, where: str,
            environ: Mapping[str, str] | None = None) -> str | None:
    """The secret: from the environment variable `env_name` when one is named, else `value`."""
    environ = os.environ if environ is None else environ
    if env_name:
        found = environ.get(env_name)
        if not found:
            raise Refused(_("{where}: the environment variable {name} is not set").format(
                where=where, name=env_name), _("set it, or write the secret in the config file"))
        return found
    return value


def shown_url(url: str) -> str:
    """The URL without anything secret in it."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        return url.split("://", 1)[0] + "://…"
    text = f"{parts.scheme}://{host}"
    if parts.path.strip("/"):
        text += "/…"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if query:
        text += "?" + "&".join(f"{k}={MASK}" for k, _v in query)
    return text


def url_secrets(url: str) -> list[str]:
    """The parts of a URL that may be secret: itself, its path segments, its query values."""
    found = [url]
    try:
        parts = urlsplit(url)
    except ValueError:
        return found
    found += [segment for segment in parts.path.split("/") if len(segment) >= 6]
    found += [v for _k, v in parse_qsl(parts.query, keep_blank_values=True) if len(v) >= 4]
    if parts.password:
        found.append(parts.password)
    return found


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """The text with every given secret replaced by ***, longest first."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def masked_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """`config show`'s settings with secrets masked and webhook URLs shown without tokens."""
    from luoshi.store.postgres import shown

    notify = dict(settings.get("notify") or {})
    if not notify:
        return settings
    notify["webhook"] = [hook | {"url": shown_url(hook["url"]),
                                 "secret": MASK if hook.get("secret") else None}
                         for hook in notify.get("webhook") or []]
    if notify.get("smtp"):
        notify["smtp"] = notify["smtp"] | {"password": MASK if notify["smtp"].get("password") else None}
    if notify.get("db"):
        notify["db"] = shown(notify["db"])
    return settings | {"notify": notify}
