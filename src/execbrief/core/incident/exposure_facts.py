"""Facts that may start legal clocks: personal or health data breaches, regulated
incidents, materiality and bank determinations (SPEC sections 1 and 5)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from execbrief.core.incident.facts import Count, Facts, Moment, Text

Region = Annotated[str, Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
Residents = dict[Region, Count]
_RESIDENTS = "people affected per place, e.g. {US-TX: 300, US-FL: 40}: state laws have thresholds"


def _listed_places(residents: Residents, jurisdictions: list[str], where: str) -> None:
    for place in residents:
        if place not in jurisdictions:
            raise PydanticCustomError(
                "unlisted_place",
                "{where}.residents names {place}, which is not in {where}.jurisdictions",
                {
                    "where": where,
                    "place": place,
                    "at": "residents",
                    "hint": f"add {place} to jurisdictions, or check the code",
                },
            )


class PersonalDataBreach(Facts):
    aware_at: Moment | None = Field(default=None, description="when we became aware of it")
    determined_at: Moment | None = Field(
        default=None, description="when we concluded a breach happened (some US state clocks)"
    )
    people: Count | None = None
    jurisdictions: list[Text] = Field(
        default_factory=list, description="where the people live: EU, UK, US-TX, ..."
    )
    residents: Residents = Field(default_factory=dict, description=_RESIDENTS)
    likely_high_risk: bool | None = Field(
        default=None,
        description="counsel's decision: is the breach likely to put people at high risk? "
        "(GDPR Art. 34); null until decided",
    )

    @model_validator(mode="after")
    def _residents_listed(self) -> PersonalDataBreach:
        _listed_places(self.residents, self.jurisdictions, "personal_data_breach")
        return self


class Nis2Incident(Facts):
    entity: Literal["essential", "important"]
    aware_at: Moment | None = None


class DoraIncident(Facts):
    classified_at: Moment | None = None
    aware_at: Moment | None = None


class HealthDataBreach(Facts):
    discovered_at: Moment | None = None
    people: Count | None = None
    residents: Residents = Field(default_factory=dict, description=_RESIDENTS)


class Exposure(Facts):
    personal_data_breach: PersonalDataBreach | None = None
    sec_registrant: bool | None = None
    material_cyber_incident_determined_at: Moment | None = None
    nis2_significant_incident: Nis2Incident | None = None
    dora_major_incident: DoraIncident | None = None
    health_data_breach: HealthDataBreach | None = None
    bank_notification_incident_determined_at: Moment | None = None

    @property
    def given(self) -> bool:
        """Whether any exposure fact is given (false and null say nothing happened)."""
        return any(getattr(self, name) not in (None, False) for name in type(self).model_fields)
