"""Properties of the importers' pure parts: the merge rules, the YAML draft writer (what it
writes reads back as the same data and provenance), and the vectorised Prometheus summary
against a plain loop."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from execbrief.core.incident.draft import Draft, DraftEvent, Fact, merge, merge_all
from execbrief.sources import prometheus
from execbrief.sources.draft_file import compose, read_existing, to_yaml
from execbrief.sources.incident_file import parse_yaml

BASE = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
minutes = st.integers(min_value=0, max_value=600).map(lambda m: BASE + timedelta(minutes=m))
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip() != ""
)


@st.composite
def drafts(draw, source: str = "tool") -> Draft:
    start = draw(minutes)
    facts = {"timeline.started": Fact(start, f"{source}: start")}
    if draw(st.booleans()):
        facts["timeline.mitigated"] = Fact(
            start + timedelta(minutes=draw(st.integers(0, 300))), f"{source}: end"
        )
    if draw(st.booleans()):
        facts["title"] = Fact(draw(words), f"{source}: title")
    events = tuple(
        DraftEvent(draw(minutes), draw(words), f"{source}: event")
        for _ in range(draw(st.integers(0, 4)))
    )
    return Draft(facts, events)


@settings(deadline=None)  # a shared 2-core machine: timing is not what these check
@given(st.lists(drafts(), min_size=1, max_size=4))
def test_merge_takes_earliest_start_latest_end_and_orders_events(parts):
    merged = merge_all(parts)
    assert merged.facts["timeline.started"].value == min(
        p.facts["timeline.started"].value for p in parts
    )
    ends = [p.facts["timeline.mitigated"].value for p in parts if "timeline.mitigated" in p.facts]
    if ends:
        assert merged.facts["timeline.mitigated"].value == max(ends)
    times = [e.at for e in merged.events]
    assert times == sorted(times)
    assert {(e.at, e.what) for e in merged.events} == {
        (e.at, e.what) for p in parts for e in p.events
    }
    titles = {p.facts["title"].value for p in parts if "title" in p.facts}
    reported = {c.field for c in merged.conflicts}
    assert ("title" in reported) == (len(titles) > 1)


@settings(deadline=None)
@given(drafts(), drafts())
def test_hand_written_facts_win_over_any_import(hand, imported):
    mine = Draft({k: Fact(f.value, "by hand", by_hand=True) for k, f in hand.facts.items()})
    merged = merge(mine, imported)
    for name, fact in mine.facts.items():
        assert merged.facts[name] == fact


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drafts(), words)
def test_yaml_draft_reads_back_as_written(tmp_path: Path, draft, service):
    draft = Draft(
        {**draft.facts, "service": Fact(service, "tool: a # tricky source")}, draft.events
    )
    composed = compose(draft)
    text = to_yaml(composed, ["tool (x.json)"])
    data, _ = parse_yaml(text, "draft.yaml")
    assert data == json.loads(json.dumps(composed.data))
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    again, _, kept = read_existing(path)
    assert kept == {}  # a draft's own comments (its header, '# from') are not the engineer's
    assert {k: (f.value, f.by_hand) for k, f in again.facts.items()} == {
        k: (f.value, False) for k, f in draft.facts.items()
    }
    assert all(not e.by_hand for e in again.events)


samples = st.one_of(
    st.floats(min_value=-5, max_value=5, allow_nan=False).map(lambda v: f"{v:.3f}"),
    st.sampled_from(["NaN", "+Inf", "-Inf"]),
)


@settings(deadline=None)
@given(
    st.lists(st.lists(samples, min_size=0, max_size=8), min_size=0, max_size=6),
    st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
    st.sampled_from([-1.0, 0.0, 0.5, 1.0]),
)
def test_vectorised_summary_matches_a_plain_loop(series, op, threshold):
    payload = {
        "status": "success",
        "data": {
            "resultType": "matrix",
            "result": [
                {"metric": {"i": str(i)}, "values": [[1000 + 15 * j, v] for j, v in enumerate(s)]}
                for i, s in enumerate(series)
            ],
        },
    }
    test = prometheus.ImpactTest(op, threshold)
    summary = prometheus.summarise(prometheus.read_matrix(payload), test, top=10)
    compare = prometheus._OPS[op]
    bad = [
        (i, 1000 + 15 * j)
        for i, s in enumerate(series)
        for j, v in enumerate(s)
        if not math.isnan(float(v)) and compare(float(v), threshold)
    ]
    assert summary.bad_samples == len(bad)
    assert summary.affected == len({i for i, _ in bad})
    assert summary.first_bad == (min(t for _, t in bad) if bad else None)
    if bad:
        last = max(t for _, t in bad)
        later = [1000 + 15 * j for s in series for j in range(len(s)) if 1000 + 15 * j > last]
        assert summary.recovered == (min(later) if later else None)
    counts = {i: sum(1 for k, _ in bad if k == i) for i in range(len(series))}
    assert sorted(c for _, c, _, _ in summary.worst) == sorted(c for c in counts.values() if c)
    for name, _, low, high in summary.worst:  # the range of the bad values, not of all
        i = int(name.split('"')[1])
        values = [
            float(v) for v in series[i] if not math.isnan(float(v)) and compare(float(v), threshold)
        ]
        assert (low, high) == (min(values), max(values))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=5)
    | st.sampled_from(["2026-11-20T14:00:00Z", "0001-01-01T00:00:00Z", "None", "resolved"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "incident",
                    "incidents",
                    "event",
                    "data",
                    "alerts",
                    "status",
                    "alert",
                    "message",
                    "createdAt",
                    "created_at",
                    "resolved_at",
                    "acknowledgements",
                    "at",
                    "startsAt",
                    "endsAt",
                    "labels",
                    "incident_updates",
                    "impact",
                    "result",
                    "resultType",
                    "values",
                    "metric",
                    "log_entries",
                    "type",
                    "report",
                    "event_type",
                    "id",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_gives_a_draft_or_a_named_problem(payload):
    from execbrief.sources import alertmanager, opsgenie, pagerduty, statuspage
    from execbrief.sources.payload import PayloadError

    readers = [
        pagerduty.from_incident,
        opsgenie.from_payload,
        alertmanager.from_payload,
        statuspage.from_payload,
        lambda p: prometheus.from_payload(p, prometheus.ImpactTest("<", 1.0), "x"),
        lambda p: pagerduty.with_log_entries(Draft(), p),
    ]
    for read in readers:
        try:
            draft = read(payload)
        except PayloadError:
            continue
        compose(draft)
