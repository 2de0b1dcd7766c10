"""Legal and contractual clocks: which rules the incident's facts trigger, and when each falls due.

Pure: the rules come in as data (core.obligation_rules), the moment as `now`. A rule whose
clock waits on a judgement (is it material? is the risk to people high?) shows up as a
decision to get from counsel, not as a deadline. Everything here is a prompt for counsel,
never legal advice.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.incident import Incident, add_business_days

if TYPE_CHECKING:  # the rule models cost ~40 ms to build; only briefs with rules pay it
    from execbrief.core.exposure.rules import Anchor, Deadline, Period, Rule, Source

Status = Literal["clock not started", "running", "due within 24 hours", "overdue"]
SOON = timedelta(hours=24)
_MISSING = object()


@dataclass(frozen=True)
class Obligation:
    rule_id: str
    regime: str  # "NIS2 Art. 23: early warning"
    name: str  # the regime alone: "NIS2 Art. 23"
    kind: str  # law | contract | policy
    trigger: str
    recipient: str
    timing: str | None  # the law's own words, e.g. "without undue delay"
    clock_started: datetime | None
    clock_fact: str | None  # which fact started it
    deadline: datetime | None
    status: Status
    seconds_left: int | None  # negative once overdue
    decision: str | None  # "whether ...": to get from counsel before the clock can run
    condition: str | None  # a fact the rule depends on that is not known yet
    missing: tuple[str, ...]  # paths of the facts that would settle it: counts, clock starts
    source: Source
    notes: str | None


# --- facts by path -----------------------------------------------------------------------


def fact(facts: dict[str, Any], path: str) -> Any:
    """The value at a dotted path in the incident's facts; `.*` is the largest value below."""
    value: Any = facts
    for part in path.split("."):
        if part == "*":
            numbers = (
                [v for v in value.values() if isinstance(v, int | Decimal)]
                if isinstance(value, dict)
                else []
            )
            return max(numbers) if numbers else None
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _given(value: Any) -> bool:
    return value is not None and value is not False and value != [] and value != {}


def _triggered(rule: Rule, facts: dict[str, Any]) -> tuple[bool, str | None, list[str]]:
    """(applies, condition, missing paths): the condition names a count still unknown."""
    trigger = rule.trigger
    if not all(_given(fact(facts, path)) for path in trigger.present):
        return False, None, []
    for check in trigger.includes:
        listed = fact(facts, check.path)
        if not isinstance(listed, list) or not set(listed) & set(check.any):
            return False, None, []
    for same in trigger.equals:
        if fact(facts, same.path) != same.value:
            return False, None, []
    unknown: list[str] = []
    missing: list[str] = []
    for least in trigger.at_least:
        number = fact(facts, least.path)
        if number is None:
            unknown.append(f"{_label(least.path)} is {least.value:,} or more")
            missing.append(least.path)
        elif number < least.value:
            return False, None, []
    if unknown:
        return True, "only if " + " and ".join(unknown) + "; that is not known yet", missing
    return True, None, []


def _label(path: str) -> str:
    parts = path.split(".")
    if parts[-1] == "*":
        return f"the largest number of {parts[-2].replace('_', ' ')} in one place"
    if len(parts) >= 2 and parts[-2] == "residents":
        return f"the number of residents of {parts[-1]}"
    return "the number of " + parts[-1].replace("_", " ")


# --- time arithmetic ---------------------------------------------------------------------


def add_months(moment: datetime, months: int, zone: ZoneInfo) -> datetime:
    """Same day and local time `months` later in `zone`; the 31st becomes the month's end."""
    local = moment.astimezone(zone)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return local.replace(year=year, month=month, day=min(local.day, last))


def deadline_after(start: datetime, period: Period, deadline: Deadline, zone: ZoneInfo) -> datetime:
    """When a period counted from `start` ends. Hours are elapsed time; days and months are
    counted on the calendar in `zone` (the same local time, even across a clock change)."""
    if period.unit == "hours":
        return start.astimezone(UTC) + timedelta(hours=period.amount)
    if period.unit == "days":
        return start.astimezone(zone) + timedelta(days=period.amount)  # wall-clock arithmetic
    if period.unit == "months":
        return add_months(start, period.amount, zone)
    business = deadline.calendar
    assert business is not None  # the schema requires a calendar for business days
    office = ZoneInfo(business.zone)
    day = add_business_days(start.astimezone(office).date(), period.amount, business.country)
    return datetime.combine(day, business.closes_at, tzinfo=office)


def _first_moment(facts: dict[str, Any], paths: Sequence[str]) -> tuple[datetime, str] | None:
    for path in paths:
        value = fact(facts, path)
        if isinstance(value, datetime):
            return value, path
    return None


def _anchor_due(
    anchor: Anchor | None, facts: dict[str, Any], deadline: Deadline, zone: ZoneInfo
) -> tuple[datetime, datetime, str] | None:
    """(due, start, fact) for a deadline's second limit, when its fact is known."""
    if anchor is None:
        return None
    found = _first_moment(facts, anchor.start)
    if found is None:
        return None
    return deadline_after(found[0], anchor.after, deadline, zone), found[0], found[1]


def status_at(deadline: datetime | None, started: bool, now: datetime) -> Status:
    if not started:
        return "clock not started"
    if deadline is None:
        return "running"
    if now > deadline:
        return "overdue"
    if deadline - now <= SOON:
        return "due within 24 hours"
    return "running"


# --- rules to obligations ----------------------------------------------------------------


def _decision(rule: Rule, facts: dict[str, Any]) -> tuple[bool, str | None]:
    """(applies, pending decision). A decision recorded as false means the rule does not apply."""
    if rule.decision is None:
        return True, None
    value = fact(facts, rule.decision.path)
    if value is False:
        return False, None
    if value is None:
        return True, rule.decision.ask
    return True, None


def in_scope(rule: Rule, facts: dict[str, Any]) -> bool:
    """Whether the rule covers this kind of incident (`applies_to`)."""
    for scope in rule.applies_to:
        if scope == "any":
            return True
        if scope == "cybersecurity" and (
            facts.get("kind") == "security" or fact(facts, "cause.attack") is True
        ):
            return True
        if scope in ("personal_data", "health_data") and _given(
            fact(facts, f"exposure.{scope}_breach")
        ):
            return True
    return False


def in_force(rule: Rule, facts: dict[str, Any], zone: ZoneInfo) -> bool:
    """Whether the rule was in force on the day the incident began, where the rule took
    effect: a law adopted in 2023 says nothing about a failure in 2012."""
    started = fact(facts, "timeline.started")
    if not isinstance(started, datetime):
        return True
    day = started.astimezone(zone).date()
    if rule.in_force_from is not None and day < rule.in_force_from:
        return False
    return rule.until is None or day < rule.until


def rule_obligations(
    rule: Rule, facts: dict[str, Any], now: datetime, zone: ZoneInfo
) -> list[Obligation]:
    if not (in_scope(rule, facts) and in_force(rule, facts, zone)):
        return []
    applies, condition, missing = _triggered(rule, facts)
    if not applies:
        return []
    applies, pending = _decision(rule, facts)
    if not applies:
        return []
    clock = None if pending else _first_moment(facts, rule.clock)
    due: dict[str, datetime | None] = {}
    out: list[Obligation] = []
    for deadline in rule.deadlines:
        base = clock[0] if clock else None
        if deadline.start is not None:
            base = due[deadline.start]
        when = None
        if base is not None and deadline.after is not None:
            when = deadline_after(base, deadline.after, deadline, zone)
        started = clock
        cap = None if pending else _anchor_due(deadline.no_later_than, facts, deadline, zone)
        if cap is not None:
            when = cap[0] if when is None else min(when, cap[0])
            if started is None:
                started = (cap[1], cap[2])
        due[deadline.name] = when
        running = base is not None or cap is not None
        out.append(
            Obligation(
                rule_id=rule.id,
                regime=f"{rule.regime}: {deadline.name}",
                name=rule.regime,
                kind=rule.kind,
                trigger=rule.trigger.describe,
                recipient=deadline.recipient or rule.recipient,
                timing=deadline.timing or (f"within {deadline.after}" if deadline.after else None),
                clock_started=started[0] if started and running else None,
                clock_fact=started[1] if started and running else None,
                deadline=when,
                status=status_at(when, running, now),
                seconds_left=None if when is None else int((when - now).total_seconds()),
                decision=pending,
                condition=condition,
                missing=tuple(
                    missing if pending or running or not rule.clock else [*missing, rule.clock[0]]
                ),
                source=rule.source,
                notes=rule.notes,
            )
        )
    return out


def obligations(incident: Incident, rules: Sequence[Rule], now: datetime) -> list[Obligation]:
    """Every obligation the facts trigger, soonest deadline first, then those still waiting."""
    facts = incident.model_dump(mode="python")
    zone = incident.zone
    found = [o for rule in rules for o in rule_obligations(rule, facts, now, zone)]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(found, key=lambda o: (o.deadline or far, o.decision is not None))


def decisions(found: Sequence[Obligation]) -> list[Obligation]:
    """One obligation per pending decision (several regimes may wait on the same one)."""
    seen: set[str] = set()
    out = []
    for o in found:
        if o.decision and o.decision not in seen:
            seen.add(o.decision)
            out.append(o)
    return out


def time_left(o: Obligation) -> str | None:
    """'2 days left', 'overdue by 3 hours', or None without a fixed deadline."""
    if o.seconds_left is None:
        return None
    minutes = Decimal(abs(o.seconds_left)) / 60
    if o.seconds_left < 0:
        return f"overdue by {speech.duration(minutes)}"
    return f"{speech.duration(minutes)} left"


def obligation_document(o: Obligation, zone: ZoneInfo) -> dict[str, Any]:
    """One entry of the Brief's `obligations` (SPEC section 2), times in the audience's zone."""
    return {
        "regime": o.regime,
        "trigger": o.trigger,
        "clock_started": None
        if o.clock_started is None
        else o.clock_started.astimezone(zone).isoformat(),
        "deadline": None if o.deadline is None else o.deadline.astimezone(zone).isoformat(),
        "recipient": o.recipient,
        "source": {"citation": o.source.citation, "url": o.source.url},
        "status": o.status,
        "time_left": time_left(o),
        "seconds_left": o.seconds_left,
        "timing": o.timing,
        "decision": o.decision,
        "condition": o.condition,
        "missing": list(o.missing),
        "kind": o.kind,
        "rule": o.rule_id,
        "clock_fact": o.clock_fact,
        "notes": o.notes,
    }
