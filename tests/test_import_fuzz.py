"""Fuzz each importer with mutated real payloads (issue 16 item 5, issue 19): cut short,
wrong types, huge arrays, deep nesting, bytes that are not UTF-8, keys removed. No
traceback, exit 2 names the file and a line or field, no case over 5 s or 200 MB.

A bounded run here, in every `make test`; the long run is tools/fuzz_importers.py
(`--examples 5000`), which uses the same cases and rules."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from fuzz_importers import SEEDS, check, mutated


@pytest.mark.parametrize("source", sorted(SEEDS))
def test_mutated_payloads_never_crash_hang_or_go_unnamed(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp(source)

    @settings(
        max_examples=12,  # 72 cases, about 15 s; the long run is in tools/
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(source))
    def case(payload: bytes) -> None:
        outcome = check(source, payload, folder)
        assert outcome.problem is None, (outcome.problem, payload[:200])

    case()


def test_the_rules_catch_what_they_must(tmp_path):
    """The checker itself fails an unnamed error: a file no importer reads, with the
    file named but neither a line nor a field, is reported."""
    import fuzz_importers

    outcome = check("alertmanager", b'{"alerts": [], "status": "firing"}', tmp_path)
    assert outcome.exit_code == 2 and outcome.problem is None  # "(alerts)" is named
    original = fuzz_importers._PLACED
    try:
        fuzz_importers._PLACED = __import__("re").compile(r"^never$")
        assert check("alertmanager", b"[", tmp_path).problem is not None
    finally:
        fuzz_importers._PLACED = original
