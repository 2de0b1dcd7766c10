"""The `execbrief` command, run the way a user runs it: the installed console script in a
subprocess. Covers SPEC sections 1, 2, 4 and 7 from the outside: exit codes, the JSON
contract, hand-checked numbers, and error messages that name file, line and field
without a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import OBLIGATION_KEYS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CHECKOUT = ROOT / "examples" / "checkout-outage.yaml"
NOW = "2026-11-26T17:50:00-05:00"

SCRIPT = Path(sys.executable).parent / "execbrief"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "execbrief"]

SECTION_KEYS = ["what_happened", "impact", "cause", "fix", "recurrence", "asks", "next_steps"]
IMPACT_KEYS = {
    "customer_impact_minutes",
    "time_to_detect_minutes",
    "time_to_mitigate_minutes",
    "users_affected",
    "revenue_lost",
    "sla_credits",
    "response_cost",
}
TOP_KEYS = {
    "headline",
    "impact",
    "sections",
    "script",
    "qa",
    "obligations",
    "unknowns",
    "readiness",
}


MINIMAL = "title: Checkout payments failing\ntimeline:\n  started: 2026-11-20T14:02:00Z\n"


def run(*args: str | Path, cwd: Path | None = None, umask: int | None = None, timeout: float = 60):
    """Run the real console entry point; return the CompletedProcess (text mode)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [*COMMAND, *(str(a) for a in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def ready_code(doc: dict) -> int:
    """SPEC section 7: brief exits 1 when the brief is not ready for the meeting, else 0."""
    return 1 if doc["readiness"]["verdict"] == "not_ready" else 0


def brief_json(path: Path, now: str = NOW) -> dict:
    result = run("brief", path, "--format", "json", "--now", now)
    doc = json.loads(result.stdout)
    assert result.returncode == ready_code(doc), result.stderr
    assert ("not ready for the meeting" in result.stderr) == (result.returncode == 1)
    return doc


@functools.cache
def example_json(path: Path) -> dict:
    """The --format json brief of a bundled example at NOW, made once per test session."""
    return brief_json(path)


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout


def words(text: str) -> str:
    """Text without box-drawing characters and with runs of space collapsed."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


# --- every example, every format ---------------------------------------------------------


def test_examples_exist():
    names = {p.name for p in EXAMPLES}
    assert "checkout-outage.yaml" in names
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_briefs_in_every_format(example: Path, fmt: str):
    result = run("brief", example, "--format", fmt, "--now", NOW)
    assert result.returncode == ready_code(example_json(example)), result.stderr
    no_traceback(result)
    assert result.stdout.strip()
    if fmt == "json":
        json.loads(result.stdout)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_json_has_the_spec_contract_keys(example: Path):
    doc = example_json(example)
    assert doc.keys() >= TOP_KEYS
    assert isinstance(doc["headline"], str) and doc["headline"].strip()
    assert doc["impact"].keys() >= IMPACT_KEYS
    shapes = {
        "users_affected": {"low", "likely", "high"},
        "revenue_lost": {"low", "likely", "high", "currency", "method"},
        "sla_credits": {"total", "currency", "by_contract"},
        "response_cost": {"amount", "currency"},
    }
    for key, fields in shapes.items():
        if doc["impact"][key] is not None:
            assert doc["impact"][key].keys() >= fields, key
    assert [s["key"] for s in doc["sections"]] == SECTION_KEYS
    for section in doc["sections"]:
        assert {"key", "title", "text"} <= section.keys()
    assert doc["script"], "the spoken script is never empty"
    for line in doc["script"]:
        assert line["speaker"] in {"you", "ceo"}
        assert isinstance(line["text"], str) and line["text"]
    assert isinstance(doc["qa"], list)
    if "\nexposure:" in example.read_text():
        assert doc["obligations"], "an incident with exposure facts has obligations"
    else:
        assert doc["obligations"] == []
    for entry in doc["obligations"]:
        assert entry.keys() >= OBLIGATION_KEYS
        assert entry["status"] in {"clock not started", "running", "due within 24 hours", "overdue"}
    assert isinstance(doc["unknowns"], list)
    assert doc["readiness"]["verdict"] in {"ready", "ready_with_gaps", "not_ready"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_ranges_in_every_example_are_ordered(example: Path):
    impact = example_json(example)["impact"]
    users = impact["users_affected"]
    if users is not None:
        assert users["low"] <= users["high"]
        assert users["likely"] is None or users["low"] <= users["likely"] <= users["high"]
    revenue = impact["revenue_lost"]
    if revenue is not None:
        assert revenue["low"] <= revenue["likely"] <= revenue["high"]
        assert revenue["method"] in {"finance", "observed", "estimated"}


def test_unknown_values_are_null_never_zero(tmp_path: Path):
    path = tmp_path / "bare.yaml"
    path.write_text(MINIMAL)
    impact = brief_json(path, now="2026-11-20T15:00:00Z")["impact"]
    assert impact["customer_impact_minutes"] == 58
    for key in IMPACT_KEYS - {"customer_impact_minutes"}:
        assert impact[key] is None, key


def test_same_now_gives_the_same_json():
    assert brief_json(CHECKOUT) == brief_json(CHECKOUT)


# --- the checkout example, checked by hand (SPEC section 4) -----------------------------


def D(value) -> Decimal:
    return Decimal(str(value))


@pytest.fixture(scope="module")
def checkout() -> dict:
    return example_json(CHECKOUT)


def test_checkout_durations(checkout: dict):
    impact = checkout["impact"]
    assert impact["customer_impact_minutes"] == 47  # 14:02 → 14:49
    assert impact["time_to_detect_minutes"] == 3  # 14:02 → 14:05
    assert impact["time_to_mitigate_minutes"] == 44  # 14:05 → 14:49


def test_checkout_users(checkout: dict):
    assert checkout["impact"]["users_affected"] == {"low": 48200, "likely": 48200, "high": 48200}


def test_checkout_revenue_observed(checkout: dict):
    revenue = checkout["impact"]["revenue_lost"]
    gross = Decimal(1150) * Decimal(86)
    assert revenue["method"] == "observed"
    assert revenue["currency"] == "USD"
    assert D(revenue["likely"]) == gross * (1 - Decimal("0.45")) == 54395
    assert D(revenue["low"]) == gross * (1 - Decimal("0.6")) == 39560
    assert D(revenue["high"]) == gross * (1 - Decimal("0.3")) == 69230


def test_checkout_revenue_cross_check_estimated(checkout: dict):
    cross = checkout["impact"]["revenue_lost"]["cross_check"]
    assert cross["method"] == "estimated"
    gross = Decimal(2400) * 47 * Decimal("0.62")
    assert D(cross["likely"]) == gross * Decimal("0.55") == Decimal("38464.8")
    assert D(cross["low"]) == gross * Decimal("0.4")
    assert D(cross["high"]) == gross * Decimal("0.7")


def test_checkout_sla_credits(checkout: dict):
    credits = checkout["impact"]["sla_credits"]
    uptime = (1 - Decimal(47) / (30 * 24 * 60)) * 100  # November has 30 days
    assert Decimal("99.0") < uptime < Decimal("99.95")  # only the 10% tier applies
    assert D(credits["total"]) == Decimal("0.10") * 12000 * 42 == 50400
    assert credits["currency"] == "USD"
    [contract] = credits["by_contract"]
    assert D(contract["monthly_uptime_percent"]) == Decimal("99.891")
    assert D(contract["credit_percent"]) == 10
    assert D(contract["amount"]) == 50400
    assert contract["target_met"] is False


def test_checkout_response_cost(checkout: dict):
    cost = checkout["impact"]["response_cost"]
    hours = Decimal(145) / 60  # detected 14:05 → resolved 16:30
    assert D(cost["amount"]) == (9 * hours * 120).quantize(Decimal("0.01")) == 2610
    assert cost["currency"] == "USD"


def test_checkout_headline_says_the_key_facts(checkout: dict):
    headline = checkout["headline"]
    assert "47 minutes" in headline
    assert "48,200" in headline
    assert "$54,000" in headline


# --- bad input: exit 2, a message naming file, line and field, no traceback ------------

BASE = "title: T\ntimeline:\n  started: 2026-11-20T14:02:00Z\n"

# name, file name, content (bytes), field in message, line, other text in message
BAD_FILES = [
    ("malformed-yaml", "bad.yaml", b"title: [unclosed\ntimeline: {started: x\n", None, 2, "YAML"),
    ("empty", "empty.yaml", b"", None, None, "empty"),
    ("whitespace-only", "blank.yaml", b"  \n\n\t \n", None, None, "empty"),
    ("binary", "data.yaml", b"\x00\x01\x02\xff\xfe" * 20, None, None, "binary"),
    ("not-utf8", "latin.yaml", b"title: caf\xe9\n", None, None, "UTF-8"),
    (
        "missing-started",
        "i.yaml",
        b"title: T\ntimeline:\n  detected: 2026-11-20T14:05:00Z\n",
        "timeline.started",
        2,
        "required",
    ),
    (
        "missing-title",
        "i.yaml",
        b"timeline:\n  started: 2026-11-20T14:02:00Z\n",
        "title",
        None,
        "required",
    ),
    (
        "mitigated-before-started",
        "i.yaml",
        (BASE + "  mitigated: 2026-11-20T13:02:00Z\n").encode(),
        "timeline.mitigated",
        4,
        "before",
    ),
    (
        "no-offset-no-zone",
        "i.yaml",
        b"title: T\ntimeline:\n  started: 2026-11-20T14:02:00\n",
        "timeline.started",
        3,
        "offset",
    ),
    (
        "negative-count",
        "i.yaml",
        (BASE + "impact:\n  users_affected: -5\n").encode(),
        "impact.users_affected",
        5,
        "negative",
    ),
    (
        "negative-failed-transactions",
        "i.yaml",
        (BASE + "impact:\n  failed_transactions: -1\n").encode(),
        "impact.failed_transactions",
        5,
        "negative",
    ),
    (
        "non-numeric-count",
        "i.yaml",
        (BASE + "impact:\n  failed_transactions: lots\n").encode(),
        "impact.failed_transactions",
        5,
        "number",
    ),
    (
        "share-above-one",
        "i.yaml",
        (BASE + "impact:\n  traffic_failing: 1.5\n").encode(),
        "impact.traffic_failing",
        5,
        "between 0 and 1",
    ),
    (
        "recapture-out-of-range",
        "i.yaml",
        (BASE + "impact:\n  revenue:\n    recapture: {low: 0.2, high: 1.2}\n").encode(),
        "impact.revenue.recapture.high",
        6,
        "between 0 and 1",
    ),
    (
        "unknown-key-did-you-mean",
        "i.yaml",
        b"title: T\ntimline:\n  started: 2026-11-20T14:02:00Z\n",
        "timline",
        2,
        "did you mean 'timeline'",
    ),
    (
        "impossible-date",
        "i.yaml",
        b"title: T\ntimeline:\n  started: 2026-02-30T10:00:00Z\n",
        "timeline.started",
        3,
        "2026-02-30",
    ),
    (
        "unknown-time-zone",
        "i.yaml",
        b"title: T\naudience: {timezone: Mars/Olympus}\n"
        b"timeline:\n  started: 2026-11-20T14:02:00Z\n",
        "audience.timezone",
        2,
        "Mars/Olympus",
    ),
    (
        "confirmed-cause-without-summary",
        "i.yaml",
        (BASE + "cause:\n  status: confirmed\n").encode(),
        "cause.summary",
        None,
        "confirmed",
    ),
    (
        "invalid-json",
        "i.json",
        b'{\n  "title": "T",\n  "timeline": {"started": "2026-11-20T14:02:00Z",}\n}\n',
        None,
        3,
        "JSON",
    ),
    (
        "json-field-error-with-line",
        "i.json",
        b'{\n  "title": "T",\n  "timeline": {"started": "2026-11-20T14:02:00Z"},\n'
        b'  "impact": {\n    "traffic_failing": 1.5\n  }\n}\n',
        "impact.traffic_failing",
        5,
        "between 0 and 1",
    ),
    ("top-level-list", "i.yaml", b"- title: T\n- started: now\n", None, 1, "not a list"),
    ("top-level-scalar", "i.yaml", b"just some words\n", None, 1, "not a str"),
]


@pytest.mark.parametrize(
    ("filename", "content", "field", "line", "text"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_FILES],
)
def test_bad_file_exits_2_with_a_clear_message(
    tmp_path: Path, filename: str, content: bytes, field: str | None, line: int | None, text: str
):
    path = tmp_path / filename
    path.write_bytes(content)
    result = run("brief", path, "--format", "json", "--now", NOW)
    assert result.returncode == 2, result.stderr
    no_traceback(result)
    assert result.stdout == ""
    assert str(path) in result.stderr
    assert text in result.stderr
    if field is not None:
        assert f"({field})" in result.stderr
    if line is not None:
        assert re.search(re.escape(str(path)) + rf":{line}\b", result.stderr), result.stderr


def test_missing_file(tmp_path: Path):
    path = tmp_path / "nowhere.yaml"
    result = run("brief", path)
    assert result.returncode == 2
    no_traceback(result)
    assert str(path) in result.stderr
    assert "no such file" in result.stderr


def test_directory_instead_of_file(tmp_path: Path):
    folder = tmp_path / "incident.yaml"
    folder.mkdir()
    result = run("brief", folder)
    assert result.returncode == 2
    no_traceback(result)
    assert str(folder) in result.stderr
    assert "folder" in result.stderr


def test_time_without_offset_is_read_in_the_audience_zone(tmp_path: Path):
    path = tmp_path / "local.yaml"
    path.write_text(
        "title: T\naudience: {timezone: America/New_York}\ntimeline:\n"
        "  started: 2026-11-20T09:02:00\n  mitigated: 2026-11-20T09:49:00\n"
    )
    result = run("brief", path, "--format", "json", "--now", NOW)
    doc = json.loads(result.stdout)
    assert result.returncode == ready_code(doc), result.stderr
    assert doc["impact"]["customer_impact_minutes"] == 47


def test_all_problems_are_reported_at_once(tmp_path: Path):
    path = tmp_path / "two.yaml"
    path.write_text(BASE + "impact:\n  users_affected: -5\n  traffic_failing: 1.5\n")
    result = run("brief", path)
    assert result.returncode == 2
    assert "impact.users_affected" in result.stderr
    assert "impact.traffic_failing" in result.stderr


@pytest.mark.parametrize(
    "now", ["yesterday", "2026-11-20T18:00:00", "2026-11-20", "2026-13-01T00:00:00Z", ""]
)
def test_bad_now_exits_2(tmp_path: Path, now: str):
    path = tmp_path / "i.yaml"
    path.write_text(BASE)
    result = run("brief", path, "--now", now)
    assert result.returncode == 2, result.stderr
    no_traceback(result)
    assert "--now" in result.stderr


def test_now_before_an_ongoing_incident_started_exits_2():
    result = run("brief", ROOT / "examples" / "search-ongoing.yaml", "--now", "2026-11-26T10:00Z")
    assert result.returncode == 2, result.stderr
    no_traceback(result)
    assert "--now" in result.stderr
    assert "before" in result.stderr


def test_now_after_an_ongoing_incident_started_counts_minutes_to_now(tmp_path: Path):
    path = tmp_path / "ongoing.yaml"
    path.write_text(MINIMAL)
    doc = brief_json(path, now="2026-11-20T15:32:00Z")
    assert doc["impact"]["customer_impact_minutes"] == 90
    assert doc["impact"]["ongoing"] is True
    assert doc["impact"]["time_to_mitigate_minutes"] is None


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        pytest.param("deep.yaml", "title: " + "[" * 100_000, id="yaml"),
        pytest.param("deep.json", "[" * 100_000, id="json"),
        pytest.param("alias.yaml", "a: &x [*x]\n", id="self-alias"),
        pytest.param("alias2.yaml", "&x {title: T, self: *x}\n", id="self-alias-mapping"),
    ],
)
def test_deeply_nested_or_self_referencing_file_exits_2(tmp_path: Path, filename: str, text: str):
    path = tmp_path / filename
    path.write_text(text)
    result = run("brief", path)
    no_traceback(result)
    assert result.returncode == 2
    assert str(path) in result.stderr


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path):
    # "billion laughs": 300 bytes that expand to 10**9 values if aliases are followed
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = run("brief", path, timeout=10)
    no_traceback(result)
    assert result.returncode == 2
    assert re.search(re.escape(str(path)) + r":\d+", result.stderr), result.stderr


def test_unknown_command_and_option_exit_2():
    assert run("nonsense").returncode == 2
    result = run("brief", CHECKOUT, "--format", "pdf")
    assert result.returncode == 2
    no_traceback(result)


# --- bad input that once escaped as a traceback --------------------------------------


@pytest.mark.parametrize("zone", ["America", "Europe", "x" * 300])
def test_time_zone_that_is_a_folder_or_too_long_is_an_input_error(tmp_path: Path, zone: str):
    path = tmp_path / "zone.yaml"
    path.write_text(f"title: T\naudience: {{timezone: {zone}}}\n" + BASE.split("\n", 1)[1])
    result = run("brief", path)
    no_traceback(result)
    assert result.returncode == 2
    assert "audience.timezone" in result.stderr


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f"])
def test_control_character_is_an_input_error(tmp_path: Path, char: str):
    path = tmp_path / "ctrl.yaml"
    path.write_text(f"title: T{char}\n" + BASE.split("\n", 1)[1])
    result = run("brief", path)
    no_traceback(result)
    assert result.returncode == 2
    assert str(path) in result.stderr


@pytest.mark.parametrize("text", ["? [a, b]\n: c\n", "a: {[a]: 1}\n", "? {a: 1}\n: c\n"])
def test_non_text_mapping_key_is_an_input_error(tmp_path: Path, text: str):
    path = tmp_path / "key.yaml"
    path.write_text(text)
    result = run("brief", path)
    no_traceback(result)
    assert result.returncode == 2
    assert str(path) in result.stderr


@pytest.mark.parametrize(
    "impact",
    [
        "impact:\n  revenue: {per_minute: 1e30}\n",
        "impact:\n  users_affected: 10000000000000000000000000000000000000000\n",
    ],
    ids=["per-minute-1e30", "users-1e40"],
)
def test_absurdly_large_figures_are_refused_not_crashed_on(tmp_path: Path, impact: str):
    path = tmp_path / "huge.yaml"
    path.write_text(BASE + "  mitigated: 2026-11-20T15:02:00Z\n" + impact)
    result = run("brief", path, "--now", NOW)
    no_traceback(result)
    assert result.returncode in {0, 2}


# --- help, schema, init ------------------------------------------------------------------


def test_help():
    result = run("--help")
    assert result.returncode == 0
    for command in ("brief", "demo", "schema", "init"):
        assert command in result.stdout


def test_no_arguments_shows_help_without_traceback():
    result = run()
    no_traceback(result)
    assert "brief" in result.stdout + result.stderr


def test_brief_help():
    result = run("brief", "--help")
    assert result.returncode == 0
    assert "--now" in result.stdout
    assert "--format" in result.stdout


def test_schema_is_json_with_timeline():
    result = run("schema")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert "timeline" in document["properties"]
    assert "title" in document["properties"]
    assert set(document["required"]) >= {"title", "timeline"}


def test_init_writes_a_template_and_never_overwrites(tmp_path: Path):
    target = tmp_path / "incident.yaml"
    first = run("init", target)
    assert first.returncode == 0, first.stderr
    assert target.is_file()
    written = target.read_bytes()
    assert b"timeline:" in written

    target.write_text(target.read_text() + "# my notes\n")
    mine = target.read_bytes()
    second = run("init", target)
    assert second.returncode == 2
    no_traceback(second)
    assert str(target) in second.stderr
    assert target.read_bytes() == mine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.yaml"]


def test_init_default_name_in_current_folder(tmp_path: Path):
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "incident.yaml").is_file()


def test_init_dash_prints_the_template(tmp_path: Path):
    result = run("init", "-", cwd=tmp_path)
    assert result.returncode == 0
    assert "timeline:" in result.stdout
    assert "title:" in result.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a file called "-"
    target = tmp_path / "t.yaml"
    assert run("init", target).returncode == 0
    assert target.read_text(encoding="utf-8") == result.stdout


def test_unfilled_template_names_the_two_required_fields(tmp_path: Path):
    target = tmp_path / "incident.yaml"
    run("init", target)
    result = run("brief", target)
    assert result.returncode == 2
    no_traceback(result)
    assert "(title)" in result.stderr
    assert "(timeline.started)" in result.stderr


def test_filled_template_briefs(tmp_path: Path):
    target = tmp_path / "incident.yaml"
    assert run("init", target).returncode == 0
    text = target.read_text(encoding="utf-8")
    text, titles = re.subn(r"(?m)^title:.*$", "title: Checkout payments failing", text)
    text, starts = re.subn(r"(?m)^  started:.*$", "  started: 2026-11-20T14:02:00Z", text)
    assert titles == 1 and starts == 1
    target.write_text(text, encoding="utf-8")
    for fmt in ("text", "json", "md"):
        result = run("brief", target, "--format", fmt, "--now", "2026-11-20T15:00:00Z")
        # A template with only a title and a start briefs, but is not ready for the meeting.
        assert result.returncode == 1, result.stderr
        assert "not ready for the meeting: the brief cannot say who was hit" in result.stderr
        assert result.stdout.strip()
    assert (
        json.loads(
            run("brief", target, "--format", "json", "--now", "2026-11-20T15:00:00Z").stdout
        )["impact"]["customer_impact_minutes"]
        == 58
    )


def test_written_files_respect_the_umask(tmp_path: Path):
    target = tmp_path / "incident.yaml"
    assert run("init", target, umask=0o022).returncode == 0
    assert target.stat().st_mode & 0o777 == 0o644


# --- --out --------------------------------------------------------------------------------

ALL_FILES = ["brief.html", "brief.json", "brief.md", "brief.pdf", "brief.pptx", "presenter.md"]


def test_out_writes_every_file_format_and_nothing_else(tmp_path: Path):
    """One run (all six formats take a few seconds): made on the way, files in the way
    replaced with --force without leftovers, the umask kept, the files match what
    --format prints, and the manifest names them as execbrief's own."""
    out = tmp_path / "briefs" / "inc-2291"  # not there yet: made on the way
    out.mkdir(parents=True)
    (out / "brief.json").write_text("old")
    (out / "brief.md").write_text("old")
    result = run(
        "brief", CHECKOUT, "--out", out, "--format", "json", "--now", NOW, "--force", umask=0o022
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".execbrief-files.json", *ALL_FILES]
    for name in ALL_FILES:
        assert (out / name).stat().st_mode & 0o777 == 0o644, name
    assert (out / "brief.json").read_text(encoding="utf-8") == result.stdout
    assert json.loads((out / "brief.json").read_text(encoding="utf-8")) == brief_json(CHECKOUT)
    md = run("brief", CHECKOUT, "--format", "md", "--now", NOW)
    assert (out / "brief.md").read_text(encoding="utf-8") == md.stdout
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "brief.pptx").read_bytes().startswith(b"PK")
    html = run("brief", CHECKOUT, "--format", "html", "--now", NOW)
    assert (out / "brief.html").read_text(encoding="utf-8") == html.stdout


def test_a_bad_deck_template_exits_2_before_writing_anything(tmp_path: Path):
    template = tmp_path / "company.pptx"
    template.write_text("not a deck")
    out = tmp_path / "out"
    result = run("brief", CHECKOUT, "--out", out, "--template", template, "--now", NOW)
    assert result.returncode == 2
    no_traceback(result)
    assert "company.pptx" in result.stderr and "--template" in result.stderr
    assert not out.exists()


def test_out_onto_a_file_exits_2(tmp_path: Path):
    blocker = tmp_path / "taken"
    blocker.write_text("keep me")
    result = run("brief", CHECKOUT, "--out", blocker, "--now", NOW)
    assert result.returncode == 2
    no_traceback(result)
    assert blocker.read_text() == "keep me"


# --- demo ---------------------------------------------------------------------------------


def test_demo_prints_the_headline():
    headline = json.loads(run("demo", "--format", "json").stdout)["headline"]
    result = run("demo")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert words(headline) in words(result.stdout)


def test_demo_json_parses_and_matches_the_example():
    result = run("demo", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc.keys() >= TOP_KEYS
    assert doc["incident"]["id"] == "INC-2291"
    assert doc["impact"]["revenue_lost"]["likely"] == 54395


def test_demo_markdown():
    result = run("demo", "--format", "md")
    assert result.returncode == 0
    assert "Checkout" in result.stdout


def test_a_deck_template_without_out_exits_2(tmp_path: Path):
    result = run("brief", CHECKOUT, "--template", tmp_path / "company.pptx", "--now", NOW)
    assert result.returncode == 2
    no_traceback(result)
    assert "--out" in result.stderr
