"""The time facts of the situation: how long it lasted, and how long each step took, as a
CEO asks it (one label per fact, on every output)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from execbrief.core import speech
from execbrief.core.impact import Assessment
from execbrief.core.incident import Incident
from execbrief.core.story.fact import Fact

# How long each step took, as a CEO asks it: one label per fact, on every output.
TIME_LABELS = {
    "detected_after": "Time to notice",  # from the start to when we knew
    "restored_after": "Time to restore service once we knew",  # from when we knew to service back
    "shut_out_after": "Time to shut the intruder out once we knew",  # the same, for a breach
    "fixed_after": "Time to put the fix in once we knew",  # from when we knew to the fix in place
    "recovered_after": "Time to bring back what had failed",  # from the fix to service back
    "settled_after": "Time to close the incident after service was back",
}


def lasted(a: Assessment) -> Fact:
    said = speech.duration(a.impact_minutes)
    return Fact(
        "lasted",
        "How long so far" if a.ongoing else "How long it lasted",
        "known",
        said,
        value=a.impact_minutes,
        unit="minutes",
        method="still going on" if a.ongoing else "",
    )


def detected_after(a: Assessment) -> list[Fact]:
    if a.detect_minutes is None:
        return []
    return [
        Fact(
            "detected_after",
            TIME_LABELS["detected_after"],
            "known",
            speech.duration(a.detect_minutes),
            value=a.detect_minutes,
            unit="minutes",
        )
    ]


def restored_after(incident: Incident, a: Assessment) -> list[Fact]:
    if a.mitigate_minutes is None:
        return []
    security = incident.kind == "security"
    return [
        Fact(
            "restored_after",
            TIME_LABELS["shut_out_after" if security else "restored_after"],
            "known",
            speech.duration(a.mitigate_minutes),
            value=a.mitigate_minutes,
            unit="minutes",
        )
    ]


def _minutes(start: datetime, end: datetime) -> Decimal:
    return Decimal(int((end - start).total_seconds())) / 60


def fixed_phases(incident: Incident) -> list[Fact]:
    """When the immediate fix went in before service came back: how long the fix took once
    we knew, and how long the recovery after it took (computers repaired, data rebuilt)."""
    t, fixed = incident.timeline, incident.fix.immediate_at
    if fixed is None:
        return []
    found = []
    if t.detected is not None and fixed >= t.detected:
        took = _minutes(t.detected, fixed)
        found.append(
            Fact(
                "fixed_after",
                TIME_LABELS["fixed_after"],
                "known",
                speech.duration(took),
                value=took,
                unit="minutes",
            )
        )
    if t.mitigated is not None and t.mitigated > fixed:
        took = _minutes(fixed, t.mitigated)
        found.append(
            Fact(
                "recovered_after",
                TIME_LABELS["recovered_after"],
                "known",
                speech.duration(took),
                value=took,
                unit="minutes",
            )
        )
    return found


def settled_after(incident: Incident) -> list[Fact]:
    """From service back to resolved: the phase a brief must explain when it is long."""
    t = incident.timeline
    if t.mitigated is None or t.resolved is None or t.resolved <= t.mitigated:
        return []
    minutes = Decimal(int((t.resolved - t.mitigated).total_seconds())) / 60
    return [
        Fact(
            "settled_after",
            TIME_LABELS["settled_after"],
            "known",
            speech.duration(minutes),
            value=minutes,
            unit="minutes",
        )
    ]
