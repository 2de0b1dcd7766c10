"""Deeply nested JSON is refused before any parser allocates for it (issue 19, item 7).

`import slack` on "[" * 100000 once grew to 24 GB: the streaming parser builds a path for
every level. The depth is now counted on the bytes as they pass, for every importer.
"""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from execbrief.cli import app
from execbrief.errors import InputError
from execbrief.sources import slack
from execbrief.sources.payload import MAX_DEPTH, DepthGuard, parse_json_bytes


def execbrief(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("source", ["slack", "alertmanager", "pagerduty", "statuspage"])
def test_hundred_thousand_brackets_are_refused_fast_and_small(tmp_path, source):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    tracemalloc.start()
    began = time.perf_counter()
    result = execbrief("import", source, deep)
    took = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 2, result.output
    assert f"nested more than {MAX_DEPTH} levels" in result.stderr
    assert str(deep) in result.stderr and "Traceback" not in result.output
    # the peak includes the first import of the CLI's modules (about 20 MB); parsing the
    # nesting, before the limit, took gigabytes
    assert took < 5 and peak < 64_000_000, (took, peak)


def test_slack_export_exactly_at_the_limit_is_read(tmp_path):
    blocks: object = "rolled back"
    for _ in range(MAX_DEPTH - 2):  # the day file's list and the message take two levels
        blocks = [blocks]
    messages = [{"ts": "1795010000.0001", "text": "we rolled back", "blocks": blocks}]
    assert _depth(messages) == MAX_DEPTH
    day = tmp_path / "incident" / "2026-11-20.json"
    day.parent.mkdir()
    day.write_text(json.dumps(messages))
    assert len(slack.from_export([day]).events) == 1
    day.write_text(json.dumps([messages]))  # one level more
    with pytest.raises(InputError, match="nested more than"):
        slack.from_export([day])


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


tricky_text = st.text(alphabet='[]{}"\\ab\n', max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | tricky_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(tricky_text, children, max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(json_values, st.integers(min_value=1, max_value=7))
def test_the_guard_measures_exactly_the_nesting_whatever_the_chunks(value, chunk):
    """Brackets inside strings (escaped quotes and backslashes too) never count, and a
    string or an escape split between two reads is followed across them."""
    raw = json.dumps(value).encode()
    depth = _depth(value)

    def stream_all(limit: int) -> None:
        guard = DepthGuard(io.BytesIO(raw), "test", "x.json", limit)
        while guard.read(chunk):
            pass

    stream_all(depth)  # exactly deep enough: accepted
    if depth:
        with pytest.raises(InputError, match="nested more than"):
            stream_all(depth - 1)


def test_whole_payloads_are_checked_before_json_loads():
    with pytest.raises(InputError, match=f"more than {MAX_DEPTH}") as caught:
        parse_json_bytes(b'{"a":\n' + b"[" * 70 + b"]" * 70 + b"}", "pagerduty", "p.json")
    assert caught.value.problems[0].place.line == 2
    assert parse_json_bytes(b'{"a": "' + b"[" * 100 + b'"}', "pagerduty", "p.json")
