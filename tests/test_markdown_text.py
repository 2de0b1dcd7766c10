"""Markdown escaping escapes only what Markdown would read as syntax: a figure such as
"6.2 million" at the start of a line is prose, not a numbered list, and the raw .md the
CEO may open shows it as written ("6.2", never "6\\.2")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from execbrief.render.markdown_text import text

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _rendered(escaped: str) -> tuple[set[str], str]:
    """The kinds of block the text makes, and the words a reader sees."""
    tokens = []
    for token in _PARSER.parse(escaped):
        tokens.append(token)
        tokens.extend(token.children or [])
    shown = "".join(t.content for t in tokens if t.type in ("text", "code_inline"))
    return {t.type for t in tokens}, shown


_NUMBER = st.builds(
    lambda whole, part, sep: f"{whole}{sep}{part}",
    st.integers(0, 10**6),
    st.integers(0, 999),
    st.sampled_from([".", ",", ")", ". ", ") ", "", "."]),
)
_WORD = st.sampled_from(["million", "customers", "6.2", "47", "minutes", "a", "1.", "2)", "%"])
PROSE = st.lists(_NUMBER | _WORD, min_size=1, max_size=8).map(" ".join)


@given(value=PROSE)
def test_escaped_prose_renders_back_to_the_same_words_as_one_paragraph(value: str):
    escaped = text(value)
    kinds, shown = _rendered(escaped)
    assert kinds == {"paragraph_open", "inline", "text", "paragraph_close"}, escaped
    assert shown == " ".join(value.split())


@given(value=PROSE)
def test_a_number_is_escaped_only_where_it_would_start_a_numbered_list(value: str):
    escaped = text(value)
    flat = " ".join(value.split())
    words = flat.split(" ")
    starts_list = words[0][:-1].isdigit() and words[0][-1:] in (".", ")")
    if not starts_list:
        assert escaped == flat  # nothing to escape: no backslash for the reader to trip on


def test_a_decimal_figure_at_the_start_is_shown_as_written():
    assert text("6.2 million customer computers") == "6.2 million customer computers"
    assert text("6. million") == "6\\. million"
    assert text("6)") == "6\\)"
