"""Sentence splitting on the text SREs write: ours against pysbd and textstat.

    python benchmarks/sentence_splitting.py

Each case is a short text with its sentences marked by " || ". We count a case right when
a splitter returns exactly those sentences (pysbd, ours) or, for textstat, which only
counts, the right number. Readability grades need the right sentence count, so this is
what decides which splitter the checker uses.
"""

from __future__ import annotations

import sys

from peers import run_in_peers

from execbrief.core.language.sentences import split_sentences

CASES = [
    "At 9:02 a.m. ET checkout failed. || We rolled back at 9:41 a.m.",
    "Release v2.3.1 went out at 8:55. || It changed one setting.",
    "Uptime was 99.95% last month. || This month it is 99.2%.",
    "We lost about $54,000. || That is 0.4% of weekly sales.",
    "Ok. || Done. || Back to normal.",
    "Checkout failed at 2:02 p.m. || Service came back at 2:49 p.m. || We are watching it.",
    "We paged the on-call at 9:05 a.m. Eastern and declared at 9:12.",
    "The fix ships in v2.4. || It is tested.",
    "Dr. Chen joined at 3 p.m. || She leads the review.",
    "Costs include e.g. refunds and credits. || The total is not yet known.",
    "Traffic dropped 40.5% at 14:05 UTC. || It recovered by 14:49 UTC.",
    "Is it fixed? || Yes. || It has been stable for two hours.",
    "The host db-1.prod.example.com failed. || Its replica took over.",
    "We saw errors from api.example.com at 10:14. || They stopped at 10:31.",
    "Node 3.2 of the cluster restarted. || No data was lost.",
    "The U.S. team is on it. || Europe is not affected.",
    "We will update you at 5 p.m. ET on Friday.",
    "Revenue fell 12.5 percent. || Orders fell 9.1 percent.",
    "Version 10.4.2 fixed it! || We are watching.",
    "It started at 1:10 a.m. || By 1:40 a.m. it was over.",
    "Approx. 4,000 customers were affected. || All have been told.",
    "INC-2291 is closed. || The report is due Nov. 25.",
    "Three steps: roll back, verify, report. || All done by 3 p.m.",
    "The SLA is 99.95%. || We met it.",
    "Wait. || What happened at 9:02?",
    "We moved to v3. || Then errors stopped.",
    "Latency went from 0.2 s to 4.1 s. || Customers noticed.",
    "It was fixed at 12:00 p.m. Pacific. || The backlog cleared at 1 p.m.",
    "See section 4.2. || It lists every action.",
    "Sales were $1.2M. || Credits are $50K.",
]

PEER_CODE = """
import json, sys
import pysbd, textstat
cases = json.load(sys.stdin)
seg = pysbd.Segmenter(language="en", clean=False)
print(json.dumps({
    "pysbd": [[s.strip() for s in seg.segment(text) if s.strip()] for text in cases],
    "textstat": [textstat.sentence_count(text) for text in cases],
}))
"""


def main() -> int:
    expected = [[s.strip() for s in case.split("||")] for case in CASES]
    texts = [" ".join(parts) for parts in expected]
    peers = run_in_peers(PEER_CODE, texts)
    assert isinstance(peers, dict)
    ours = [[s.text for s in split_sentences(t)] for t in texts]
    scores = {
        "execbrief (ours)": sum(o == e for o, e in zip(ours, expected, strict=True)),
        "pysbd": sum(p == e for p, e in zip(peers["pysbd"], expected, strict=True)),
        "textstat (count only)": sum(
            n == len(e) for n, e in zip(peers["textstat"], expected, strict=True)
        ),
    }
    print(f"{len(CASES)} tricky texts (times, decimals, versions, hosts, short sentences)")
    for name, right in scores.items():
        print(f"{name:<24}{right:>3}/{len(CASES)} right")
    for name, got in (("ours", ours), ("pysbd", peers["pysbd"])):
        for g, e in zip(got, expected, strict=True):
            if g != e:
                print(f"  {name} wrong: {g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
