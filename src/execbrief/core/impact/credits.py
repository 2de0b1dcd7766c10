"""SLA credits owed: monthly uptime against each contract's thresholds."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from execbrief.core.impact.money import cents
from execbrief.core.incident import (
    Contract,
    Incident,
)


@dataclass(frozen=True)
class ContractCredit:
    name: str
    customers: int
    monthly_uptime_percent: Decimal
    credit_percent: Decimal
    amount: Decimal
    currency: str
    target_met: bool | None


@dataclass(frozen=True)
class SlaCredits:
    total: Decimal
    currency: str
    by_contract: tuple[ContractCredit, ...]


def minutes_in_month(moment: datetime) -> int:
    """Minutes in the calendar month (UTC) that `moment` falls in."""
    utc = moment.astimezone(UTC)
    return calendar.monthrange(utc.year, utc.month)[1] * 24 * 60


def monthly_uptime_percent(downtime_minutes: Decimal, started: datetime) -> Decimal:
    return (1 - downtime_minutes / minutes_in_month(started)) * 100


def contract_credit(
    contract: Contract, downtime_minutes: Decimal, started: datetime, currency: str
) -> ContractCredit:
    """Credit owed: the percent of the lowest threshold the month's uptime falls below."""
    uptime = monthly_uptime_percent(downtime_minutes, started)
    breached = [tier for tier in contract.credits if uptime < tier.below]
    percent = min(breached, key=lambda tier: tier.below).percent if breached else Decimal(0)
    amount = cents(percent / 100 * contract.monthly_fee * contract.customers)
    target_met = None if contract.uptime_target is None else uptime >= contract.uptime_target
    return ContractCredit(
        contract.name,
        contract.customers,
        uptime.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
        percent,
        amount,
        contract.currency or currency,
        target_met,
    )


def sla_credits(incident: Incident, downtime_minutes: Decimal) -> SlaCredits | None:
    if not incident.contracts:
        return None
    credits = tuple(
        contract_credit(c, downtime_minutes, incident.timeline.started, incident.currency)
        for c in incident.contracts
    )
    return SlaCredits(sum((c.amount for c in credits), Decimal(0)), incident.currency, credits)
