"""`execbrief brief` and `execbrief check` as a user types them, run through the installed
console script in real subprocesses: every spelling of their options Click reads, odd file
names, stdin, bad input and usage errors, each with its exit code (SPEC section 7) and the
words the user sees; the files --out writes; a reader that goes away; and the libraries a
run loads, which decide how fast it starts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import entry_points
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = ROOT / "examples" / "checkout-outage.yaml"
NOW = "2026-11-20T17:30:00Z"  # after the example incidents' start, for reproducible briefs

SCRIPT = Path(sys.executable).parent / "execbrief"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "execbrief"]

RULES = (ROOT / "tests" / "fixtures" / "rules" / "top_customers.yaml").read_text()

DRAFT = (
    "John pushed a bad config and our p99 latency doubled. This will never happen again.\n"
    "Checkout failed for 47 minutes; we think about 3,000 customers saw errors.\n"
)
FOUND = "4 findings · 27 words"  # the draft's text report, last line
SUMMARY = '"findings"'  # the draft's --format json report
USAGE_CHECK = "Usage: execbrief check [OPTIONS] FILE"
USAGE_BRIEF = "Usage: execbrief brief [OPTIONS] FILE"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("check")
    paths = {
        "draft": folder / "draft.txt",
        "empty": folder / "empty.txt",
        "latin1": folder / "latin1.txt",
        "binary": folder / "binary.txt",
        "bad_glossary": folder / "bad-glossary.yaml",
        "glossary": folder / "glossary.yaml",
        "no_timeline": folder / "no-timeline.yaml",
        "json_incident": folder / "incident.json",
        "bad_yaml": folder / "bad.yaml",
        "rules": folder / "policy.yaml",
        "bad_rules": folder / "bad-policy.yaml",
    }
    paths["draft"].write_text(DRAFT)
    (folder / "-odd.txt").write_text(DRAFT)
    paths["empty"].write_text("")
    paths["latin1"].write_bytes("Le café a fermé à 14h.\n".encode("latin-1"))
    paths["binary"].write_bytes(b"\x00\x01binary")
    paths["bad_glossary"].write_text("terms: 3\n")
    paths["glossary"].write_text("allow: [p99]\n")
    paths["no_timeline"].write_text("execbrief: 1\ntitle: x\n")
    paths["json_incident"].write_text(
        '{"execbrief": 1, "title": "Checkout down", "timeline": {"started": '
        '"2026-11-20T14:02:00Z"}, "asks": ["Approve credits for some customers"]}'
    )
    paths["bad_yaml"].write_text("execbrief: 1\ntitle: [unclosed\ntimeline: {}\n")
    paths["rules"].write_text(RULES)
    paths["bad_rules"].write_text(RULES.replace("after: 4 hours", "after: soon"))
    named = {name: str(path) for name, path in paths.items()}
    named["folder"] = str(folder)
    named["missing"] = str(folder / "missing.txt")
    named["incident"] = str(INCIDENT)
    named["ongoing"] = str(ROOT / "examples" / "search-ongoing.yaml")
    named["now"] = NOW
    named["config"] = str(tmp_path_factory.mktemp("config"))  # no user glossary
    return named


class Case(NamedTuple):
    args: list[str]  # with {names} from `files`; runs in {folder}
    code: int  # the exit code
    out: str  # text stdout must hold ("" for nothing at all)
    err: str = ""  # text stderr must hold ("" for nothing at all)
    stdin: str | None = None


CASES: list[Case] = [
    # check: every spelling Click reads, stdin, odd names
    Case(["check", "{draft}"], 1, FOUND),
    Case(["check", "{draft}", "--format", "json"], 1, SUMMARY),
    Case(["check", "{draft}", "--format=json"], 1, SUMMARY),
    Case(["check", "{draft}", "-f", "json"], 1, SUMMARY),
    Case(["check", "{draft}", "-fjson"], 1, SUMMARY),
    Case(["check", "-ftext", "{draft}"], 1, FOUND),
    Case(["check", "--format", "json", "--fail-on", "warning", "{draft}"], 1, SUMMARY),
    Case(["check", "--format", "json", "--", "{draft}"], 1, SUMMARY),
    Case(["check", "--", "-odd.txt"], 1, "-odd.txt:1:"),
    Case(["check", "-odd.txt"], 2, "", "No such option: -o"),  # Click: options -o -d ...
    Case(["check", "-"], 1, "<stdin>:1:", stdin=DRAFT),
    Case(["check", "-f", "json", "--", "-"], 1, SUMMARY, stdin=DRAFT),
    Case(["check", "-"], 2, "", "error: <stdin>: the file is empty", stdin=""),
    Case(["check", "{missing}"], 2, "", "missing.txt: no such file\n  hint: give a text file"),
    Case(["check", "{folder}"], 2, "", "no such file"),
    Case(["check", "{empty}"], 2, "", "empty.txt: the file is empty"),
    Case(["check", "{latin1}"], 2, "", "latin1.txt: the file is not UTF-8 text"),
    Case(["check", "{binary}"], 2, "", "binary.txt: this is a binary file"),
    Case(["check", "{incident}"], 0, "3 findings"),
    Case(["check", "{incident}", "--format", "json", "--fail-on", "info"], 1, SUMMARY),
    Case(["check", "{json_incident}", "-fjson"], 0, SUMMARY),
    Case(
        ["check", "{no_timeline}"], 2, "", "no-timeline.yaml:1 (timeline): this field is required"
    ),
    Case(
        ["check", "{draft}", "--glossary", "{bad_glossary}"], 2, "", "bad-glossary.yaml:1 (terms)"
    ),
    Case(
        ["check", "{draft}", "--glossary={missing}"], 2, "", "(--glossary): no such glossary file"
    ),
    Case(["check", "{draft}", "--glossary", "{glossary}", "--glossary", "{glossary}"], 1, FOUND),
    Case(["check", "{draft}", "--fail-on", "never"], 0, FOUND),
    Case(["check", "{draft}", "--fail-on=info"], 1, FOUND),
    Case(["check", "{draft}", "--budget", "5"], 1, "5 findings"),  # one more: too long to say
    Case(["check", "{draft}", "--budget=007", "-fjson"], 1, '"length-spoken"'),
    Case(["check", "{draft}", "--budget", "-5"], 1, "5 findings"),  # Click reads -5 as the value
    Case(["check", "{draft}", "--format", "json", "--format", "text"], 1, FOUND),  # the last wins
    # check: usage errors and help, Typer's own
    Case(["check", "{draft}", "--format", "xml"], 2, "", "'xml' is not one of 'text', 'json'"),
    Case(["check", "{draft}", "-f=json"], 2, "", "'=json' is not one of"),
    Case(["check", "{draft}", "--fail-on="], 2, "", "Invalid value for '--fail-on'"),
    Case(["check", "{draft}", "--budget", "five"], 2, "", "'five' is not a valid int"),
    Case(["check", "{draft}", "--format"], 2, "", "Option '--format' requires an argument"),
    Case(["check", "{draft}", "--verbose"], 2, "", USAGE_CHECK),
    Case(["check", "{draft}", "-h"], 2, "", "No such option: -h"),
    Case(["check", "{draft}", "--help"], 0, USAGE_CHECK),
    Case(["check"], 2, "", "Missing argument 'FILE'"),
    Case(["check", "{draft}", "{draft}"], 2, "", "unexpected extra argument"),
    # brief: every format, --now, --rules, --template
    Case(["brief", "{incident}", "--now", "{now}"], 0, "INC-2291"),
    Case(["brief", "{incident}", "-fjson", "--now", "{now}"], 0, '"headline"'),
    Case(["brief", "{incident}", "--format=md", "--now={now}"], 0, "# "),
    Case(["brief", "--format", "html", "--now", "{now}", "--", "{incident}"], 0, "</html>"),
    # Both brief, and exit 1: not ready (no one counted the people hit; no owners named).
    Case(
        ["brief", "{json_incident}", "-f", "json", "--now", "{now}"],
        1,
        "Checkout down",
        "not ready for the meeting: the brief cannot say who was hit",
    ),
    Case(
        ["brief", "{ongoing}", "--now", "2026-11-26T22:00:00Z", "--format", "md"],
        1,
        "# ",
        "no owner named for: Root cause report; Next update to you",
    ),
    Case(  # an event at 4:05 p.m. cannot have happened by 4:00 p.m.: named, with its line
        ["brief", "{ongoing}", "--now", "2026-11-26T21:00:00Z"],
        2,
        "",
        "search-ongoing.yaml:17 (timeline.events[1].at): 2026-11-26T16:05:00-05:00 is after "
        "the moment of the brief (2026-11-26T16:00:00-05:00)",
    ),
    Case(
        ["brief", "{ongoing}", "--now", "2026-11-26T10:00:00Z"],
        2,
        "",
        "error: --now: --now is before the incident started\n  hint: give a time after",
    ),
    Case(["brief", "{incident}", "--now", "yesterday"], 2, "", "error: --now: 'yesterday' is not"),
    Case(["brief", "{incident}", "--now", "-1d"], 2, "", "error: --now: '-1d' is not"),
    Case(["brief", "{incident}", "--now", "{now}", "--now", "{now}"], 0, "INC-2291"),
    Case(
        ["brief", "{incident}", "--rules", "{rules}", "-fjson", "--now", "{now}"],
        0,
        "Top-customer promise",
    ),
    Case(
        ["brief", "{incident}", "--rules", "{rules}", "--rules={rules}", "--now={now}"],
        0,
        "Top-customer promise",
    ),
    Case(
        ["brief", "{incident}", "--rules", "{bad_rules}", "--now", "{now}"],
        2,
        "",
        "bad-policy.yaml:8 (rules[0].deadlines[0].after): 'soon' is not a period",
    ),
    Case(["brief", "{incident}", "--rules", "{missing}"], 2, "", "(--rules): no such rules file"),
    Case(
        ["brief", "{incident}", "--template", "{draft}", "--now", "{now}"],
        2,
        "",
        "error: --template: --template styles the deck, which is written only with --out",
    ),
    # brief: bad input
    Case(["brief", "{missing}"], 2, "", "missing.txt: no such file\n  hint: check the path"),
    Case(["brief", "-"], 2, "", "error: -: no such file"),  # Click reads "-" as a file name
    Case(["brief", "{folder}"], 2, "", "this is a folder, not an incident file"),
    Case(
        ["brief", "{no_timeline}"], 2, "", "no-timeline.yaml:1 (timeline): this field is required"
    ),
    Case(["brief", "{bad_yaml}", "--now", "{now}"], 2, "", "bad.yaml:3: not valid YAML"),
    Case(
        ["brief", "{draft}"], 2, "", "draft.txt:1 (top level): the file must hold incident fields"
    ),
    # brief: usage errors and help, Typer's own
    Case(["brief", "{incident}", "--format", "pdf"], 2, "", "'pdf' is not one of"),
    Case(["brief", "{incident}", "-f=json"], 2, "", "'=json' is not one of"),
    Case(["brief", "{incident}", "--out", "{draft}"], 2, "", "draft.txt' is a file"),
    Case(["brief", "{incident}", "--rules", "{folder}"], 2, "", "is a directory"),
    Case(["brief", "{incident}", "--template", "{folder}"], 2, "", "is a directory"),
    Case(["brief", "{incident}", "-o"], 2, "", "Option '-o' requires an argument"),
    Case(["brief", "{incident}", "--verbose"], 2, "", USAGE_BRIEF),
    Case(["brief", "{incident}", "--help"], 0, "--template FILE"),
    Case(["brief"], 2, "", "Missing argument 'FILE'"),
    Case(["brief", "{incident}", "{incident}"], 2, "", "unexpected extra argument"),
    # the program itself
    Case(["--help"], 0, "Usage: execbrief [OPTIONS] COMMAND [ARGS]..."),
    Case([], 2, "", "Usage: execbrief [OPTIONS] COMMAND [ARGS]..."),  # help, as a usage error
    Case(["version"], 0, "execbrief 0."),
    Case(["--version"], 0, "execbrief 0."),
]


def _arguments(template: list[str], files: dict[str, str]) -> list[str]:
    return [arg.format(**files) for arg in template]


def _run(args: list[str], stdin: str | None, config: str, cwd: str) -> tuple[str, str, int]:
    env = {**os.environ, "XDG_CONFIG_HOME": config, "COLUMNS": "100", "NO_COLOR": "1"}
    result = subprocess.run(
        [*COMMAND, *args],
        input=(stdin or "").encode(),
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    return result.stdout.decode(), result.stderr.decode(), result.returncode


@pytest.fixture(scope="module")
def results(files: dict[str, str]) -> list[tuple[str, str, int]]:
    """Every case, run once, four at a time."""

    def one(case: Case) -> tuple[str, str, int]:
        return _run(_arguments(case.args, files), case.stdin, files["config"], files["folder"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, CASES))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[" ".join(c.args) for c in CASES])
def test_each_invocation_prints_what_it_should_and_exits_with_its_code(results, index):
    case = CASES[index]
    stdout, stderr, code = results[index]
    assert "Traceback" not in stderr
    assert code == case.code, (stdout, stderr)
    if case.out:
        assert case.out in stdout, stdout
    elif case.code:
        assert stdout == "", stdout  # an error prints nothing to stdout
    if case.err:
        assert case.err in stderr, stderr
    elif case.args and case.code in (0, 1):
        assert stderr == "", stderr  # a clean run or findings: nothing on stderr


def test_the_cases_cover_a_clean_run_findings_and_errors():
    assert {case.code for case in CASES} == {0, 1, 2}


def _written(out: Path) -> dict[str, object]:
    """The files --out wrote, comparable across runs: the deck's zip entries carry the
    time they were written, so the deck is compared entry by entry; the PDF by its pages'
    text, in case a renderer stamps a date into it."""
    import zipfile

    from pypdf import PdfReader

    found: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.name == ".execbrief-files.json":
            continue  # the manifest of what execbrief wrote: digests of the deck's bytes
        if path.suffix == ".pptx":
            with zipfile.ZipFile(path) as deck:
                found[path.name] = {name: deck.read(name) for name in deck.namelist()}
        elif path.suffix == ".pdf":
            found[path.name] = [page.extract_text() for page in PdfReader(path).pages]
        else:
            found[path.name] = path.read_bytes()
    return found


def test_out_writes_every_format_the_same_on_every_run_and_says_so(files, tmp_path):
    out = tmp_path / "out"
    args = ["brief", files["incident"], "-o", str(out), "--format", "md", "--now", NOW]
    runs = []
    for _ in range(2):  # one after the other: both write to `out`
        printed = _run(args, None, files["config"], files["folder"])
        runs.append((printed, _written(out)))
        shutil.rmtree(out)
    (first, first_files), (second, second_files) = runs
    stdout, stderr, code = first
    assert code == 0 and stderr.startswith("wrote ") and str(out / "brief.pdf") in stderr
    assert sorted(first_files) == [
        "brief.html",
        "brief.json",
        "brief.md",
        "brief.pdf",
        "brief.pptx",
        "presenter.md",
    ]
    assert first_files["brief.md"] == stdout.encode()  # what was printed is what was written
    assert len(first_files["brief.pdf"]) >= 1  # type: ignore[arg-type]
    assert (first, first_files) == (second, second_files)


def _imported(args: list[str], config: str) -> tuple[set[str], int, bytes]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "execbrief", *args],
        capture_output=True,
        env={**os.environ, "XDG_CONFIG_HOME": config},
        timeout=120,
    )
    lines = result.stderr.decode().splitlines()
    names = {line.split("|")[-1].strip() for line in lines if line.startswith("import time:")}
    return {name.split(".")[0] for name in names}, result.returncode, result.stdout


def test_checking_a_plain_draft_loads_no_pydantic_rich_or_yaml(files):
    modules, code, stdout = _imported(["check", files["draft"], "-fjson"], files["config"])
    assert code == 1 and b'"blame"' in stdout  # the check ran, and found the blame
    assert "execbrief" in modules and "typer" in modules  # the import log is read correctly
    assert modules & {"pydantic", "pydantic_core", "rich", "yaml"} == set()


def test_the_import_check_sees_heavy_modules_when_they_are_loaded(files):
    """An incident file needs YAML and the model; the same probe must notice them."""
    modules, code, _ = _imported(["check", files["incident"]], files["config"])
    assert code in (0, 1)
    assert {"yaml", "pydantic"} <= modules


@pytest.mark.parametrize(("fmt", "rich"), [("json", set()), ("md", set()), ("text", {"rich"})])
def test_only_the_terminal_brief_loads_rich(files, fmt, rich):
    args = ["brief", files["incident"], "--format", fmt, "--now", NOW]
    modules, code, stdout = _imported(args, files["config"])
    assert code == 0 and b"INC-2291" in stdout  # the brief was written
    assert {"execbrief", "yaml", "pydantic"} <= modules  # the import log is read correctly
    assert modules & {"rich"} == rich


def test_help_loads_no_heavy_library(files):
    modules, code, stdout = _imported(["--help"], files["config"])
    assert code == 0 and b"brief" in stdout
    heavy = {"pydantic", "rich", "yaml", "sqlalchemy", "weasyprint", "pptx", "matplotlib"}
    assert modules & heavy == set()


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(["check", "-"], DRAFT * 2000), (["brief", str(INCIDENT), "--format", "md"], "")],
)
def test_a_reader_that_went_away_ends_the_command_quietly(files, args, stdin):
    result = _run_with_no_reader(args, files, stdin)
    assert (result.returncode, result.stderr) == (0, b"")


def _run_with_no_reader(args: list[str], files, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the command with its stdout a pipe whose reading end is already closed."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read stdout
    try:
        return subprocess.run(
            [*COMMAND, *args],
            input=stdin.encode(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, "XDG_CONFIG_HOME": files["config"]},
            timeout=120,
        )
    finally:
        os.close(write_end)


def test_out_files_are_written_when_the_reader_went_away(files, tmp_path):
    """`execbrief brief x.yaml --out DIR | head`: the printing stops, the files do not."""
    out = tmp_path / "out"
    args = ["brief", str(INCIDENT), "--out", str(out), "--now", NOW, "-fmd"]
    result = _run_with_no_reader(args, files)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".execbrief-files.json",
        "brief.html",
        "brief.json",
        "brief.md",
        "brief.pdf",
        "brief.pptx",
        "presenter.md",
    ]


def test_the_console_script_and_python_m_start_at_the_typer_app():
    (script,) = entry_points(group="console_scripts", name="execbrief")
    assert script.value == "execbrief.cli:main"
    main = (ROOT / "src" / "execbrief" / "__main__.py").read_text()
    assert "from execbrief.cli import main" in main
