"""The incident: the facts an engineer knows, as written in an incident file (format 1).

Only `title` and `timeline.started` are required, because a CEO often needs a brief
before all the facts are in. Whatever is missing stays missing (None): the brief says
it is unknown rather than guessing.
"""

from __future__ import annotations

import difflib
import itertools
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeAlias
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from execbrief.core.times import load_zone, parse_due, parse_moment

FORMAT_VERSION: Literal[1] = 1


def _zone(info: ValidationInfo) -> ZoneInfo | None:
    context = info.context or {}
    zone = context.get("zone")
    return zone if isinstance(zone, ZoneInfo) else None


def _moment(value: object, info: ValidationInfo) -> datetime:
    return parse_moment(value, _zone(info))


def _due(value: object, info: ValidationInfo) -> date | datetime:
    return parse_due(value, _zone(info))


_TIME_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with a UTC offset, e.g. 2026-11-20T14:02:00Z; "
    "without an offset it is read in audience.timezone",
}
_DUE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "a date (2026-11-25, meaning by the end of that day) or a time with an offset",
}

Moment = Annotated[datetime, BeforeValidator(_moment), WithJsonSchema(_TIME_SCHEMA)]
Due = Annotated[date | datetime, BeforeValidator(_due), WithJsonSchema(_DUE_SCHEMA)]
# Upper bounds far above any real incident keep the Decimal arithmetic exact.
MAX_COUNT = 10**10  # more people than there are on Earth
MAX_MONEY = 10**13  # ten trillion in any currency
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
Share = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
Money = Annotated[Decimal, Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1)]


class Facts(BaseModel):
    """Base for every part of the file: unknown keys are refused with a suggestion."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_keys(cls, data: Any) -> Any:
        if data is None:
            return {}  # a group left empty in the file ("fix:" with nothing under it)
        if isinstance(data, dict):
            known = list(cls.model_fields)
            for key in data:
                if key not in cls.model_fields:
                    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                    hint = (
                        f"did you mean '{close[0]}'?"
                        if close
                        else "known keys here: " + ", ".join(known)
                    )
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}'",
                        {"key": str(key), "hint": hint, "at": str(key)},
                    )
        return data


def _ordered(low: Any, high: Any, what: str) -> None:
    if low is not None and high is not None and low > high:
        raise PydanticCustomError(
            "range_order",
            "{what}: low ({low}) is above high ({high})",
            {"what": what, "low": str(low), "high": str(high), "at": "low"},
        )


class Audience(Facts):
    name: str | None = None
    role: str | None = None
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            load_zone(value)
        return value


class TimelineEvent(Facts):
    at: Moment
    what: Text


class Timeline(Facts):
    started: Moment = Field(description="when customer impact began")
    detected: Moment | None = Field(default=None, description="when we knew")
    mitigated: Moment | None = Field(
        default=None, description="when customer impact ended; absent while ongoing"
    )
    resolved: Moment | None = Field(default=None, description="stable, no further action tonight")
    events: list[TimelineEvent] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_before_start(self) -> Timeline:
        for name in ("detected", "mitigated", "resolved"):
            moment = getattr(self, name)
            if moment is not None and moment < self.started:
                raise PydanticCustomError(
                    "before_start",
                    "timeline.{name} ({moment}) is before timeline.started ({started})",
                    {
                        "name": name,
                        "moment": moment.isoformat(),
                        "started": self.started.isoformat(),
                        "at": name,
                        "hint": "check the offsets: both times must be in the same clock",
                    },
                )
        if (
            self.resolved is not None
            and self.mitigated is not None
            and self.resolved < self.mitigated
        ):
            raise PydanticCustomError(
                "resolved_before_mitigated",
                "timeline.resolved ({resolved}) is before timeline.mitigated ({mitigated})",
                {
                    "resolved": self.resolved.isoformat(),
                    "mitigated": self.mitigated.isoformat(),
                    "at": "resolved",
                    "hint": "resolved means stable after impact ended, so it comes last",
                },
            )
        return self


class UsersRange(Facts):
    low: Count
    high: Count

    @model_validator(mode="after")
    def _order(self) -> UsersRange:
        _ordered(self.low, self.high, "users_affected")
        return self


class UsersShare(Facts):
    fraction_of_active: Share
    active_users: Count


def _users_shape(value: Any) -> str:
    if isinstance(value, UsersShare):
        return "share"
    if isinstance(value, UsersRange):
        return "range"
    if isinstance(value, dict):
        return "share" if "fraction_of_active" in value or "active_users" in value else "range"
    return "count"


UsersAffected: TypeAlias = Annotated[
    Annotated[Count, Tag("count")]
    | Annotated[UsersRange, Tag("range")]
    | Annotated[UsersShare, Tag("share")],
    Discriminator(_users_shape),
]


class ShareRange(Facts):
    low: Share
    high: Share

    @model_validator(mode="after")
    def _order(self) -> ShareRange:
        _ordered(self.low, self.high, "share range")
        return self


def _as_range(value: Any) -> Any:
    # A single figure means we are sure of it: low and high are the same.
    if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
        return {"low": value, "high": value}
    return value


class MoneyRange(Facts):
    low: Money
    high: Money

    @model_validator(mode="after")
    def _order(self) -> MoneyRange:
        _ordered(self.low, self.high, "revenue.lost")
        return self


class Revenue(Facts):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    per_minute: Money | None = Field(
        default=None, description="normal revenue per minute for this service and hour"
    )
    average_order_value: Money | None = None
    recapture: Annotated[ShareRange | None, BeforeValidator(_as_range)] = Field(
        default=None, description="share of lost purchases made later anyway"
    )
    lost: Annotated[MoneyRange | None, BeforeValidator(_as_range)] = Field(
        default=None, description="finance's own figure, used as given"
    )


class Churn(Facts):
    paying_customers: Count = Field(description="paying customers affected")
    added_churn: Annotated[ShareRange, BeforeValidator(_as_range)] = Field(
        description="extra share of them expected to leave, {low, high}"
    )
    yearly_value: Money = Field(description="yearly revenue from one such customer")


class Impact(Facts):
    users_affected: UsersAffected | None = None
    users_unit: Text = "customers"
    failed_transactions: Count | None = None
    traffic_failing: Share | None = Field(
        default=None, description="share of requests failing while impacted"
    )
    revenue: Revenue | None = None
    support_tickets: Count | None = None
    public_attention: str | None = None
    data_loss: str | None = Field(
        default=None, description="what data was lost, or 'none' once that is checked"
    )
    churn: Churn | None = Field(
        default=None, description="inputs for the range of yearly revenue at risk from leavers"
    )


class CreditTier(Facts):
    below: Percent = Field(description="monthly uptime percent under which this credit applies")
    percent: Percent = Field(description="credit as a percent of the monthly fee")


class Contract(Facts):
    name: Text
    customers: Count
    monthly_fee: Money
    uptime_target: Percent | None = None
    credits: list[CreditTier] = Field(default_factory=list)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None

    @model_validator(mode="after")
    def _deeper_breach_bigger_credit(self) -> Contract:
        # Worse uptime must never earn a smaller credit; a table that says otherwise is a typo.
        tiers = sorted(self.credits, key=lambda tier: tier.below, reverse=True)
        for higher, lower in itertools.pairwise(tiers):
            if lower.below == higher.below or lower.percent < higher.percent:
                raise PydanticCustomError(
                    "credit_tiers",
                    "credit tiers disagree: below {low}% gives {low_pct}%, "
                    "but below {high}% gives {high_pct}%",
                    {
                        "low": str(lower.below),
                        "low_pct": str(lower.percent),
                        "high": str(higher.below),
                        "high_pct": str(higher.percent),
                        "at": "credits",
                        "hint": "a lower uptime threshold must give a bigger credit, "
                        "and each threshold may appear once",
                    },
                )
        return self


Region = Annotated[str, Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
Residents = dict[Region, Count]
_RESIDENTS = "people affected per place, e.g. {US-TX: 300, US-FL: 40}: state laws have thresholds"


def _listed_places(residents: Residents, jurisdictions: list[str], where: str) -> None:
    for place in residents:
        if place not in jurisdictions:
            raise PydanticCustomError(
                "unlisted_place",
                "{where}.residents names {place}, which is not in {where}.jurisdictions",
                {
                    "where": where,
                    "place": place,
                    "at": "residents",
                    "hint": f"add {place} to jurisdictions, or check the code",
                },
            )


class PersonalDataBreach(Facts):
    aware_at: Moment | None = Field(default=None, description="when we became aware of it")
    determined_at: Moment | None = Field(
        default=None, description="when we concluded a breach happened (some US state clocks)"
    )
    people: Count | None = None
    jurisdictions: list[Text] = Field(
        default_factory=list, description="where the people live: EU, UK, US-TX, ..."
    )
    residents: Residents = Field(default_factory=dict, description=_RESIDENTS)
    likely_high_risk: bool | None = Field(
        default=None,
        description="counsel's decision: is the breach likely to put people at high risk? "
        "(GDPR Art. 34); null until decided",
    )

    @model_validator(mode="after")
    def _residents_listed(self) -> PersonalDataBreach:
        _listed_places(self.residents, self.jurisdictions, "personal_data_breach")
        return self


class Nis2Incident(Facts):
    entity: Literal["essential", "important"]
    aware_at: Moment | None = None


class DoraIncident(Facts):
    classified_at: Moment | None = None
    aware_at: Moment | None = None


class HealthDataBreach(Facts):
    discovered_at: Moment | None = None
    people: Count | None = None
    residents: Residents = Field(default_factory=dict, description=_RESIDENTS)


class Exposure(Facts):
    personal_data_breach: PersonalDataBreach | None = None
    sec_registrant: bool | None = None
    material_cyber_incident_determined_at: Moment | None = None
    nis2_significant_incident: Nis2Incident | None = None
    dora_major_incident: DoraIncident | None = None
    health_data_breach: HealthDataBreach | None = None
    bank_notification_incident_determined_at: Moment | None = None

    @property
    def given(self) -> bool:
        """Whether any exposure fact is given (false and null say nothing happened)."""
        return any(getattr(self, name) not in (None, False) for name in type(self).model_fields)


class Cause(Facts):
    summary: str | None = Field(default=None, description="the cause in plain words")
    status: Literal["suspected", "confirmed"] = "suspected"
    safeguard_gap: str | None = Field(default=None, description="why our safeguards missed it")
    attack: bool | None = Field(default=None, description="true if someone attacked us on purpose")

    @model_validator(mode="after")
    def _confirmed_needs_summary(self) -> Cause:
        if self.status == "confirmed" and not self.summary:
            raise PydanticCustomError(
                "confirmed_without_summary",
                "cause.status is confirmed but cause.summary is empty",
                {"at": "summary", "hint": "say what the cause was, or set status: suspected"},
            )
        return self


class Fix(Facts):
    immediate: str | None = Field(default=None, description="what restored service, past tense")
    permanent: str | None = Field(default=None, description="the lasting fix, as 'we will ...'")
    permanent_eta: Due | None = None


class Recurrence(Facts):
    risk: Literal["low", "medium", "high", "unknown"] = "unknown"
    why: str | None = None


class Response(Facts):
    responders: Count | None = None
    hourly_cost: Money | None = None


class Commitment(Facts):
    what: Text
    owner: str | None = None
    due: Due
    status: Literal["open", "kept", "slipped"] = "open"
    done_at: Moment | None = None
    slipped_to: Due | None = None
    reason: str | None = None


class Incident(Facts):
    execbrief: Literal[1] = FORMAT_VERSION
    id: str | None = None
    title: Text
    severity: str | None = None
    kind: Literal["outage", "slowdown", "data_loss", "security"] = Field(
        default="outage", description="what sort of incident: shapes the brief's wording"
    )
    service: str | None = Field(default=None, description="the business name of what broke")
    customer_facing: bool | None = None
    audience: Audience = Field(default_factory=Audience)
    timeline: Timeline
    impact: Impact = Field(default_factory=Impact)
    contracts: list[Contract] = Field(default_factory=list)
    exposure: Exposure = Field(default_factory=Exposure)
    cause: Cause = Field(default_factory=Cause)
    fix: Fix = Field(default_factory=Fix)
    recurrence: Recurrence = Field(default_factory=Recurrence)
    response: Response = Field(default_factory=Response)
    asks: list[Text] = Field(default_factory=list, description="decisions needed from the audience")
    commitments: list[Commitment] = Field(default_factory=list)

    @property
    def zone(self) -> ZoneInfo:
        """The audience's time zone; UTC when the file names none."""
        return load_zone(self.audience.timezone or "UTC")

    @property
    def currency(self) -> str:
        return self.impact.revenue.currency if self.impact.revenue else "USD"
