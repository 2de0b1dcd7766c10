"""Untrusted text in Markdown: shown as written, never read as Markdown.

Incident text may hold link or image syntax (`[the runbook](https://evil.example)`,
`![x](https://evil.example/t.png)`, a tracking pixel when the brief is viewed), raw HTML,
autolinks, emphasis, code or table pipes. Each of these characters is escaped with a
backslash (CommonMark shows any escaped punctuation as itself), a line that would start a
heading, quote or list is escaped at its start, and a web or mail address is shown as
code: viewers that link bare addresses (GitHub, most chat tools) never link code. What is
left reads as the user wrote it. Every pass is one scan over the words: linear time.
"""

from __future__ import annotations

import re

from execbrief.core.speech.untrusted import printable

# Inline syntax: escapes, code, emphasis, strikethrough, links and images, raw HTML and
# autolinks, table cells, and an & only where it would start an entity (AT&T stays).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?[a-zA-Z0-9]{1,32};))")
# A line starting with one of these would become a heading, quote, list or rule. A number
# starts a list only when "." or ")" and a space (or the line's end) follow it: "6.2 million"
# is prose, "6. million" a list.
_BLOCK_START = re.compile(r"^(?:[#>+=-]|\d{1,9}(?=[.)](?: |$)))")
# A web address inside a word (the scheme's length is bounded, so matching stays linear);
# it ends where Markdown or prose punctuation around it would.
_WEB = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]{0,31}://|www\.)[^\s<>()\[\]`|\"']*", re.IGNORECASE)
_TRAILING = ".,;:!?"


def code(text: str) -> str:
    """`text` as an inline code span on one line (no backtick or table pipe inside)."""
    flat = " ".join(printable(text).split())
    return "`" + flat.replace("`", "'").replace("|", "\\|") + "`" if flat else ""


def _escaped(piece: str) -> str:
    return _SPECIAL.sub(r"\\\1", piece)


def _word(word: str) -> str:
    """One word: web addresses in it as code, a mail address (a@b.c) wholly as code, the
    rest escaped."""
    if "@" in word and "." in word.split("@")[-1]:
        bare = word.rstrip(_TRAILING)
        return code(bare) + _escaped(word[len(bare) :])
    out, at = [], 0
    for found in _WEB.finditer(word):
        address = found.group().rstrip(_TRAILING)
        if "." not in address and "://" not in address:
            continue
        out.append(_escaped(word[at : found.start()]))
        out.append(code(address))
        at = found.start() + len(address)
    out.append(_escaped(word[at:]))
    return "".join(out)


def text(value: str) -> str:
    """Untrusted `value` as Markdown inline text on one line: cleaned, escaped, readable."""
    line = " ".join(_word(word) for word in printable(value).split())
    start = _BLOCK_START.match(line)
    if start is None:
        return line
    return (
        line[: start.end()] + "\\" + line[start.end() :] if start.group().isdigit() else "\\" + line
    )
