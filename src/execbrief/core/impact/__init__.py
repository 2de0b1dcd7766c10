"""Impact math, pure: how long, how many people, how much money (lost sales, SLA credits,
churn, the response itself), each with its method and range.
"""

from execbrief.core.impact.assessment import Assessment, assess
from execbrief.core.impact.churn import (
    ChurnExposure,
    MoneyAtRisk,
    churn_exposure,
    money_at_risk,
    money_at_risk_document,
)
from execbrief.core.impact.credits import (
    ContractCredit,
    SlaCredits,
    contract_credit,
    minutes_in_month,
    monthly_uptime_percent,
    sla_credits,
)
from execbrief.core.impact.durations import (
    customer_impact_minutes,
    impact_end,
    minutes_between,
    time_to_detect_minutes,
    time_to_mitigate_minutes,
)
from execbrief.core.impact.money import (
    CENT,
    MoneyEstimate,
    RevenueLoss,
    cents,
    estimated_loss,
    finance_loss,
    observed_loss,
    revenue_lost,
)
from execbrief.core.impact.response import ResponseCost, response_cost, response_hours
from execbrief.core.impact.users import UsersEstimate, users_affected

__all__ = [
    "CENT",
    "Assessment",
    "ChurnExposure",
    "ContractCredit",
    "MoneyAtRisk",
    "MoneyEstimate",
    "ResponseCost",
    "RevenueLoss",
    "SlaCredits",
    "UsersEstimate",
    "assess",
    "cents",
    "churn_exposure",
    "contract_credit",
    "customer_impact_minutes",
    "estimated_loss",
    "finance_loss",
    "impact_end",
    "minutes_between",
    "minutes_in_month",
    "money_at_risk",
    "money_at_risk_document",
    "monthly_uptime_percent",
    "observed_loss",
    "response_cost",
    "response_hours",
    "revenue_lost",
    "sla_credits",
    "time_to_detect_minutes",
    "time_to_mitigate_minutes",
    "users_affected",
]
