"""History's quick reads (issue 18's speed): the driver-only reader (store/history_query.py)
gives what the full store gives, and `similar`'s fast path (only the incidents that can
rank, store.history_query.HistoryReader.candidates) ranks exactly as the straightforward
loop over every past incident does, on both backends."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from execbrief.core.history import CLASS_NAMES, PastIncident, ranked, similar
from execbrief.core.history.similar import (
    GAP_SIMILAR_ENOUGH,
    SAME_CLASS,
    SAME_SERVICE,
    SIMILAR_GAP,
)
from execbrief.errors import InputError
from execbrief.store import database_url, models, open_store
from execbrief.store.history_query import (
    EVENT_COLUMNS,
    HISTORY_COLUMNS,
    SCALES,
    HistoryReader,
    history_reader,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from history_data import NOW, rows

Row = tuple[str, float, tuple[str, ...], bool]


def straightforward(
    target: PastIncident, history: Sequence[PastIncident], limit: int | None
) -> list[Row]:
    """The ranking as first written: every past incident scored in turn (the oracle)."""
    from rapidfuzz import fuzz

    found = []
    gap = (target.safeguard_gap or "").lower()
    for past in history:
        if past.id == target.id or past.started >= target.started:
            continue
        score = 0.0
        why: list[str] = []
        same_failure = False
        if target.cause_class != "other" and past.cause_class == target.cause_class:
            score += SAME_CLASS
            words = ", ".join(past.evidence)
            why.append(f"same cause class: {CLASS_NAMES[past.cause_class]} ({words})")
            same_failure = True
        if (
            target.service
            and past.service
            and target.service.strip().casefold() == past.service.strip().casefold()
        ):
            score += SAME_SERVICE
            why.append(f"same service: {past.service}")
        if gap and past.safeguard_gap:
            ratio = fuzz.token_set_ratio(
                gap, past.safeguard_gap.lower(), score_cutoff=GAP_SIMILAR_ENOUGH
            )
            if ratio:
                score += SIMILAR_GAP * ratio / 100
                why.append(f"similar safeguard gap ({round(ratio)}% alike)")
                same_failure = True
        if why:
            found.append((past, round(score, 3), tuple(why), same_failure))
    found.sort(key=lambda m: (-m[1], -m[0].started.timestamp(), m[0].id))
    return [(p.id, s, w, f) for p, s, w, f in (found if limit is None else found[:limit])]


def fast(reader: HistoryReader, target: PastIncident, limit: int) -> list[Row]:
    """What app.history.similar_incidents does with a reader."""
    top = ranked(target, reader.candidates(target, limit), limit=limit)
    return [(p.id, s, w, f) for p, s, w, f in top]


def load(url: str, data: dict[str, list[dict[str, Any]]]) -> None:
    from sqlalchemy import delete, insert

    store = open_store(url)
    tables = {
        "incidents": models.incidents,
        "versions": models.versions,
        "commitments": models.commitments,
        "events": models.events,
        "history": models.history,
    }
    with store.engine.begin() as connection:
        for table in reversed(tables.values()):
            connection.execute(delete(table))
        for name, table in tables.items():
            if data.get(name):
                connection.execute(insert(table), data[name])
    store.close()


@contextmanager
def reader_for(url: str) -> Iterator[HistoryReader]:
    with history_reader(database_url(url)) as reader:
        assert reader is not None
        yield reader


def awkward(data: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The generator's rows, with what real histories hold: one service written several
    ways, gaps alike but not equal, no gap, class 'other', the same start twice, and
    minutes with more decimals than the column keeps."""
    history = data["history"]
    for i, row in enumerate(history):
        if i % 7 == 0:
            row["service"] = f"  {row['service'].upper()} "
        if i % 11 == 0:
            row["safeguard_gap"] = "No alert warned us before the certificate expired"
        if i % 13 == 0:
            row["safeguard_gap"] = ""
        if i % 17 == 0:
            row["cause_class"], row["evidence"] = "other", ""
        if i % 19 == 0:
            row["impact_minutes"] = Decimal("61") / Decimal("60")
        if i % 23 == 0 and i:
            row["started"] = history[i - 1]["started"]  # a tie, broken by the id
    return data


@pytest.fixture
def built(db_url: str) -> str:
    load(db_url, awkward(rows(300, seed=5)))
    return db_url


def test_columns_are_the_tables() -> None:
    assert tuple(c.name for c in models.history.columns) == HISTORY_COLUMNS
    assert tuple(c.name for c in models.events.columns) == EVENT_COLUMNS
    numeric = {c.name: c.type.scale for c in models.history.columns if hasattr(c.type, "scale")}
    assert numeric == SCALES


def test_reader_reads_what_the_store_reads(built: str) -> None:
    store = open_store(built)
    try:
        everyone = store.past_incidents()
        ids = [p.id for p in everyone]
        windows = [
            (None, None),
            (NOW - timedelta(days=90), NOW),
            (None, NOW - timedelta(days=400)),
            (everyone[40].started, everyone[41].started),
        ]
        with reader_for(built) as reader:
            for since, until in windows:
                assert reader.past_incidents(since, until) == store.past_incidents(since, until)
            assert reader.past_incidents(ids=ids[::9]) == [p for p in everyone if p.id in ids[::9]]
            assert reader.past_incidents(ids=[]) == []
            for key in ids[::29]:
                assert reader.past_incident(key) == store.past_incident(key)
            assert reader.ledgers(ids) == store.ledgers(ids)
            assert list(reader.ledgers(ids)) == sorted(ids)
            assert reader.ledgers([]) == {}
            with pytest.raises(InputError) as quick:
                reader.past_incident("INC-nope")
        with pytest.raises(InputError) as full:
            store.past_incident("INC-nope")
        assert str(quick.value) == str(full.value)
    finally:
        store.close()


def test_fast_similar_ranks_exactly_as_every_incident_scored(built: str) -> None:
    store = open_store(built)
    try:
        everyone = store.past_incidents()
        with reader_for(built) as reader:
            for target in everyone[::7]:
                before = [p for p in everyone if p.started < target.started]
                for limit in (1, 3, 10, 40):
                    expected = straightforward(target, before, limit)
                    assert fast(reader, target, limit) == expected
                    got = similar(target, store.past_incidents(until=target.started), limit=limit)
                    assert [(m.past.id, m.score, m.why, m.same_failure) for m in got] == expected
    finally:
        store.close()


def test_similar_command_gives_the_same_on_both_paths(built: str) -> None:
    from execbrief.app.history import _fix_states, match_document, similar_incidents

    store = open_store(built)
    try:
        for target in store.past_incidents()[::50]:
            _, documents = similar_incidents(target.id, built, NOW.isoformat(), 10)
            matches = similar(target, store.past_incidents(until=target.started))
            states = _fix_states(store.ledgers([m.past.id for m in matches]), NOW)
            assert documents == [match_document(m, states.get(m.past.id)) for m in matches]
    finally:
        store.close()


SERVICES = ["Checkout", " checkout", "CHECKOUT ", "Search", "search", "Login", "", None]
GAPS = [
    "no alert warned us before the certificate ran out",
    "No alert warned us before the certificate expired",
    "the release check was skipped for this change",
    "the release check was skipped",
    "load tests did not cover this traffic",
    "",
    None,
]
CLASSES = ["certificate_expiry", "deploy", "capacity", "other"]


def history_rows(
    pasts: list[tuple[int, str | None, str, str | None]],
) -> dict[str, list[dict[str, Any]]]:
    """The incidents and history rows of (hour, service, class, gap) tuples."""
    out: dict[str, list[dict[str, Any]]] = {"incidents": [], "history": []}
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i, (hour, service, cause_class, gap) in enumerate(pasts):
        key = f"{('INC-', 'inc-', 'Inc_')[i % 3]}{i:03d}"  # Python orders them by code point
        started = start + timedelta(hours=hour)
        out["incidents"].append(
            {
                "id": key,
                "title": key,
                "state": "resolved",
                "zone": "UTC",
                "latest_version": 1,
                "row_version": 1,
                "updated_at": started,
            }
        )
        row = dict.fromkeys(HISTORY_COLUMNS)
        row.update(
            incident_id=key,
            title=key,
            started=started,
            service=service,
            safeguard_gap=gap,
            cause_class=cause_class,
            evidence="" if cause_class == "other" else f"{cause_class[:4]},word",
        )
        out["history"].append(row)
    return out


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pasts=st.lists(
        st.tuples(
            st.integers(0, 30),  # few hours: many incidents begin at the same moment
            st.sampled_from(SERVICES),
            st.sampled_from(CLASSES),
            st.sampled_from(GAPS),
        ),
        min_size=1,
        max_size=40,
    ),
    pick=st.integers(0, 39),
    limit=st.integers(1, 8),
)
def test_fast_path_ranks_as_the_straightforward_one_on_any_history(
    db_url: str, pasts: list[tuple[int, str | None, str, str | None]], pick: int, limit: int
) -> None:
    load(db_url, history_rows(pasts))
    with reader_for(db_url) as reader:
        everyone = reader.past_incidents()
        target = everyone[pick % len(everyone)]
        before = [p for p in everyone if p.started < target.started]
        assert fast(reader, target, limit) == straightforward(target, before, limit)


def test_with_very_many_alike_it_reads_every_incident_and_ranks_the_same(
    built: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from execbrief.store import history_query

    monkeypatch.setattr(history_query, "MANY", 0)
    with reader_for(built) as reader:
        everyone = reader.past_incidents()
        target = everyone[-1]
        before = [p for p in everyone if p.started < target.started]
        assert len(reader.candidates(target, 3)) == len(before)  # every one begun before it
        assert fast(reader, target, 3) == straightforward(target, everyone, 3)


@pytest.mark.parametrize("how", ["helper", "helper fails", "no helper"])
def test_report_pdf_is_printed_whichever_process_prints_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The report's PDF comes from the forked helper, or from this process when the
    helper fails or cannot start; the same page either way."""
    from pypdf import PdfReader

    from execbrief.app.history import period_report, write_report
    from execbrief.render import forked, report_helper

    db = str(tmp_path / "h.db")
    load(db, rows(40, seed=3))
    figures = period_report("2026-01-01", "2026-12-31", db, NOW.isoformat())
    if how == "helper fails":  # the child cannot read what it is sent
        monkeypatch.setattr(report_helper.pickle, "loads", lambda _: 1 / 0)
    if how == "no helper":
        monkeypatch.setattr(forked.os, "cpu_count", lambda: 1)
    printed: list[bytes | None] = []
    collect = report_helper.PdfHelper.collect
    monkeypatch.setattr(
        report_helper.PdfHelper,
        "collect",
        lambda self: printed.append(collect(self)) or printed[-1],
    )
    write_report(figures, tmp_path / "out")
    if how == "no helper":
        assert printed == []
    elif threading.active_count() == 1:  # a helper forks only from a single-threaded process
        assert [p is not None for p in printed] == [how == "helper"]
    text = PdfReader(tmp_path / "out" / "report.pdf").pages[0].extract_text()
    assert f"Incidents from {figures['from']} to {figures['to']}" in text
    assert f"Incidents {figures['incidents']}" in text.replace("\n", " ")
