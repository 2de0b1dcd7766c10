"""The engineer's own comments in a YAML incident file, by the key they sit on, so that
rewriting the file (`execbrief import --merge FILE -o FILE`) puts each one back.

A comment on the lines above a key goes back above that key; a comment at the end of a
key's line goes back at the end of it. Comments inside a list (the timeline's events, whose
order a merge may change) go back above the list's key; comments after the last key go at
the end. `# from` comments are not the engineer's: they record where an imported value came
from and are written anew, as is the comment block `execbrief import` writes at the top of
a draft (so a note typed inside that block is not kept: put notes by the values).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, NamedTuple

import yaml

PathKey = tuple[str | int, ...]
DRAFT_HEAD = "# Incident draft made by `execbrief import`"
_TRAILING = re.compile(r"^\s*:?\s+(#.*?)\s*$")


class Kept(NamedTuple):
    above: tuple[str, ...] = ()  # whole comment lines, each starting with '#'
    after: str | None = None  # the comment at the end of the key's line


def hand_comments(text: str) -> dict[PathKey, Kept]:
    """Comments by the key path they belong to; () holds those after the last key. Call it
    on text that `incident_file.parse_yaml` accepted (it checks size, depth, characters)."""
    rows = text.splitlines()
    keys: list[tuple[int, PathKey, int]] = []  # (row, path, where the rest of the row starts)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        _walk(root, (), keys)
    keys.sort()
    key_rows = [row for row, _, _ in keys]
    above: dict[PathKey, list[str]] = {}
    after: dict[PathKey, str] = {}
    # The comment block execbrief writes at the top of a draft (it ends at a blank line) is
    # written anew on each merge.
    head = 0
    if rows and rows[0].startswith(DRAFT_HEAD):
        while head < len(rows) and rows[head].startswith("#"):
            head += 1
    for row, line in enumerate(rows):
        if row < head or not line.strip().startswith("#"):
            continue
        following = bisect_right(key_rows, row)
        path = _owner(keys[following][1]) if following < len(keys) else ()
        above.setdefault(path, []).append(line.strip())
    for row, path, rest_from in keys:
        found = _TRAILING.match(rows[row][rest_from:]) if row < len(rows) else None
        if found is None or found.group(1)[1:].lstrip().startswith("from "):
            continue
        owner = _owner(path)
        if owner == path:
            after[path] = found.group(1)
        else:
            above.setdefault(owner, []).append(found.group(1))
    return {path: Kept(tuple(above.get(path, ())), after.get(path)) for path in {*above, *after}}


def _owner(path: PathKey) -> PathKey:
    """The key a comment belongs to: the path up to the first list index."""
    for i, part in enumerate(path):
        if isinstance(part, int):
            return path[:i]
    return path


def _walk(node: Any, path: PathKey, keys: list[tuple[int, PathKey, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, str(key.value))
            row = key.start_mark.line
            same_row = value.end_mark.line == row  # a scalar, or a flow {...} or [...]
            keys.append((row, here, value.end_mark.column if same_row else key.end_mark.column))
            _walk(value, here, keys)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            if item.end_mark.line == item.start_mark.line:  # "- text" or "- {at: .., what: ..}"
                keys.append((item.start_mark.line, (*path, i), item.end_mark.column))
            _walk(item, (*path, i), keys)
