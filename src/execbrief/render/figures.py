"""What the handout shows, said once: its phrases (the same words as the prose), the
timeline, the decisions, the commitments and the clocks. The presenter's exact figures are
in render/exact_figures.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from execbrief.core import speech
from execbrief.core.story import Brief, fact, money_facts, time_facts


def milestones(brief: Brief) -> list[tuple[datetime, str]]:
    """The incident's main moments in the CEO's words, for the timeline and its chart."""
    t = brief.incident.timeline
    security = brief.incident.kind == "security"
    found = [(t.started, "Intruder got in" if security else "Problem began")]
    if t.detected:
        found.append((t.detected, "We found out"))
    fixed = brief.incident.fix.immediate_at
    if fixed is not None and (t.mitigated is None or fixed < t.mitigated):
        found.append((fixed, "Fix in place"))  # service came back later: its own moment
    if t.mitigated:
        found.append((t.mitigated, "Intruder shut out" if security else "Service back"))
    if t.resolved:
        found.append((t.resolved, "Incident closed after checks"))
    return found


def timeline_rows(brief: Brief) -> list[tuple[str, str]]:
    """(local time, what happened), in time order, including the main milestones; what
    happened at the same minute is one line ("Problem began: first sign-in ..."), as on the
    chart."""
    zone = brief.incident.zone
    marks = [(at, what, True) for at, what in milestones(brief)]
    marks.extend((event.at, event.what, False) for event in brief.incident.timeline.events)
    minutes: dict[datetime, tuple[list[str], list[str]]] = {}
    for at, what, milestone in sorted(marks, key=lambda mark: (mark[0], not mark[2])):
        key = at.astimezone(zone).replace(second=0, microsecond=0)
        named, events = minutes.setdefault(key, ([], []))
        (named if milestone else events).append(what)
    rows = []
    for at, (named, events) in minutes.items():
        said = "; ".join(named)
        if events:
            said = f"{said}: {'; '.join(events)}" if said else "; ".join(events)
        rows.append((speech.clock_time(at, zone), said))
    return rows


@dataclass(frozen=True)
class BigNumber:
    """A tile: `lead` + `value` is the phrase the prose uses ("about" + "$54,000")."""

    lead: str  # small words before the figure: "about", "between", or ""
    value: str  # what is shown large: "48,000", "$54,000", "47 minutes"
    label: str  # what it counts: "customers affected"
    detail: str  # the range, small print; may be ""
    key: str = ""  # which figure: "users", "money", "lasted", "credits", "response", "detect"

    @property
    def phrase(self) -> str:
        return f"{self.lead} {self.value}".strip()


def compact_duration(minutes: Decimal) -> str:
    """'47 min', '9 h 20 min', '3 days 4 h': the chart's short axis words (presenter only
    elsewhere; the handout says durations with speech.duration)."""
    whole = int(minutes.to_integral_value(ROUND_HALF_UP))
    if whole < 1:
        return "<1 min"
    if whole < 100:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


# --- the handout's phrases -------------------------------------------------------------
# Every figure the CEO reads is said here, once, with execbrief.core.speech: the same
# rounding and the same words as the prose. (When the Brief carries its own phrase per
# fact, these functions read it instead.)


def _lead(phrase: str) -> tuple[str, str]:
    """'about $54,000' -> ('about', '$54,000'); 'between 8,500 and 11,000' likewise."""
    for word in ("about", "between"):
        if phrase.startswith(word + " "):
            return word, phrase[len(word) + 1 :]
    return "", phrase


def users_phrase(brief: Brief) -> str | None:
    """'between 8,500 and 11,000 customers', 'about 48,000 customers', or None."""
    return brief.situation.phrase("users")


def money_phrase(brief: Brief) -> tuple[str, str] | None:
    """(likely, range) of lost sales: ('about £33,000', 'between £20,000 and £45,000')."""
    loss = brief.situation["lost_sales"]
    return (loss.phrase, loss.spread) if loss.known else None


_GLANCE = (  # (situation key, tile key): the rows of "at a glance", in order
    ("users", "users"),
    ("lost_sales", "money"),
    ("lasted", "lasted"),
    ("detected_after", "detect"),
    ("restored_after", "restore"),
    ("fixed_after", "fixed"),
    ("recovered_after", "recovered"),
    ("credits", "credits"),
    ("churn", "churn"),
    ("response_cost", "response"),
    ("total_cost", "total"),
)


def at_a_glance(brief: Brief, *, beyond_tiles: bool = False) -> list[tuple[str, str]]:
    """(label, phrase) rows for the CEO: the figures in the prose's own words, read from
    the situation. `beyond_tiles`: only the known figures the big-number tiles do not show
    (an unknown is listed under "Still unknown" instead)."""
    ongoing = brief.assessment.ongoing
    rows: list[tuple[str, str, str]] = []  # (tile key, label, phrase); key "" when unknown
    for key, tile in _GLANCE:
        fact = brief.situation.get(key)
        if fact is None:
            if key == "detected_after":
                rows.append(("", time_facts.TIME_LABELS[key], "not known yet"))
            continue
        if key == "credits" and not fact.value:
            continue
        said = fact.phrase
        if key == "lost_sales" and fact.known and fact.spread:
            said = f"{fact.phrase} ({fact.spread})"
        elif key == "lost_sales" and not fact.known:
            said = "no estimate yet"
        elif key == "total_cost":
            said = f"{fact.phrase} ({fact.method})"
        elif key == "lasted" and ongoing:
            said += ", still going on"
        rows.append((tile if fact.known else "", fact.label, said))
    if beyond_tiles:
        shown = {tile.key for tile in big_numbers(brief)}
        return [(label, phrase) for key, label, phrase in rows if key and key not in shown]
    return [(label, phrase) for _, label, phrase in rows]


# The header of the deck's table of the figures the tiles do not show ("Also known" and
# "Figure" read to a cold reader as a tool's leftover).
MORE_FIGURES = ("More figures", "Amount")

TILES_AT_LEAST = 3  # when a headline figure is unknown, another known one takes its tile


def big_numbers(brief: Brief) -> list[BigNumber]:
    """Who was hit, what it cost, how long: the tiles at the top of the one-pager and deck,
    in the same words as the prose. Only known figures: an unknown is never the big number
    (it is listed under "Still unknown"); the staff time and the time until we knew fill
    in for one."""
    facts = brief.situation
    ongoing = brief.assessment.ongoing
    tiles: list[BigNumber] = []
    users = facts.phrase("users")
    if users is not None:
        unit = facts["users"].unit
        lead, value = _lead(users.removesuffix(f" {unit}"))
        tiles.append(BigNumber(lead, value, f"{unit} affected", "", "users"))
    money = money_phrase(brief)
    if money is not None:
        lead, value = _lead(money[0])
        noun = money_facts.money_noun(facts["lost_sales"])
        tiles.append(BigNumber(lead, value, noun, money[1], "money"))
    lead, value = _lead(facts["lasted"].phrase)
    tiles.append(
        BigNumber(
            lead,
            value,
            "of impact so far" if ongoing else "of impact",
            "still going on" if ongoing else "",
            "lasted",
        )
    )
    total = facts.get("total_cost")
    credits = facts.get("credits")
    # The whole cost we know outweighs any one part of it: it takes the credits' tile, and
    # the parts stay in the figures beside it ("at a glance", the deck's table); unless it
    # says the same figure as the money lost ("$290 million, nearly all of it trading losses").
    total_said = _lead(total.phrase) if total is not None else None
    if (
        total is not None
        and total_said is not None
        and total_said[1] not in {t.value for t in tiles if t.key == "money"}
    ):
        lead, value = total_said
        tiles.append(BigNumber(lead, value, total.label.lower(), _cost_parts(total), "total"))
    elif credits is not None and credits.value:
        lead, value = _lead(credits.phrase)
        tiles.append(
            BigNumber(lead, value, "service credits owed", "under customer contracts", "credits")
        )
    response = facts.get("response_cost")
    if len(tiles) < TILES_AT_LEAST and response is not None:
        lead, value = _lead(response.phrase)
        tiles.append(BigNumber(lead, value, "in staff time", "on the response so far", "response"))
    detect = facts.get("detected_after")
    if len(tiles) < TILES_AT_LEAST and detect is not None:
        lead, value = _lead(detect.phrase)
        tiles.append(BigNumber(lead, value, fact.noun(detect.label), "", "detect"))
    # The strongest figure leads: money finance has given, as one figure, comes before an
    # estimated count of the people hit.
    if facts["lost_sales"].state == "known" and facts["users"].state != "known":
        tiles.sort(key=lambda tile: tile.key != "money")
    return tiles


def _cost_parts(total: fact.Fact) -> str:
    """What a total is made of, short, for its tile: 'lost sales, service credits and staff
    time', 'nearly all of it trading losses', '…; not counting the lost subscriptions'."""
    named, _, left_out = total.method.partition("; ")
    parts = [p.split(" in ", 1)[1] if " in " in p else p for p in named.split(", ")]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if left_out:
        said += "; " + left_out.removesuffix(", not known yet")
    return said


def repeat_risk(brief: Brief) -> str:
    """'Risk of a repeat: medium', said beside the recurrence section; '' when unknown."""
    risk = brief.incident.recurrence.risk
    return "" if risk == "unknown" else f"Risk of a repeat: {risk}"


def decision_items(brief: Brief) -> list[tuple[str, list[str]]]:
    """Each decision asked of the CEO as (the decision with its deadline, the lines under
    it: 'Without it: ...', 'We recommend: ...' where known), in the Brief's order."""
    items = []
    for d in brief.asks:
        said = speech.sentence(d.decision)
        if d.deadline is not None:
            said += f", {brief.decision_when(d)}"
        under = []
        if d.if_no_decision:
            under.append(f"Without it: {speech.clause(d.if_no_decision)}.")
        if d.recommendation:
            under.append(f"We recommend: {speech.clause(d.recommendation)}.")
        items.append((said + ".", under))
    return items


def late_from_us(brief: Brief) -> list[str]:
    """Our own promises to the CEO whose date has passed unkept, said plainly near the top
    (core decides the words: Story.late_from_us)."""
    return list(brief.late)


def needs_you_now(brief: Brief) -> list[str]:
    """What is overdue or due within a day and needs the CEO, most urgent first: the
    handout opens with it when there is any."""
    return [u.told for u in brief.needs_you_now]


OWNER_TO_BE_NAMED = "owner to be named"

_STATUS_WORDS = {
    "open": "open",
    "kept": "done",
    "kept_late": "done late",
    "slipped": "slipped",
    "missed": "missed",
}


@dataclass(frozen=True)
class CommitmentRow:
    number: int
    what: str
    owner: str
    due: str
    status: str


def commitment_rows(brief: Brief) -> list[CommitmentRow]:
    """Our commitments as the CEO reads them: a missing owner is 'owner to be named', with
    by when (core decides it: Brief.owner_words)."""
    return [
        CommitmentRow(
            c.number,
            c.what,
            brief.owner_words(c),
            speech.due(c.due, brief.incident.zone, brief.assessment.now),  # the state says the rest
            "proposed" if c.source != "file" else _STATUS_WORDS.get(state, state),
        )
        for c, state in ((c, brief.commitment_state(c)) for c in brief.commitments)
    ]


def unknown_lines(brief: Brief) -> list[str]:
    """What is still unknown, in plain words: who finds out, and by when."""
    return [u.line() for u in brief.unknowns]


def time_left(deadline: datetime, now: datetime) -> str:
    """'about 2 days left', 'overdue by 3 hours' (core gives this; a fallback for entries
    made without it)."""
    minutes = Decimal((deadline - now).total_seconds()) / 60
    words = speech.duration(abs(minutes))
    return f"{words} left" if minutes >= 0 else f"overdue by {words}"


_OBLIGATION_STATUS = {
    "overdue": "Overdue",
    "running": "Clock running",
    "due within 24 hours": "Due within 24 hours",
    "clock not started": "Clock not started",
}


WAITS_ON_COUNSEL = "Waits on counsel's decision"
NOTIFY = "Who we notify"  # the recipient's column


@dataclass(frozen=True)
class ObligationRow:
    """One legal or contract clock as people read it, times in the audience's zone."""

    regime: str
    recipient: str
    deadline: str  # the deadline, or what it waits on, with any condition
    time_left: str  # 'about 2 days left', 'overdue by 5 hours', or ''
    status: str  # the status as written by core: 'overdue', 'running', ...
    overdue: bool
    source: str
    url: str
    decision: str = ""  # what counsel must decide before the clock can start, if anything

    @property
    def state(self) -> str:
        """One plain cell: 'Overdue by about 54 days', 'About 2 days left', 'Waits on
        counsel's decision', 'Clock not started'."""
        if self.time_left:
            return speech.capital(self.time_left)
        if self.decision and self.status in ("clock not started", ""):
            return WAITS_ON_COUNSEL
        return _OBLIGATION_STATUS.get(self.status, speech.capital(self.status or "to check"))


def obligation_rows(brief: Brief) -> list[ObligationRow]:
    """Each obligation as shown to people: deadline in the audience's zone, time left,
    the decision it waits on or the fact it still depends on, and its source."""
    zone = brief.incident.zone
    rows = []
    for entry in brief.obligations:
        deadline = entry.get("deadline")
        moment: datetime | None = None
        if isinstance(deadline, datetime | str) and deadline:
            moment = (
                deadline if isinstance(deadline, datetime) else datetime.fromisoformat(deadline)
            )
            when = speech.clock_time(moment, zone)
        elif entry.get("decision"):
            when = f"no deadline until counsel decides {entry['decision']}"
        else:
            when = str(entry.get("timing") or "clock not started")
        caveat = entry.get("condition")
        source = entry.get("source") or {}
        rows.append(
            ObligationRow(
                regime=str(entry.get("regime") or ""),
                recipient=str(entry.get("recipient") or ""),
                deadline=when + (f" ({caveat})" if caveat else ""),
                time_left=str(
                    entry.get("time_left")
                    or (time_left(moment, brief.assessment.now) if moment else "")
                ),
                status=str(entry.get("status") or ""),
                overdue=entry.get("status") == "overdue"
                or (moment is not None and moment < brief.assessment.now),
                source=str(source.get("citation") or ""),
                url=str(source.get("url") or ""),
                decision=str(entry.get("decision") or ""),
            )
        )
    return rows
