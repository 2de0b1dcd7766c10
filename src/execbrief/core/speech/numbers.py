"""Counts and money as a person says them: two significant figures, "about" only when
rounded ("about $58,000", "between 700 and 5,000 customers")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$"}


def _two_figures(value: Decimal) -> Decimal:
    """Round to two significant figures: 57,961 -> 58,000; 2,610 -> 2,600."""
    if value == 0:
        return value
    digits = value.adjusted()  # position of the leading digit
    step = Decimal(1).scaleb(digits - 1)
    return (value / step).to_integral_value(ROUND_HALF_UP) * step


def _figures(value: Decimal) -> int:
    """Significant figures of a whole number: 23,800 -> 3; 57,961 -> 5."""
    digits = str(int(value)).rstrip("0")
    return len(digits)


def _about(rounded: Decimal, exact: Decimal) -> str:
    return "" if rounded == exact else "about "


def _grouped(value: Decimal) -> str:
    return f"{int(value):,}"


def _large(value: Decimal) -> tuple[str, Decimal] | None:
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
            return f"{text} {word}", scaled * size
    return None


def _amount_words(value: Decimal) -> tuple[str, Decimal]:
    value = abs(value)
    large = _large(value)
    if large is not None:  # "about" unless the words say the figure exactly
        return large
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
    """'42 enterprise customers', '48,200 customers', 'about 58,000 customers', 'about 1.2
    million customers'. A count with three significant figures or fewer is said as given:
    rounding 23,800 to 'about 24,000' would put two numbers on one fact."""
    exact = Decimal(value)
    if value < 1000 or (value < 10**6 and _figures(exact) <= 3):
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


def percent(share: Decimal) -> str:
    """0.62 -> '62%'; 0.005 -> '0.5%'."""
    value = (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".removesuffix(".0") + "%"
