"""Live pulls against a real HTTP server on 127.0.0.1 serving recorded responses:
tokens, pagination, rate limits (429 + Retry-After), timeouts and API failures."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from execbrief.cli import app
from execbrief.sources import live_pulls
from execbrief.sources.http_pull import retry_after

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"

Reply = tuple[int, dict[str, str], Any]


class Recorded:
    """Routes: path -> replies served in turn (the last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.seen: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        self.base = ""

    def add(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)


@pytest.fixture
def server() -> Iterator[Recorded]:
    recorded = Recorded()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            recorded.seen.append((parts.path, query, dict(self.headers)))
            key = parts.path + ("?offset=" + query["offset"][0] if "offset" in query else "")
            replies = recorded.routes.get(key) or recorded.routes.get(parts.path)
            if not replies:
                status, headers, body = 404, {}, {"error": "not found"}
            else:
                status, headers, body = replies.pop(0) if len(replies) > 1 else replies[0]
            if body == "SLOW":
                time.sleep(1.0)
                body = {}
            raw = json.dumps(body).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(raw)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    recorded.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield recorded
    finally:
        httpd.shutdown()
        httpd.server_close()


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def execbrief(*args: str):
    return CliRunner().invoke(app, list(args))


def test_pagerduty_pull_follows_log_entry_pages_and_waits_on_429(server, monkeypatch):
    monkeypatch.setenv("PAGERDUTY_TOKEN", "secret-pd")
    entries = load("pd_log_entries.json")["log_entries"]
    server.add(
        "/incidents/Q3CHK2291",
        (429, {"Retry-After": "2"}, {"error": "rate limited"}),
        (200, {}, load("pd_incident.json")),
    )
    server.add(
        "/incidents/Q3CHK2291/log_entries?offset=0",
        (200, {}, {"log_entries": entries[:3], "limit": 3, "offset": 0, "more": True}),
    )
    server.add(
        "/incidents/Q3CHK2291/log_entries?offset=3",
        (200, {}, {"log_entries": entries[3:], "limit": 3, "offset": 3, "more": False}),
    )
    waits: list[float] = []
    incident, log = live_pulls.pagerduty("Q3CHK2291", server.base, 5.0, sleep=waits.append)
    assert waits == [2.0]  # Retry-After honoured
    assert incident["incident"]["id"] == "Q3CHK2291"
    assert [e["id"] for e in log["log_entries"]] == [e["id"] for e in entries]
    assert all(h.get("Authorization") == "Token token=secret-pd" for _, _, h in server.seen)


def test_pagerduty_fetch_from_the_command_line(server, monkeypatch):
    monkeypatch.setenv("PAGERDUTY_TOKEN", "secret-pd")
    server.add("/incidents/Q3CHK2291", (200, {}, load("pd_incident.json")))
    server.add("/incidents/Q3CHK2291/log_entries", (200, {}, load("pd_log_entries.json")))
    result = execbrief("import", "pagerduty", "--fetch", "Q3CHK2291", "--api-url", server.base)
    assert result.exit_code == 0, result.stderr
    assert "escalated" in result.stdout and "# from pagerduty log entry RL4" in result.stdout


def test_opsgenie_pull_follows_paging_next_and_drops_names(server, monkeypatch):
    monkeypatch.setenv("OPSGENIE_API_KEY", "genie")
    alert_id = "70413a06-38d6-4c85-92b8-5ebc900d42e2"
    server.add(f"/v2/alerts/{alert_id}", (200, {}, load("opsgenie_alert.json")))
    server.add(
        f"/v2/alerts/{alert_id}/logs",
        (
            200,
            {},
            {
                "data": [
                    {
                        "log": "Alert acknowledged via web by Avery Quinlan",
                        "createdAt": "2026-11-20T14:08:00Z",
                    }
                ],
                "paging": {"next": f"{server.base}/page2"},
            },
        ),
    )
    server.add(
        "/page2",
        (
            200,
            {},
            {
                "data": [
                    {"log": "Alert escalated to next level", "createdAt": "2026-11-20T14:20:00Z"}
                ],
                "paging": {},
            },
        ),
    )
    result = execbrief(
        "import", "opsgenie", "--fetch", alert_id, "--api-url", server.base, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)["incident"]["timeline"]["events"]
    assert "The alert was escalated to more responders" in [e["what"] for e in events]
    assert "Avery" not in result.stdout
    assert server.seen[0][2]["Authorization"] == "GenieKey genie"
    assert "/page2" in [path for path, _, _ in server.seen]


def test_statuspage_pull(server, monkeypatch):
    monkeypatch.setenv("STATUSPAGE_API_KEY", "sp")
    server.add("/v1/pages/ybk3/incidents/p31zjtct2jer", (200, {}, load("statuspage_incident.json")))
    result = execbrief(
        "import",
        "statuspage",
        "--fetch",
        "p31zjtct2jer",
        "--page",
        "ybk3",
        "--api-url",
        server.base,
    )
    assert result.exit_code == 0, result.stderr
    assert "severity: SEV1" in result.stdout
    assert server.seen[0][2]["Authorization"] == "OAuth sp"


def test_prometheus_live_query(server):
    server.add("/api/v1/query_range", (200, {}, load("prometheus_range.json")))
    result = execbrief(
        "import",
        "prometheus",
        "--url",
        server.base,
        "--query",
        "checkout_success_ratio",
        "--start",
        "2026-11-20T14:00:00Z",
        "--end",
        "2026-11-20T14:10:00Z",
        "--step",
        "120s",
        "--impact",
        "value < 0.9",
    )
    assert result.exit_code == 1  # no title in a metric: the engineer must add one
    assert "started: '2026-11-20T14:02:00Z'" in result.stdout
    _path, query, _ = server.seen[0]
    assert query["query"] == ["checkout_success_ratio"] and query["step"] == ["120s"]


def test_timeouts_and_failures_exit_3(server, monkeypatch):
    monkeypatch.setenv("PAGERDUTY_TOKEN", "t")
    server.add("/incidents/SLOW", (200, {}, "SLOW"))
    server.add("/incidents/DENIED", (401, {}, {"error": "unauthorized"}))
    server.add("/incidents/BROKEN", (500, {}, {"error": "boom"}))
    for ident, words in (
        ("SLOW", "did not answer in time"),
        ("DENIED", "PAGERDUTY_TOKEN"),
        ("BROKEN", "answered 500"),
    ):
        result = execbrief(
            "import", "pagerduty", "--fetch", ident, "--api-url", server.base, "--timeout", "0.3"
        )
        assert result.exit_code == 3, (ident, result.stderr)
        assert words in result.stderr


def test_endless_rate_limit_gives_up(server, monkeypatch):
    monkeypatch.setenv("PAGERDUTY_TOKEN", "t")
    server.add("/incidents/BUSY", (429, {"Retry-After": "0"}, {}))
    result = execbrief("import", "pagerduty", "--fetch", "BUSY", "--api-url", server.base)
    assert result.exit_code == 3 and "limiting our requests" in result.stderr
    assert len(server.seen) == 5


def test_unknown_id_and_missing_token_exit_2(server, monkeypatch):
    monkeypatch.setenv("PAGERDUTY_TOKEN", "t")
    result = execbrief("import", "pagerduty", "--fetch", "NOPE", "--api-url", server.base)
    assert result.exit_code == 2 and "found nothing" in result.stderr
    monkeypatch.delenv("OPSGENIE_API_KEY", raising=False)
    result = execbrief("import", "opsgenie", "--fetch", "x", "--api-url", server.base)
    assert result.exit_code == 2 and "OPSGENIE_API_KEY" in result.stderr


def test_retry_after_forms():
    assert retry_after("3", 0, 0.0) == 3.0
    assert retry_after("Wed, 21 Oct 2015 07:28:10 GMT", 0, 1445412480.0) == 10.0
    assert retry_after(None, 2, 0.0) == 4.0
    assert retry_after("soon", 1, 0.0) == 2.0


def test_api_error_text_is_shown(server):
    server.add("/api/v1/query_range", (400, {}, {"status": "error", "error": "parse error"}))
    result = execbrief(
        "import",
        "prometheus",
        "--url",
        server.base,
        "--query",
        "up{",
        "--start",
        "1",
        "--end",
        "2",
        "--step",
        "1",
        "--impact",
        "value < 1",
    )
    assert result.exit_code == 3 and "answered 400" in result.stderr
    assert "parse error" in result.stderr
