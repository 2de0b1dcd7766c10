"""The facts still missing that a CEO will ask about, and who can supply each one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from execbrief.core import speech
from execbrief.core.story.money_facts import money_noun
from execbrief.core.story.story import NO_TIME_SET, Story


@dataclass(frozen=True)
class Unknown:
    field: str  # where it goes in the incident file
    fact: str  # what is missing, in plain words
    owner: str  # who can supply it
    action: str  # what to do
    weight: Literal["essential", "useful"]
    # When the CEO will have it, said against now: "by Friday, in the report"; None when
    # no report, update or call is scheduled (then no line promises one).
    by: str | None = None

    def line(self) -> str:
        """The unknown as the handout says it: what, who finds out, and when (or, with no
        time set, that none is)."""
        said = f"{speech.capital(self.fact)}: the {self.owner} will find out"
        if self.by is not None:
            return f"{said}, {self.by}."
        return f"{said} and tell you. {NO_TIME_SET}"


def _missing(story: Story) -> list[Unknown]:
    incident, a = story.incident, story.assessment
    out: list[Unknown] = []
    if a.users is None:
        out.append(
            Unknown(
                "impact.users_affected",
                f"how many {incident.impact.users_unit} were affected",
                "incident lead",
                "Count them from usage data; a range {low, high} is fine while unsure.",
                "essential",
            )
        )
    if a.revenue is None:
        given = incident.impact.revenue
        sells = given is None or given.kind == "sales"
        out.append(
            Unknown(
                "impact.revenue",
                f"the {money_noun(story.situation['lost_sales'])}",
                "finance team",
                "Ask finance for lost sales (revenue.lost), or give failed purchases "
                "with the average order value, or normal sales per minute."
                if sells
                else "Ask finance for the figure (revenue.lost); a range {low, high} is fine "
                "while unsure.",
                "essential",
            )
        )
    if a.ongoing:
        out.append(
            Unknown(
                "timeline.mitigated",
                "when service will be back",
                "incident lead",
                "Give the CEO your best estimate and when you will update it.",
                "essential",
            )
        )
    if not incident.cause.summary:
        out.append(
            Unknown(
                "cause.summary",
                "what caused it",
                "incident lead",
                "Write the first finding in one plain sentence, marked as suspected.",
                "essential",
            )
        )
    elif incident.cause.status == "suspected":
        out.append(
            Unknown(
                "cause.status",
                "whether the suspected cause is confirmed",
                "review team",
                "Confirm it in the root cause review, then set status: confirmed.",
                "useful",
            )
        )
    if not incident.cause.safeguard_gap:
        out.append(
            Unknown(
                "cause.safeguard_gap",
                "why our safeguards did not stop it",
                "review team",
                "Name the check that should have caught it and why it did not.",
                "useful",
            )
        )
    if not incident.fix.permanent:
        out.append(
            Unknown(
                "fix.permanent",
                "the lasting fix",
                "engineering lead",
                "Describe the change that stops a repeat, in plain words.",
                "useful",
            )
        )
    elif incident.fix.permanent_eta is None:
        out.append(
            Unknown(
                "fix.permanent_eta",
                "when the lasting fix will be in place",
                "engineering lead",
                "Give a date you are confident of, with some margin.",
                "useful",
            )
        )
    if incident.recurrence.risk == "unknown":
        out.append(
            Unknown(
                "recurrence.risk",
                "how likely a repeat is",
                "review team",
                "Judge the risk as low, medium or high, and say why.",
                "useful",
            )
        )
    if incident.timeline.detected is None:
        out.append(
            Unknown(
                "timeline.detected",
                "when we first knew",
                "incident lead",
                "Take the time of the first alarm or report.",
                "useful",
            )
        )
    if incident.impact.data_loss is None:
        out.append(
            Unknown(
                "impact.data_loss",
                "whether any data was lost",
                "incident lead",
                "Check, then write 'none' or what was lost.",
                "useful",
            )
        )
    if not incident.service:
        out.append(
            Unknown(
                "service",
                "the business name of what broke",
                "incident lead",
                "Name it as customers know it, e.g. 'Checkout and payments'.",
                "useful",
            )
        )
    return out


def _legal(story: Story) -> list[Unknown]:
    """Facts that would start or settle a legal clock: when it started, how many residents."""
    out: dict[str, Unknown] = {}
    for o in story.obligations or ():
        for path in o.missing:
            if path in out:
                continue
            if path.endswith("_at"):
                fact = f"when the clock for {o.name} started"
                action = "Record the moment (with its UTC offset); the deadline counts from it."
            else:
                fact = f"a count that decides whether {o.name} applies"
                condition = (o.condition or "").split(";")[0]
                action = f"Count them: {o.name} applies {condition}."
            field = path.removesuffix(".*")
            out[path] = Unknown(field, fact, "incident lead and counsel", action, "essential")
    return list(out.values())


def unknowns(story: Story) -> list[Unknown]:
    """Missing facts, the essential ones first."""
    found = _missing(story) + _legal(story)
    # The cause waits on the report (when its date is still ahead); the rest on our next update.
    found = [
        replace(u, by=story.answer_by() if u.field.startswith("cause.") else story.next_update_by())
        for u in found
    ]
    return sorted(found, key=lambda u: u.weight != "essential")
