"""The incident as the engineer knows it: the model of the incident file (format 1), its
field types, times and time zones, business-day calendars, validation with messages an
engineer can act on, and drafts imported from the SRE's tools.
"""

from execbrief.core.incident.business_days import add_business_days
from execbrief.core.incident.draft import IMPORTABLE, Draft, DraftEvent, Fact, merge, merge_all
from execbrief.core.incident.model import (
    FORMAT_VERSION,
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
    dotted,
    problems_from,
    read_incident,
)

__all__ = [
    "FORMAT_VERSION",
    "IMPORTABLE",
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
    "dotted",
    "due_moment",
    "load_zone",
    "merge",
    "merge_all",
    "parse_due",
    "parse_moment",
    "problems_from",
    "read_incident",
]
