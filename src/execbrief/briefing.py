"""Making the Brief at the edge: read the configured rules, then let the core compose.

`execbrief brief` and `execbrief save` both come here, so the brief that is shown and
the brief that is stored are the same object from the same inputs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from execbrief.core.brief import Brief
    from execbrief.core.incident import Incident

RULES_ENV = "EXECBRIEF_RULES"


def configured_rules_files() -> list[Path]:
    """Rules files named in EXECBRIEF_RULES (a company's standing contract and policy
    clocks), separated like PATH; read before any --rules files."""
    value = os.environ.get(RULES_ENV, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def brief_for(incident: Incident, now: datetime, rules_files: Sequence[Path] = ()) -> Brief:
    """The Brief for `incident` at `now`: bundled, configured and given rules, and the
    language check with the bundled glossary and the user's own."""
    from execbrief.core.brief import compose
    from execbrief.sources.glossary_file import load_lexicon

    lexicon = load_lexicon()
    rules_files = [*configured_rules_files(), *rules_files]
    if not rules_files and not incident.exposure.given:
        # Every bundled rule needs an exposure fact: none given, none can apply (saves ~50 ms).
        return compose(incident, now, rules=[], lexicon=lexicon)
    from execbrief.sources.obligation_rules import load_rules

    return compose(incident, now, rules=load_rules(rules_files), lexicon=lexicon)
