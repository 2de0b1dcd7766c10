"""What the CEO hears about legal and money exposure: one sentence each, and the answer
to "do we have to disclose this, and by when?".

Always framed as prompts for counsel: the rules say when a clock may run, not whether
the law applies to us.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.exposure.obligations import Obligation, decisions, time_left

SHOWN_IN_ANSWER = 3


def _count(n: int, one: str, many: str) -> str:
    return f"{speech.number(n)} {one if n == 1 else many}"


def _due(o: Obligation, zone: ZoneInfo) -> str:
    assert o.deadline is not None
    left = time_left(o)
    return f"{speech.clock_time(o.deadline, zone)}" + (f" ({left})" if left else "")


def timed(found: Sequence[Obligation]) -> list[Obligation]:
    return [o for o in found if o.deadline is not None]


def legal_sentence(
    found: Sequence[Obligation], zone: ZoneInfo, now: datetime | None = None
) -> str | None:
    """The legal exposure in a few short sentences, or None when no rule is triggered."""
    if not found:
        return None
    clocks = timed(found)
    pending = decisions(found)
    names = list(dict.fromkeys(o.name for o in found))
    duties = _count(len(found), "notice duty", "notice duties")
    under = "" if len(names) == len(found) else f", under {_count(len(names), 'rule', 'rules')}"
    said = [
        f"Legal exposure, for counsel to confirm: {duties} may apply{under} ({', '.join(names)})."
    ]
    overdue = [o for o in clocks if o.status == "overdue"]
    ahead = [o.deadline for o in clocks if o.status != "overdue" and o.deadline is not None]
    if overdue and len(found) == 1:
        said.append("It is already past its deadline.")
    elif overdue:
        count = speech.capital(speech.number(len(overdue)))
        said.append(f"{count} {'is' if len(overdue) == 1 else 'are'} already past the deadline.")
    if ahead:
        first = "It is" if len(found) == 1 else "The next is"
        said.append(f"{first} due by {speech.clock_time(ahead[0], zone, now=now)}.")
    if pending:
        waiting = _count(len(pending), "question waits", "questions wait")
        said.append(f"{speech.capital(waiting)} on counsel.")
    return " ".join(said)


def disclosure_answer(
    found: Sequence[Obligation], zone: ZoneInfo, now: datetime | None = None
) -> str:
    """Do we have to disclose this, and by when? From the obligations, for counsel."""
    if not found:
        return (
            "No notice rule we track is set off by the facts we have. "
            "Counsel should still confirm that today; this is a prompt for them, not legal advice."
        )
    said = [
        "Possibly, and some clocks may already be running; this is a prompt for counsel, "
        "not legal advice."
    ]
    clocks = timed(found)
    for o in clocks[:SHOWN_IN_ANSWER]:
        assert o.deadline is not None
        said.append(f"{o.regime}, due {speech.clock_time(o.deadline, zone, now=now)}.")
        left = time_left(o)
        if left and left.startswith("overdue"):
            said.append(f"It is {left}.")
        elif left:
            said.append(f"That leaves {left.removesuffix(' left')}.")
    for o in decisions(found):
        said.append(f"Counsel must decide {o.decision}; {o.name} waits on that.")
    rest = (
        len(found)
        - min(len(clocks), SHOWN_IN_ANSWER)
        - len([o for o in found if o.deadline is None and o.decision])
    )
    if rest > 0:
        said.append(
            f"{speech.capital(_count(rest, 'more is', 'more are'))} in the list of obligations."
        )
    return " ".join(said)
