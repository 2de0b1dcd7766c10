"""The glossary is data: it validates against its schema, is large, and is editable."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from execbrief.core.language import GlossaryInvalid, build_lexicon, check_text, read_glossary
from execbrief.core.language.glossary_schema import GlossaryFile
from execbrief.core.language.lexicon import GLOSSARY_AREAS
from execbrief.errors import InputError
from execbrief.sources.glossary_file import load_lexicon, read_glossary_file, shipped_glossary

RAW = json.loads(files("execbrief").joinpath("language", "glossary.json").read_text("utf-8"))


def test_shipped_glossary_validates_and_has_at_least_400_terms():
    glossary = read_glossary(RAW)
    # what runs is what the schema accepted (plus the forms worked out ahead of time)
    assert glossary == shipped_glossary()._replace(keys=None)
    assert len(glossary.terms) >= 400
    assert {t.area for t in glossary.terms} >= set(GLOSSARY_AREAS) - {"software"}
    assert all(t.plain.strip() and t.why.strip() for t in glossary.terms)
    names = [t.term.lower() for t in glossary.terms]
    assert len(names) == len(set(names)), "a term is listed twice"
    for common in ("CEO", "US", "EU", "USD"):
        assert common in glossary.business_acronyms


def test_the_json_schema_rejects_a_term_without_a_plain_alternative():
    with pytest.raises(GlossaryInvalid) as caught:
        read_glossary({"terms": [{"term": "etcd", "why": "a store"}]})
    assert caught.value.problems[0][0] == "terms.0.plain"
    assert "terms" in GlossaryFile.model_json_schema()["properties"]


@pytest.mark.parametrize(
    "text",
    [
        "OOM-killed",
        "OOMKilled",
        "oom killed",
        "p99",
        "P99 latency",
        "5xx",
        "k8s",
        "Kubernetes",
        "connection pools",
        "read replicas",
        "CrashLoopBackOff",
        "us-east-1",
        "CI/CD",
        "N+1 queries",
    ],
)
def test_variants_match(text):
    lexicon = build_lexicon(shipped_glossary())
    assert [f.category for f in check_text(text, lexicon).findings] == ["jargon"], text


@pytest.mark.parametrize(
    "text",
    [
        "We will build a new index of prices.",
        "The release went out on time.",
        "Dr. Patel will lead the review.",
        "We met our sales quota in the region.",
        "She wrote the metrics on the dashboard for the board.",
    ],
)
def test_everyday_words_are_not_jargon(text):
    lexicon = build_lexicon(shipped_glossary())
    assert [f for f in check_text(text, lexicon).findings if f.category == "jargon"] == []


def test_user_glossary_adds_and_allows_terms(tmp_path, monkeypatch):
    own = tmp_path / "ours.yaml"
    own.write_text(
        "terms:\n  - {term: Falcon, plain: the order system, why: our internal name}\n"
        "allow: [Kubernetes]\nbusiness_acronyms: [ZQX]\n"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    lexicon = load_lexicon([own])
    found = {f.text for f in check_text("Falcon on Kubernetes and ZQX failed.", lexicon).findings}
    assert found == {"Falcon"}


def test_config_file_is_read(tmp_path, monkeypatch):
    config = tmp_path / "execbrief" / "glossary.yaml"
    config.parent.mkdir()
    config.write_text("allow: [p99]\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert check_text("p99 doubled.", load_lexicon()).findings == []


def test_a_bad_glossary_file_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  - {term: x}\n")
    with pytest.raises(InputError) as caught:
        read_glossary_file(bad)
    assert "plain" in str(caught.value)


def test_a_new_config_glossary_is_never_served_a_stale_lexicon(tmp_path, monkeypatch):
    """Each call reads the config afresh; the compiled-lexicon cache must not confuse a new
    glossary with an old one that happened to live at the same address."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = tmp_path / "execbrief" / "glossary.yaml"
    config.parent.mkdir()
    for allowed, flagged in (("p99", "kubernetes"), ("kubernetes", "p99")) * 20:
        config.write_text(f"allow: [{allowed}]\n")
        found = {f.text.lower() for f in check_text("p99 and kubernetes.", load_lexicon()).findings}
        assert allowed not in found and flagged in found


def test_the_glossary_index_is_generated_from_the_glossary():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from glossary_index import generated

    from execbrief.sources.glossary_file import KEYS

    assert KEYS.read_text("utf-8") == generated(), "run python tools/glossary_index.py"
    assert shipped_glossary().keys is not None  # the loader takes it


def test_the_index_builds_the_same_lexicon_as_working_the_forms_out():
    indexed = build_lexicon(shipped_glossary())
    worked_out = build_lexicon(shipped_glossary()._replace(keys=None))
    assert indexed.terms == worked_out.terms and indexed.exact == worked_out.exact
    assert list(indexed.terms) == list(worked_out.terms)  # same order: later forms win


def test_a_stale_index_is_ignored(tmp_path, monkeypatch):
    from execbrief.sources import glossary_file

    stale = tmp_path / "glossary_keys.json"
    stale.write_text(json.dumps({"glossary_crc32": 1, "keys": [[["pod", False]]]}))
    monkeypatch.setattr(glossary_file, "KEYS", stale)
    glossary_file.shipped_glossary.cache_clear()
    try:
        assert glossary_file.shipped_glossary().keys is None
    finally:
        glossary_file.shipped_glossary.cache_clear()
