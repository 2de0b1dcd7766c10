"""The workspace's pages and the routes only they use (issue 17): pages ask for a login,
carry no inline script or style (the CSP allows none), and serve their files from the
package; an export dropped on the editor is recognised and merged into the text; the
follow-through page shows the ledger and the drafted update, and sending it needs a
channel the server is set up for. The pages in a real browser: tests/browser/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from execbrief.app.editing import guess_source
from execbrief.app.importing import Source
from web_support import CHECKOUT, CHECKOUT_ID, client, log_in, make_app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
EXPECTED = {
    "alertmanager": Source.alertmanager,
    "opsgenie": Source.opsgenie,
    "pd": Source.pagerduty,
    "prometheus": Source.prometheus,
    "statuspage": Source.statuspage,
}


@pytest.fixture
def app(tmp_path):
    return make_app(str(tmp_path / "web.db"))


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_an_export_is_recognised_by_its_shape(fixture):
    data = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    want = None if fixture == "pd_log_entries.json" else EXPECTED[fixture.split("_")[0]]
    assert guess_source(data) is want


def test_pages_send_a_visitor_to_the_login_and_back(app):
    browser = client(app)
    answer = browser.get("/incidents/INC-1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/incidents/INC-1"
    login = browser.get("/login?next=//elsewhere.example/")
    assert 'data-next="/incidents"' in login.text  # never another site's address
    log_in(browser)
    assert browser.get("/login", follow_redirects=False).headers["location"] == "/incidents"


@pytest.mark.parametrize("path", ["/login", "/incidents", "/incidents/new"])
def test_pages_have_no_inline_script_or_style(app, path):
    browser = client(app)
    if path != "/login":
        log_in(browser)
    page = browser.get(path)
    assert page.status_code == 200
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), "an inline script"
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page.text), "inline style or handler"
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert browser.get(src).status_code == 200, src


def test_static_files_come_from_the_package_only(app):
    browser = client(app)
    assert browser.get("/static/editor.js").headers["content-type"].startswith("text/javascript")
    assert browser.get("/static/..%2Fpages.py").status_code == 404
    assert browser.get("/static/pages.py").status_code == 404
    css = browser.get("/static/handout.css").text
    assert ":host {" in css and not re.search(r"^(body|:root)\s*\{", css, re.MULTILINE)


def test_the_editor_escapes_the_incident_text(app):
    browser = client(app)
    headers = log_in(browser)
    text = CHECKOUT.replace(
        "title: Checkout payments failing", "title: Checkout <script>alert(1)</script>"
    )
    assert browser.put(f"/api/incidents/{CHECKOUT_ID}", content=text, headers=headers).is_success
    page = browser.get(f"/incidents/{CHECKOUT_ID}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_dropped_export_is_merged_into_the_text_typed(app):
    browser = client(app)
    headers = log_in(browser)
    export = (FIXTURES / "alertmanager_firing.json").read_text(encoding="utf-8")
    answer = browser.post(
        "/api/import",
        json={"name": "alerts.json", "content": export, "current": CHECKOUT},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["source"] == "alertmanager"
    assert "title: Checkout payments failing" in body["text"]  # typed by hand: it wins
    assert "# from" in body["text"]
    assert any("written by hand" in c for c in body["conflicts"])


def test_a_dropped_file_that_is_no_export_is_refused_with_a_hint(app):
    browser = client(app)
    headers = log_in(browser)
    unknown = browser.post(
        "/api/import", json={"name": "notes.json", "content": '{"a": 1}'}, headers=headers
    )
    assert unknown.status_code == 422
    error = unknown.json()["errors"][0]
    assert "cannot tell which tool" in error["message"] and "pagerduty" in error["hint"]
    prometheus = (FIXTURES / "prometheus_range.json").read_text(encoding="utf-8")
    refused = browser.post(
        "/api/import", json={"name": "q.json", "content": prometheus}, headers=headers
    )
    assert refused.status_code == 422
    assert "execbrief import prometheus" in refused.json()["errors"][0]["hint"]


def test_a_viewer_cannot_import_or_start_an_incident(app):
    browser = client(app)
    headers = log_in(browser, "vera")
    answer = browser.post("/api/import", json={"content": "{}"}, headers=headers)
    assert answer.status_code == 403
    start = browser.get("/incidents/new", follow_redirects=False)
    assert start.headers["location"] == "/incidents"
    assert "New incident" not in browser.get("/incidents").text


def test_the_follow_through_page_and_sending_the_update(app, monkeypatch):
    monkeypatch.delenv("EXECBRIEF_SMTP_HOST", raising=False)
    monkeypatch.delenv("EXECBRIEF_SLACK_WEBHOOK", raising=False)
    browser = client(app)
    headers = log_in(browser)
    assert browser.put(f"/api/incidents/{CHECKOUT_ID}", content=CHECKOUT, headers=headers)
    page = browser.get(f"/incidents/{CHECKOUT_ID}/follow-through")
    assert page.status_code == 200
    assert "Full root cause report" in page.text
    assert 'data-action="done"' in page.text
    assert "Sending is not set up on this server" in page.text
    refused = browser.post(
        f"/api/incidents/{CHECKOUT_ID}/update/send", json={"channel": "slack"}, headers=headers
    )
    assert refused.status_code == 422
    assert "not set up" in refused.json()["errors"][0]["message"]
    missing = browser.get("/incidents/NOPE/follow-through")
    assert missing.status_code == 404
