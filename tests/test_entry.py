"""The entry point's fast paths for `check` and `brief` (execbrief.entry): they read exactly
the argument spellings Click reads for each command, hand everything else to Typer, print
the same bytes, write the same files and exit with the same codes as the Typer commands,
and load no Typer; a plain-text draft loads none of pydantic, rich or YAML either. Every
case runs both ways in real subprocesses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from execbrief.entry import parse_brief, parse_check

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = ROOT / "examples" / "checkout-outage.yaml"
HEAVY = {"typer", "click", "pydantic", "pydantic_core", "rich", "yaml"}
NOW = "2026-11-20T17:30:00Z"  # after the example incidents' start, for reproducible briefs

# Both ways in run as the program "execbrief", so that Typer's usage lines match.
RUN_ENTRY = "import sys; sys.argv[0] = 'execbrief'; from execbrief.entry import main; main()"
RUN_TYPER = "import sys; sys.argv[0] = 'execbrief'; from execbrief.cli import main; main()"

RULES = (ROOT / "tests" / "fixtures" / "rules" / "top_customers.yaml").read_text()

DRAFT = (
    "John pushed a bad config and our p99 latency doubled. This will never happen again.\n"
    "Checkout failed for 47 minutes; we think about 3,000 customers saw errors.\n"
)


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


# (arguments with {names} from `files`, stdin, whether the fast path takes it)
CASES: list[tuple[list[str], str | None, bool]] = [
    (["check", "{draft}"], None, True),
    (["check", "{draft}", "--format", "json"], None, True),
    (["check", "{draft}", "--format=json"], None, True),
    (["check", "{draft}", "-f", "json"], None, True),
    (["check", "{draft}", "-fjson"], None, True),
    (["check", "-ftext", "{draft}"], None, True),
    (["check", "--format", "json", "--fail-on", "warning", "{draft}"], None, True),
    (["check", "--format", "json", "--", "{draft}"], None, True),
    (["check", "--", "-odd.txt"], None, True),  # runs in {folder}
    (["check", "-odd.txt"], None, False),  # Click reads -odd.txt as options -o -d ...
    (["check", "-"], DRAFT, True),
    (["check", "-f", "json", "--", "-"], DRAFT, True),
    (["check", "-"], "", True),
    (["check", "{missing}"], None, True),
    (["check", "{folder}"], None, True),
    (["check", "{empty}"], None, True),
    (["check", "{latin1}"], None, True),
    (["check", "{binary}"], None, True),
    (["check", "{incident}"], None, True),
    (["check", "{incident}", "--format", "json", "--fail-on", "info"], None, True),
    (["check", "{json_incident}", "-fjson"], None, True),
    (["check", "{no_timeline}"], None, True),
    (["check", "{draft}", "--glossary", "{bad_glossary}"], None, True),
    (["check", "{draft}", "--glossary={missing}"], None, True),
    (["check", "{draft}", "--glossary", "{glossary}", "--glossary", "{glossary}"], None, True),
    (["check", "{draft}", "--fail-on", "never"], None, True),
    (["check", "{draft}", "--fail-on=info"], None, True),
    (["check", "{draft}", "--budget", "5"], None, True),
    (["check", "{draft}", "--budget=007", "-fjson"], None, True),
    (["brief", "{incident}", "--now", "{now}"], None, True),
    (["brief", "{incident}", "-fjson", "--now", "{now}"], None, True),
    (["brief", "{incident}", "--format=md", "--now={now}"], None, True),
    (["brief", "--format", "html", "--now", "{now}", "--", "{incident}"], None, True),
    (["brief", "{json_incident}", "-f", "json", "--now", "{now}"], None, True),
    (["brief", "{ongoing}", "--now", "2026-11-26T21:00:00Z", "--format", "md"], None, True),
    (["brief", "{ongoing}", "--now", "2026-11-26T10:00:00Z"], None, True),  # before the start
    (["brief", "{incident}", "--now", "yesterday"], None, True),
    (["brief", "{incident}", "--rules", "{rules}", "-fjson", "--now", "{now}"], None, True),
    (["brief", "{incident}", "--rules", "{rules}", "--rules={rules}", "--now={now}"], None, True),
    (["brief", "{incident}", "--rules", "{bad_rules}", "--now", "{now}"], None, True),
    (["brief", "{incident}", "--rules", "{missing}", "--now", "{now}"], None, True),
    (["brief", "{incident}", "--template", "{draft}", "--now", "{now}"], None, True),
    (["brief", "{missing}"], None, True),
    (["brief", "-"], None, True),  # Click reads "-" as a file name for brief
    (["brief", "{folder}"], None, True),
    (["brief", "{no_timeline}"], None, True),
    (["brief", "{bad_yaml}", "--now", "{now}"], None, True),
    (["brief", "{draft}"], None, True),
    # Typer's alone: help, usage errors, bad values, anything unusual
    (["check", "{draft}", "--format", "xml"], None, False),
    (["check", "{draft}", "-f=json"], None, False),
    (["check", "{draft}", "--fail-on="], None, False),
    (["check", "{draft}", "--budget", "-5"], None, False),
    (["check", "{draft}", "--budget", "five"], None, False),
    (["check", "{draft}", "--format", "json", "--format", "text"], None, False),
    (["check", "{draft}", "--format"], None, False),
    (["check", "{draft}", "--verbose"], None, False),
    (["check", "{draft}", "-h"], None, False),
    (["check", "{draft}", "--help"], None, False),
    (["check"], None, False),
    (["check", "{draft}", "{draft}"], None, False),
    (["brief", "{incident}", "--format", "pdf"], None, False),
    (["brief", "{incident}", "-f=json"], None, False),
    (["brief", "{incident}", "--now", "{now}", "--now", "{now}"], None, False),
    (["brief", "{incident}", "--now", "-1d"], None, False),
    (["brief", "{incident}", "--out", "{draft}"], None, False),  # Click: a file, not a folder
    (["brief", "{incident}", "--rules", "{folder}"], None, False),  # Click: a folder
    (["brief", "{incident}", "--template", "{folder}"], None, False),
    (["brief", "{incident}", "-o"], None, False),
    (["brief", "{incident}", "--verbose"], None, False),
    (["brief", "{incident}", "--help"], None, False),
    (["brief"], None, False),
    (["brief", "{incident}", "{incident}"], None, False),
    (["--help"], None, False),
    ([], None, False),
    (["version"], None, False),
]


def _arguments(template: list[str], files: dict[str, str]) -> list[str]:
    return [arg.format(**files) for arg in template]


def _run(
    code: str, args: list[str], stdin: str | None, config: str, cwd: str
) -> tuple[bytes, bytes, int]:
    env = {**os.environ, "XDG_CONFIG_HOME": config, "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        input=(stdin or "").encode(),
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    return result.stdout, result.stderr, result.returncode


def _fast(args: list[str]) -> bool:
    return parse_check(args) is not None or parse_brief(args) is not None


def test_the_cases_take_the_path_they_claim(files):
    wrong = [case for case, _, fast in CASES if _fast(_arguments(case, files)) != fast]
    assert wrong == []


def test_fast_path_and_typer_print_the_same_and_exit_the_same(files):
    def both(case: tuple[list[str], str | None, bool]) -> tuple[list[str], tuple, tuple]:
        template, stdin, _ = case
        args = _arguments(template, files)
        fast = _run(RUN_ENTRY, args, stdin, files["config"], files["folder"])
        typer = _run(RUN_TYPER, args, stdin, files["config"], files["folder"])
        return args, fast, typer

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(both, CASES))
    differ = [(args, fast, typer) for args, fast, typer in results if fast != typer]
    assert differ == []
    for args, (_, stderr, code), _ in results:
        assert b"Traceback" not in stderr, (args, stderr)
        assert code in (0, 1, 2), (args, code)
    codes = {code for _, (_, _, code), _ in results}
    assert codes == {0, 1, 2}  # the matrix covers a clean run, findings and errors


def _written(out: Path) -> dict[str, object]:
    """The files --out wrote, comparable across runs: the deck's zip entries carry the
    time they were written, so the deck is compared entry by entry; the PDF by its pages'
    text, in case a renderer stamps a date into it."""
    import zipfile

    from pypdf import PdfReader

    found: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".pptx":
            with zipfile.ZipFile(path) as deck:
                found[path.name] = {name: deck.read(name) for name in deck.namelist()}
        elif path.suffix == ".pdf":
            found[path.name] = [page.extract_text() for page in PdfReader(path).pages]
        else:
            found[path.name] = path.read_bytes()
    return found


def test_both_paths_write_the_same_files_with_out(files, tmp_path):
    out = tmp_path / "out"
    args = ["brief", files["incident"], "-o", str(out), "--format", "md", "--now", NOW]
    assert _fast(args)
    results = []
    for code in (RUN_ENTRY, RUN_TYPER):  # one after the other: both write to `out`
        printed = _run(code, args, None, files["config"], files["folder"])
        results.append((printed, _written(out)))
        shutil.rmtree(out)
    (fast, fast_files), (typer, typer_files) = results
    assert fast == typer
    assert fast[2] == 0 and b"wrote " in fast[1]
    assert sorted(fast_files) == ["brief.html", "brief.json", "brief.md", "brief.pdf", "brief.pptx"]
    assert fast_files == typer_files
    assert fast_files["brief.md"] == fast[0]  # what was printed is what was written
    assert len(fast_files["brief.pdf"]) >= 1  # type: ignore[arg-type]


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


def test_checking_a_plain_draft_loads_no_typer_pydantic_rich_or_yaml(files):
    modules, code, stdout = _imported(["check", files["draft"], "-fjson"], files["config"])
    assert code == 1 and b'"blame"' in stdout  # the check ran, and found the blame
    assert "execbrief" in modules  # the import log is read correctly
    assert modules & HEAVY == set()


def test_the_import_check_sees_heavy_modules_when_they_are_loaded(files):
    """An incident file needs YAML and the model; the same probe must notice them."""
    modules, code, _ = _imported(["check", files["incident"]], files["config"])
    assert code in (0, 1)
    assert {"yaml", "pydantic"} <= modules
    assert "typer" not in modules
    modules, _, _ = _imported(["check", "--help"], files["config"])
    assert "typer" in modules


@pytest.mark.parametrize(
    ("fmt", "renderer_needs"), [("json", set()), ("md", set()), ("text", {"rich"})]
)
def test_briefing_loads_no_typer_or_click(files, fmt, renderer_needs):
    """The brief needs YAML and the model, and the terminal renderer needs rich; nothing
    of Typer's own."""
    args = ["brief", files["incident"], "--format", fmt, "--now", NOW]
    modules, code, stdout = _imported(args, files["config"])
    assert code == 0 and b"INC-2291" in stdout  # the brief was written
    assert {"execbrief", "yaml", "pydantic"} <= modules  # the import log is read correctly
    assert modules & {"typer", "click", "rich"} == renderer_needs


def test_brief_help_is_typer_s(files):
    modules, code, stdout = _imported(["brief", "--help"], files["config"])
    assert code == 0 and b"--template" in stdout
    assert "typer" in modules


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(["check", "-"], DRAFT * 2000), (["brief", str(INCIDENT), "--format", "md"], "")],
)
def test_a_reader_that_went_away_ends_the_command_quietly_both_ways(files, args, stdin):
    for code in (RUN_ENTRY, RUN_TYPER):
        read_end, write_end = os.pipe()
        os.close(read_end)  # nobody will read stdout
        try:
            result = subprocess.run(
                [sys.executable, "-c", code, *args],
                input=stdin.encode(),
                stdout=write_end,
                stderr=subprocess.PIPE,
                env={**os.environ, "XDG_CONFIG_HOME": files["config"]},
                timeout=120,
            )
        finally:
            os.close(write_end)
        assert (result.returncode, result.stderr) == (0, b""), code
