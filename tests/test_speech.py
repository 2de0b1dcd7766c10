"""Numbers and times as a person says them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from execbrief.core import speech

D = Decimal
NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("amount", "said"),
    [
        (D("95000"), "$95,000"),
        (D("94612.40"), "about $95,000"),
        (D("54395"), "about $54,000"),
        (D("2610"), "about $2,600"),
        (D("85"), "$85"),
        (D("85.40"), "about $85"),
        (D("1234567"), "about $1.2 million"),
        (D("2000000"), "$2 million"),  # exact: said as given, like $95,000
        (D("460000000"), "$460 million"),
        (D("0"), "$0"),
    ],
)
def test_money_rounds_for_speech(amount, said):
    assert speech.money(amount, "USD") == said


def test_money_other_currencies():
    assert speech.money(D("32500"), "GBP") == "about £33,000"
    assert speech.money(D("1200"), "CHF") == "1,200 CHF"
    assert speech.money_exact(D("38464.80"), "USD") == "$38,464.80"
    assert speech.money_exact(D("50400.00"), "EUR") == "€50,400"


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (D("0.5"), "under a minute"),
        (D("1"), "1 minute"),
        (D("47"), "47 minutes"),
        (D("47.5"), "about 48 minutes"),
        (D("60"), "60 minutes"),
        (D("100"), "an hour and 40 minutes"),
        (D("90"), "90 minutes"),
        (D("105"), "an hour and 45 minutes"),
        (D("120"), "2 hours"),
        (D("150"), "2 and a half hours"),
        (D("160"), "2 hours and 40 minutes"),
        (D("190"), "3 hours and 10 minutes"),  # 11:20 to 2:30, as the times say it
        (D("192"), "about 3 hours and 10 minutes"),
        (D("400"), "about 6 hours and 45 minutes"),
        (D("300"), "5 hours"),
        (D("315"), "5 hours and 15 minutes"),  # not 'about 5 and a half': 2:40 to 7:55
        (D("630"), "10 and a half hours"),
        (D("700"), "about 11 hours and 45 minutes"),
        (D("800"), "about 13 and a half hours"),
        (D("2880"), "2 days"),
        (D("3000"), "about 2 days"),
        (D("3600"), "2 and a half days"),
        (D("66600"), "about 46 days"),  # 46.25 days: whole days beyond 10, no halves
    ],
)
def test_duration_for_speech(minutes, said):
    assert speech.duration(minutes) == said


def test_counts_and_ranges():
    assert speech.count(42, "customers") == "42 customers"
    assert speech.count(48200, "customers") == "48,200 customers"  # three figures: as given
    assert speech.count(23800, "customers") == "23,800 customers"
    assert speech.count(57961, "customers") == "about 58,000 customers"
    assert speech.count(48000, "customers") == "48,000 customers"
    assert speech.count(1_250_000, "users") == "about 1.3 million users"
    assert speech.count_range(8500, 11000, "customers") == "between 8,500 and 11,000 customers"
    assert speech.count_range(5, 5, "customers") == "5 customers"
    assert speech.money_range(D("39560"), D("69230"), "USD") == "between $40,000 and $69,000"


def test_clock_time_in_the_audience_zone_with_the_day():
    moment = datetime.fromisoformat("2026-11-20T14:02:00+00:00")
    assert speech.clock_time(moment, NY) == "9:02 a.m. EST on Friday, November 20"
    assert speech.clock_time(moment, NY, with_day=False) == "9:02 a.m. EST"
    summer = datetime.fromisoformat("2026-07-03T23:30:00+00:00")
    assert speech.clock_time(summer, NY) == "7:30 p.m. EDT on Friday, July 3"
    assert speech.clock_time(moment, ZoneInfo("Asia/Kolkata")).startswith("7:32 p.m. IST")
    assert speech.clock_time(moment, ZoneInfo("America/Sao_Paulo")) == (
        "11:02 a.m. UTC-03 on Friday, November 20"
    )
    noon = datetime.fromisoformat("2026-11-20T17:00:00+00:00")
    assert speech.clock_time(noon, NY).startswith("12:00 p.m.")


def test_due_dates():
    assert speech.due(date(2026, 11, 25), NY) == "Wednesday, November 25"
    assert speech.percent(D("0.62")) == "62%"
    assert speech.percent(D("0.005")) == "0.5%"


def test_user_phrases_fit_inside_our_sentences():
    assert speech.clause("Rolled back the release.") == "rolled back the release"
    assert speech.clause("Stripe webhooks failed") == "Stripe webhooks failed"
    assert speech.clause("DNS records expired") == "DNS records expired"
    assert speech.capital("about 48,000") == "About 48,000"


def test_days_are_told_against_now():
    now = datetime.fromisoformat("2026-12-02T15:00:00+00:00")  # 10 a.m. in New York
    assert speech.due(date(2026, 12, 2), NY, now) == "today"
    assert speech.due(date(2026, 12, 3), NY, now) == "tomorrow"
    assert speech.due(date(2026, 12, 1), NY, now) == "yesterday"
    assert speech.due(date(2026, 12, 9), NY, now) == "Wednesday, December 9"
    assert speech.due(date(2027, 1, 4), NY, now) == "Monday, January 4, 2027"
    assert speech.due(date(2025, 10, 6), NY, now) == "Monday, October 6, 2025"
    late_evening = datetime.fromisoformat("2026-12-03T03:30:00+00:00")  # 10:30 p.m. on the 2nd
    assert speech.clock_time(late_evening, NY, now=now) == "10:30 p.m. EST today"
    assert speech.clock_time(late_evening, NY) == "10:30 p.m. EST on Wednesday, December 2"
