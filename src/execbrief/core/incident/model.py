"""The incident: the facts an engineer knows, as written in an incident file (format 1).

Only `title` and `timeline.started` are required, because a CEO often needs a brief
before all the facts are in. Whatever is missing stays missing (None): the brief says
it is unknown rather than guessing.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal, TypeAlias
from zoneinfo import ZoneInfo

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from execbrief.core.incident.business_days import has_holiday_calendar
from execbrief.core.incident.exposure_facts import Exposure
from execbrief.core.incident.facts import (
    Count,
    Due,
    Facts,
    Moment,
    Money,
    Percent,
    Share,
    Text,
    as_range,
    ordered,
)
from execbrief.core.incident.times import due_moment, load_zone

FORMAT_VERSION: Literal[1] = 1


class Audience(Facts):
    name: str | None = None
    role: str | None = None
    timezone: str | None = None
    # Whose public holidays working days skip (ISO 3166 code, e.g. US, GB); without it,
    # only weekends are skipped.
    country: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            load_zone(value)
        return value

    @field_validator("country")
    @classmethod
    def _known_calendar(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if not has_holiday_calendar(code):
            raise PydanticCustomError(
                "unknown_country",
                "'{value}' is not a country whose public holidays we know",
                {"value": value, "hint": "a two-letter country code such as US, GB or DE"},
            )
        return code


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
    likely: Count | None = Field(
        default=None, description="the most likely count, if the method gives one"
    )
    high: Count

    @model_validator(mode="after")
    def _order(self) -> UsersRange:
        ordered(self.low, self.high, "users_affected")
        if self.likely is not None:
            ordered(self.low, self.likely, "users_affected")
            ordered(self.likely, self.high, "users_affected")
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
        ordered(self.low, self.high, "share range")
        return self


class MoneyRange(Facts):
    low: Money
    high: Money

    @model_validator(mode="after")
    def _order(self) -> MoneyRange:
        ordered(self.low, self.high, "revenue.lost")
        return self


MoneyKindName = Literal["sales", "trading_loss", "refunds", "penalties", "subscriptions", "cost"]


class MoneyLabel(Facts):
    label: Text = Field(description="what was lost, in the business's own words")


class Revenue(Facts):
    kind: MoneyKindName | MoneyLabel = Field(
        default="sales",
        description="what the money lost is: sales (default), trading_loss, refunds, "
        "penalties, subscriptions, cost, or {label: your own words}",
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    per_minute: Money | None = Field(
        default=None, description="normal revenue per minute for this service and hour"
    )
    average_order_value: Money | None = None
    recapture: Annotated[ShareRange | None, BeforeValidator(as_range)] = Field(
        default=None, description="share of lost purchases made later anyway"
    )
    lost: Annotated[MoneyRange | None, BeforeValidator(as_range)] = Field(
        default=None, description="finance's own figure, used as given"
    )


class Churn(Facts):
    paying_customers: Count = Field(description="paying customers affected")
    added_churn: Annotated[ShareRange, BeforeValidator(as_range)] = Field(
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
    immediate_at: Moment | None = Field(
        default=None,
        description="when the immediate fix was in place; service may come back later "
        "(computers to repair, data to rebuild)",
    )
    permanent: str | None = Field(default=None, description="the lasting fix, as 'we will ...'")
    permanent_eta: Due | None = None


class Recurrence(Facts):
    risk: Literal["low", "medium", "high", "unknown"] = "unknown"
    why: str | None = None


class Response(Facts):
    responders: Count | None = None
    hourly_cost: Money | None = None


class Ask(Facts):
    """A decision needed from the audience, with what they need to make it."""

    decision: Text
    deadline: Due | None = None
    if_no_decision: str | None = Field(default=None, description="what happens if no one decides")
    recommendation: str | None = Field(default=None, description="what we recommend")


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
    asks: list[Text | Ask] = Field(
        default_factory=list,
        description="decisions needed from the audience: a sentence, or {decision, deadline, "
        "if_no_decision, recommendation}",
    )
    commitments: list[Commitment] = Field(default_factory=list)
    # The fields whose time was written without an offset and read in the audience's zone
    # (set by read_incident, which sees the text as written).
    _local_times: tuple[str, ...] = PrivateAttr(default=())

    @property
    def local_times(self) -> tuple[str, ...]:
        return self._local_times

    @property
    def local_time_note(self) -> str | None:
        """What the engineer must be told when times were read in the audience's zone."""
        if not self._local_times:
            return None
        return f"times without an offset were read in {self.audience.timezone}: " + ", ".join(
            self._local_times
        )

    @model_validator(mode="after")
    def _promises_after_start(self) -> Incident:
        # A promise dated before the incident began is a typo (often the year): told as a
        # promise it would already be missed before anyone made it.
        dated: list[tuple[tuple[str | int, ...], Any]] = [
            (("fix", "permanent_eta"), self.fix.permanent_eta)
        ]
        for i, c in enumerate(self.commitments):
            dated += [
                (("commitments", i, "due"), c.due),
                (("commitments", i, "slipped_to"), c.slipped_to),
            ]
        started = self.timeline.started
        fixed = self.fix.immediate_at
        if fixed is not None and fixed < started:
            raise PydanticCustomError(
                "before_start",
                "fix.immediate_at ({moment}) is before timeline.started ({started})",
                {
                    "moment": fixed.isoformat(),
                    "started": started.isoformat(),
                    "at": ["fix", "immediate_at"],
                    "hint": "check the offsets: both times must be in the same clock",
                },
            )
        for path, value in dated:
            if value is not None and due_moment(value, self.zone) < started:
                raise PydanticCustomError(
                    "promise_before_start",
                    "{value} is before the incident began ({started})",
                    {
                        "value": value.isoformat(),
                        "started": started.astimezone(self.zone).isoformat(),
                        "at": list(path),
                        "hint": "a promise is dated after the incident began: check the year",
                    },
                )
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The audience's time zone; UTC when the file names none."""
        return load_zone(self.audience.timezone or "UTC")

    @property
    def currency(self) -> str:
        return self.impact.revenue.currency if self.impact.revenue else "USD"
