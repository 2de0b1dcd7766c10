"""The follow-through commands end to end, on SQLite and PostgreSQL (contracts of issue 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from execbrief.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "execbrief" / "examples"
ONGOING = EXAMPLES / "search-ongoing.yaml"
SAVED_AT = "2026-11-26T21:30:00Z"


def run(*args: str, db: str | None = None):
    extra = ["--db", db] if db is not None else []
    return CliRunner().invoke(app, [*args, *extra])


def _later_version(tmp_path: Path) -> Path:
    text = ONGOING.read_text()
    text = text.replace("support_tickets: 85", "support_tickets: 140")
    text = text.replace(
        "  detected: 2026-11-26T15:34:00-05:00",
        "  detected: 2026-11-26T15:34:00-05:00\n  mitigated: 2026-11-26T17:10:00-05:00",
    )
    changed = tmp_path / "later.yaml"
    changed.write_text(text)
    return changed


def test_save_update_slip_done_diff_calendar_and_list(db_url, tmp_path):
    first = run("save", str(ONGOING), "--now", SAVED_AT, db=db_url)
    assert first.exit_code == 0, first.output
    assert first.stdout == "INC-2304\n"
    again = run("save", str(ONGOING), "--now", "2026-11-26T22:00:00Z", db=db_url)
    assert again.stdout == "INC-2304\n" and "no change" in again.stderr
    assert json.loads(run("list", "-f", "json", db=db_url).stdout)[0]["versions"] == 1

    later = run("save", str(_later_version(tmp_path)), "--now", "2026-11-26T23:00:00Z", db=db_url)
    assert "saved version 2" in later.stderr

    diff = run("diff", "INC-2304", db=db_url)
    assert diff.exit_code == 0
    assert "Support tickets [impact.support_tickets]: 85 -> 140" in diff.stdout
    assert "[timeline.mitigated]: (none) -> 2026-11-26T17:10:00-05:00" in diff.stdout
    same = run("diff", "INC-2304", "--from", "2", "--to", "2", db=db_url)
    assert "No fact changed" in same.stdout
    assert run("diff", "INC-2304", "--from", "7", db=db_url).exit_code == 2

    moved = run(
        "slip",
        "INC-2304",
        "1",
        "--to",
        "2026-12-08",
        "--why",
        "the vendor's logs come Monday",
        db=db_url,
    )
    assert moved.exit_code == 0, moved.output
    kept = run("done", "INC-2304", "2", "--at", "2026-11-27T20:00:00Z", "--note", "sent", db=db_url)
    assert kept.exit_code == 0, kept.output
    assert run("done", "INC-2304", "2", db=db_url).exit_code == 2  # already kept
    assert run("done", "INC-2304", "9", db=db_url).exit_code == 2

    text = run("update", "INC-2304", "--now", "2026-11-27T21:00:00Z", db=db_url).stdout
    assert "Support tickets: now 140 (was 85)." in text
    assert (
        "Root cause report: moved from Thursday, December 3 to Tuesday, December 8, "
        "because the vendor's logs come Monday." in text
    )
    assert "Next update to you: kept on time, done at 3:00 p.m. EST today. " in text
    assert "What was done: sent." in text  # the note on a done promise is shown
    # Keeping the daily update promised the next one, 24 hours after it was sent.
    assert "Next update to you: open: due 3:00 p.m. EST tomorrow, in 23 hours." in text
    assert "By 3:00 p.m. EST on Saturday, November 28, or sooner" in text
    md = run("update", "INC-2304", "--now", "2026-11-27T21:00:00Z", "-f", "md", db=db_url).stdout
    assert md.startswith("# Update: Product search slow and failing\n")
    doc = json.loads(
        run("update", "INC-2304", "--now", "2026-11-27T21:00:00Z", "-f", "json", db=db_url).stdout
    )
    assert doc["version"] == 2
    assert doc["commitments"][0]["slips"] == [
        {"from": "2026-12-03", "to": "2026-12-08", "why": "the vendor's logs come Monday"}
    ]

    ics = tmp_path / "c.ics"
    assert run("calendar", "INC-2304", "--out", str(ics), db=db_url).exit_code == 0
    from icalendar import Calendar

    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Due: Root cause report",
        "Due: Next update to you",
    ]
    assert all(len(e.walk("VALARM")) == 1 for e in events)

    listed = json.loads(
        run("list", "-f", "json", "--now", "2026-11-27T21:00:00Z", db=db_url).stdout
    )
    assert listed == [
        {
            "incident": "INC-2304",
            "title": "Product search slow and failing",
            "status": "mitigated",
            "versions": 2,
            "next": {
                "number": 3,
                "what": "Next update to you",
                "due": "2026-11-28T20:00:00+00:00",
                "state": "open",
                "when": "open: due 3:00 p.m. EST tomorrow, in 23 hours",
            },
        }
    ]
    text = run("list", "--now", "2026-11-27T21:00:00Z", db=db_url).stdout
    assert "next: #3 Next update to you: open: due 3:00 p.m. EST tomorrow, in 23 hours" in text


def test_due_lists_due_and_overdue_and_exits_1_when_overdue(db_url):
    run("save", str(ONGOING), "--now", SAVED_AT, db=db_url)
    calm = run("due", "--now", SAVED_AT, "-f", "json", db=db_url)
    assert calm.exit_code == 0
    assert json.loads(calm.stdout) == [
        {
            "incident": "INC-2304",
            "number": 2,
            "what": "Next update to you",
            "owner": None,
            "due": "2026-11-27T21:30:00+00:00",
            "status": "due",
            "state": "open",
            "when": "open: due 4:30 p.m. EST tomorrow, in 24 hours",
        }
    ]
    late = run("due", "--now", "2026-11-28T00:00:00Z", db=db_url)
    assert late.exit_code == 1
    assert late.stdout == (
        "OVERDUE  INC-2304 #2: Next update to you: missed: due 4:30 p.m. EST today, "
        "2 and a half hours ago, no new date\n"
    )
    every = json.loads(run("due", "--now", SAVED_AT, "--all", "-f", "json", db=db_url).stdout)
    assert [(i["number"], i["status"]) for i in every] == [(2, "due"), (1, "open")]


def test_unknown_incident_is_exit_2_with_a_hint(tmp_path):
    result = run("update", "INC-0", db=str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "no saved incident 'INC-0'" in result.stderr and "execbrief list" in result.stderr


@pytest.mark.parametrize(
    "db",
    ["postgresql://nobody@127.0.0.1:1/none", "/no/such/folder/execbrief.db", "mysql://x/y"],
)
def test_database_failures_are_exit_3_with_a_clear_message(db):
    for command in ("list", "due"):
        result = run(command, db=db)
        assert result.exit_code == 3, result.output
        assert result.stderr.startswith("error: ")
        assert "Traceback" not in result.output


def test_a_password_in_the_url_is_never_printed():
    result = run("due", db="postgresql://me:s3cret@127.0.0.1:1/none")
    assert result.exit_code == 3
    assert "s3cret" not in result.stderr and "127.0.0.1" in result.stderr


def test_the_environment_names_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("EXECBRIEF_DATABASE_URL", str(tmp_path / "env.db"))
    assert run("save", str(ONGOING), "--now", SAVED_AT).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_default_database_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    from execbrief.store.database import database_url

    monkeypatch.delenv("EXECBRIEF_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url(None) == f"sqlite+pysqlite:///{tmp_path}/execbrief/execbrief.db"
    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_help_does_not_import_the_database_libraries():
    code = (
        "import sys, execbrief.cli\n"
        "names = ('sqlalchemy', 'alembic', 'icalendar', 'psycopg')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_update_runs_the_language_checker_over_its_own_sentences(tmp_path):
    """Our update wording is checked: a clean draft prints no language notes on stderr,
    while a slip reason that blames a person is caught before the CEO reads it."""
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "execbrief"
    db = str(tmp_path / "t.db")
    example = Path(__file__).resolve().parent.parent / "examples" / "checkout-outage.yaml"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), *args, "--db", db], capture_output=True, text=True)

    assert run("save", str(example), "--now", "2026-11-20T17:30:00Z").returncode == 0
    clean = run("update", "INC-2291", "--now", "2026-11-21T12:00:00Z")
    assert clean.returncode == 0, clean.stderr
    assert "language:" not in clean.stderr
    assert (
        run(
            "slip",
            "INC-2291",
            "1",
            "--to",
            "2026-11-30",
            "--why",
            "John forgot to order the disks",
            "--now",
            "2026-11-21T11:00:00Z",
        ).returncode
        == 0
    )
    vague = run("update", "INC-2291", "--now", "2026-11-21T12:00:00Z")
    assert vague.returncode == 0
    assert "language: update.Moved, and why[0]" in vague.stderr
