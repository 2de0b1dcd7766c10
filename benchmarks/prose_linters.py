"""Do general prose linters catch what a CEO brief needs? proselint on our labelled set.

    python benchmarks/prose_linters.py

For each labelled sentence we ask proselint (installed into benchmarks/.peers) whether it
flags anything at all, and compare with execbrief: share of sentences with a problem that
get any finding (recall, category-blind, which flatters proselint), and share of clean
sentences that get one (false alarms). write-good and alex are npm packages; they are not
run here.
"""

from __future__ import annotations

import sys

import yaml
from language_quality import HELD_OUT, LABELLED
from peers import run_in_peers

from execbrief.core.language import CheckContext, check_text
from execbrief.sources.glossary_file import load_lexicon

PEER_CODE = """
import json, sys
from proselint.checks import __register__
from proselint.config import DEFAULT
from proselint.registry import CheckRegistry
from proselint.tools import LintFile
CheckRegistry().register_many(__register__)
texts = json.load(sys.stdin)
def checks(text):
    return sorted({str(r.into_dict().get("check_path")) for r in
                   LintFile("s", text + "\\n").lint(DEFAULT)})
print(json.dumps([checks(t) for t in texts]))
"""


def main() -> int:
    lexicon = load_lexicon(use_config=False)
    for path in (LABELLED, HELD_OUT):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        flagged = run_in_peers(PEER_CODE, [i["text"] for i in items])
        assert isinstance(flagged, list)
        rows = {"proselint": [bool(f) for f in flagged], "execbrief": []}
        for item in items:
            context = CheckContext(cause_status=item.get("status"), severity=item.get("severity"))
            rows["execbrief"].append(bool(check_text(item["text"], lexicon, context).findings))
        dirty = [bool(i["expect"]) for i in items]
        print(f"{path.name}: {sum(dirty)} sentences with a problem, {dirty.count(False)} clean")
        for name, hits in rows.items():
            caught = sum(h and d for h, d in zip(hits, dirty, strict=True)) / sum(dirty)
            alarms = sum(h and not d for h, d in zip(hits, dirty, strict=True)) / dirty.count(False)
            print(
                f"  {name:<10} any finding on problem sentences {caught:6.1%}, "
                f"on clean sentences {alarms:6.1%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
