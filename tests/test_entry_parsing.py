"""entry.py's argument reading for the fast paths: every spelling Click reads for `check`
and `brief` is read the same way, anything Click would refuse or read otherwise is left
to Typer, and the table of options matches the Typer commands themselves. The
subprocess comparison of both paths is in test_entry.py."""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from pathlib import Path

from execbrief.briefing import Format
from execbrief.checking import CheckFormat, FailOn
from execbrief.entry import COMMANDS, parse_brief, parse_check

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-20T17:30:00Z"


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


def test_parse_brief_reads_every_spelling_click_reads(tmp_path):
    rules = [str(tmp_path / "r1.yaml"), str(tmp_path / "r2.yaml")]
    out, template = str(tmp_path / "out"), str(tmp_path / "deck.pptx")
    expected = (Path("x.yaml"), Format.md, NOW, Path(out), [Path(r) for r in rules], Path(template))
    spellings = [
        [
            *["brief", "x.yaml", "--format", "md", "--now", NOW, "--out", out],
            *["--rules", rules[0], "--rules", rules[1], "--template", template],
        ],
        [
            *["brief", "--format=md", f"--now={NOW}", f"--out={out}", f"--rules={rules[0]}"],
            *[f"--rules={rules[1]}", f"--template={template}", "x.yaml"],
        ],
        [
            *["brief", "-fmd", "--rules", rules[0], "x.yaml", f"-o{out}", "--rules", rules[1]],
            *["--template", template, "--now", NOW],
        ],
        [
            *["brief", "-f", "md", "-o", out, "--now", NOW, "--rules", rules[0]],
            *["--rules", rules[1], "--template", template, "--", "x.yaml"],
        ],
    ]
    for args in spellings:
        assert parse_brief(args) == expected, args
    assert parse_brief(["brief", "x.yaml"]) == (Path("x.yaml"), Format.text, None, None, [], None)
    assert parse_brief(["check", "x.yaml"]) is None
    assert parse_check(["brief", "x.yaml"]) is None


def test_parse_brief_leaves_paths_click_would_refuse_to_typer(tmp_path):
    a_file, a_folder = tmp_path / "a.yaml", tmp_path / "folder"
    a_file.write_text("x")
    a_folder.mkdir()
    assert parse_brief(["brief", "x.yaml", "--out", str(a_folder)]) is not None
    assert parse_brief(["brief", "x.yaml", "--out", str(a_file)]) is None
    assert parse_brief(["brief", "x.yaml", "--rules", str(a_file)]) is not None
    assert parse_brief(["brief", "x.yaml", "--rules", str(a_folder)]) is None
    assert parse_brief(["brief", "x.yaml", "--template", str(a_folder)]) is None
    if os.geteuid() != 0:  # root reads everything
        a_file.chmod(0)
        assert parse_brief(["brief", str(a_file)]) is None
        assert parse_check(["check", "x.txt", "--glossary", str(a_file)]) is None


def test_the_fast_path_tables_match_the_typer_commands():
    """An option added to, or changed in, a Typer command must be changed in
    entry.COMMANDS too, or the fast path would read it differently."""
    import typer.main

    from execbrief.cli import app

    group = typer.main.get_command(app)
    for name, table in COMMANDS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        options = [p for p in command.params if p.param_type_name == "option"]
        (argument,) = [p for p in command.params if p.param_type_name == "argument"]
        assert argument.nargs == 1 and argument.required
        assert type(argument.type).__name__ in {"StringParamType", "TyperPath"}
        assert table.argument == _path_kind(argument.type)
        assert sorted(table.options) == sorted(s for p in options for s in p.opts), name
        for param in options:
            assert param.nargs == 1 and not param.is_flag and not param.secondary_opts
            for spelling in param.opts:
                option = table.options[spelling]
                assert option.key == param.name, spelling
                assert option.repeat == param.multiple, spelling
                assert option.path == _path_kind(param.type), spelling
                assert option.digits == (type(param.type).__name__ == "IntParamType"), spelling
                choices = [getattr(c, "value", c) for c in getattr(param.type, "choices", ())]
                assert option.choices == tuple(choices), spelling


def _path_kind(kind: object) -> str | None:
    """The kind ("file", "directory" or "path") for Typer's Path type as the fast path mirrors it;
    None for any other type."""
    if type(kind).__name__ != "TyperPath":
        return None
    assert (kind.exists, kind.readable, kind.writable) == (False, True, False)  # type: ignore[attr-defined]
    assert not kind.allow_dash and not kind.resolve_path  # type: ignore[attr-defined]
    return kind.name  # type: ignore[attr-defined, no-any-return]


def test_parse_check_leaves_shell_completion_to_typer(monkeypatch):
    assert parse_check(["check", "x.txt"]) is not None
    monkeypatch.setenv("_EXECBRIEF_COMPLETE", "bash_complete")
    assert parse_check(["check", "x.txt"]) is None


def test_the_console_script_and_python_m_start_at_the_entry_module():
    (script,) = entry_points(group="console_scripts", name="execbrief")
    assert script.value == "execbrief.entry:main"
    main = (ROOT / "src" / "execbrief" / "__main__.py").read_text()
    assert "from execbrief.entry import main" in main
