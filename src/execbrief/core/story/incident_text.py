"""The incident's free text, field by field, and the brief's own text, checked."""

from __future__ import annotations

from execbrief.core.incident import Incident
from execbrief.core.language.checker import CheckContext, check_text
from execbrief.core.language.findings import Finding
from execbrief.core.language.lexicon import Lexicon


def free_text_fields(incident: Incident) -> list[tuple[str, str]]:
    """(field path, text) for every field a person wrote in words."""
    fields: list[tuple[str, str | None]] = [
        ("title", incident.title),
        ("service", incident.service),
        ("impact.public_attention", incident.impact.public_attention),
        ("impact.data_loss", incident.impact.data_loss),
        ("cause.summary", incident.cause.summary),
        ("cause.safeguard_gap", incident.cause.safeguard_gap),
        ("fix.immediate", incident.fix.immediate),
        ("fix.permanent", incident.fix.permanent),
        ("recurrence.why", incident.recurrence.why),
    ]
    fields += [
        (f"timeline.events[{i}].what", e.what) for i, e in enumerate(incident.timeline.events)
    ]
    for i, ask in enumerate(incident.asks):
        if isinstance(ask, str):
            fields.append((f"asks[{i}]", ask))
        else:
            fields += [(f"asks[{i}].decision", ask.decision)]
            fields += [(f"asks[{i}].if_no_decision", ask.if_no_decision)]
            fields += [(f"asks[{i}].recommendation", ask.recommendation)]
    for i, c in enumerate(incident.commitments):
        fields += [(f"commitments[{i}].what", c.what), (f"commitments[{i}].owner", c.owner)]
        fields += [(f"commitments[{i}].reason", c.reason)]
    return [(path, text) for path, text in fields if text and text.strip()]


def incident_context(incident: Incident) -> CheckContext:
    return CheckContext(
        cause_status=incident.cause.status,
        severity=incident.severity,
        audience_zone=incident.zone.key,  # a time said in UTC is suggested in the CEO's zone
        on=incident.timeline.started.astimezone(incident.zone).date(),
    )


def check_incident(incident: Incident, lexicon: Lexicon) -> list[Finding]:
    """Findings in each free-text field; offsets are into that field's text."""
    context = incident_context(incident)
    findings: list[Finding] = []
    for path, text in free_text_fields(incident):
        findings += check_text(text, lexicon, context, field=path).findings
    return findings


def check_generated(
    texts: list[tuple[str, str]], incident: Incident, lexicon: Lexicon
) -> list[Finding]:
    """Findings in text we generated. Words quoted from the incident are skipped here:
    they are reported once, under the incident field they came from."""
    quoted = [text.strip().rstrip(".") for _, text in free_text_fields(incident)]
    context = incident_context(incident)
    findings: list[Finding] = []
    for path, text in texts:
        spans = _quoted_spans(text, quoted)
        for f in check_text(text, lexicon, context, field=path).findings:
            if f.category in ("length", "readability") and spans:
                continue  # the user's words set the sentence's length; their fields say so
            if not any(s < f.end and f.start < e for s, e in spans):
                findings.append(f)
    return findings


def _quoted_spans(text: str, quoted: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for phrase in quoted:
        needle = phrase.lower()
        if len(needle) < 3:
            continue
        at = lowered.find(needle)
        while at != -1:
            spans.append((at, at + len(needle)))
            at = lowered.find(needle, at + 1)
    return spans


def language_verdict(verdict: str, findings: list[Finding]) -> tuple[str, list[str]]:
    """The brief's verdict once its language is checked: an error (blame, a promise, a
    cause stated as fact too early) must be fixed before the meeting; warnings leave gaps."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    reasons: list[str] = []
    if errors:
        reasons.append(f"language: {errors} wording problems to fix before the meeting")
        return "not_ready", reasons
    if warnings:
        reasons.append(f"language: {warnings} wording warnings to review")
        return ("ready_with_gaps" if verdict == "ready" else verdict), reasons
    return verdict, reasons
