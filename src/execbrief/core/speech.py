"""Numbers, durations and times as a person says them across a desk.

Exact figures belong in tables; in a spoken sentence "about $58,000" is easier to hear
and remember than "$57,961.20". Each function says "about" only when it rounded.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from zoneinfo import ZoneInfo

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$"}


def _two_figures(value: Decimal) -> Decimal:
    """Round to two significant figures: 57,961 -> 58,000; 2,610 -> 2,600."""
    if value == 0:
        return value
    digits = value.adjusted()  # position of the leading digit
    step = Decimal(1).scaleb(digits - 1)
    return (value / step).to_integral_value(ROUND_HALF_UP) * step


def _about(rounded: Decimal, exact: Decimal) -> str:
    return "" if rounded == exact else "about "


def _grouped(value: Decimal) -> str:
    return f"{int(value):,}"


def _large(value: Decimal) -> str | None:
    sizes = (
        (Decimal(10) ** 12, "trillion"),
        (Decimal(10) ** 9, "billion"),
        (Decimal(10) ** 6, "million"),
    )
    for size, word in sizes:
        if value >= size:
            scaled = (value / size).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP, context=Context(prec=80)
            )
            text = f"{scaled:f}".removesuffix(".0")
            return f"{text} {word}"
    return None


def _amount_words(value: Decimal) -> tuple[str, Decimal]:
    value = abs(value)
    large = _large(value)
    if large is not None:
        return large, Decimal(-1)  # never equal: a large figure is always rounded
    small = value < 100
    rounded = value.to_integral_value(ROUND_HALF_UP) if small else _two_figures(value)
    return _grouped(rounded), rounded


def money(amount: Decimal, currency: str) -> str:
    """'about $58,000', '$2,600', 'about €1.2 million'."""
    words, rounded = _amount_words(amount)
    symbol = _SYMBOLS.get(currency)
    figure = f"{symbol}{words}" if symbol else f"{words} {currency}"
    return _about(rounded, abs(amount)) + figure


def money_exact(amount: Decimal, currency: str) -> str:
    """For tables: '$57,961.20'."""
    symbol = _SYMBOLS.get(currency)
    figure = f"{amount:,.2f}".removesuffix(".00")
    return f"{symbol}{figure}" if symbol else f"{figure} {currency}"


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number(value: int) -> str:
    """Small whole numbers as words ('two decisions'), larger ones as digits."""
    return _SMALL[value] if 0 <= value < len(_SMALL) else f"{value:,}"


def count(value: int, unit: str) -> str:
    """'42 enterprise customers', 'about 48,000 customers', 'about 1.2 million customers'."""
    exact = Decimal(value)
    if value < 1000:
        return f"{value:,} {unit}"
    words, rounded = _amount_words(exact)
    return f"{_about(rounded, exact)}{words} {unit}"


def count_range(low: int, high: int, unit: str) -> str:
    if low == high:
        return count(low, unit)
    low_words = count(low, unit).removeprefix("about ").removesuffix(f" {unit}")
    high_words = count(high, unit).removeprefix("about ")
    return f"between {low_words} and {high_words}"


def money_range(low: Decimal, high: Decimal, currency: str) -> str:
    if low == high:
        return money(low, currency)
    return f"between {money(low, currency).removeprefix('about ')} and " + money(
        high, currency
    ).removeprefix("about ")


_QUARTERS = {0: "", 15: " and 15 minutes", 30: " and a half", 45: " and 45 minutes"}


def duration(minutes: Decimal) -> str:
    """'under a minute', '47 minutes', 'about an hour and a half', 'about 3 days'."""
    if minutes < 1:
        return "under a minute"
    if minutes < 100:
        whole = minutes.to_integral_value(ROUND_HALF_UP)
        unit = "minute" if whole == 1 else "minutes"
        return f"{_about(whole, minutes)}{int(whole)} {unit}"
    if minutes < 150:
        quarters = int((minutes / 15).to_integral_value(ROUND_HALF_UP)) * 15
        hours, rest = divmod(quarters, 60)
        head = "an hour" if hours == 1 else f"{hours} hours"
        if hours == 2 and rest:
            head = "2 hours"
        return f"{_about(Decimal(quarters), minutes)}{head}{_QUARTERS[rest]}"
    if minutes < 36 * 60:
        halves = int((minutes / 30).to_integral_value(ROUND_HALF_UP))
        hours, half = divmod(halves, 2)
        text = f"{hours} and a half hours" if half else f"{hours} hours"
        return _about(Decimal(halves * 30), minutes) + text
    days = (minutes / 1440 * 2).to_integral_value(ROUND_HALF_UP) / 2
    whole_days = int(days)
    text = f"{whole_days} and a half days" if days != whole_days else f"{whole_days} days"
    return _about(days * 1440, minutes) + text


def clock_time(moment: datetime, zone: ZoneInfo, *, with_day: bool = True) -> str:
    """'9:02 a.m. EST on Friday, November 20' (or just '9:02 a.m. EST')."""
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    half = "a.m." if local.hour < 12 else "p.m."
    label = local.tzname() or ""
    if label.startswith(("+", "-")):
        label = f"UTC{label}"
    said = f"{hour}:{local.minute:02d} {half} {label}".strip()
    return f"{said} on {day(local.date())}" if with_day else said


def day(value: date) -> str:
    """'Friday, November 20'."""
    return f"{value:%A}, {value:%B} {value.day}"


def due(value: date | datetime, zone: ZoneInfo) -> str:
    """A due date as said aloud: 'Wednesday, November 25' or a clock time with its day."""
    if isinstance(value, datetime):
        return clock_time(value, zone)
    return day(value)


def percent(share: Decimal) -> str:
    """0.62 -> '62%'; 0.005 -> '0.5%'."""
    value = (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".removesuffix(".0") + "%"


def sentence(text: str) -> str:
    """User-written text made into a clause: no trailing full stop, first letter as written."""
    return text.strip().rstrip(".").strip()


# Words that start many user-written phrases and are never names: safe to lower-case
# when the phrase moves into the middle of one of our sentences.
_COMMON_STARTS = frozenset(
    {
        *("a", "an", "the", "we", "our", "this", "that", "these", "those", "it", "its"),
        *("some", "all", "one", "two", "rolled", "restarted", "reverted", "disabled"),
        *("switched", "moved", "added", "removed", "turned", "raised", "increased", "fixed"),
        *("make", "add", "move", "turn", "block", "require", "stop", "run", "build"),
        *("replace", "limit", "approve", "agree", "decide", "sign", "confirm"),
    }
)


def clause(text: str) -> str:
    """User text placed inside our sentence; lower-cases a plain first word, never a name."""
    text = sentence(text)
    first = text.split(" ", 1)[0]
    if first.lower() in _COMMON_STARTS and first[1:].islower():
        return first.lower() + text[len(first) :]
    return text


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
