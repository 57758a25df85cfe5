"""`luoshi notify` e-mail through a real SMTP server (aiosmtpd) on 127.0.0.1: to the person the
event concerns, with AUTH, and over STARTTLS with a certificate made for the test."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd")

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402


class Inbox:
    def __init__(self) -> None:
        self.mails = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.mails.append((envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login, auth_data.password) == (b"luoshi", b"pw-smtp-secret")
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself


@pytest.fixture
def smtp(request):
    inbox = Inbox()
    options = getattr(request, "param", {})
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=_authenticator,
                            auth_require_tls=False, **options)
    controller.start()
    yield controller, inbox
    controller.stop()


def _config(isolated, port: int, extra: str = "") -> None:
    (isolated / "config.toml").write_text(f"""
[notify]
timeout = 5

[notify.smtp]
host = "127.0.0.1"
port = {port}
from = "luoshi@example.org"
user = "luoshi"
password_env = "LUOSHI_SMTP_PASSWORD"
starttls = false
{extra}

[people."张三"]
email = "zhangsan@example.org"

[people."王主任"]
email = "wang@example.org"
""", encoding="utf-8")


def test_mail_goes_to_the_person_each_event_concerns_with_its_uid(cli, isolated, smtp, monkeypatch):
    controller, inbox = smtp
    monkeypatch.setenv("LUOSHI_SMTP_PASSWORD", "pw-smtp-secret")
    _config(isolated, controller.port)
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    assert cli("--as", "张三", "return", "1", "--reason", "缺数据").code == 0
    assert cli("assign", "给李四的", "--owner", "李四", "--due", "2026-11-27").code == 0
    result = cli("notify", "--json")
    assert result.code == 0, result.stderr
    report = result.json["channels"][0]
    # the assignment to 张三 and 张三's return (for the lead); 李四 has no address: skipped
    assert (report["channel"], report["sent"], report["skipped"]) == ("smtp:127.0.0.1", 2, 1)
    assert [to for to, _mail in inbox.mails] == [["zhangsan@example.org"], ["wang@example.org"]]
    first = inbox.mails[0][1]
    hashes = [line for line in cli("export").stdout.splitlines()]
    import json

    uid = json.loads(hashes[0])["hash"]
    assert f"<{uid}@luoshi>" in first and "Subject: =?utf-8?" in first
    assert cli("notify", "--json").json["channels"][0]["sent"] == 0


def test_a_wrong_smtp_password_fails_without_showing_it(cli, isolated, smtp, monkeypatch):
    controller, inbox = smtp
    monkeypatch.setenv("LUOSHI_SMTP_PASSWORD", "not-the-password")
    _config(isolated, controller.port)
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    result = cli("notify")
    assert result.code == 1 and "SMTP 535" in result.stderr
    assert "not-the-password" not in result.stderr and inbox.mails == []


def _certificate(folder):
    if shutil.which("openssl") is None:
        reason = "openssl is not installed: no certificate for the STARTTLS test"
        if os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason}, and LUOSHI_REQUIRE_SERVICES=1 requires it")
        pytest.skip(reason)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_starttls_is_used_when_configured_and_the_certificate_is_checked(cli, isolated, monkeypatch):
    import ssl

    cert, key = _certificate(isolated)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), tls_context=context,
                            require_starttls=True, authenticator=_authenticator)
    controller.start()
    try:
        port = controller.port
        monkeypatch.setenv("LUOSHI_SMTP_PASSWORD", "pw-smtp-secret")
        _config(isolated, port)
        assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
        refused = cli("notify")  # starttls = false: this server requires it
        assert refused.code == 1 and inbox.mails == []
        text = (isolated / "config.toml").read_text().replace("starttls = false", "starttls = true")
        (isolated / "config.toml").write_text(text)
        # attempt 1 failed at 09:30 (next after 2 min), attempt 2 at 09:33 (next after 4 min)
        monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:33:00+08:00")
        untrusted = cli("notify")  # a certificate nobody vouches for is refused
        assert untrusted.code == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:37:00+08:00")
        assert cli("notify").code == 0
        assert [to for to, _mail in inbox.mails] == [["zhangsan@example.org"]]
    finally:
        controller.stop()
