"""Write docs/cli.md from the real `--help` of every command.

python docs/cli_reference.py          # rewrite docs/cli.md
python docs/cli_reference.py --check  # exit 1 if docs/cli.md is out of date (a test runs this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from execbrief.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from generated_file import write_or_check  # tools/ is not a package: found by path

TARGET = Path(__file__).resolve().parent / "cli.md"


# Rules every command follows, written once here (the --help of each command is above).
RULES = """## Rules every command follows

### Files: nothing you wrote is overwritten

execbrief replaces a file only when execbrief wrote it there and no one has changed it
since. Beside the files it writes (`brief --out DIR`, `demo --out DIR`, `calendar --out
FILE`) it keeps `.execbrief-files.json`, the name and SHA-256 of each as written; the
next run replaces those files and says so (`wrote ...`). Anything else in the way (a file
you wrote, one of its files you edited, a link) stops the command before it writes
anything: exit 2, each such file named. `--force` replaces them. `init` and `import
--out` only ever make new files (`import --merge FILE --out FILE` updates the file it
merged into); what they write is yours from the start.

### Input limits: refused, never a hang or a crash

Each reader takes at most its limit, plus one byte to know it is over, from any source:
a file, a device, a pipe or stdin. Over it, exit 2 with the file and the limit: incident
files, drafts, `--merge` and glossaries 5 MB; `--rules` files 2 MB; importer payloads
20 MB (`prometheus` 150 MB); a Slack export is read one message at a time. Times must lie
in the years 1970 to 2200: any other, in a file, an imported payload, `--now`, `done --at`
or `slip --to`, is exit 2 naming the field.

### Untrusted text

Text from incidents, imports and drafts never drives your terminal or a viewer. Terminal
escape sequences, other control characters (but newline and tab) and bidirectional
overrides are removed from an incident's text when it is read, so no output carries them;
anything else printed (a checked draft, a value quoted in an error) shows them as
`\\uXXXX`. In Markdown, incident text is escaped: links, images, HTML, emphasis, code and
table syntax show as written, and web and mail addresses as code, never as live links.
HTML escapes it too.
"""


def commands() -> list[list[str]]:
    """Every command's words, a group's own commands after it (`user`, `user add`)."""
    import typer.main

    group = typer.main.get_command(app)
    found: list[list[str]] = []
    for name in sorted(group.commands):  # type: ignore[attr-defined]
        found.append([name])
        command = group.commands[name]  # type: ignore[attr-defined]
        found += [[name, sub] for sub in sorted(getattr(command, "commands", {}))]
    return found


def reference() -> str:
    runner = CliRunner()
    parts = [
        "# Command reference\n",
        "Generated from each command's `--help` by `python docs/cli_reference.py`; "
        "a test fails when this page is out of date.\n",
    ]
    for args in [[], *commands()]:
        result = runner.invoke(app, [*args, "--help"], prog_name="execbrief", terminal_width=88)
        title = " ".join(["execbrief", *args])
        parts.append(f"## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    parts.append(RULES)
    return "\n".join(parts)


def main() -> int:
    return write_or_check(
        TARGET, reference(), __doc__.splitlines()[0], "python docs/cli_reference.py"
    )


if __name__ == "__main__":
    raise SystemExit(main())
