"""The incident as the engineer knows it: the model of the incident file (format 1), its
field types, times and time zones, business-day calendars, validation with messages an
engineer can act on, and drafts imported from the SRE's tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from execbrief.core.incident.business_days import add_business_days
    from execbrief.core.incident.draft import (
        IMPORTABLE,
        MERGE_WINDOW,
        Draft,
        DraftEvent,
        Fact,
        differences,
        merge,
        merge_all,
        with_note,
    )
    from execbrief.core.incident.model import (
        FORMAT_VERSION,
        Ask,
        Audience,
        Cause,
        Churn,
        Commitment,
        Contract,
        CreditTier,
        Fix,
        Impact,
        Incident,
        MoneyRange,
        Recurrence,
        Response,
        Revenue,
        ShareRange,
        Timeline,
        TimelineEvent,
        UsersRange,
        UsersShare,
    )
    from execbrief.core.incident.times import (
        TimeValueError,
        due_moment,
        load_zone,
        parse_due,
        parse_moment,
    )
    from execbrief.core.incident.validation import (
        IncidentInvalid,
        Problem,
        audience_zone,
        dated_after,
        dotted,
        problems_from,
        read_incident,
    )

# Where each name lives. A name is imported on first use (PEP 562), so that reading one
# small module of the package does not import all the others (see ARCHITECTURE.md).
_WHERE = {
    "add_business_days": "business_days",
    "Draft": "draft",
    "DraftEvent": "draft",
    "Fact": "draft",
    "IMPORTABLE": "draft",
    "MERGE_WINDOW": "draft",
    "differences": "draft",
    "merge": "draft",
    "merge_all": "draft",
    "with_note": "draft",
    "Ask": "model",
    "Audience": "model",
    "Cause": "model",
    "Churn": "model",
    "Commitment": "model",
    "Contract": "model",
    "CreditTier": "model",
    "FORMAT_VERSION": "model",
    "Fix": "model",
    "Impact": "model",
    "Incident": "model",
    "MoneyRange": "model",
    "Recurrence": "model",
    "Response": "model",
    "Revenue": "model",
    "ShareRange": "model",
    "Timeline": "model",
    "TimelineEvent": "model",
    "UsersRange": "model",
    "UsersShare": "model",
    "TimeValueError": "times",
    "due_moment": "times",
    "load_zone": "times",
    "parse_due": "times",
    "parse_moment": "times",
    "IncidentInvalid": "validation",
    "Problem": "validation",
    "audience_zone": "validation",
    "dated_after": "validation",
    "dotted": "validation",
    "problems_from": "validation",
    "read_incident": "validation",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_VERSION",
    "IMPORTABLE",
    "MERGE_WINDOW",
    "Ask",
    "Audience",
    "Cause",
    "Churn",
    "Commitment",
    "Contract",
    "CreditTier",
    "Draft",
    "DraftEvent",
    "Fact",
    "Fix",
    "Impact",
    "Incident",
    "IncidentInvalid",
    "MoneyRange",
    "Problem",
    "Recurrence",
    "Response",
    "Revenue",
    "ShareRange",
    "TimeValueError",
    "Timeline",
    "TimelineEvent",
    "UsersRange",
    "UsersShare",
    "add_business_days",
    "audience_zone",
    "dated_after",
    "differences",
    "dotted",
    "due_moment",
    "load_zone",
    "merge",
    "merge_all",
    "parse_due",
    "parse_moment",
    "problems_from",
    "read_incident",
    "with_note",
]
