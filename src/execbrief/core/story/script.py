"""The spoken meeting, in the order it usually goes.

You open; the CEO asks what happened, how it happened and why it was not stopped, what
we are doing, and whether it can happen again; you close with dated commitments and
any decision you need. The answers are the one-pager's sentences, kept short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from execbrief.core import speech
from execbrief.core.story import money_facts, sections
from execbrief.core.story.story import Story


@dataclass(frozen=True)
class Line:
    speaker: Literal["you", "ceo"]
    text: str
    topic: str  # the section this line speaks to: what_happened, cause, ...


def _opening(story: Story) -> str:
    audience = story.incident.audience.name
    greeting = (
        f"Thanks for seeing me, {audience.split()[0]}." if audience else "Thanks for seeing me."
    )
    started = story.incident.timeline.started
    if story.assessment.ongoing:
        return (
            f"{greeting} {story.words.failing.format(subject=story.subject)} since "
            f"{story.at(started)}, and it is "
            "still going on. I will tell you where we stand, what it is costing, and what we "
            "are doing."
        )
    return (
        f"{greeting} I need to brief you on the {story.subject} {story.words.noun} "
        f"{story.on(started)}, what it cost, and what we are doing so it does not repeat."
    )


def _what_happened(story: Story) -> str:
    said = sections.what_happened(story)
    money = sections.money_words(story)
    if money and story.assessment.ongoing:
        said.insert(3, f"We estimate it has cost {money} so far.")
    elif money and story.situation["lost_sales"].state == "known":
        said.insert(3, f"Finance puts the cost at {money}.")
    elif money:
        said.insert(3, f"We estimate it cost {money}.")
    else:
        kind = money_facts.money_noun(story.situation["lost_sales"])
        said.insert(3, f"We do not have a figure for {kind} yet.")
    return " ".join(said)


def _closing(story: Story) -> str:
    waiting = [c for c in story.commitments if c.status != "kept"]
    ahead = [c for c in waiting if c.due_at(story.zone) >= story.now]
    missed = [c for c in waiting if c.due_at(story.zone) < story.now]
    said = ["I will."] if ahead else []
    said += [sections.commitment_line(story, c) for c in ahead]
    if missed:
        dates = "; ".join(
            f"{speech.clause(c.what)}, due {speech.due(c.due, story.zone, story.now)}"
            for c in missed
        )
        count = "one date" if len(missed) == 1 else f"{speech.number(len(missed))} dates"
        said.append(f"We have missed {count}: {dates}. You will have new dates from me today.")
    wanted = story.decisions
    if len(wanted) == 1:
        said.append(f"Before I go, I need one decision from you: {story.decision_line(wanted[0])}")
    elif wanted:
        said.append(f"Before I go, I need {speech.number(len(wanted))} decisions from you.")
        said.extend(story.decision_line(d) for d in wanted)
    return " ".join(said)


def script(story: Story) -> list[Line]:
    return [
        Line("you", _opening(story), "opening"),
        Line("ceo", "What happened?", "what_happened"),
        Line("you", _what_happened(story), "what_happened"),
        Line("ceo", "How did it happen, and why didn't we stop it?", "cause"),
        Line("you", " ".join(sections.cause(story)), "cause"),
        Line("ceo", "What are we doing about it?", "fix"),
        Line("you", " ".join(sections.fix(story)), "fix"),
        Line("ceo", "Could it happen again?", "recurrence"),
        Line("you", " ".join(sections.recurrence(story)), "recurrence"),
        Line("ceo", "All right. Keep me posted.", "next_steps"),
        Line("you", _closing(story), "next_steps"),
    ]
