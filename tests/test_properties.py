"""Property tests of the pure core (SPEC section 4): the impact math keeps its promises
for every input, the speech helpers never fail, and the parsers only ever fail with
their own error types.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from execbrief.core import speech
from execbrief.core.impact import (
    contract_credit,
    customer_impact_minutes,
    estimated_loss,
    finance_loss,
    observed_loss,
    response_cost,
    revenue_lost,
    sla_credits,
    users_affected,
)
from execbrief.core.incident.model import Incident
from execbrief.core.incident.times import TimeValueError, parse_moment
from execbrief.core.incident.validation import IncidentInvalid, read_incident
from execbrief.errors import InputError
from execbrief.sources.incident_file import incident_from_text

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

START = datetime(2026, 11, 20, 14, 2, tzinfo=UTC)


def make(**parts: Any) -> Incident:
    """An Incident from plain data, the way a file gives it; `timeline` defaults to START."""
    data: dict[str, Any] = {"title": "Checkout payments failing"}
    data["timeline"] = {"started": START.isoformat()}
    data.update(parts)
    return read_incident(data)


# --- strategies ------------------------------------------------------------------------

shares = st.decimals(min_value=0, max_value=1, places=3)
money = st.decimals(min_value=0, max_value=10**9, places=2)
counts = st.integers(min_value=0, max_value=10**7)
minutes = st.integers(min_value=0, max_value=60 * 24 * 60)  # up to two months, in minutes


@st.composite
def share_ranges(draw: st.DrawFn) -> dict[str, Decimal] | None:
    if draw(st.booleans()):
        return None
    a, b = draw(shares), draw(shares)
    return {"low": min(a, b), "high": max(a, b)}


@st.composite
def revenues(draw: st.DrawFn) -> dict[str, Any]:
    revenue: dict[str, Any] = {"currency": draw(st.sampled_from(["USD", "EUR", "JPY", "CHF"]))}
    for key in ("per_minute", "average_order_value"):
        if draw(st.booleans()):
            revenue[key] = draw(money)
    recapture = draw(share_ranges())
    if recapture is not None:
        revenue["recapture"] = recapture
    if draw(st.booleans()):
        a, b = draw(money), draw(money)
        revenue["lost"] = {"low": min(a, b), "high": max(a, b)}
    return revenue


def ordered(estimate) -> bool:
    return estimate.low <= estimate.likely <= estimate.high


# --- revenue -----------------------------------------------------------------------------


@FAST
@given(
    revenue=revenues(),
    failed=st.none() | counts,
    failing=st.none() | shares,
    impact_minutes=minutes,
)
def test_revenue_estimates_are_ordered_low_likely_high(revenue, failed, failing, impact_minutes):
    impact_data: dict[str, Any] = {"revenue": revenue}
    if failed is not None:
        impact_data["failed_transactions"] = failed
    if failing is not None:
        impact_data["traffic_failing"] = failing
    impact = make(impact=impact_data).impact
    assert impact.revenue is not None
    span = Decimal(impact_minutes)
    for estimate in (
        finance_loss(impact.revenue),
        observed_loss(impact.revenue, impact.failed_transactions),
        estimated_loss(impact.revenue, span, impact.traffic_failing),
    ):
        if estimate is not None:
            assert ordered(estimate), estimate
            assert estimate.low >= 0
    lost = revenue_lost(impact, span)
    if lost is not None:
        assert ordered(lost.primary)
        assert lost.primary.method in {"finance", "observed", "estimated"}
        if lost.cross_check is not None:
            assert ordered(lost.cross_check)
            assert lost.cross_check.method != lost.primary.method


@FAST
@given(per_minute=money, failing=st.none() | shares, recapture=share_ranges())
def test_zero_impact_duration_means_zero_estimated_loss(per_minute, failing, recapture):
    revenue: dict[str, Any] = {"per_minute": per_minute}
    if recapture is not None:
        revenue["recapture"] = recapture
    impact: dict[str, Any] = {"revenue": revenue}
    if failing is not None:
        impact["traffic_failing"] = failing
    start = START.isoformat()
    for timeline in ({"started": start, "mitigated": start}, {"started": start}):
        incident = make(timeline=timeline, impact=impact)
        span = customer_impact_minutes(incident.timeline, START)
        assert span == 0
        lost = revenue_lost(incident.impact, span)
        assert lost is not None
        assert lost.primary.method == "estimated"
        assert lost.primary.low == lost.primary.likely == lost.primary.high == 0


@FAST
@given(
    per_minute=money,
    failing=st.none() | shares,
    recapture=share_ranges(),
    first=minutes,
    extra=minutes,
)
def test_estimated_loss_never_falls_as_mitigation_moves_later(
    per_minute, failing, recapture, first, extra
):
    revenue: dict[str, Any] = {"per_minute": per_minute}
    if recapture is not None:
        revenue["recapture"] = recapture
    impact: dict[str, Any] = {"revenue": revenue}
    if failing is not None:
        impact["traffic_failing"] = failing

    def loss(after: int):
        mitigated = (START + timedelta(minutes=after)).isoformat()
        incident = make(
            timeline={"started": START.isoformat(), "mitigated": mitigated}, impact=impact
        )
        span = customer_impact_minutes(incident.timeline, START)
        assert span == after
        lost = revenue_lost(incident.impact, span)
        assert lost is not None
        return lost.primary

    early, late = loss(first), loss(first + extra)
    assert early.low <= late.low
    assert early.likely <= late.likely
    assert early.high <= late.high


# --- people ------------------------------------------------------------------------------


@FAST
@given(a=counts, b=counts)
def test_users_range_keeps_its_ends_and_invents_no_likely_figure(a, b):
    low, high = min(a, b), max(a, b)
    users = users_affected(make(impact={"users_affected": {"low": low, "high": high}}).impact)
    assert users is not None
    assert (users.low, users.likely, users.high) == (low, None, high)


@FAST
@given(a=counts, b=counts, c=counts)
def test_users_range_keeps_a_likely_figure_the_file_gives(a, b, c):
    low, likely, high = sorted((a, b, c))
    given = {"low": low, "likely": likely, "high": high}
    users = users_affected(make(impact={"users_affected": given}).impact)
    assert users is not None
    assert (users.low, users.likely, users.high) == (low, likely, high)


@FAST
@given(a=counts, b=counts)
def test_a_likely_figure_outside_its_range_is_refused(a, b):
    low, high = min(a, b), max(a, b) + 1
    with pytest.raises(IncidentInvalid):
        make(impact={"users_affected": {"low": low, "likely": high + 1, "high": high}})


@FAST
@given(count=counts)
def test_users_count_is_taken_as_given(count):
    users = users_affected(make(impact={"users_affected": count}).impact)
    assert users is not None
    assert users.low == users.likely == users.high == count


@FAST
@given(fraction=shares, active=counts)
def test_users_share_of_active_is_within_active(fraction, active):
    users = users_affected(
        make(
            impact={"users_affected": {"fraction_of_active": fraction, "active_users": active}}
        ).impact
    )
    assert users is not None
    assert 0 <= users.low <= users.likely <= users.high <= active


# --- SLA credits -------------------------------------------------------------------------


@st.composite
def credit_tables(draw: st.DrawFn) -> list[dict[str, Decimal]]:
    """Tiers as contracts write them: the lower the uptime, the bigger the credit."""
    belows = draw(
        st.lists(
            st.decimals(min_value=0, max_value=100, places=2), unique=True, min_size=0, max_size=4
        )
    )
    percents = draw(
        st.lists(
            st.decimals(min_value=0, max_value=100, places=1),
            min_size=len(belows),
            max_size=len(belows),
        )
    )
    # highest threshold gets the smallest credit
    return [
        {"below": below, "percent": percent}
        for below, percent in zip(sorted(belows, reverse=True), sorted(percents), strict=True)
    ]


months = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
)


@FAST
@given(
    tiers=credit_tables(),
    customers=counts,
    fee=money,
    started=months,
    first=minutes,
    extra=minutes,
)
def test_sla_credit_is_zero_without_downtime_and_never_falls_as_downtime_grows(
    tiers, customers, fee, started, first, extra
):
    contract = {"name": "Enterprise", "customers": customers, "monthly_fee": fee, "credits": tiers}
    incident = make(timeline={"started": started.isoformat()}, contracts=[contract])
    [parsed] = incident.contracts

    def credit(downtime: int) -> Decimal:
        return contract_credit(parsed, Decimal(downtime), started, "USD").amount

    assert credit(0) == 0
    totals = sla_credits(incident, Decimal(0))
    assert totals is not None and totals.total == 0
    assert 0 <= credit(first) <= credit(first + extra)
    whole = sla_credits(incident, Decimal(first + extra))
    assert whole is not None and whole.total == credit(first + extra)


# --- response cost -----------------------------------------------------------------------


@FAST
@given(
    fewer=st.integers(min_value=0, max_value=500),
    more=st.integers(min_value=0, max_value=500),
    hourly=money,
    detect=st.integers(min_value=0, max_value=600),
    work=st.integers(min_value=0, max_value=60 * 24 * 7),
    resolved=st.booleans(),
)
def test_response_cost_is_non_negative_and_grows_with_responders(
    fewer, more, hourly, detect, work, resolved
):
    fewer, more = min(fewer, more), max(fewer, more)
    timeline = {
        "started": START.isoformat(),
        "detected": (START + timedelta(minutes=detect)).isoformat(),
    }
    end = START + timedelta(minutes=detect + work)
    if resolved:
        timeline["resolved"] = end.isoformat()

    def cost(responders: int) -> Decimal:
        incident = make(
            timeline=timeline, response={"responders": responders, "hourly_cost": hourly}
        )
        found = response_cost(incident, end)  # ongoing: counted to `now`
        assert found is not None
        return found.amount

    small, big = cost(fewer), cost(more)
    assert 0 <= small <= big
    hours = Decimal(work) / 60
    if more > fewer and hours * hourly >= Decimal("0.01"):
        assert small < big


# --- speech ------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**15, allow_nan=False, allow_infinity=False)


@FAST
@given(amount=amounts, currency=st.sampled_from(["USD", "EUR", "GBP", "JPY", "CHF", "SEK"]))
@example(amount=Decimal(0), currency="USD")
@example(amount=Decimal("999999.99"), currency="USD")
@example(amount=Decimal("1E+9"), currency="EUR")
def test_speech_money_always_says_something(amount, currency):
    said = speech.money(amount, currency)
    assert isinstance(said, str) and said.strip()
    assert speech.money_exact(amount, currency).strip()


@FAST
@given(value=st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False))
@example(value=Decimal(0))
@example(value=Decimal("0.999"))
@example(value=Decimal("149.99"))
@example(value=Decimal(36 * 60))
def test_speech_duration_always_says_something(value):
    said = speech.duration(value)
    assert isinstance(said, str) and said.strip()


@FAST
@given(value=st.integers(min_value=0, max_value=10**15), unit=st.sampled_from(["customers", "x"]))
@example(value=0, unit="customers")
@example(value=999_950, unit="customers")
def test_speech_count_always_says_something(value, unit):
    said = speech.count(value, unit)
    assert isinstance(said, str) and said.strip()
    assert said.endswith(unit)


def test_speech_money_with_an_absurd_amount_does_not_raise():
    assert speech.money(Decimal(10) ** 40, "USD")


# --- the time parser ---------------------------------------------------------------------

zones = st.none() | st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Apia"])


def timestamp_texts() -> st.SearchStrategy[str]:
    """Text that is often close to a real time, so both outcomes are exercised."""
    moments = st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.none()
    )
    offsets = st.sampled_from(["", "Z", "z", "+00:00", "-05:00", "+05:30", "+0530", "+14:00"])
    written = st.builds(
        lambda moment, offset, sep: moment.isoformat(sep=sep) + offset,
        moments,
        offsets,
        st.sampled_from(["T", " "]),
    )
    return st.text() | written | st.dates().map(str)


@FAST
@given(text=timestamp_texts(), zone=zones)
@example(text="2026-02-30T10:00:00Z", zone=None)
@example(text="2026-11-20", zone=None)
@example(text="2026-11-20T14:02:00", zone=None)
@example(text="2026-11-20T14:02:00", zone="America/New_York")
@example(text="", zone=None)
@example(text="\ud800", zone=None)
def test_parse_moment_gives_an_aware_time_or_a_time_value_error(text, zone):
    try:
        moment = parse_moment(text, ZoneInfo(zone) if zone else None)
    except TimeValueError as exc:
        assert str(exc)
        return
    assert isinstance(moment, datetime)
    assert moment.tzinfo is not None
    assert moment.utcoffset() is not None


@FAST
@given(value=st.none() | st.integers() | st.floats() | st.lists(st.integers()) | st.dates())
def test_parse_moment_refuses_non_text_with_a_time_value_error(value):
    with pytest.raises(TimeValueError):
        parse_moment(value, None)


# --- the incident file parser ------------------------------------------------------------

# The characters the YAML reader accepts (YAML 1.1 printable set).
_YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def parses_or_input_error(text: str) -> None:
    try:
        incident = incident_from_text(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message
            assert problem.place.file == "fuzz.yaml"
        return
    assert isinstance(incident, Incident)


@FAST
@given(text=st.text().filter(lambda t: not _YAML_UNPRINTABLE.search(t)))
@example(text="")
@example(text="   \n")
@example(text="[")
@example(text="{")
@example(text="- a\n- b")
@example(text="title: T\ntimeline: {started: 2026-11-20T14:02:00Z}")
@example(text="title: T\ntimeline: {started: 2026-02-30T14:02:00Z}")
@example(text='{"title": "T", "timeline": {"started": "2026-11-20T14:02:00Z"}}')
@example(text='{"title": "T", "timeline": {"started": "2026-11-20T14:02:00Z"},}')
@example(text="title: !!python/object:os.system echo")
@example(text="title: !!binary aGVsbG8=\ntimeline: {started: 2026-11-20T14:02:00Z}")
@example(text="a: &x [1]\nb: *x")
def test_incident_text_parses_or_raises_input_error(text):
    parses_or_input_error(text)


@settings(max_examples=30, deadline=None)
@given(text=st.text())
@example(text="title: T\x01")
def test_incident_any_text_parses_or_raises_input_error(text):
    parses_or_input_error(text)


@pytest.mark.parametrize(
    "text",
    ["a: &x [*x]", "&x {title: T, self: *x}", "title: " + "[" * 50_000, "[" * 50_000],
)
def test_self_referencing_or_deeply_nested_text_is_an_input_error(text):
    with pytest.raises(InputError):
        incident_from_text(text, "fuzz.yaml")


@pytest.mark.parametrize("text", ["? [a, b]\n: c", "a: {[a]: 1}"])
def test_non_text_mapping_key_is_an_input_error(text):
    parses_or_input_error(text)


# Structured documents: the real field names with values of every shape, so validation
# (not only the YAML reader) sees odd input.

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["2026-11-20T14:02:00Z", "2026-11-20", "2026-11-20T14:02:00", "1.5"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = {
    "": [
        "title",
        "timeline",
        "impact",
        "audience",
        "contracts",
        "cause",
        "fix",
        "response",
        "recurrence",
        "asks",
        "commitments",
        "exposure",
        "severity",
        "id",
        "execbrief",
        "titel",
    ],
    "timeline": ["started", "detected", "mitigated", "resolved", "events", "start"],
    "impact": [
        "users_affected",
        "failed_transactions",
        "traffic_failing",
        "revenue",
        "support_tickets",
        "users_unit",
    ],
    "revenue": ["per_minute", "average_order_value", "recapture", "lost", "currency"],
    "audience": ["name", "timezone"],
}
TIMEZONES = st.sampled_from(["UTC", "America/New_York", "Mars/Olympus", "", "utc", "EST"])


@st.composite
def documents(draw: st.DrawFn, level: str = "") -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(KEYS[level]), unique=True, max_size=6)):
        if key in KEYS and draw(st.booleans()):
            doc[key] = draw(documents(key))
        elif key == "timezone":
            doc[key] = draw(TIMEZONES)
        else:
            doc[key] = draw(values)
    if level == "":
        doc.setdefault("title", "T")
        doc.setdefault("timeline", {"started": "2026-11-20T14:02:00Z"})
    if level == "audience" and "timezone" in doc and not isinstance(doc["timezone"], str):
        doc["timezone"] = "UTC"
    return doc


@FAST
@given(doc=documents(), as_json=st.booleans())
def test_incident_documents_parse_or_raise_input_error(doc, as_json):
    if as_json:
        text = json.dumps(doc, indent=1)
    else:
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    parses_or_input_error(text)
