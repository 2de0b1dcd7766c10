"""Patterns built from kept programs are the patterns `re.compile` gives (same source,
flags and code: re.Pattern compares them), and a cache that is missing, foreign, broken or
unwritable changes nothing but speed."""

from __future__ import annotations

import marshal
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from execbrief.core.language import programs
from execbrief.core.language.patterns import PATTERNS
from execbrief.sources import pattern_cache
from execbrief.sources.pattern_cache import PYTHON

SOURCES = sorted(set(PATTERNS._sources.values()))


@pytest.fixture
def fresh(monkeypatch):
    """A process that has compiled nothing and read no cache."""
    monkeypatch.setattr(programs, "_remembered", {})
    monkeypatch.setattr(programs, "_made", {})
    monkeypatch.setattr(pattern_cache._Run, "loaded", False)
    monkeypatch.setattr(pattern_cache._Run, "written", frozenset())


def test_every_pattern_built_from_its_program_is_the_one_re_compiles():
    for source in SOURCES:
        program = marshal.loads(marshal.dumps(programs._program(source)))
        assert programs._build(source, program) == re.compile(source)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(PATTERNS)), text=st.text(max_size=300))
def test_a_built_pattern_finds_what_re_finds(name, text):
    source = PATTERNS._sources[name]
    built = programs._build(source, programs._program(source))
    plain = re.compile(source)
    assert [m.span() for m in built.finditer(text.lower())] == [
        m.span() for m in plain.finditer(text.lower())
    ]


def test_the_cache_carries_programs_to_the_next_run(fresh, tmp_path):
    path = tmp_path / "cache" / "patterns.marshal"
    first = [programs.compile_pattern(s) for s in SOURCES[:5]]
    pattern_cache.save(path)
    assert path.is_file()
    # the next run: nothing compiled yet
    programs._remembered.clear()
    programs._made.clear()
    pattern_cache._Run.loaded = False
    pattern_cache.load(path)
    again = [programs.compile_pattern(s) for s in SOURCES[:5]]
    assert again == first == [re.compile(s) for s in SOURCES[:5]]
    assert programs.made() == {}  # none compiled: all built from the cache
    programs.compile_pattern(SOURCES[5])
    pattern_cache.save(path)  # a new one: the file now holds six
    assert len(marshal.loads(path.read_bytes())["programs"]) == 6


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps([1, 2, 3]),
        marshal.dumps({"python": "another Python", "programs": {}}),
        marshal.dumps({"python": PYTHON, "programs": {SOURCES[0]: (0, "code", 1, {})}}),
        marshal.dumps({"python": PYTHON, "programs": {SOURCES[0]: (0, (1,), 1, {"a": 5})}}),
        marshal.dumps({"python": PYTHON, "programs": {SOURCES[0]: (0, (1,), 2, {1: 1})}}),
    ],
)
def test_a_cache_in_the_wrong_shape_is_ignored(fresh, tmp_path, content):
    path = tmp_path / "patterns.marshal"
    path.write_bytes(content)
    pattern_cache.load(path)
    assert programs._remembered == {}
    assert programs.compile_pattern(SOURCES[0]) == re.compile(SOURCES[0])


def test_a_program_another_python_made_is_ignored_and_a_broken_one_compiled_afresh(fresh, tmp_path):
    path = tmp_path / "patterns.marshal"
    source = SOURCES[0]
    flags, _, groups, names = programs._program(source)
    broken = {source: (flags, (1, 2, 3, 99999), groups, names)}
    path.write_bytes(marshal.dumps({"python": PYTHON, "programs": broken}))
    pattern_cache.load(path)
    assert source in programs._remembered  # the right shape: the engine decides
    assert programs.compile_pattern(source) == re.compile(source)
    assert source in programs.made() and source not in programs._remembered


def test_a_folder_that_cannot_be_written_is_left_alone(fresh, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    programs.compile_pattern(SOURCES[0])
    pattern_cache.save(blocker / "execbrief" / "patterns.marshal")  # no error
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_cache_lives_in_the_user_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pattern_cache.cache_path() == tmp_path / "execbrief" / "patterns.marshal"
