"""The shape of an obligation rule: which facts trigger it, when its clock starts, its deadlines.

Rules are data (the bundled `rules/obligations.yaml`, and the user's own files for
contracts and internal policy); this module only says what a valid rule looks like.
Paths name facts in the incident file, e.g. `exposure.personal_data_breach.aware_at`;
a path ending in `.*` means the largest of the values under it (per-state counts).
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from execbrief.core.incident import load_zone

_PATH = r"^[A-Za-z_][\w-]*(\.([\w-]+|\*))*$"
FactPath = Annotated[str, Field(pattern=_PATH, description="a fact, e.g. exposure.x.aware_at")]
Words = Annotated[str, Field(min_length=1)]

_PERIOD = re.compile(r"^(\d{1,4}) (hours?|days?|months?|business days?)$")
Unit = Literal["hours", "days", "months", "business days"]


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Period(RuleModel):
    """A span of time: '72 hours', '60 days', '1 month', '4 business days'."""

    amount: int
    unit: Unit

    @model_validator(mode="before")
    @classmethod
    def _from_words(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _PERIOD.match(value.strip())
            if not match:
                raise PydanticCustomError(
                    "period",
                    "'{value}' is not a period",
                    {
                        "value": value,
                        "hint": "write e.g. '72 hours', '30 days', '1 month', '4 business days'",
                    },
                )
            unit = match.group(2)
            return {
                "amount": int(match.group(1)),
                "unit": unit if unit.endswith("s") else unit + "s",
            }
        return value

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit.removesuffix("s")
        return f"{self.amount} {unit}"


class AtLeast(RuleModel):
    path: FactPath
    value: int = Field(ge=0)


class Includes(RuleModel):
    path: FactPath
    any: list[Words] = Field(min_length=1)


class Equals(RuleModel):
    path: FactPath
    value: str | int | bool


class Trigger(RuleModel):
    """Every condition given must hold. A count that is not known yet leaves the rule
    standing with a note, because missing a deadline costs more than a spare prompt."""

    present: list[FactPath] = Field(
        default_factory=list, description="facts that must be given (not null, not false)"
    )
    includes: list[Includes] = Field(default_factory=list)
    at_least: list[AtLeast] = Field(default_factory=list)
    equals: list[Equals] = Field(default_factory=list)
    describe: Words = Field(description="the trigger in plain words, shown in the brief")

    @model_validator(mode="after")
    def _something(self) -> Trigger:
        if not (self.present or self.includes or self.at_least or self.equals):
            raise PydanticCustomError(
                "empty_trigger",
                "a trigger needs at least one condition",
                {"hint": "add present, includes, at_least or equals"},
            )
        return self


class Decision(RuleModel):
    """A judgement someone must make before the clock can start (or before it applies)."""

    path: FactPath = Field(description="true, a time, or false once decided; null until then")
    ask: Words = Field(description="what to decide, as 'whether ...'")
    who: Words = "counsel"


class BusinessCalendar(RuleModel):
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "US"
    zone: str = "America/New_York"
    closes_at: time = time(17, 30)

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        load_zone(value)
        return value


class Anchor(RuleModel):
    after: Period
    start: list[FactPath] = Field(min_length=1, description="the first of these facts given")


class Deadline(RuleModel):
    name: Words = Field(description="e.g. 'early warning', 'notification', 'final report'")
    after: Period | None = Field(
        default=None, description="null: no fixed time; say how in `timing`"
    )
    start: Words | None = Field(
        default=None, description="an earlier deadline's name; default: the rule's clock"
    )
    no_later_than: Anchor | None = Field(
        default=None, description="a second limit from another fact; the earlier one wins"
    )
    timing: Words | None = Field(default=None, description="e.g. 'without undue delay'")
    recipient: Words | None = Field(default=None, description="default: the rule's recipient")
    calendar: BusinessCalendar | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Deadline:
        if self.after is None and self.timing is None:
            raise PydanticCustomError(
                "no_deadline",
                "deadline '{name}' has neither `after` nor `timing`",
                {
                    "name": self.name,
                    "hint": "give a period such as '72 hours', or the words of the law in `timing`",
                },
            )
        if self.after is not None and self.after.unit == "business days" and not self.calendar:
            raise PydanticCustomError(
                "no_calendar",
                "deadline '{name}' counts business days but names no calendar",
                {
                    "name": self.name,
                    "hint": "add calendar: {country: US, zone: "
                    "America/New_York, closes_at: '17:30'}",
                },
            )
        return self


class Source(RuleModel):
    citation: Words
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None


# What a rule's `applies_to` may name: the kinds of incident the rule was written for.
#   any: every incident; cybersecurity: a security incident (kind: security, or
#   cause.attack: true); personal_data / health_data: the breach fact is given.
Scope = Literal["any", "cybersecurity", "personal_data", "health_data"]


def _any_incident() -> list[Scope]:
    return ["any"]


class Rule(RuleModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    regime: Words = Field(description="the usual name, e.g. 'GDPR Art. 33'")
    kind: Literal["law", "contract", "policy"] = "law"
    applies_to: list[Scope] = Field(
        default_factory=_any_incident,
        min_length=1,
        description="the incidents the rule covers; any one listed is enough",
    )
    in_force_from: date | None = Field(
        default=None, description="the day the rule took effect; earlier incidents are not covered"
    )
    until: date | None = Field(
        default=None, description="the day the rule stopped applying (repealed or replaced)"
    )
    trigger: Trigger
    clock: list[FactPath] = Field(
        default_factory=list, description="when the clock starts: the first of these facts given"
    )
    decision: Decision | None = None
    recipient: Words
    deadlines: list[Deadline] = Field(min_length=1)
    source: Source
    notes: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Rule:
        if self.in_force_from and self.until and self.until <= self.in_force_from:
            raise PydanticCustomError(
                "dates_out_of_order",
                "rule '{id}' stops applying ({until}) before it takes effect ({start})",
                {
                    "id": self.id,
                    "until": self.until.isoformat(),
                    "start": self.in_force_from.isoformat(),
                    "hint": "until is the first day the rule no longer applies",
                },
            )
        return self

    @model_validator(mode="after")
    def _chains_point_back(self) -> Rule:
        seen: set[str] = set()
        for deadline in self.deadlines:
            if deadline.start is not None and deadline.start not in seen:
                raise PydanticCustomError(
                    "unknown_start",
                    "deadline '{name}' starts from '{start}', which is not an earlier deadline",
                    {
                        "name": deadline.name,
                        "start": deadline.start,
                        "hint": "name a deadline listed above it in this rule",
                    },
                )
            if deadline.start is None and deadline.after is not None and not self.clock:
                raise PydanticCustomError(
                    "no_clock",
                    "deadline '{name}' counts from the clock, but the rule has no `clock`",
                    {"name": deadline.name, "hint": "add clock: [the fact that starts it]"},
                )
            seen.add(deadline.name)
        return self


class RuleBook(RuleModel):
    """A rules file: `rules:` followed by a list of rules."""

    rules: list[Rule]

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleBook:
        ids = [rule.id for rule in self.rules]
        for rule_id in ids:
            if ids.count(rule_id) > 1:
                raise PydanticCustomError(
                    "duplicate_id",
                    "rule id '{id}' appears twice",
                    {"id": rule_id, "hint": "give each rule its own id"},
                )
        return self


def merge_rules(base: list[Rule], extra: list[Rule]) -> list[Rule]:
    """`extra` rules added to `base`; one with the same id replaces the base rule."""
    replaced = {rule.id for rule in extra}
    return [rule for rule in base if rule.id not in replaced] + list(extra)
