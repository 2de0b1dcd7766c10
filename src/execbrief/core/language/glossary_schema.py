"""The glossary file's schema (pydantic): used to validate a user's glossary and, in the
tests, the shipped one. Kept apart so that plain-text checks need not import pydantic."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TermModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1, max_length=80)
    plain: str = Field(min_length=1, max_length=120, description="what to say instead")
    why: str = Field(min_length=1, max_length=200, description="one line: what it means")
    area: str = "software"
    variants: list[str] = Field(default_factory=list)
    case_sensitive: bool = False


class GlossaryFile(BaseModel):
    """The glossary file format: the shipped one and a user's own (--glossary, config)."""

    model_config = ConfigDict(extra="forbid")

    execbrief_glossary: int = Field(default=1, ge=1, le=1)
    terms: list[TermModel] = Field(default_factory=list)
    allow: list[str] = Field(
        default_factory=list, description="terms and acronyms this audience knows"
    )
    business_acronyms: list[str] = Field(default_factory=list)
