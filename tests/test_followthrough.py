"""Issue 13 end to end: save -> brief -> slip -> done -> brief -> update -> remind, on SQLite
and PostgreSQL, with the update and reminders delivered to a real SMTP server and a real
HTTP server on 127.0.0.1; every output states the same state of every promise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from delivery_support import MailServer, Webhook, mail_server, webhook
from execbrief.cli import app
from followup_support import db_url

__all__ = ["db_url", "mail_server", "webhook"]  # fixtures

INCIDENT = """\
execbrief: 1
id: INC-7
title: Checkout payments failing
service: Checkout and payments
audience: {name: Dana Whitfield, role: CEO, timezone: America/New_York}
timeline:
  started: 2026-11-20T14:02:00Z
  detected: 2026-11-20T14:05:00Z
  mitigated: 2026-11-20T14:49:00Z
  resolved: 2026-11-20T16:30:00Z
impact:
  users_affected: 48200
  users_unit: customers
  revenue: {currency: USD, lost: 98000}
cause: {summary: a database setting changed in the morning release, status: confirmed}
fix: {immediate: rolled back to the previous release}
commitments:
  - {what: Root cause report, owner: SRE team, due: 2026-11-25}
  - {what: Lasting fix in place, owner: Platform team, due: 2026-11-27}
  - {what: Email to affected customers, owner: Support team, due: 2026-11-23}
"""


def run(*args: str, db: str) -> Any:
    return CliRunner().invoke(app, [*args, "--db", db])


def states(file: Path, db: str, now: str) -> dict[str, dict[int, str]]:
    """Each promise's state as `brief`, `update` and `due` say it at `now`."""
    brief = run("brief", str(file), "--now", now, "-f", "json", db=db)
    assert brief.exit_code in (0, 1), brief.output
    assert "commitments: from the ledger of 'INC-7'" in brief.stderr
    document = json.loads(brief.stdout)
    assert document["commitments_from"] == "ledger"
    update = run("update", "INC-7", "--now", now, "-f", "json", db=db)
    assert update.exit_code == 0, update.output
    due = run("due", "--all", "--now", now, "-f", "json", db=db)
    assert due.exit_code in (0, 1), due.output
    found = {
        "brief": {c["number"]: c["status"] for c in document["commitments"]},
        "update": {c["number"]: c["status"] for c in json.loads(update.stdout)["commitments"]},
        "due": {i["number"]: i["state"] for i in json.loads(due.stdout)},
    }
    texts = {
        "brief": {c["number"]: c["status_text"] for c in document["commitments"]},
        "update": {c["number"]: c["status_text"] for c in json.loads(update.stdout)["commitments"]},
    }
    assert texts["brief"] == texts["update"]  # one state, one phrase
    return found


def test_save_brief_slip_done_brief_update_remind(
    db_url: str, tmp_path: Path, mail_server: MailServer, webhook: Webhook
) -> None:
    file = tmp_path / "incident.yaml"
    file.write_text(INCIDENT)
    saved = run("save", str(file), "--now", "2026-11-21T12:00:00Z", db=db_url)
    assert saved.exit_code == 0, saved.output

    first = states(file, db_url, "2026-11-21T13:00:00Z")
    assert first["brief"] == first["update"] == first["due"] == {1: "open", 2: "open", 3: "open"}

    moved = run(
        "slip", "INC-7", "1", "--to", "2026-12-02", "--why", "the vendor's logs come Monday.",
        "--now", "2026-11-22T12:00:00Z", db=db_url,
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    kept = run(
        "done", "INC-7", "3", "--at", "2026-11-24T15:00:00Z", "--note", "sent to 42 customers",
        "--now", "2026-11-24T16:00:00Z", db=db_url,
    )  # fmt: skip
    assert kept.exit_code == 0, kept.output

    now = "2026-11-28T12:00:00Z"
    later = states(file, db_url, now)
    expected = {1: "slipped", 2: "missed", 3: "kept_late"}
    assert later["brief"] == later["update"] == later["due"] == expected

    brief = json.loads(run("brief", str(file), "--now", now, "-f", "json", db=db_url).stdout)
    report, fix, email = brief["commitments"]
    assert report["status_text"] == (
        "slipped to Wednesday, December 2 because the vendor's logs come Monday, "
        "in about 4 and a half days"
    )
    assert fix["status_text"] == "missed: due yesterday, about 7 hours ago, no new date"
    assert email["status_text"].startswith("kept about 10 hours late, done at 10:00 a.m. EST")
    assert email["note"] == "sent to 42 customers"
    assert [e["event"] for e in report["history"]] == ["made", "slipped"]
    assert report["history"][1]["old_due"] == "2026-11-25"
    assert [e["event"] for e in email["history"]] == ["made", "done"]

    ics = tmp_path / "c.ics"
    assert run("calendar", "INC-7", "--out", str(ics), db=db_url).exit_code == 0
    calendar = ics.read_text().replace("\r\n ", "")  # iCalendar folds long lines
    assert "last because the vendor's logs come Monday." in calendar
    assert "Monday.." not in calendar

    text = run("update", "INC-7", "--now", now, db=db_url).stdout
    summary = (
        "Of our three promises, one is kept (one of them late), one moved to a new date, "
        "one is missed and none are still open."
    )
    assert summary in text
    assert "What was done: sent to 42 customers." in text
    assert "every promise is kept" not in text  # one is missed: never "all settled"
    assert "Monday.." not in text and "Monday?." not in text

    mailed = run("update", "INC-7", "--now", now, "--send", "email", "--to", "ceo@example.com",
                 db=db_url)  # fmt: skip
    assert mailed.exit_code == 0, mailed.output
    ((recipients, message),) = mail_server.received
    assert recipients == ["ceo@example.com"]
    assert message["Subject"] == "Update: Checkout payments failing"
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert summary in body and body == text

    posted = run("update", "INC-7", "--now", now, "--send", "slack", "--webhook", webhook.url,
                 db=db_url)  # fmt: skip
    assert posted.exit_code == 0, posted.output
    (payload,) = webhook.received
    assert payload["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Update: Checkout payments failing"},
    }
    sections = [b["text"]["text"] for b in payload["blocks"][1:]]
    assert "*Our promises*\n• " + summary in sections
    assert "the vendor&#x27;s" not in json.dumps(payload)  # mrkdwn escapes only & < >

    # remind: the Platform team hears of the missed fix, once.
    addresses = ["--to", "Platform team=platform@example.com", "--to", "lead@example.com"]
    reminded = run("remind", "--now", now, "--send", "email", *addresses, db=db_url)
    assert reminded.exit_code == 0, reminded.output
    assert "Reminder for Platform team: one promise missed" in reminded.stdout
    (to, note) = mail_server.received[-1]
    assert to == ["platform@example.com"]
    assert "Lasting fix in place, for Checkout payments failing (INC-7 #2): missed" in (
        note.get_payload(decode=True).decode()
    )
    count = len(mail_server.received)
    again = run("remind", "--now", now, "--send", "email", *addresses, db=db_url)
    assert again.exit_code == 0 and "No reminders owed" in again.stdout
    assert len(mail_server.received) == count  # nothing sent twice

    # Within two days of the report's new date its owner is told; the states still agree.
    soon = "2026-12-01T12:00:00Z"
    assert states(file, db_url, soon)["brief"] == {1: "slipped", 2: "missed", 3: "kept_late"}
    told = run("remind", "--now", soon, "--within", "2d", "--send", "slack",
               "--webhook", webhook.url, db=db_url)  # fmt: skip
    assert told.exit_code == 0, told.output
    assert webhook.received[-1]["text"] == "Reminder for SRE team: one promise to keep"
    history = json.loads(run("brief", str(file), "--now", soon, "-f", "json", db=db_url).stdout)
    # a reminder changes no state; the JSON history lists the promise's own events
    assert [e["event"] for e in history["commitments"][0]["history"]] == ["made", "slipped"]


def test_a_failing_server_is_exit_3_and_nothing_is_recorded_as_sent(
    db_url: str, tmp_path: Path, mail_server: MailServer, webhook: Webhook
) -> None:
    file = tmp_path / "incident.yaml"
    file.write_text(INCIDENT)
    assert run("save", str(file), "--now", "2026-11-21T12:00:00Z", db=db_url).exit_code == 0
    now = "2026-11-28T12:00:00Z"
    mail_server.refuse = True
    refused = run("remind", "--now", now, "--send", "email", "--to", "all@example.com",
                  db=db_url)  # fmt: skip
    assert refused.exit_code == 3
    assert "refused the message: 554 5.7.1 message rejected by policy" in refused.stderr
    assert "Traceback" not in refused.output

    webhook.status, webhook.answer = 500, "no_service"
    failed = run("update", "INC-7", "--now", now, "--send", "slack", "--webhook", webhook.url,
                 db=db_url)  # fmt: skip
    assert failed.exit_code == 3
    assert "refused the message: 500 no_service" in failed.stderr
    assert "secret" not in failed.stderr  # the webhook's path is its key: never printed

    # Nothing was recorded as sent: once the server takes mail, every reminder goes.
    mail_server.refuse = False
    sent = run("remind", "--now", now, "--send", "email", "--to", "all@example.com",
               db=db_url)  # fmt: skip
    assert sent.exit_code == 0, sent.output
    assert len(mail_server.received) == 3  # one message per owner: all three are missed

    closed = run("update", "INC-7", "--now", now, "--send", "email", "--to", "x@example.com",
                 db=str(tmp_path / "other.db"))  # fmt: skip
    assert closed.exit_code == 2  # not saved there: a user error, before any sending


def test_an_unreachable_mail_server_is_exit_3(db_url: str, tmp_path: Path, monkeypatch) -> None:
    from delivery_support import free_port

    file = tmp_path / "incident.yaml"
    file.write_text(INCIDENT)
    assert run("save", str(file), "--now", "2026-11-21T12:00:00Z", db=db_url).exit_code == 0
    monkeypatch.setenv("EXECBRIEF_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EXECBRIEF_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("EXECBRIEF_SMTP_TLS", "none")
    result = run("update", "INC-7", "--send", "email", "--to", "ceo@example.com", db=db_url)
    assert result.exit_code == 3
    assert result.stderr.startswith("error: the mail server at 127.0.0.1:")


def test_save_shows_each_difference_and_needs_a_reason(db_url: str, tmp_path: Path) -> None:
    file = tmp_path / "incident.yaml"
    file.write_text(INCIDENT)
    assert run("save", str(file), "--now", "2026-11-21T12:00:00Z", db=db_url).exit_code == 0
    assert run("slip", "INC-7", "1", "--to", "2026-12-02", "--why", "vendor logs late",
               "--now", "2026-11-22T12:00:00Z", db=db_url).exit_code == 0  # fmt: skip
    assert run("done", "INC-7", "3", "--at", "2026-11-22T15:00:00Z",
               "--now", "2026-11-22T16:00:00Z", db=db_url).exit_code == 0  # fmt: skip

    stale = run("save", str(file), "--now", "2026-11-23T12:00:00Z", db=db_url)
    assert stale.exit_code == 2
    assert (
        f"{file}:18 (commitments[0].due): the file and the ledger differ: #1 'Root cause "
        "report' due: ledger has 2026-12-02 (moved from 2026-11-25); file has 2026-11-25"
    ) in stale.stderr
    assert "write due: 2026-11-25, slipped_to: 2026-12-02, reason: vendor logs late" in (
        stale.stderr
    )
    assert "(commitments[2].status)" in stale.stderr and "ledger has kept" in stale.stderr

    # Made to agree with the ledger, the file saves without a reason.
    agreed = INCIDENT.replace(
        "due: 2026-11-25}", "due: 2026-11-25, slipped_to: 2026-12-02, reason: vendor logs late}"
    ).replace("due: 2026-11-23}", "due: 2026-11-23, status: kept, done_at: 2026-11-22T15:00:00Z}")
    file.write_text(agreed)
    ok = run("save", str(file), "--now", "2026-11-23T12:00:00Z", db=db_url)
    assert ok.exit_code == 0, ok.output

    # A new date in the file, with a reason: recorded as a slip with that reason.
    # A further move in the file carries its own reason: recorded without --reason.
    file.write_text(agreed.replace("slipped_to: 2026-12-02", "slipped_to: 2026-12-04"))
    further = run("save", str(file), "--now", "2026-11-23T13:00:00Z", db=db_url)
    assert further.exit_code == 0, further.output
    assert "recorded: #1 'Root cause report' due" in further.stderr
    # The first file again, plus a new promise: the ledger's moves and the kept email differ.
    file.write_text(
        INCIDENT.replace(
            "  - {what: Email", "  - {what: Call the bank, due: 2026-11-30}\n  - {what: Email"
        )
    )
    dropped = run("save", str(file), "--now", "2026-11-23T14:00:00Z", db=db_url)
    assert dropped.exit_code == 2
    recorded = run("save", str(file), "--now", "2026-11-23T14:00:00Z",
                   "--reason", "the CEO asked to restart from the file", db=db_url)  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert "recorded: new commitment 'Call the bank'" in recorded.stderr
    doc = json.loads(run("update", "INC-7", "--now", "2026-11-23T15:00:00Z", "-f", "json",
                         db=db_url).stdout)  # fmt: skip
    by_number = {c["number"]: c for c in doc["commitments"]}
    assert by_number[1]["due"] == "2026-11-25"  # the file's word, with the reason
    assert by_number[1]["slips"][-1]["why"] == "the CEO asked to restart from the file"
    assert by_number[3]["status"] == "open" and by_number[4]["what"] == "Call the bank"


def test_impossible_histories_are_refused_with_the_option_named(db_url: str, tmp_path: Path):
    file = tmp_path / "incident.yaml"
    file.write_text(INCIDENT)
    assert run("save", str(file), "--now", "2026-11-21T12:00:00Z", db=db_url).exit_code == 0
    past = run("slip", "INC-7", "1", "--to", "2026-11-20", "--why", "earlier?",
               "--now", "2026-11-22T12:00:00Z", db=db_url)  # fmt: skip
    assert past.exit_code == 2 and "error: --to: the new date 2026-11-20 has already passed" in (
        past.stderr
    )
    sooner = ["slip", "INC-7", "1", "--to", "2026-11-24", "--why", "the vendor sped up",
              "--now", "2026-11-22T12:00:00Z"]  # fmt: skip
    refused = run(*sooner, db=db_url)
    assert refused.exit_code == 2 and "--earlier" in refused.stderr
    assert run(*sooner, "--earlier", db=db_url).exit_code == 0
    early = run("done", "INC-7", "2", "--at", "2026-11-21T11:00:00Z",
                "--now", "2026-11-22T12:00:00Z", db=db_url)  # fmt: skip
    assert early.exit_code == 2 and "error: --at: commitment 2 cannot be done at" in early.stderr
    ahead = run("done", "INC-7", "2", "--at", "2026-11-23T11:00:00Z",
                "--now", "2026-11-22T12:00:00Z", db=db_url)  # fmt: skip
    assert ahead.exit_code == 2 and "is after now" in ahead.stderr
    assert run("reopen", "INC-7", "2", "--why", "x", db=db_url).exit_code == 2  # not kept
    for result in (past, refused, early, ahead):
        assert "Traceback" not in result.output
