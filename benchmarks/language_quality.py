"""Precision and recall of the language checker, per category, on labelled sentences.

    python benchmarks/language_quality.py [--set labelled|heldout|hard|hard-heldout|all]
                                          [--show-errors]

The sentences are in tests/data/language_labelled.yaml (our own, written as SREs write).
A sentence counts once per category: flagged or not, expected or not. "false alarms" is the
share of sentences labelled clean that get any finding. tests/test_language_quality.py
holds floors at the numbers reached here, so a regression fails the build.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from execbrief.core.language import CATEGORIES, CheckContext, check_text
from execbrief.sources.glossary_file import load_lexicon

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
LABELLED = DATA / "language_labelled.yaml"  # the rules were developed against these
HELD_OUT = DATA / "language_heldout.yaml"  # written afterwards; never used to tune a rule
HARD = DATA / "language_hard.yaml"  # issue 14's hard cases, flawed and clean look-alikes
HARD_HELD_OUT = DATA / "language_hard_heldout.yaml"  # written after those rules; not tuned on
SETS = {
    "labelled": (LABELLED,),
    "heldout": (HELD_OUT,),
    "hard": (HARD,),
    "hard-heldout": (HARD_HELD_OUT,),
    "all": (LABELLED, HELD_OUT, HARD, HARD_HELD_OUT),
}
MEASURED = [c for c in CATEGORIES if c != "length"]  # length is a whole-text budget


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Quality:
    scores: dict[str, Score]
    sentences: int
    clean: int
    false_alarms: int
    mistakes: list[str] = field(default_factory=list)
    # per group of a set ("case" in language_hard.yaml): sentences, and those got right
    cases: dict[str, list[int]] = field(default_factory=dict)

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.clean if self.clean else 0.0


def measure(*paths: Path) -> Quality:
    items = [i for p in paths or (LABELLED,) for i in yaml.safe_load(p.read_text("utf-8"))]
    lexicon = load_lexicon(use_config=False)
    scores = {c: Score() for c in MEASURED}
    clean = alarms = 0
    mistakes: list[str] = []
    cases: dict[str, list[int]] = {}
    for item in items:
        context = CheckContext(
            cause_status=item.get("status"),
            severity=item.get("severity"),
            audience_zone=item.get("audience"),
        )
        found = {f.category for f in check_text(item["text"], lexicon, context).findings}
        expected = set(item["expect"])
        if not expected:
            clean += 1
            alarms += bool(found)
        for category in MEASURED:
            hit, want = category in found, category in expected
            score = scores[category]
            score.tp += hit and want
            score.fp += hit and not want
            score.fn += want and not hit
        if "case" in item:
            kind = f"{item['case']} ({'flawed' if expected else 'clean'})"
            tally = cases.setdefault(kind, [0, 0])
            tally[0] += 1
            tally[1] += found == expected
        if found != expected:
            mistakes.append(f"want {sorted(expected)} got {sorted(found)}: {item['text']}")
    return Quality(scores, len(items), clean, alarms, mistakes, cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--set", choices=sorted(SETS), default="labelled")
    args = parser.parse_args()
    q = measure(*SETS[args.set])
    print(f"{q.sentences} labelled sentences, {q.clean} of them clean")
    print(f"{'category':<15}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for category, s in q.scores.items():
        print(f"{category:<15}{s.precision:>10.3f}{s.recall:>8.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    total = Score(*(sum(getattr(s, k) for s in q.scores.values()) for k in ("tp", "fp", "fn")))
    print(
        f"{'all':<15}{total.precision:>10.3f}{total.recall:>8.3f}{total.tp:>5}{total.fp:>5}"
        f"{total.fn:>5}"
    )
    print(f"false alarms on clean sentences: {q.false_alarms}/{q.clean} = {q.false_alarm_rate:.1%}")
    if q.cases:
        print(f"\n{'group':<32}{'sentences':>10}{'exactly right':>15}")
        for kind, (count, right) in sorted(q.cases.items()):
            print(f"{kind:<32}{count:>10}{right:>15}")
    if args.show_errors:
        print("\n".join(q.mistakes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
