"""Delivering the update and the reminders: e-mail over SMTP, Slack through an incoming
webhook. A server that refuses or fails is an OutsideSystemError (exit 3) with its reason,
and nothing is recorded as sent.

E-mail settings come from the environment:

- EXECBRIEF_SMTP_HOST (default localhost), EXECBRIEF_SMTP_PORT (default 587, or 465 with
  ssl, or 25 with none)
- EXECBRIEF_SMTP_TLS: starttls (default), ssl, or none (a local relay only)
- EXECBRIEF_SMTP_USER and EXECBRIEF_SMTP_PASSWORD: log in when the user is set
- EXECBRIEF_SMTP_FROM: the sender (default execbrief@ the local host name)

Slack: --webhook URL, else EXECBRIEF_SLACK_WEBHOOK.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from execbrief.errors import InputError, OutsideSystemError

SMTP_TIMEOUT = 20
SLACK_TIMEOUT = 20


class Channel(StrEnum):
    email = "email"
    slack = "slack"


@dataclass(frozen=True)
class Outgoing:
    """One message: the subject, the plain text, and the Slack blocks."""

    subject: str
    text: str
    slack: dict[str, Any]


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str
    user: str | None
    password: str | None
    sender: str


def smtp_settings() -> SmtpSettings:
    import socket

    tls = os.environ.get("EXECBRIEF_SMTP_TLS", "starttls").strip().lower()
    if tls not in ("starttls", "ssl", "none"):
        raise InputError.single(
            f"EXECBRIEF_SMTP_TLS is '{tls}'",
            field="EXECBRIEF_SMTP_TLS",
            hint="starttls, ssl or none",
        )
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[tls]
    port_text = os.environ.get("EXECBRIEF_SMTP_PORT", str(default_port))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InputError.single(
            f"EXECBRIEF_SMTP_PORT is '{port_text}'",
            field="EXECBRIEF_SMTP_PORT",
            hint="a port number, e.g. 587",
        )
    return SmtpSettings(
        host=os.environ.get("EXECBRIEF_SMTP_HOST", "localhost"),
        port=int(port_text),
        tls=tls,
        user=os.environ.get("EXECBRIEF_SMTP_USER") or None,
        password=os.environ.get("EXECBRIEF_SMTP_PASSWORD") or None,
        sender=os.environ.get("EXECBRIEF_SMTP_FROM") or f"execbrief@{socket.getfqdn()}",
    )


def check_addresses(to: Sequence[str], field: str = "--to") -> list[str]:
    from email.utils import parseaddr

    out = []
    for given in to:
        _, address = parseaddr(given)
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            raise InputError.single(
                f"'{given}' is not an e-mail address", field=field, hint="e.g. --to ceo@example.com"
            )
        out.append(given)
    return out


def send_email(message: Outgoing, to: Sequence[str], settings: SmtpSettings) -> None:
    """Send `message` to `to` through the SMTP server in `settings`."""
    import smtplib
    import ssl
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = settings.sender
    mail["To"] = ", ".join(to)
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="execbrief")
    mail.set_content(message.text)
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.tls == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=SMTP_TIMEOUT,
                context=ssl.create_default_context(),
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        with server:
            if settings.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, settings.password or "")
            refused = server.send_message(mail)
    except smtplib.SMTPResponseException as exc:
        text = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        raise OutsideSystemError(
            f"the mail server at {where} refused the message: {exc.smtp_code} {text}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise OutsideSystemError(
            f"the mail server at {where} refused every recipient: {', '.join(exc.recipients)}"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise OutsideSystemError(
            f"the mail server at {where} failed: {exc or type(exc).__name__}"
        ) from None
    if refused:
        raise OutsideSystemError(
            f"the mail server at {where} refused: {', '.join(refused)} (the others got it)"
        )


def slack_webhook(given: str | None) -> str:
    url = given or os.environ.get("EXECBRIEF_SLACK_WEBHOOK")
    if not url:
        raise InputError.single(
            "say where to post: --webhook URL or EXECBRIEF_SLACK_WEBHOOK",
            field="--webhook",
            hint="a Slack incoming webhook, https://hooks.slack.com/services/...",
        )
    if not url.startswith(("https://", "http://")):
        raise InputError.single(f"'{url}' is not a web address", field="--webhook")
    return url


def send_slack(message: Outgoing, webhook: str) -> None:
    """Post `message` to a Slack incoming webhook (it answers 200 'ok')."""
    from urllib.parse import urlsplit

    import httpx

    where = urlsplit(webhook).netloc  # the path is the webhook's secret: never printed
    try:
        answer = httpx.post(webhook, json=message.slack, timeout=SLACK_TIMEOUT)
    except httpx.HTTPError as exc:
        raise OutsideSystemError(f"Slack at {where} failed: {exc or type(exc).__name__}") from None
    if answer.status_code != 200:
        said = answer.text.strip().splitlines()[0][:200] if answer.text.strip() else ""
        raise OutsideSystemError(
            f"Slack at {where} refused the message: {answer.status_code} {said}".rstrip()
        )


def deliver(
    message: Outgoing, channel: Channel, *, to: Sequence[str] = (), webhook: str | None = None
) -> str:
    """Send `message` on `channel`; returns where it went, in words."""
    if channel is Channel.email:
        if not to:
            raise InputError.single("say who gets it: --to ADDRESS", field="--to")
        settings = smtp_settings()
        send_email(message, check_addresses(to), settings)
        return "e-mail to " + ", ".join(to)
    url = slack_webhook(webhook)
    send_slack(message, url)
    from urllib.parse import urlsplit

    return f"Slack ({urlsplit(url).netloc})"
