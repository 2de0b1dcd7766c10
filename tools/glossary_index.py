"""Generate src/execbrief/language/glossary_keys.json: every form of every term of the
shipped glossary as the lexicon looks it up, worked out ahead of time so that each run of
`execbrief` does not redo it (about 10 ms of every start).

    python tools/glossary_index.py          # rewrite glossary_keys.json
    python tools/glossary_index.py --check  # exit 1 if it is out of date

The file records the CRC-32 of the glossary.json it was made from; when they differ, the
glossary loader ignores the index and works the forms out at run time (slower, same result).
"""

from __future__ import annotations

import json
import zlib

from generated_file import write_or_check

from execbrief.core.language import trusted_glossary
from execbrief.core.language.lexicon import term_keys
from execbrief.sources.glossary_file import GLOSSARY, KEYS


def generated() -> str:
    raw = GLOSSARY.read_bytes()
    glossary = trusted_glossary(json.loads(raw))
    index = {
        "glossary_crc32": zlib.crc32(raw),
        "keys": [[[key, capitals] for key, capitals in term_keys(t)] for t in glossary.terms],
    }
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    return write_or_check(
        KEYS, generated(), __doc__.splitlines()[0], "python tools/glossary_index.py"
    )


if __name__ == "__main__":
    raise SystemExit(main())
