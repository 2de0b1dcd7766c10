"""The entry point's fast path for `check` (execbrief.entry): it reads exactly the argument
spellings Click reads for check, hands everything else to Typer, prints the same bytes and
exit codes as the Typer command, and loads none of Typer, pydantic, rich or YAML for a
plain-text draft. Every case runs both ways in real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from execbrief.checking import CheckFormat, FailOn
from execbrief.entry import parse_check

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = ROOT / "examples" / "checkout-outage.yaml"
HEAVY = {"typer", "click", "pydantic", "pydantic_core", "rich", "yaml"}

# Both ways in run as the program "execbrief", so that Typer's usage lines match.
RUN_ENTRY = "import sys; sys.argv[0] = 'execbrief'; from execbrief.entry import main; main()"
RUN_TYPER = "import sys; sys.argv[0] = 'execbrief'; from execbrief.cli import main; main()"

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
    named = {name: str(path) for name, path in paths.items()}
    named["folder"] = str(folder)
    named["missing"] = str(folder / "missing.txt")
    named["incident"] = str(INCIDENT)
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


def test_the_cases_take_the_path_they_claim(files):
    wrong = [
        case
        for case, _, fast in CASES
        if (parse_check(_arguments(case, files)) is not None) != fast
    ]
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


def test_a_reader_that_went_away_ends_the_check_quietly_both_ways(files):
    big = DRAFT * 2000
    for code in (RUN_ENTRY, RUN_TYPER):
        read_end, write_end = os.pipe()
        os.close(read_end)  # nobody will read stdout
        try:
            result = subprocess.run(
                [sys.executable, "-c", code, "check", "-"],
                input=big.encode(),
                stdout=write_end,
                stderr=subprocess.PIPE,
                env={**os.environ, "XDG_CONFIG_HOME": files["config"]},
                timeout=120,
            )
        finally:
            os.close(write_end)
        assert (result.returncode, result.stderr) == (0, b""), code


def test_parse_check_reads_every_spelling_click_reads(tmp_path):
    expected = ("x.txt", CheckFormat.json, FailOn.never, [Path("g1"), Path("g2")], 5)
    spellings = [
        [
            "check",
            "x.txt",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--glossary",
            "g1",
            "--glossary",
            "g2",
            "--budget",
            "5",
        ],
        [
            "check",
            "--format=json",
            "--fail-on=never",
            "--glossary=g1",
            "--glossary=g2",
            "--budget=5",
            "x.txt",
        ],
        [
            "check",
            "-fjson",
            "--glossary",
            "g1",
            "x.txt",
            "--glossary",
            "g2",
            "--budget",
            "5",
            "--fail-on",
            "never",
        ],
        [
            "check",
            "-f",
            "json",
            "--fail-on",
            "never",
            "--glossary",
            "g1",
            "--glossary",
            "g2",
            "--budget",
            "05",
            "--",
            "x.txt",
        ],
    ]
    for args in spellings:
        assert parse_check(args) == expected, args
    assert parse_check(["check", "-"]) == ("-", CheckFormat.text, FailOn.error, [], None)
    assert parse_check(["check", "--", "--format"]) == (
        "--format",
        CheckFormat.text,
        FailOn.error,
        [],
        None,
    )
    assert parse_check(["check", "--glossary", "a=b", "x"]) == (
        "x",
        CheckFormat.text,
        FailOn.error,
        [Path("a=b")],
        None,
    )


def test_parse_check_leaves_shell_completion_to_typer(monkeypatch):
    assert parse_check(["check", "x.txt"]) is not None
    monkeypatch.setenv("_EXECBRIEF_COMPLETE", "bash_complete")
    assert parse_check(["check", "x.txt"]) is None


def test_the_console_script_and_python_m_start_at_the_entry_module():
    (script,) = entry_points(group="console_scripts", name="execbrief")
    assert script.value == "execbrief.entry:main"
    main = (ROOT / "src" / "execbrief" / "__main__.py").read_text()
    assert "from execbrief.entry import main" in main
