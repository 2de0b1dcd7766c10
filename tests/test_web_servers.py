"""The workspace as it runs: `execbrief user add` and real `execbrief serve` processes on
127.0.0.1, one on SQLite, and two on one PostgreSQL database sharing sessions, links and
throttling (nothing of it in a process's memory)."""

from __future__ import annotations

import httpx
import pytest

from web_support import CHECKOUT, CHECKOUT_ID, PASSWORD, run_cli, serving


def add_user(db: str, name: str, role: str = "editor", password: str = PASSWORD):
    return run_cli(
        "user", "add", name, "--role", role, "--password-stdin", "--db", db, stdin=password
    )


def test_user_add_reads_the_password_from_stdin_and_hashes_it(tmp_path):
    from sqlalchemy import select

    from execbrief.store import open_store
    from execbrief.store.models import users

    db = str(tmp_path / "u.db")
    done = add_user(db, "alice", password=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    store = open_store(db)
    with store.engine.connect() as connection:
        row = connection.execute(select(users)).one()
    store.close()
    assert row.name == "alice" and row.role == "editor"
    assert row.password_hash.startswith("$argon2") and PASSWORD not in row.password_hash


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (("bob", "--password-stdin"), "", "the password is empty"),
        (("bob", "--password-stdin"), "\n", "the password is empty"),
        (("bob",), PASSWORD, "--password-stdin"),
        (("bob", "--role", "admin", "--password-stdin"), PASSWORD, "no role 'admin'"),
        (("bad name", "--password-stdin"), PASSWORD, "cannot be a user name"),
    ],
)
def test_user_add_refuses_bad_input_with_exit_2(tmp_path, args, stdin, words):
    done = run_cli("user", "add", *args, "--db", str(tmp_path / "u.db"), stdin=stdin)
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_user_add_refuses_a_taken_name(tmp_path):
    db = str(tmp_path / "u.db")
    assert add_user(db, "alice").returncode == 0
    again = add_user(db, "alice")
    assert again.returncode == 2 and "already a user 'alice'" in again.stderr


def log_in(c: httpx.Client, user: str = "alice") -> dict[str, str]:
    r = c.post("/api/session", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf_token"]}


def test_a_real_server_serves_the_workflow(tmp_path):
    db = str(tmp_path / "serve.db")
    assert add_user(db, "alice").returncode == 0
    with serving(db) as base, httpx.Client(base_url=base, timeout=30) as c:
        c.headers.update(log_in(c))
        preview = c.post("/api/preview", content=CHECKOUT)
        assert preview.status_code == 200 and preview.json()["findings"]
        assert c.put(f"/api/incidents/{CHECKOUT_ID}", content=CHECKOUT).json()["version"] == 1
        made = c.post(f"/api/incidents/{CHECKOUT_ID}/shares", json={}).json()
        assert made["url"].startswith(base + "/s/")
        page = httpx.get(made["url"])
        assert page.status_code == 200 and page.headers["x-robots-tag"].startswith("noindex")
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert c.delete(f"/api/shares/{made['id']}").status_code == 204
        assert httpx.get(made["url"]).status_code == 404


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_servers_on_one_postgresql_share_sessions_links_and_throttling(db_url):
    assert add_user(db_url, "alice").returncode == 0
    with serving(db_url) as one, serving(db_url) as two:
        a = httpx.Client(base_url=one, timeout=30)
        headers = log_in(a)
        b = httpx.Client(base_url=two, timeout=30, cookies=a.cookies, headers=headers)
        # the session made on one server works on the other, CSRF token and all
        assert b.get("/api/session").json()["username"] == "alice"
        assert b.put(f"/api/incidents/{CHECKOUT_ID}", content=CHECKOUT).json()["version"] == 1
        a.headers.update(headers)
        newer = CHECKOUT.replace("support_tickets: 340", "support_tickets: 410")
        assert (
            a.put(
                f"/api/incidents/{CHECKOUT_ID}", content=newer, headers={"If-Match": "1"}
            ).status_code
            == 200
        )
        stale = b.put(f"/api/incidents/{CHECKOUT_ID}", content=CHECKOUT, headers={"If-Match": "1"})
        assert stale.status_code == 409
        # a link made on one, opened on the other, revoked on the first: gone on both
        made = a.post(f"/api/incidents/{CHECKOUT_ID}/shares", json={}).json()
        token = made["url"].rsplit("/s/", 1)[1]
        assert httpx.get(f"{two}/s/{token}").status_code == 200
        opened = a.get(f"/api/incidents/{CHECKOUT_ID}/shares").json()[0]
        assert opened["views"] == 1
        assert a.delete(f"/api/shares/{made['id']}").status_code == 204
        assert httpx.get(f"{two}/s/{token}").status_code == 404
        # logging out on one ends the session on the other
        assert b.delete("/api/session").status_code == 204
        assert a.get("/api/incidents").status_code == 401
        # failed logins counted on one hold on the other
        for _ in range(5):
            bad = httpx.post(f"{one}/api/session", json={"username": "alice", "password": "x"})
            assert bad.status_code == 401
        late = httpx.post(f"{two}/api/session", json={"username": "alice", "password": PASSWORD})
        assert late.status_code == 429
        a.close()
        b.close()
