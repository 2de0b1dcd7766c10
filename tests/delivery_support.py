"""Real servers on 127.0.0.1 for the delivery tests: an SMTP server (aiosmtpd) that keeps
every message it accepts, and an HTTP server standing in for a Slack incoming webhook.
Either can be told to refuse, to test that a failing server gives exit 3."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class MailServer:
    port: int
    refuse: bool = False
    received: list[tuple[list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 5.7.1 message rejected by policy"
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def mail_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    from aiosmtpd.controller import Controller

    server = MailServer(free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    monkeypatch.setenv("EXECBRIEF_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EXECBRIEF_SMTP_PORT", str(server.port))
    monkeypatch.setenv("EXECBRIEF_SMTP_TLS", "none")
    monkeypatch.setenv("EXECBRIEF_SMTP_FROM", "execbrief@example.com")
    try:
        yield server
    finally:
        controller.stop()


@dataclass
class Webhook:
    url: str
    status: int = 200
    answer: str = "ok"
    received: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if hook.status == 200:
                hook.received.append(json.loads(body))
            data = hook.answer.encode()
            self.send_response(hook.status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/secret"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
