"""What of a user's text may be shown: the one cleaning step for untrusted text.

Incident text, imported pager and chat messages, and anything quoted back to the user
may hold terminal escape sequences (colours, a window title, a cleared screen), other
control characters, or bidirectional overrides that make text read differently from
what it says. None of it is meant to be seen. `printable` removes it all, keeping
newlines and tabs; every output gets its text through here (ARCHITECTURE.md, "Untrusted
text"). Escaping for a format (HTML, Markdown, XML) is each renderer's job, after this.
"""

from __future__ import annotations

import re

# Escape sequences are removed whole, not just their ESC, so no "[31m" is left behind:
# CSI (ESC [ or the one-byte CSI U+009B, parameters, one final byte), and the string
# commands (OSC, DCS, SOS, PM, APC) up to their terminator. Character classes never
# overlap the next part, and a string stops at the next ESC, so matching is linear.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# C0 and C1 control characters but newline and tab, DEL, and the bidirectional controls
# (embeddings, overrides, isolates and marks) that reorder what a reader sees.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` without terminal escape sequences, control characters (but newline and
    tab) and bidirectional controls."""
    if text.isprintable():  # the usual case, in one C-speed pass (newlines say False)
        return text
    return _INVISIBLE.sub("", _SEQUENCE.sub("", text))


def visible(text: str) -> str:
    """`text` with each control character (but newline and tab) and bidirectional control
    written as a \\uXXXX escape: inert on a terminal, readable, and still the same string
    inside JSON. For whatever reaches a terminal that is not an incident's facts (which
    `printable` has already cleaned): a checked draft, a value quoted in an error."""
    if text.isprintable():
        return text
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
