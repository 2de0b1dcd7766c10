"""core/ is pure: it imports nothing from the rest of the package and does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "src" / "execbrief" / "core"

ALLOWED_MODULES = {
    "__future__",
    "_sre",  # the C engine `re` compiles to: a pattern built from a kept program (pure)
    "bisect",  # pure: binary search over a list (the language checker's sentence lookup)
    "calendar",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "enum",
    "functools",
    "importlib",  # a package's __init__ imports its own modules on first use (PEP 562)
    "itertools",
    "math",
    "re",
    "statistics",  # medians of the period report: pure arithmetic
    "typing",
    "zoneinfo",
    "pydantic",
    "pydantic_core",
    "holidays",  # public-holiday calendars: pure data and date arithmetic, no I/O
    "ahocorasick",  # one automaton for glossary terms and rule anchors: pure matching, in C
    "rapidfuzz",  # word similarity of cause texts and safeguard gaps: pure string math, in C
}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval", "__import__"}
FORBIDDEN_ATTRIBUTES = {"now", "utcnow", "today", "time", "read_text", "write_text", "system"}


def core_modules():
    return sorted(CORE.rglob("*.py"))


def test_core_has_modules():
    assert len(core_modules()) >= 8


def test_core_imports_only_core_and_pure_libraries():
    for path in core_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path.name}: use absolute imports"
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                ok = name.startswith("execbrief.core") or top in ALLOWED_MODULES
                assert ok, f"{path.name} imports {name}: core must stay pure"


def test_core_does_no_io_and_reads_no_clock():
    for path in core_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name):
                    assert func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} {func.id}()"
                if isinstance(func, ast.Attribute):
                    assert func.attr not in FORBIDDEN_ATTRIBUTES, (
                        f"{path.name}:{node.lineno} calls .{func.attr}()"
                    )


def test_the_check_itself_catches_impurity(tmp_path):
    bad = "import os\nfrom datetime import datetime\nx = datetime.now()\nprint(x)\n"
    tree = ast.parse(bad)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import)]
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert imports[0].names[0].name.split(".")[0] not in ALLOWED_MODULES
    assert any(
        isinstance(c.func, ast.Attribute) and c.func.attr in FORBIDDEN_ATTRIBUTES for c in calls
    )
    assert any(isinstance(c.func, ast.Name) and c.func.id in FORBIDDEN_CALLS for c in calls)


# --- import rules (ARCHITECTURE.md): import-linter contracts in pyproject.toml -----------

ROOT = CORE.parent.parent.parent
PACKAGE = CORE.parent


def _contracts() -> list[dict]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_import_contracts_are_kept(capsys):
    """Every contract holds: core pure, stages in pipeline order, language apart, edges
    through app, no cycles. On failure, lint-imports' own report says which import."""
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert f"{len(_contracts())} kept, 0 broken" in report


def test_every_folder_of_the_package_is_placed_in_the_edge_layers():
    """A new folder (say web/) must be given its place in the layers, or no rule covers it."""
    edges = next(c for c in _contracts() if c["id"] == "edge-layers")
    placed = {
        name.strip().removeprefix("execbrief.")
        for layer in edges["layers"]
        for name in layer.split("|")
    }
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert folders - placed == set(), "add these folders to the edge-layers contract"
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules <= {"__init__", "__main__", "errors"}, "top-level modules: only these"


def test_every_stage_of_core_is_placed_in_the_stage_layers():
    stages = next(c for c in _contracts() if c["id"] == "core-stages")
    placed = set(stages["layers"]) | {"language"}  # language stands apart (its own contract)
    folders = {p.name for p in CORE.iterdir() if (p / "__init__.py").exists()}
    assert folders == placed
    assert {p.stem for p in CORE.glob("*.py")} == {"__init__"}, "core holds stages, not modules"


def test_lazy_packages_export_every_name_from_its_module():
    """core.incident, core.followup and core.story import their modules on first use: each
    name of __all__ is found (in _WHERE, or imported at once) and is the module's own."""
    import importlib

    for package in ("execbrief.core.incident", "execbrief.core.followup", "execbrief.core.story"):
        module = importlib.import_module(package)
        where = module._WHERE
        for name in module.__all__:
            assert name in where or name in vars(module), f"{package}.{name} is not found"
            value = getattr(module, name)
            if name in where:
                home = importlib.import_module(f"{package}.{where[name]}")
                assert value is getattr(home, name)
        assert set(where) <= set(module.__all__)
