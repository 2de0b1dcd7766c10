"""The CEO's share link (issue 17): created, opened, revoked, expired; the token never
kept in clear; the handout only; "What changed since you last looked" in plain words."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from execbrief.app import sharing
from execbrief.store.models import share_views, shares
from web_support import CHECKOUT, CHECKOUT_ID, client, log_in, make_app


@pytest.fixture
def app(tmp_path):
    made = make_app(str(tmp_path / "web.db"))
    yield made
    made.state.store.close()


@pytest.fixture
def editor(app):
    c = client(app)
    c.headers.update(log_in(c))
    assert c.put(f"/api/incidents/{CHECKOUT_ID}", content=CHECKOUT).status_code == 200
    return c


def share(editor, **body):
    r = editor.post(f"/api/incidents/{CHECKOUT_ID}/shares", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def path_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_link_answers_id_url_and_a_seven_day_expiry(editor):
    made = share(editor)
    assert set(made) == {"id", "url", "expires_at"}
    token = made["url"].rsplit("/s/", 1)[1]
    assert len(token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    expires = datetime.fromisoformat(made["expires_at"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=1)
    three = share(editor, expires_in_days=3)
    assert datetime.fromisoformat(three["expires_at"]) < expires
    bad = editor.post(f"/api/incidents/{CHECKOUT_ID}/shares", json={"expires_in_days": 0})
    assert bad.status_code == 422
    assert editor.post("/api/incidents/NOPE/shares", json={}).status_code == 404


def test_the_token_is_stored_only_as_its_hash(app, editor):
    made = share(editor)
    token = made["url"].rsplit("/s/", 1)[1]
    with app.state.store.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(shares))]
    assert len(rows) == 1
    assert not any(token in str(value) for value in rows[0].values())
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    listed = editor.get(f"/api/incidents/{CHECKOUT_ID}/shares").json()
    assert token not in str(listed)


def test_the_ceo_page_is_the_handout_only_noindex_and_script_free(app, editor):
    url = share(editor)["url"]
    ceo = client(app)  # no session: a fresh browser
    r = ceo.get(path_of(url))
    assert r.status_code == 200
    assert r.headers["x-robots-tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in r.text
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "<script" not in r.text and "style=" not in r.text and "<style" not in r.text
    assert '<meta name="viewport" content="width=device-width' in r.text
    assert "<h1>Checkout payments failing</h1>" in r.text
    # nothing of the presenter pack: no script, no findings, no tough questions
    assert "Thanks for seeing me" not in r.text  # the script's opening line
    for words in ("Presenter pack", "Tough questions", "Do we owe customers anything?", "passive"):
        assert words not in r.text
    css = ceo.get("/share-assets/share.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    for href in re.findall(r'href="([^"]+)"', r.text):
        assert href.startswith("/share-assets/")  # from the package: no CDN


def test_revoked_unknown_and_expired_links_answer_404(app, editor):
    made = share(editor)
    ceo = client(app)
    assert ceo.get(path_of(made["url"])).status_code == 200
    assert editor.delete(f"/api/shares/{made['id']}").status_code == 204
    gone = ceo.get(path_of(made["url"]))
    assert gone.status_code == 404
    assert gone.headers["x-robots-tag"].startswith("noindex")
    assert ceo.get("/s/" + "A" * 43).status_code == 404
    assert editor.delete("/api/shares/nope").status_code == 404
    # expired: made 8 days ago for 7 days
    space = app.state.workspace
    old, token = sharing.create(space, CHECKOUT_ID, 7, "alice", datetime.now(UTC) - timedelta(8))
    assert ceo.get(f"/s/{token}").status_code == 404
    states = {
        s["id"]: s["state"] for s in editor.get(f"/api/incidents/{CHECKOUT_ID}/shares").json()
    }
    assert states == {made["id"]: "revoked", old.id: "expired"}


def test_the_editor_sees_when_the_link_was_opened(app, editor):
    made = share(editor)
    listed = editor.get(f"/api/incidents/{CHECKOUT_ID}/shares").json()
    assert (listed[0]["views"], listed[0]["last_opened"]) == (0, None)
    client(app).get(path_of(made["url"]))
    client(app).get(path_of(made["url"]))
    listed = editor.get(f"/api/incidents/{CHECKOUT_ID}/shares").json()
    assert listed[0]["views"] == 2
    opened = datetime.fromisoformat(listed[0]["last_opened"])
    assert datetime.now(UTC) - opened < timedelta(minutes=1)
    with app.state.store.engine.connect() as connection:
        assert len(connection.execute(select(share_views)).all()) == 2


def changed_section(html: str) -> list[str]:
    found = re.search(r'<section class="changed".*?</section>', html, re.S)
    if found is None:
        return []
    return [re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", found[0], re.S)]


def test_what_changed_since_you_last_looked(app, editor):
    from execbrief.core.language import check_text
    from execbrief.sources.glossary_file import load_lexicon

    url = path_of(share(editor)["url"])
    ceo = client(app)
    assert changed_section(ceo.get(url).text) == []  # the first visit: nothing to compare
    newer = CHECKOUT.replace("support_tickets: 340", "support_tickets: 410").replace(
        "permanent_eta: 2026-11-27", "permanent_eta: 2026-12-02"
    )
    assert (
        editor.put(
            f"/api/incidents/{CHECKOUT_ID}", content=newer, headers={"If-Match": "1"}
        ).json()["version"]
        == 2
    )
    page = ceo.get(url).text
    assert page.index("What changed since you last looked") < page.index("<h1>")
    lines = changed_section(page)
    assert "Support tickets: now 410 (was 340)." in lines
    assert any(line.startswith("Date of the lasting fix: now") for line in lines)
    assert "impact.support_tickets" not in page  # facts in words, not field paths or a diff
    lexicon = load_lexicon()
    for line in lines:
        errors = [f for f in check_text(line, lexicon).findings if f.severity == "error"]
        assert errors == [], (line, errors)
    assert changed_section(ceo.get(url).text) == []  # seen now: nothing new on the next visit


def test_incident_text_is_escaped_on_the_ceo_page(app, editor):
    hostile = CHECKOUT.replace(
        "title: Checkout payments failing", "title: '<img src=x onerror=alert(1)> payments'"
    )
    r = editor.put(f"/api/incidents/{CHECKOUT_ID}", content=hostile, headers={"If-Match": "1"})
    assert r.status_code == 200
    page = client(app).get(path_of(share(editor)["url"])).text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_chat_apps_link_preview_sees_no_brief_and_counts_as_no_visit(app, editor):
    made = share(editor)
    bot = client(app)
    bot.headers["User-Agent"] = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
    r = bot.get(path_of(made["url"]))
    assert r.status_code == 200 and "Checkout" not in r.text
    assert r.headers["x-robots-tag"].startswith("noindex")
    assert editor.get(f"/api/incidents/{CHECKOUT_ID}/shares").json()[0]["views"] == 0


def test_saves_racing_on_one_version_keep_exactly_one(db_url):
    """Eight editors save on version 1 at once: one wins, seven get the conflict (on
    SQLite and PostgreSQL)."""
    from concurrent.futures import ThreadPoolExecutor

    from execbrief.app import workspace
    from execbrief.store import open_store

    store = open_store(db_url)
    workspace.save(store, CHECKOUT_ID, CHECKOUT, "alice", None)

    def attempt(n: int) -> str:
        text = CHECKOUT.replace("support_tickets: 340", f"support_tickets: {400 + n}")
        try:
            workspace.save(store, CHECKOUT_ID, text, f"editor{n}", 1)
        except workspace.Conflict:
            return "conflict"
        return "saved"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    assert sorted(results) == ["conflict"] * 7 + ["saved"]
    assert [v.number for v in store.versions(CHECKOUT_ID)] == [2, 1]
    store.close()
