"""The Brief: one object from which every output (terminal, Markdown, JSON, ...) is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING, Any, Literal, cast

from execbrief.core.exposure import obligation_document, obligations
from execbrief.core.impact import (
    Assessment,
    MoneyAtRisk,
    MoneyEstimate,
    assess,
    money_at_risk_document,
)
from execbrief.core.incident import Incident
from execbrief.core.language.sentences import WORDS_PER_MINUTE as WORDS_PER_MINUTE
from execbrief.core.language.sentences import spoken_seconds as spoken_seconds
from execbrief.core.language.sentences import spoken_words as spoken_words
from execbrief.core.story import sections
from execbrief.core.story.decision import Decision, listed
from execbrief.core.story.fact import Situation
from execbrief.core.story.planned_commitments import (
    PlannedCommitment,
    next_contact,
    planned_commitments,
)
from execbrief.core.story.promise_state import Status, commitment_state
from execbrief.core.story.questions import Question, tough_questions
from execbrief.core.story.script import Line, script
from execbrief.core.story.story import (
    Story,
    commitment_words,
    decision_when,
    promise,
)
from execbrief.core.story.unknowns import Unknown, unknowns
from execbrief.core.story.urgent import Urgent, needs_you_now

if TYPE_CHECKING:  # the rule models cost ~40 ms to build; only briefs with rules pay it
    from execbrief.core.exposure import Rule
    from execbrief.core.language.findings import Finding
    from execbrief.core.language.lexicon import Lexicon

SPOKEN_BUDGET_SECONDS = 180  # what a CEO gives you before the questions start

SECTION_TITLES = {
    "what_happened": "What happened",
    "impact": "Business impact",
    "cause": "Cause",
    "fix": "Fix",
    "recurrence": "Will it happen again?",
    "asks": "What we need from you",
    "next_steps": "Next steps",
}

_BUILDERS = {
    "what_happened": sections.what_happened,
    "impact": sections.impact,
    "cause": sections.cause,
    "fix": sections.fix,
    "recurrence": sections.recurrence,
    "asks": sections.asks,
    "next_steps": sections.next_steps,
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Readiness:
    verdict: Literal["ready", "ready_with_gaps", "not_ready"]
    spoken_seconds: int
    budget_seconds: int
    missing: list[str]
    reasons: list[str]
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Brief:
    incident: Incident
    assessment: Assessment
    headline: str
    sections: list[Section]
    script: list[Line]
    qa: list[Question]
    unknowns: list[Unknown]
    commitments: list[PlannedCommitment]
    readiness: Readiness
    obligations: list[dict[str, Any]] = field(default_factory=list)
    money_at_risk: MoneyAtRisk | None = None
    asks: list[Decision] = field(default_factory=list)
    needs_you_now: list[Urgent] = field(default_factory=list)
    situation: Situation = field(default_factory=lambda: Situation(()))
    # Our own promises past their date, and when the next update comes (Story.late_from_us).
    late: list[str] = field(default_factory=list)
    # Where the commitments' states come from: the store's ledger, or the file itself.
    commitments_from: Literal["file", "ledger"] = "file"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def commitment_when(self, c: PlannedCommitment) -> str:
        """The commitment's date as every output says it: 'by Friday, November 27', 'was
        due Tuesday, November 17: missed' or 'done'."""
        return promise(c.due, self.incident.zone, self.assessment.now, kept=c.status == "kept")

    @property
    def no_update_line(self) -> str | None:
        """'No update to you is scheduled yet.' when no update, call or report is ahead
        (the next steps say it; an output that leaves them out says it elsewhere)."""
        upcoming = next_contact(self.commitments, self.incident.zone, self.assessment.now)
        return sections.NO_UPDATE if upcoming is None else None

    def owner_words(self, c: PlannedCommitment) -> str:
        """Who keeps the promise; when no one is named yet, by when one will be."""
        if c.owner:
            return c.owner
        upcoming = next_contact(self.commitments, self.incident.zone, self.assessment.now)
        if upcoming is None or upcoming is c:
            return "owner to be named today"
        when = promise(upcoming.due, self.incident.zone, self.assessment.now)
        return f"owner to be named {when}"

    def decision_when(self, d: Decision) -> str:
        """A decision's deadline as every output says it (see story.decision_when)."""
        return decision_when(d, self.incident.zone, self.assessment.now)

    def commitment_state(self, c: PlannedCommitment) -> Status:
        return commitment_state(c, self.incident.zone, self.assessment.now)

    def commitment_words(self, c: PlannedCommitment) -> str:
        """The state in words: 'kept 2 days late', 'slipped to Friday, December 4 because
        ...', 'missed: due ..., no new date' (see promise_state)."""
        return commitment_words(c, self.incident.zone, self.assessment.now)


def readiness(story: Story, lines: list[Line], gaps: list[Unknown]) -> Readiness:
    said = " ".join(line.text for line in lines if line.speaker == "you")
    seconds = spoken_seconds(said)
    reasons: list[str] = []
    essential = [u for u in gaps if u.weight == "essential"]
    headline_facts = story.assessment.users is not None or story.assessment.revenue is not None
    if not headline_facts:
        reasons.append("the brief cannot say who was hit or what it cost")
    if seconds > 2 * SPOKEN_BUDGET_SECONDS:
        reasons.append(f"the script takes {seconds} s to say; aim for {SPOKEN_BUDGET_SECONDS} s")
    ownerless = [c.what for c in story.commitments if c.status != "kept" and not c.owner]
    if ownerless:
        reasons.append(
            "no owner named for: " + "; ".join(ownerless) + " (give each commitment an owner "
            "under commitments: in the incident file)"
        )
    thin = [  # the file's asks, by their words: decisions are listed in the order they fall due
        f'"{d.decision}" lacks ' + listed(d.missing)
        for d in story.decisions
        if d.source == "file" and d.missing
    ]
    weigh = (
        "the CEO cannot weigh every ask: "
        + "; ".join(thin)
        + ". Add these to each ask in the incident file (under asks: deadline, "
        "if_no_decision, recommendation)"
    )
    if reasons:
        verdict: Literal["ready", "ready_with_gaps", "not_ready"] = "not_ready"
        if thin:
            reasons.append(weigh)
    elif gaps or thin or seconds > SPOKEN_BUDGET_SECONDS:
        verdict = "ready_with_gaps"
        if essential:
            reasons.append("missing: " + ", ".join(u.fact for u in essential))
        if thin:
            reasons.append(weigh)
        if seconds > SPOKEN_BUDGET_SECONDS:
            reasons.append(f"the script runs {seconds} s, over the {SPOKEN_BUDGET_SECONDS} s aim")
    else:
        verdict = "ready"
    return Readiness(verdict, seconds, SPOKEN_BUDGET_SECONDS, [u.field for u in gaps], reasons)


def compose(
    incident: Incident,
    now: datetime,
    *,
    rules: Sequence[Rule] | None = None,
    lexicon: Lexicon | None = None,
    ledger: list[PlannedCommitment] | None = None,
    history: str | None = None,
) -> Brief:
    """The brief for `incident` as it stands at `now` (needed for anything still ongoing).

    `rules`: the obligation rules to check (bundled plus the user's); None checks none.
    With a `lexicon`, the language checker runs over the incident's text and ours.
    `ledger`: the commitments as the store's ledger has them, in place of the file's.
    `history`: what the store's past incidents say of this failure recurring
    (core.history.recurrence_evidence), added to "Will it happen again?".
    """
    found: list[Finding] = []
    if lexicon is not None:
        from execbrief.core.story.incident_text import check_incident

        found = check_incident(incident, lexicon)
    withheld = frozenset(
        f.field for f in found if f.field and f.severity == "error" and f.category in WITHHELD
    )
    with localcontext() as exact:
        exact.prec = 60  # money × minutes × people never loses a digit
        brief = _compose(incident, now, rules, withheld, ledger, history)
    return brief if lexicon is None else _checked(brief, lexicon, found)


# Findings in the engineer's text that the CEO's copy must not repeat word for word.
WITHHELD = ("blame", "certainty")


def _checked(brief: Brief, lexicon: Lexicon, found: list[Finding]) -> Brief:
    from execbrief.core.story.incident_text import check_generated, language_verdict

    found = found + check_generated(generated_texts(brief), brief.incident, lexicon)
    verdict, reasons = language_verdict(brief.readiness.verdict, found)
    ready = replace(
        brief.readiness,
        verdict=cast(Literal["ready", "ready_with_gaps", "not_ready"], verdict),
        reasons=[*brief.readiness.reasons, *reasons],
        findings=[f.as_dict() for f in found],
    )
    return replace(brief, readiness=ready)


def generated_texts(brief: Brief) -> list[tuple[str, str]]:
    """(path, text) of every sentence we wrote, for the language check."""
    texts = [("brief.headline", brief.headline)]
    texts += [(f"brief.sections.{s.key}", s.text) for s in brief.sections]
    texts += [(f"brief.script[{i}]", line.text) for i, line in enumerate(brief.script)]
    for i, q in enumerate(brief.qa):
        texts += [(f"brief.qa[{i}].question", q.question), (f"brief.qa[{i}].answer", q.answer)]
    return texts


def _compose(
    incident: Incident,
    now: datetime,
    rules: Sequence[Rule] | None = None,
    withheld: frozenset[str] = frozenset(),
    ledger: list[PlannedCommitment] | None = None,
    history: str | None = None,
) -> Brief:
    assessment = assess(incident, now)
    commitments = planned_commitments(incident, now) if ledger is None else ledger
    clocks = None if rules is None else tuple(obligations(incident, rules, now))
    story = Story(incident, assessment, commitments, clocks, withheld, history)
    told = [
        Section(key, SECTION_TITLES[key], " ".join(build(story)))
        for key, build in _BUILDERS.items()
    ]
    lines = script(story)
    gaps = unknowns(story)
    return Brief(
        incident=incident,
        assessment=assessment,
        headline=sections.headline(story),
        sections=told,
        script=lines,
        qa=tough_questions(story),
        unknowns=gaps,
        commitments=commitments,
        readiness=readiness(story, lines, gaps),
        obligations=[obligation_document(o, incident.zone) for o in clocks or ()],
        money_at_risk=story.money_at_risk,
        asks=story.decisions,
        needs_you_now=needs_you_now(clocks or (), story.decisions, now, incident.zone),
        situation=story.situation,
        late=story.late_from_us(),
        commitments_from="file" if ledger is None else "ledger",
    )


# --- the JSON document (SPEC section 2) -----------------------------------------------


def _number(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP).normalize() + 0


def _range(estimate: MoneyEstimate) -> dict[str, Any]:
    return {
        "low": estimate.low,
        "likely": estimate.likely,
        "high": estimate.high,
        "currency": estimate.currency,
        "method": estimate.method,
        "basis": estimate.basis,
    }


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def impact_document(a: Assessment) -> dict[str, Any]:
    revenue: dict[str, Any] | None = None
    if a.revenue is not None:
        revenue = _range(a.revenue.primary)
        revenue["cross_check"] = _range(a.revenue.cross_check) if a.revenue.cross_check else None
    return {
        "customer_impact_minutes": _number(a.impact_minutes),
        "time_to_detect_minutes": _number(a.detect_minutes),
        "time_to_mitigate_minutes": _number(a.mitigate_minutes),
        "ongoing": a.ongoing,
        "users_affected": None
        if a.users is None
        else {"low": a.users.low, "likely": a.users.likely, "high": a.users.high},
        "revenue_lost": revenue,
        "sla_credits": None
        if a.credits is None
        else {
            "total": a.credits.total,
            "currency": a.credits.currency,
            "by_contract": [
                {
                    "name": c.name,
                    "customers": c.customers,
                    "monthly_uptime_percent": c.monthly_uptime_percent,
                    "credit_percent": c.credit_percent,
                    "amount": c.amount,
                    "currency": c.currency,
                    "target_met": c.target_met,
                }
                for c in a.credits.by_contract
            ],
        },
        "response_cost": None
        if a.response is None
        else {
            "amount": a.response.amount,
            "currency": a.response.currency,
            "hours": _number(a.response.hours),
            "responders": a.response.responders,
        },
    }


def document(brief: Brief) -> dict[str, Any]:
    """The Brief as the JSON object of SPEC section 2 (numbers still Decimal)."""
    incident = brief.incident
    return {
        "execbrief": 1,
        "incident": {
            "id": incident.id,
            "title": incident.title,
            "severity": incident.severity,
            "service": incident.service,
            "timezone": incident.zone.key,
        },
        "generated_for": brief.assessment.now.isoformat(),
        "headline": brief.headline,
        "impact": impact_document(brief.assessment),
        "situation": [fact.document() for fact in brief.situation],
        "sections": [{"key": s.key, "title": s.title, "text": s.text} for s in brief.sections],
        "script": [{"speaker": line.speaker, "text": line.text} for line in brief.script],
        "qa": [{"question": q.question, "answer": q.answer} for q in brief.qa],
        "obligations": list(brief.obligations),
        "exposure": money_at_risk_document(brief.money_at_risk),
        "commitments_from": brief.commitments_from,
        "commitments": [
            {
                "number": c.number,
                "what": c.what,
                "owner": c.owner,
                "due": _when(c.due),
                "status": brief.commitment_state(c),
                "status_text": brief.commitment_words(c),
                "done_at": _when(c.done_at),
                "note": c.note,
                "source": c.source,
                "history": list(c.history),
            }
            for c in brief.commitments
        ],
        "needs_you_now": [
            {
                "what": u.what,
                "due": u.due.astimezone(incident.zone).isoformat(),
                "status": "overdue" if u.overdue else "due within 24 hours",
                "source": u.source,
                "text": u.told,
            }
            for u in brief.needs_you_now
        ],
        "asks": [
            {
                "decision": d.decision,
                "deadline": _when(d.deadline),
                "if_no_decision": d.if_no_decision,
                "recommendation": d.recommendation,
                "source": d.source,
            }
            for d in brief.asks
        ],
        "unknowns": [
            {
                "field": u.field,
                "fact": u.fact,
                "owner": u.owner,
                "action": u.action,
                "weight": u.weight,
            }
            for u in brief.unknowns
        ],
        "readiness": {
            "verdict": brief.readiness.verdict,
            "spoken_seconds": brief.readiness.spoken_seconds,
            "budget_seconds": brief.readiness.budget_seconds,
            "missing": brief.readiness.missing,
            "reasons": brief.readiness.reasons,
            "findings": brief.readiness.findings,
        },
    }
