"""The services a reminder goes out through: chat webhooks (DingTalk, WeCom, Feishu, Slack), a
generic JSON webhook, and e-mail over SMTP. Standard library only (urllib.request, smtplib,
hmac): one POST or one SMTP session per message needs nothing more, and start-up stays light.

Guarantees:
- every call has a timeout (`notify.timeout`, default 10 s, for each connect and each read):
  a slow service is a failure named "timed out", never a hang;
- a message counts as delivered only when the service accepted it: HTTP 2xx, and for
  DingTalk and WeCom `errcode` 0, for Feishu `code` 0 (older answers: `StatusCode` 0); for
  e-mail, the server's 250 for the message (smtplib raises on anything else);
- DingTalk is signed as its documentation says: `timestamp` (ms) and `sign` = base64 of
  HMAC-SHA256 keyed by the secret over "timestamp\\nsecret", both URL-encoded in the query;
  Feishu: `timestamp` (s) and `sign` = base64 of HMAC-SHA256 keyed by "timestamp\\nsecret"
  over an empty message, both in the JSON body. The wall clock signs (services check it
  against theirs), never LUOSHI_NOW;
- a failure is a `DeliveryFailed` whose reason holds no secret, URL token or password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote_plus

from luoshi.i18n import _
from luoshi.services.secrets import scrub, shown_url, url_secrets

_ANSWER_LIMIT = 64 * 1024  # bytes of a service's answer read


class DeliveryFailed(Exception):
    """The service did not accept the message; `reason` is safe to print."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Message:
    """What goes out once: its text, the events it carries (their seqs), whom it concerns.
    `subject` and `to` are e-mail's; `mobiles` the @-mentions; `body` a generic webhook's."""

    seqs: tuple[int, ...]
    text: str
    subject: str = ""
    to: tuple[str, ...] = ()
    mobiles: tuple[str, ...] = ()
    body: dict[str, Any] | None = None
    uids: tuple[str, ...] = ()


@dataclass
class Webhook:
    key: str
    kind: str
    url: str
    secret: str | None
    timeout: float
    rate_per_minute: int | None
    wall_clock: Callable[[], float] = field(default=time.time)

    @property
    def shown(self) -> str:
        return shown_url(self.url)

    def secrets(self) -> list[str]:
        return [*url_secrets(self.url), self.secret or ""]

    def payload(self, message: Message) -> tuple[str, dict[str, Any]]:
        """The URL to POST to and the JSON body, as the service documents them."""
        text, url = message.text, self.url
        if self.kind == "dingtalk":
            body: dict[str, Any] = {"msgtype": "text", "text": {"content": text},
                                    "at": {"atMobiles": list(message.mobiles), "isAtAll": False}}
            if self.secret:
                stamp = str(round(self.wall_clock() * 1000))
                digest = hmac.new(self.secret.encode(), f"{stamp}\n{self.secret}".encode(),
                                  hashlib.sha256).digest()
                url += ("&" if "?" in url else "?") + (
                    f"timestamp={stamp}&sign={quote_plus(base64.b64encode(digest).decode())}")
            return url, body
        if self.kind == "wecom":
            return url, {"msgtype": "text", "text": {"content": text,
                                                     "mentioned_mobile_list": list(message.mobiles)}}
        if self.kind == "feishu":
            body = {"msg_type": "text", "content": {"text": text}}
            if self.secret:
                stamp = str(int(self.wall_clock()))
                digest = hmac.new(f"{stamp}\n{self.secret}".encode(), b"", hashlib.sha256).digest()
                body = {"timestamp": stamp, "sign": base64.b64encode(digest).decode()} | body
            return url, body
        if self.kind == "slack":
            return url, {"text": text}
        return url, message.body or {"text": text}

    def send(self, message: Message) -> None:
        url, body = self.payload(message)
        status, answer = post_json(url, body, self.timeout, self.secrets())
        if not 200 <= status < 300:
            raise DeliveryFailed(scrub(_("HTTP {status}: {answer}").format(
                status=status, answer=_short(answer)), self.secrets()))
        if self.kind in ("dingtalk", "wecom", "feishu"):
            problem = _service_problem(self.kind, answer)
            if problem:
                raise DeliveryFailed(scrub(problem, self.secrets()))


def _short(answer: bytes) -> str:
    return " ".join(answer[:200].decode("utf-8", "replace").split()) or "—"


def _service_problem(kind: str, answer: bytes) -> str | None:
    """None when the chat service's JSON answer says it took the message."""
    try:
        data = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _("the service answered without JSON: {answer}").format(answer=_short(answer))
    if not isinstance(data, dict):
        return _("the service answered without JSON: {answer}").format(answer=_short(answer))
    if kind == "feishu":
        code = data.get("code", data.get("StatusCode"))
        words = data.get("msg", data.get("StatusMessage"))
    else:
        code, words = data.get("errcode"), data.get("errmsg")
    if code == 0:
        return None
    return _("the service refused it ({code}: {words})").format(code=code, words=words)


def post_json(url: str, body: dict[str, Any], timeout: float, secrets: list[str]) -> tuple[int, bytes]:
    """POST `body` as UTF-8 JSON; (HTTP status, the first 64 KB of the answer). Network
    failures and timeouts are `DeliveryFailed`."""
    import socket
    import urllib.error
    import urllib.request

    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "luoshi-notify"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read(_ANSWER_LIMIT)
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, exc.read(_ANSWER_LIMIT)
        except (OSError, socket.timeout):
            return exc.code, b""
    except (socket.timeout, TimeoutError):
        raise DeliveryFailed(_("timed out after {seconds:g} s").format(seconds=timeout)) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise DeliveryFailed(_("timed out after {seconds:g} s").format(seconds=timeout)) from None
        raise DeliveryFailed(scrub(_("cannot reach the service: {reason}").format(reason=reason),
                                   secrets)) from None
    except (OSError, ValueError) as exc:
        raise DeliveryFailed(scrub(_("cannot reach the service: {reason}").format(reason=exc),
                                   secrets)) from None


@dataclass
class Smtp:
    """E-mail through one server: STARTTLS when `starttls` (port 465: TLS from the start),
    AUTH when a user is configured."""

    key: str
    host: str
    port: int
    sender: str
    user: str | None
    password: str | None
    starttls: bool
    timeout: float
    kind: str = "smtp"
    rate_per_minute: int | None = None

    @property
    def shown(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def secrets(self) -> list[str]:
        return [self.password or ""]

    def send(self, message: Message) -> None:
        import smtplib
        import socket
        import ssl

        mail = _mail(self.sender, message)
        try:
            if self.port == 465:
                server = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                          context=ssl.create_default_context())
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with server:
                if self.starttls and self.port != 465:
                    server.starttls(context=ssl.create_default_context())
                if self.user:
                    server.login(self.user, self.password or "")
                server.send_message(mail)
        except (socket.timeout, TimeoutError):
            raise DeliveryFailed(_("timed out after {seconds:g} s").format(seconds=self.timeout)) from None
        except smtplib.SMTPResponseException as exc:
            words = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            raise DeliveryFailed(scrub(f"SMTP {exc.smtp_code}: {words}", self.secrets())) from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            raise DeliveryFailed(scrub(_("the mail server failed: {reason}").format(reason=exc),
                                       self.secrets())) from None


def _mail(sender: str, message: Message):
    """The e-mail: its Message-ID is the event's uid, so a repeat is recognisably the same."""
    from email.message import EmailMessage
    from email.utils import formatdate

    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = ", ".join(message.to)
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=True)
    if message.uids:
        mail["Message-ID"] = f"<{message.uids[0]}@luoshi>"
        mail["X-Luoshi-Event"] = " ".join(message.uids)
    mail.set_content(message.text)
    return mail
