"""The web workspace's JSON routes (SPEC section 8), with httpx against the app: logging
in and out, throttling, CSRF, roles, the preview, saving with If-Match, versions, the
ledger, downloads and the headers every response carries."""

from __future__ import annotations

import pytest

from web_support import CHECKOUT, CHECKOUT_ID, PASSWORD, client, log_in, make_app


@pytest.fixture
def app(tmp_path):
    made = make_app(str(tmp_path / "web.db"))
    yield made
    made.state.store.close()


@pytest.fixture
def editor(app):
    c = client(app)
    headers = log_in(c)
    c.headers.update(headers)
    return c


def saved(c, text: str = CHECKOUT, version: int | None = None):
    headers = {} if version is None else {"If-Match": str(version)}
    return c.put(f"/api/incidents/{CHECKOUT_ID}", content=text, headers=headers)


# -- logging in ------------------------------------------------------------------------


def test_log_in_sets_an_httponly_lax_cookie_and_answers_the_csrf_token(app):
    c = client(app)
    r = c.post("/api/session", json={"username": "alice", "password": PASSWORD})
    assert r.status_code == 200
    assert len(r.json()["csrf_token"]) >= 32
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain HTTP: a Secure cookie would never come back
    assert c.get("/api/session").json()["username"] == "alice"


def test_cookie_is_secure_over_https(app):
    c = client(app, "https://testserver")
    r = c.post("/api/session", json={"username": "alice", "password": PASSWORD})
    assert "secure" in r.headers["set-cookie"].lower()


def test_secure_cookies_option_marks_them_secure_over_http(tmp_path):
    from execbrief.web.app import create_app

    make_app(str(tmp_path / "s.db")).state.store.close()
    app = create_app(str(tmp_path / "s.db"), secure_cookies=True)
    r = client(app).post("/api/session", json={"username": "alice", "password": PASSWORD})
    assert "secure" in r.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong"), ("nobody", PASSWORD), ("alice", "")]
)
def test_bad_credentials_answer_401_and_set_no_cookie(app, username, password):
    r = client(app).post("/api/session", json={"username": username, "password": password})
    assert r.status_code == 401
    assert "set-cookie" not in r.headers


def test_five_failures_for_a_name_answer_429_even_with_the_right_password(app):
    c = client(app)
    for _ in range(5):
        assert (
            c.post("/api/session", json={"username": "alice", "password": "x"}).status_code == 401
        )
    r = c.post("/api/session", json={"username": "alice", "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    # alice from another address is held up too; bob from there is not
    other = client(app, address="10.0.0.9")
    assert (
        other.post("/api/session", json={"username": "alice", "password": PASSWORD}).status_code
        == 429
    )
    log_in(other, "bob")
    # X-Forwarded-For from an untrusted client does not change its address
    spoofed = client(app, address="10.0.0.1")
    spoofed.headers["X-Forwarded-For"] = "10.0.0.77"
    assert (
        spoofed.post("/api/session", json={"username": "bob", "password": PASSWORD}).status_code
        == 429
    )


def test_failures_from_one_address_across_names_answer_429(app):
    c = client(app)
    for name in ("u1", "u2", "u3", "u4", "u5"):
        assert c.post("/api/session", json={"username": name, "password": "x"}).status_code == 401
    r = c.post("/api/session", json={"username": "bob", "password": PASSWORD})
    assert r.status_code == 429


def test_throttling_is_kept_in_the_store_not_the_process(tmp_path):
    db = str(tmp_path / "shared.db")
    first, second = make_app(db), make_app(db)
    for _ in range(5):
        client(first).post("/api/session", json={"username": "alice", "password": "x"})
    r = client(second).post("/api/session", json={"username": "alice", "password": PASSWORD})
    assert r.status_code == 429


def test_a_successful_login_clears_the_names_failures(app):
    c = client(app)
    for _ in range(4):
        c.post("/api/session", json={"username": "alice", "password": "x"})
    log_in(c)
    for _ in range(4):
        assert (
            c.post("/api/session", json={"username": "alice", "password": "x"}).status_code == 401
        )


def test_log_out_ends_the_session_everywhere(app, editor):
    r = editor.delete("/api/session")
    assert r.status_code == 204
    assert editor.get("/api/incidents").status_code == 401


def test_the_store_keeps_only_the_session_cookies_hash(app):
    from sqlalchemy import select

    from execbrief.store.models import web_sessions

    c = client(app)
    log_in(c)
    token = c.cookies.get("execbrief_session")
    with app.state.store.engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(select(web_sessions))]
    assert rows and not any(token in str(v) for row in rows for v in row)


# -- CSRF, login and roles ---------------------------------------------------------------

WRITES = [
    ("delete", "/api/session", None),
    ("post", "/api/preview", CHECKOUT),
    ("put", f"/api/incidents/{CHECKOUT_ID}", CHECKOUT),
    ("post", f"/api/incidents/{CHECKOUT_ID}/shares", "{}"),
    ("delete", "/api/shares/abc", None),
    ("post", f"/api/incidents/{CHECKOUT_ID}/commitments/1/done", "{}"),
    ("post", f"/api/incidents/{CHECKOUT_ID}/commitments/1/slip", '{"to":"2027-01-05","why":"x"}'),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_every_state_changing_request_needs_the_csrf_header(app, method, path, body):
    c = client(app)
    good = log_in(c)
    kwargs = {} if body is None else {"content": body}
    assert c.request(method.upper(), path, **kwargs).status_code == 403
    wrong = {"X-CSRF-Token": good["X-CSRF-Token"][::-1]}
    assert c.request(method.upper(), path, headers=wrong, **kwargs).status_code == 403


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_without_a_session_every_write_answers_401(app, method, path, body):
    kwargs = {} if body is None else {"content": body}
    assert client(app).request(method.upper(), path, **kwargs).status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/api/incidents", f"/api/incidents/{CHECKOUT_ID}", f"/api/incidents/{CHECKOUT_ID}/versions"],
)
def test_reads_need_a_session(app, path):
    assert client(app).get(path).status_code == 401


def test_requests_from_another_site_are_refused_logging_in_too(app):
    c = client(app)
    evil = {"Origin": "https://evil.example"}
    r = c.post("/api/session", json={"username": "alice", "password": PASSWORD}, headers=evil)
    assert r.status_code == 403 and "set-cookie" not in r.headers
    same = {"Origin": "http://testserver"}
    r = c.post("/api/session", json={"username": "alice", "password": PASSWORD}, headers=same)
    assert r.status_code == 200
    headers = {"X-CSRF-Token": r.json()["csrf_token"]}
    assert c.post("/api/preview", content=CHECKOUT, headers={**headers, **evil}).status_code == 403
    assert c.post("/api/preview", content=CHECKOUT, headers={**headers, **same}).status_code == 200


def test_a_csrf_token_of_another_session_is_refused(app):
    a, b = client(app), client(app)
    log_in(a)
    other = log_in(b, "bob")
    assert a.post("/api/preview", content=CHECKOUT, headers=other).status_code == 403


def test_viewers_read_but_every_write_answers_403(app, editor):
    assert saved(editor).status_code == 200
    share_id = editor.post(f"/api/incidents/{CHECKOUT_ID}/shares", json={}).json()["id"]
    viewer = client(app)
    viewer.headers.update(log_in(viewer, "vera"))
    assert viewer.get("/api/incidents").status_code == 200
    assert viewer.get(f"/api/incidents/{CHECKOUT_ID}").status_code == 200
    assert viewer.post("/api/preview", content=CHECKOUT).status_code == 200
    assert saved(viewer, version=1).status_code == 403
    assert viewer.post(f"/api/incidents/{CHECKOUT_ID}/shares", json={}).status_code == 403
    assert viewer.delete(f"/api/shares/{share_id}").status_code == 403
    done = f"/api/incidents/{CHECKOUT_ID}/commitments/1/done"
    assert viewer.post(done, json={}).status_code == 403
    assert editor.get(f"/api/incidents/{CHECKOUT_ID}/versions").json()[0]["version"] == 1


# -- headers ---------------------------------------------------------------------------


def test_every_response_carries_a_strict_csp_and_no_referrer(app, editor):
    for r in (client(app).get("/s/unknown"), editor.get("/api/incidents"), client(app).get("/")):
        csp = r.headers["content-security-policy"]
        directives = dict(
            [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
        )
        assert "unsafe-inline" not in directives.get("script-src", directives["default-src"])
        assert "unsafe-eval" not in csp
        assert directives["frame-ancestors"] == "'none'"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


# -- the preview -----------------------------------------------------------------------


def test_preview_answers_the_handout_findings_and_readiness(editor):
    r = editor.post("/api/preview", content=CHECKOUT)
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"handout_html", "findings", "needs_you_now", "ready"}
    assert "<h1>Checkout payments failing</h1>" in body["handout_html"]
    assert "<style" not in body["handout_html"] and "<script" not in body["handout_html"]
    assert isinstance(body["ready"], bool)
    assert body["findings"], "the example has wording to review"


def test_findings_point_at_the_flagged_words_in_the_text_sent(editor):
    findings = editor.post("/api/preview", content=CHECKOUT).json()["findings"]
    placed = [f for f in findings if f["position"] is not None]
    assert placed
    lines = CHECKOUT.split("\n")
    for f in placed:
        p = f["position"]
        flagged = " ".join(CHECKOUT[p["start"] : p["end"]].split()).lower()
        assert flagged == " ".join(f["text"].split()).lower()
        assert lines[p["line"] - 1][p["column"] - 1 :].lower().startswith(flagged.split()[0])


def test_a_fixed_finding_goes_away(editor):
    before = editor.post("/api/preview", content=CHECKOUT).json()["findings"]
    assert any(f["text"] == "was skipped" for f in before)
    fixed = CHECKOUT.replace(
        "the release check for database settings was skipped for this change",
        "our release process skipped the check for database settings",
    )
    after = editor.post("/api/preview", content=fixed).json()["findings"]
    assert not any(f["text"] == "was skipped" for f in after)


def test_findings_in_json_text_are_placed_too(editor):
    import json

    import yaml

    text = json.dumps(yaml.safe_load(CHECKOUT), indent=2, default=str)
    findings = editor.post("/api/preview", content=text).json()["findings"]
    placed = [f for f in findings if f["position"] is not None]
    assert placed
    for f in placed:
        p = f["position"]
        assert " ".join(text[p["start"] : p["end"]].split()).lower() == f["text"].lower()


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ("title: [unclosed\n", None, 2),
        ("title: Checkout\n", "timeline", 1),
        (CHECKOUT.replace("severity: SEV1", "severity: [1, 2]"), "severity", 6),
        ("", None, None),
    ],
)
def test_bad_input_answers_422_with_field_line_and_message(editor, text, field, line):
    r = editor.post("/api/preview", content=text)
    assert r.status_code == 422
    error = r.json()["errors"][0]
    assert set(error) >= {"field", "line", "message"}
    assert (error["field"], error["line"]) == (field, line)


def test_preview_takes_now(editor):
    r = editor.post("/api/preview?now=2026-11-20T18:00:00Z", content=CHECKOUT)
    assert "As of 1:00 p.m." in r.json()["handout_html"]
    assert editor.post("/api/preview?now=yesterday", content=CHECKOUT).status_code == 422


def test_incident_text_is_escaped_in_the_preview(editor):
    hostile = CHECKOUT.replace(
        "title: Checkout payments failing", "title: '<script>alert(1)</script> payments'"
    )
    html = editor.post("/api/preview", content=hostile).json()["handout_html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_body_over_the_size_cap_is_refused(editor):
    r = editor.post("/api/preview", content=CHECKOUT + "#" * 6_000_000)
    assert r.status_code == 422


# -- saving and versions ---------------------------------------------------------------


def test_save_answers_id_and_version_and_lists_the_incident(editor):
    r = saved(editor)
    assert r.status_code == 200
    assert (r.json()["id"], r.json()["version"]) == (CHECKOUT_ID, 1)
    listed = editor.get("/api/incidents").json()
    assert [(i["id"], i["title"], i["severity"], i["version"]) for i in listed] == [
        (CHECKOUT_ID, "Checkout payments failing", "SEV1", 1)
    ]
    assert listed[0]["updated_at"]
    got = editor.get(f"/api/incidents/{CHECKOUT_ID}")
    assert got.json()["text"] == CHECKOUT and got.json()["version"] == 1


def test_a_second_editor_on_an_old_version_gets_409_with_the_differences(app, editor):
    assert saved(editor).status_code == 200
    bob = client(app)
    bob.headers.update(log_in(bob, "bob"))
    alice_text = CHECKOUT.replace("support_tickets: 340", "support_tickets: 410")
    bob_text = CHECKOUT.replace("failed_transactions: 1150", "failed_transactions: 1300")
    assert saved(editor, alice_text, version=1).json()["version"] == 2
    r = saved(bob, bob_text, version=1)
    assert r.status_code == 409
    body = r.json()
    assert body["version"] == 2
    by_field = {d["field"]: d for d in body["differences"]}
    assert by_field["impact.support_tickets"]["old"] == 410  # saved by alice
    assert by_field["impact.support_tickets"]["new"] == 340  # bob's text
    assert by_field["impact.failed_transactions"]["new"] == 1300
    assert [c["field"] for c in body["changed_since"]] == ["impact.support_tickets"]
    # nothing was overwritten: version 2 is alice's
    assert "support_tickets: 410" in editor.get(f"/api/incidents/{CHECKOUT_ID}").json()["text"]
    # bob saves on the latest version and wins nothing silently: both changes are his to merge
    assert saved(bob, bob_text, version=2).json()["version"] == 3
    versions = editor.get(f"/api/incidents/{CHECKOUT_ID}/versions").json()
    assert [(v["version"], v["saved_by"]) for v in versions] == [
        (3, "bob"),
        (2, "alice"),
        (1, "alice"),
    ]


def test_saving_over_an_existing_incident_without_if_match_is_a_conflict(editor):
    saved(editor)
    r = saved(editor, CHECKOUT.replace("support_tickets: 340", "support_tickets: 1"))
    assert r.status_code == 409


def test_if_match_on_an_incident_never_saved_answers_404(editor):
    assert saved(editor, version=1).status_code == 404
    assert saved(editor, version=0).json()["version"] == 1  # 0: "a new incident"


def test_save_refuses_bad_input_and_a_mismatched_id(editor):
    assert saved(editor, "title: x\n").status_code == 422
    r = editor.put("/api/incidents/INC-1", content=CHECKOUT)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "id"
    assert saved(editor, CHECKOUT, version=None).status_code == 200
    r = editor.put(f"/api/incidents/{CHECKOUT_ID}", content=CHECKOUT, headers={"If-Match": "x"})
    assert r.status_code == 422


def test_versions_compare_fact_by_fact(editor):
    saved(editor)
    saved(editor, CHECKOUT.replace("support_tickets: 340", "support_tickets: 410"), version=1)
    r = editor.get(f"/api/incidents/{CHECKOUT_ID}/compare?from=1&to=2")
    change = r.json()["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in change] == [
        ("impact.support_tickets", 340, 410)
    ]
    assert change[0]["text"] == "Support tickets: now 410 (was 340)."
    old = editor.get(f"/api/incidents/{CHECKOUT_ID}/versions/1").json()
    assert "support_tickets: 340" in old["text"]
    assert editor.get(f"/api/incidents/{CHECKOUT_ID}/versions/9").status_code == 404
    assert editor.get("/api/incidents/NOPE/versions").status_code == 404


def test_a_version_saved_from_the_command_line_opens_as_yaml(app, editor, tmp_path):
    from execbrief.app.followup import save_incident
    from execbrief.core.incident import read_incident

    file = tmp_path / "inc.yaml"
    file.write_text(CHECKOUT, encoding="utf-8")
    save_incident(file, None, app.state.store.url)
    got = editor.get(f"/api/incidents/{CHECKOUT_ID}").json()
    import yaml

    again = read_incident(yaml.safe_load(got["text"]))
    assert again.model_dump(mode="json") == read_incident(yaml.safe_load(CHECKOUT)).model_dump(
        mode="json"
    )


# -- downloads, the ledger and the update ----------------------------------------------


def test_downloads_are_the_brief_files(editor):
    saved(editor)
    base = f"/api/incidents/{CHECKOUT_ID}/download/"
    pdf = editor.get(base + "pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert editor.get(base + "pptx").content.startswith(b"PK")
    assert editor.get(base + "md").text.startswith("#")
    presenter = editor.get(base + "presenter")
    assert "attachment" in presenter.headers["content-disposition"]
    assert editor.get(base + "exe").status_code == 404


def test_ledger_mark_done_and_slip(editor):
    saved(editor)
    path = f"/api/incidents/{CHECKOUT_ID}/commitments"
    before = editor.get(path).json()
    assert [c["number"] for c in before] == [1, 2]
    after = editor.post(f"{path}/1/done", json={"note": "report sent"}).json()
    assert after[0]["state"] == "kept"
    moved = editor.post(f"{path}/2/slip", json={"to": "2030-01-05", "why": "waiting on vendor"})
    assert moved.status_code == 200
    assert moved.json()[1]["state"] == "slipped"
    assert editor.post(f"{path}/9/done", json={}).status_code == 422
    assert editor.post(f"{path}/2/slip", json={"to": "2030-02-01", "why": " "}).status_code == 422


def test_next_update_is_drafted(editor):
    saved(editor)
    r = editor.get(f"/api/incidents/{CHECKOUT_ID}/update")
    assert r.status_code == 200
    assert r.json()["markdown"].startswith("# Update: Checkout payments failing")
