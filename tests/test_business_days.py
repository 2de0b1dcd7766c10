"""US federal business days (SEC deadlines): weekends and holidays skipped, observed dates count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from execbrief.core.incident.business_days import (
    add_business_days,
    business_days_between,
    is_business_day,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
counts = st.integers(min_value=0, max_value=40)


@settings(deadline=None)  # the first call per year builds its calendar
@given(days, st.integers(min_value=1, max_value=40))
def test_the_result_is_a_business_day(start: date, n: int):
    assert is_business_day(add_business_days(start, n))


@settings(deadline=None)  # the first call per year builds its calendar
@given(days, counts)
def test_exactly_n_business_days_are_counted(start: date, n: int):
    end = add_business_days(start, n)
    assert business_days_between(start, end) == n
    # and none is skipped: every day between start and end that is not counted is closed
    between = [start + timedelta(days=k) for k in range(1, (end - start).days)]
    assert sum(is_business_day(d) for d in between) == max(n - 1, 0)


@settings(deadline=None)  # the first call per year builds its calendar
@given(days, counts, counts)
def test_adding_in_two_steps_is_adding_once(start: date, a: int, b: int):
    assert add_business_days(add_business_days(start, a), b) == add_business_days(start, a + b)


def test_thanksgiving_and_the_weekend_are_skipped():
    # Wed 25 Nov 2026 -> Fri 27 (1), Mon 30 (2), Tue 1 Dec (3), Wed 2 Dec (4)
    assert not is_business_day(date(2026, 11, 26))
    assert add_business_days(date(2026, 11, 25), 4) == date(2026, 12, 2)
    assert add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)


def test_july_4_on_a_saturday_is_observed_on_friday_july_3():
    assert date(2026, 7, 4).weekday() == 5
    assert not is_business_day(date(2026, 7, 3))
    assert add_business_days(date(2026, 7, 2), 1) == date(2026, 7, 6)


def test_july_4_on_a_sunday_is_observed_on_monday_july_5():
    assert date(2027, 7, 4).weekday() == 6
    assert not is_business_day(date(2027, 7, 5))
    assert add_business_days(date(2027, 7, 2), 1) == date(2027, 7, 6)


def test_new_year_on_a_saturday_is_observed_on_the_friday_before():
    # 1 Jan 2028 is a Saturday: federal offices close on Friday 31 Dec 2027.
    assert not is_business_day(date(2027, 12, 31))
    assert add_business_days(date(2027, 12, 30), 1) == date(2028, 1, 3)


def test_new_year_on_a_weekday():
    assert not is_business_day(date(2026, 1, 1))
    assert add_business_days(date(2025, 12, 31), 1) == date(2026, 1, 2)


def test_zero_days_is_the_start_and_negative_is_refused():
    assert add_business_days(date(2026, 11, 21), 0) == date(2026, 11, 21)
    try:
        add_business_days(date(2026, 11, 21), -1)
    except ValueError:
        pass
    else:
        raise AssertionError("a negative count must be refused")


def test_the_default_report_skips_the_audiences_public_holidays():
    from execbrief.core.incident.validation import read_incident
    from execbrief.core.story.planned_commitments import report_due

    def due(audience: dict) -> date:
        incident = read_incident(
            {
                "title": "Checkout down",
                "audience": audience,
                # mitigated on Friday 20 November 2026, the week before Thanksgiving
                "timeline": {"started": "2026-11-20T14:00:00Z", "mitigated": "2026-11-20T15:00Z"},
            }
        )
        return report_due(incident, datetime(2026, 11, 20, 18, tzinfo=UTC))

    assert due({}) == date(2026, 11, 27)  # 5 weekdays; Thanksgiving counted as one
    assert due({"country": "US"}) == date(2026, 11, 30)  # Thursday 26 is a holiday
    assert due({"country": "gb"}) == date(2026, 11, 27)  # not one in Britain
