"""Hostile and broken input (issue 19): it never hangs, crashes or injects.

Each test runs the real command line in a subprocess, with a time limit, and with a
memory limit where the input is endless, so a regression fails here rather than filling
the machine.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from execbrief.core.incident import TimeValueError, parse_due, parse_moment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "execbrief" / "examples" / "checkout-outage.yaml"
NOW = "2026-11-20T17:30:00Z"
# The fuzz tests below run a bounded number of examples in `make test`; for a longer run,
# EXECBRIEF_FUZZ=50 python -m pytest tests/test_hostile_input.py -k fuzz (50 times as many).
FUZZ = max(1, int(os.environ.get("EXECBRIEF_FUZZ", "1")))
MEMORY_MB = 400  # the CLI needs ~60 MB; an endless read is stopped long before the machine is


def run(
    *args: str,
    stdin: bytes | None = None,
    memory_mb: int | None = MEMORY_MB,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if memory_mb is not None:
            size = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    result = subprocess.run(
        [sys.executable, "-m", "execbrief", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        preexec_fn=limit,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1", **(env or {})},
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with a message naming each of `words`, and no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")
    for word in words:
        assert word in result.stderr


# --- 2. bounded reads ---------------------------------------------------------------------

ENDLESS = "/dev/zero"  # stat() says 0 bytes; reading it whole never ends


@pytest.mark.parametrize(
    ("args", "cap"),
    [
        (["brief", ENDLESS], "5 MB"),
        (["check", ENDLESS], "5 MB"),
        (["import", "pagerduty", ENDLESS], "20 MB"),
        (["import", "alertmanager", ENDLESS], "20 MB"),
        (["import", "prometheus", ENDLESS, "--impact", "value < 1"], "150 MB"),
    ],
)
def test_an_endless_device_is_refused_within_its_cap(args: list[str], cap: str):
    refused(run(*args), ENDLESS, cap)


def test_endless_stdin_is_refused_within_the_cap():
    refused(run("check", "-", stdin=b"word " * 1_200_000), "<stdin>", "5 MB")


def test_a_pipe_that_never_ends_is_refused(tmp_path: Path):
    fifo = tmp_path / "incident.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write_forever() -> None:
        try:
            with fifo.open("wb") as stream:
                while not stop.is_set():
                    stream.write(b"# " + b"x" * 65_000 + b"\n")
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    try:
        refused(run("brief", str(fifo), "--now", NOW), str(fifo), "5 MB")
    finally:
        stop.set()


@pytest.mark.parametrize("option", ["--rules", "--glossary", "--merge"])
def test_an_oversized_side_file_is_refused_with_its_option(tmp_path: Path, option: str):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 5_100_000 + b"\n")
    if option == "--merge":
        payload = tmp_path / "pd.json"
        payload.write_text((ROOT / "tests/fixtures/import/pd_incident.json").read_text())
        args = ["import", "pagerduty", str(payload), "--merge", str(big)]
    elif option == "--glossary":
        args = ["check", str(EXAMPLE), "--glossary", str(big)]
    else:
        args = ["brief", str(EXAMPLE), "--now", NOW, "--rules", str(big)]
    refused(run(*args), str(big), "2 MB" if option == "--rules" else "5 MB", option)


# --- 3 and 8. times outside the years execbrief works with ---------------------------------

OUT_OF_RANGE = "outside the years 1970 to 2200"


def _example_with(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text()
    assert old in text
    path = tmp_path / "incident.yaml"
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("mitigated: 2026-11-20T14:49:00Z", "mitigated: 9999-12-31T23:00:00Z", "mitigated"),
        ("started:   2026-11-20T14:02:00Z", "started: 0001-01-01T00:00:00+05:00", "started"),
        ("due: 2026-11-25}", "due: 9999-12-31}", "commitments[0].due"),
        ("permanent_eta: 2026-11-27", "permanent_eta: 2201-01-01", "fix.permanent_eta"),
    ],
)
def test_a_far_future_or_far_past_time_in_the_file_is_refused_with_its_field(
    tmp_path: Path, old: str, new: str, field: str
):
    path = _example_with(tmp_path, old, new)
    refused(run("brief", str(path), "--now", NOW), str(path), field, OUT_OF_RANGE)


@pytest.mark.parametrize(
    "now", ["9999-12-31T00:00:00Z", "9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+05:00"]
)
def test_a_now_outside_the_supported_years_is_refused(now: str):
    refused(run("brief", str(EXAMPLE), "--now", now), "--now", OUT_OF_RANGE)


@pytest.fixture(scope="module")
def saved_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "execbrief.db"
    saved = run("save", str(EXAMPLE), "--db", str(db), "--now", NOW)
    assert saved.returncode == 0, saved.stderr
    return db


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["slip", "INC-2291", "1", "--to", "9999-12-31", "--why", "later"], "--to"),
        (["slip", "INC-2291", "1", "--to", "9999-12-31T23:59:59-23:00", "--why", "x"], "--to"),
        (["done", "INC-2291", "1", "--at", "9999-12-31T23:59:59-23:00"], "--at"),
        (["done", "INC-2291", "1", "--at", "0001-01-01T00:00:00+01:00"], "--at"),
        (["due", "--now", "9999-12-31T23:59:59-23:00"], "--now"),
        (["update", "INC-2291", "--now", "9999-12-31T23:59:59-23:00"], "--now"),
    ],
)
def test_store_commands_refuse_out_of_range_dates_as_input_errors(
    saved_db: Path, args: list[str], option: str
):
    refused(run(*args, "--db", str(saved_db)), option, OUT_OF_RANGE)
    listed = run("update", "INC-2291", "--db", str(saved_db), "--now", NOW)
    assert "9999" not in listed.stdout and "Traceback" not in listed.stderr


_EDGE_ZONES = [ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago"), UTC]


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    offset=st.sampled_from(["Z", "+14:00", "-12:00", "-23:59", "+23:59", ""]),
    due=st.booleans(),
)
def test_every_time_accepted_can_be_moved_to_any_zone_and_a_year_either_way(
    moment: datetime, offset: str, due: bool
):
    """What the reader accepts, the rest of execbrief can compute with: no OverflowError."""
    text = moment.isoformat() + offset
    read = parse_due if due else parse_moment
    try:
        when = read(text, ZoneInfo("America/New_York"))
    except TimeValueError as exc:
        assert "1970 to 2200" in str(exc) or "is not a time" in str(exc)
        return
    assert isinstance(when, datetime)
    for zone in _EDGE_ZONES:
        when.astimezone(zone)
    for shift in (timedelta(days=400), -timedelta(days=400)):
        (when + shift).astimezone(UTC)


# --- 4. terminal injection: escape sequences, control characters, bidi overrides ----------

# What must never reach a terminal or a file raw: C0 (but newline and tab), DEL, C1, and
# the bidirectional controls.
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ESCAPES = "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x9b2J \u202eevil\u202c \u2066x\u2069"


def _hostile_incident(tmp_path: Path) -> Path:
    """The example, with escape sequences, C1 controls and bidi overrides in its text
    (JSON, which can carry every one of them)."""
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    data["title"] = f"Checkout {ESCAPES}"
    data["cause"]["summary"] = f"a setting changed {ESCAPES}"
    data["timeline"]["events"][0]["what"] = f"Paged {ESCAPES}"
    data["commitments"][0]["owner"] = f"SRE {ESCAPES}"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, default=str))
    return path


def test_escape_sequences_in_incident_text_reach_no_output(tmp_path: Path):
    path = _hostile_incident(tmp_path)
    out = tmp_path / "out"
    for fmt in ("text", "md", "json"):
        result = run(
            "brief", str(path), "--now", NOW, "--format", fmt, "--out", str(out), "--force"
        )
        assert result.returncode in (0, 1), result.stderr
        assert not INVISIBLE.search(result.stdout), fmt
        assert not INVISIBLE.search(result.stderr), fmt
        assert "RED" in result.stdout and "evil" in result.stdout  # the words stay
        assert "[31m" not in result.stdout and "0;pwned" not in result.stdout  # whole codes go
    for written in out.iterdir():
        if written.suffix in (".md", ".json", ".html"):
            assert not INVISIBLE.search(written.read_text(encoding="utf-8")), written.name


def test_a_checked_draft_and_an_error_message_show_control_characters_as_escapes(
    tmp_path: Path,
):
    draft = tmp_path / "draft.txt"
    draft.write_text("John pushed a bad config \x1b[31mtoday\u202e.\n")
    for fmt in ("text", "json"):
        result = run("check", str(draft), "--format", fmt)
        assert result.returncode == 1, result.stderr
        assert not INVISIBLE.search(result.stdout)
        if fmt == "text":  # the sentence around the finding, its codes made visible
            assert "config \\u001b[31mtoday\\u202e." in result.stdout
    assert json.loads(result.stdout)["findings"][0]["category"] == "blame"
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"title": "x", "timeline": {"started": "2026-11-20T14:02:00Z"}, '
        '"bog\\u001b]0;pwned\\u0007us\\u202e": 1}'
    )
    result = run("brief", str(bad), "--now", NOW)
    refused(result, "unknown key", "\\u001b")
    assert not INVISIBLE.search(result.stderr)


def test_imported_pager_text_cannot_drive_the_terminal(tmp_path: Path):
    payload = json.loads((ROOT / "tests/fixtures/import/pd_incident.json").read_text())
    payload["incident"]["title"] = f"Checkout {ESCAPES}"
    path = tmp_path / "pd.json"
    path.write_text(json.dumps(payload))
    result = run("import", "pagerduty", str(path))
    assert result.returncode in (0, 1), result.stderr
    assert "Checkout" in result.stdout
    assert not INVISIBLE.search(result.stdout) and not INVISIBLE.search(result.stderr)
    draft = tmp_path / "draft.yaml"
    draft.write_text(result.stdout)
    briefed = run("brief", str(draft), "--now", NOW, "--format", "md")
    assert not INVISIBLE.search(briefed.stdout + briefed.stderr)


# --- 5. Markdown injection ----------------------------------------------------------------

LINKS = (
    "see [the runbook](https://evil.example/login) and ![x](https://evil.example/t.png) "
    "<https://evil.example/auto> [click](javascript:alert(1)) https://evil.example/bare "
    "www.evil.example <img src=x onerror=alert(1)> *loud* `code` a|b ~~gone~~ &#91;x&#93;"
)


def _markdown_tokens(text: str) -> list[Any]:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = []
    for token in parser.parse(text):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


def test_link_and_image_syntax_in_incident_text_stays_text_in_every_markdown_file(
    tmp_path: Path,
):
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    data["title"] = f"Checkout {LINKS}"
    data["cause"]["summary"] = f"# a setting {LINKS}"
    data["timeline"]["events"][0]["what"] = f"1. paged {LINKS}"
    data["commitments"][0]["what"] = f"Report {LINKS}"
    data["asks"] = [f"- approve {LINKS}"]
    path = tmp_path / "links.json"
    path.write_text(json.dumps(data, default=str))
    out = tmp_path / "out"
    result = run("brief", str(path), "--now", NOW, "--out", str(out), "--format", "md")
    assert result.returncode in (0, 1), result.stderr
    for name in ("brief.md", "presenter.md"):
        text = (out / name).read_text(encoding="utf-8")
        tokens = _markdown_tokens(text)
        kinds = {t.type for t in tokens}
        assert not kinds & {"link_open", "image", "html_inline", "html_block", "s_open"}, name
        assert not any(t.type == "em_open" and t.markup == "*" for t in tokens), name
        words = " ".join(t.content for t in tokens if t.type in ("text", "code_inline"))
        for shown in ("the runbook", "https://evil.example/login", "<img src=x", "*loud*"):
            assert shown in words, (name, shown)
        # A bare address is code, which no viewer turns into a link; never plain text.
        plain = " ".join(t.content for t in tokens if t.type == "text")
        assert "://" not in plain and "www." not in plain, name
        headings = [t for t in tokens if t.type == "heading_open"]
        assert all(t.markup in ("#", "##", "###") for t in headings)


@pytest.mark.parametrize(
    "line", ["# a", "### a", "1. a", "2) a", "- a", "+ a", "> a", "---", "| a | b |", "    a"]
)
def test_incident_text_at_the_start_of_a_line_starts_no_block(line: str):
    from execbrief.render.markdown_text import text

    escaped = text(line)
    kinds = {t.type for t in _markdown_tokens(escaped)}
    assert kinds == {"paragraph_open", "inline", "text", "paragraph_close"}, escaped
    shown = "".join(t.content for t in _markdown_tokens(escaped) if t.type == "text")
    assert shown == " ".join(line.split())


# --- 6. one overwrite rule: execbrief replaces only its own, unchanged, files -------------


def test_brief_out_replaces_its_own_files_and_never_the_users(tmp_path: Path):
    out = tmp_path / "out"
    args = ["brief", str(EXAMPLE), "--now", NOW, "--format", "json", "--out", str(out)]
    first = run(*args)
    assert first.returncode == 0, first.stderr
    again = run(*args)  # the usual loop: facts change, brief again into the same folder
    assert again.returncode == 0, again.stderr
    assert "wrote" in again.stderr

    (out / "brief.md").write_text("# my own notes for the meeting\n")  # edited after
    (out / "notes.txt").write_text("mine")  # not one of execbrief's names: never touched
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    refused(run(*args), str(out / "brief.md"), "--out", "--force")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written

    forced = run(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "brief.md").read_text().startswith("# Checkout payments failing")
    assert (out / "notes.txt").read_text() == "mine"
    assert run(*args).returncode == 0  # replaced with --force, it is execbrief's own again


def test_a_file_or_link_in_the_way_of_a_first_brief_is_refused(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "presenter.md").write_text("written by hand")
    target = tmp_path / "elsewhere.md"
    target.write_text("keep")
    (out / "brief.md").symlink_to(target)
    result = run("brief", str(EXAMPLE), "--now", NOW, "--out", str(out))
    refused(result, "presenter.md", "brief.md")
    assert (out / "presenter.md").read_text() == "written by hand"
    assert target.read_text() == "keep" and (out / "brief.md").is_symlink()
    assert result.stdout == ""  # refused before any work


def test_calendar_follows_the_same_rule(saved_db: Path, tmp_path: Path):
    ics = tmp_path / "commitments.ics"
    args = ["calendar", "INC-2291", "--out", str(ics), "--db", str(saved_db)]
    assert run(*args).returncode == 0
    assert run(*args).returncode == 0  # its own file: replaced
    ics.write_text("my calendar")
    refused(run(*args), str(ics), "--force")
    assert ics.read_text() == "my calendar"
    assert run(*args, "--force").returncode == 0
    assert ics.read_text().startswith("BEGIN:VCALENDAR")


def test_init_never_overwrites(tmp_path: Path):
    target = tmp_path / "incident.yaml"
    target.write_text("mine")
    refused(run("init", str(target)), str(target), "never overwrites")
    assert target.read_text() == "mine"


# --- standing fuzz: hostile text through the loader and every Markdown and text output ---

_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "`",
        "*",
        "_",
        "~",
        "|",
        "#",
        "-",
        "1.",
        "&",
        "&#91;",
        "\\",
        "https://evil.example/x",
        "www.evil.example",
        "a@b.example",
        "javascript:",
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\x9b",
        "\u202e",
        "\u2066",
        "\x00",
        "\t",
        "\n",
        " ",
        "word",
        "Checkout",
        "é",
        "🔥",
    ]
)
HOSTILE_TEXT = st.lists(_PIECES | st.text(max_size=5), min_size=1, max_size=30).map("".join)


@settings(max_examples=400 * FUZZ, deadline=None)
@given(value=HOSTILE_TEXT)
def test_fuzz_markdown_text_shows_any_text_as_written_and_nothing_else(value: str):
    from execbrief.core.speech.untrusted import printable
    from execbrief.render.markdown_text import text

    escaped = text(value)
    assert "\n" not in escaped and not INVISIBLE.search(escaped)
    tokens = _markdown_tokens(escaped)
    kinds = {t.type for t in tokens}
    assert kinds <= {"paragraph_open", "inline", "text", "code_inline", "paragraph_close"}
    if "`" not in value and "|" not in value:
        shown = "".join(t.content for t in tokens if t.type in ("text", "code_inline"))
        assert shown == " ".join(printable(value).split())


@settings(max_examples=40 * FUZZ, deadline=None)
@given(title=HOSTILE_TEXT, cause=HOSTILE_TEXT, event=HOSTILE_TEXT)
def test_fuzz_any_incident_text_gives_clean_outputs(title: str, cause: str, event: str):
    """The loader and the text, Markdown and presenter outputs, on hostile text: an input
    error, or outputs with no control character and no link, image or HTML from the data."""
    from conftest import incident
    from execbrief.core.incident import IncidentInvalid
    from execbrief.core.story import compose
    from execbrief.render import render
    from execbrief.render.terminal import render as terminal

    try:
        item = incident(
            title=title,
            cause={"summary": cause, "status": "suspected"},
            timeline={"events": [{"at": "2026-11-20T14:10:00Z", "what": event}]},
        )
    except IncidentInvalid:
        return
    brief = compose(item, datetime(2026, 11, 20, 17, 30, tzinfo=UTC))
    for output in (render("md", brief), render("presenter", brief), terminal(brief)):
        assert isinstance(output, str)
        assert not INVISIBLE.search(output)
    for output in (render("md", brief), render("presenter", brief)):
        assert isinstance(output, str)
        kinds = {t.type for t in _markdown_tokens(output)}
        assert not kinds & {"link_open", "image", "html_inline", "html_block"}


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_deck_template_that_is_not_a_file_is_refused_at_once(tmp_path: Path, kind: str):
    template = Path(ENDLESS) if kind == "device" else tmp_path / "company.pptx"
    if kind == "pipe":
        os.mkfifo(template)  # no writer: opening it would wait forever
    out = tmp_path / "out"
    result = run(
        "brief",
        str(EXAMPLE),
        "--now",
        NOW,
        "--out",
        str(out),
        "--template",
        str(template),
        timeout=30,
    )
    refused(result, str(template), "--template")
    assert not out.exists()


FIXTURES = ROOT / "tests" / "fixtures" / "import"


@pytest.mark.parametrize(
    ("source", "fixture"),
    [
        ("pagerduty", "pd_webhook_resolved.json"),
        ("opsgenie", "opsgenie_alert.json"),
        ("alertmanager", "alertmanager_firing.json"),
        ("statuspage", "statuspage_incident.json"),
    ],
)
def test_importers_refuse_a_far_future_time_with_its_field(
    tmp_path: Path, source: str, fixture: str
):
    text = (FIXTURES / fixture).read_text()
    far = re.sub(r'"20\d\d-\d\d-\d\dT[\d:.]+(?:Z|[+-][\d:]+)"', '"9999-12-31T23:59:59-23:00"', text)
    assert far != text
    path = tmp_path / fixture
    path.write_text(far)
    refused(run("import", source, str(path)), str(path), OUT_OF_RANGE, f"{source}: ")


def test_an_importer_time_plus_a_huge_duration_is_an_input_error(tmp_path: Path):
    data = json.loads((FIXTURES / "opsgenie_alert.json").read_text())
    data["data"]["report"]["ackTime"] = 10**15  # milliseconds: 31,000 years after createdAt
    path = tmp_path / "alert.json"
    path.write_text(json.dumps(data))
    refused(run("import", "opsgenie", str(path)), str(path), "past the year 9999")
