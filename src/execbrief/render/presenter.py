"""The presenter pack (presenter.md): what the engineer needs to give the brief, and what
the CEO never reads.

The spoken script with the time each part takes against the budget, the tough questions
with their answers, the facts still to fill in (with where they go in the incident file),
the language findings, the readiness verdict, and the exact figures with their methods.
The handout (brief.md, .html, .pdf, the slides) holds none of this.
"""

from __future__ import annotations

from execbrief.core.language.sentences import spoken_seconds
from execbrief.core.story import Brief
from execbrief.render.exact_figures import exposure_rows, key_figures
from execbrief.render.figures import obligation_rows
from execbrief.render.markdown import _safe, _source
from execbrief.render.markdown_text import code

_VERDICT = {
    "ready": "ready",
    "ready_with_gaps": "ready with gaps",
    "not_ready": "not ready",
}


def _script(brief: Brief) -> list[str]:
    r = brief.readiness
    out = ["## The script\n"]
    out.append(
        f"Say your lines in about {r.spoken_seconds} s (budget {r.budget_seconds} s); "
        "the CEO's lines are what you can expect to be asked."
    )
    out.append("\n| # | Who | Time | Line |\n|---|---|---|---|")
    said: list[str] = []
    elapsed = 0
    for n, line in enumerate(brief.script, 1):
        if line.speaker == "you":
            said.append(line.text)
            before, elapsed = elapsed, spoken_seconds(" ".join(said))  # as readiness counts
            timing = f"{elapsed - before} s (at {elapsed} s)"
            who = "You"
        else:
            timing, who = "", "CEO"
        out.append(f"| {n} | {who} | {timing} | {_safe(line.text)} |")
    over = elapsed - r.budget_seconds
    verdict = f"{over} s over: cut" if over > 0 else f"{-over} s to spare"
    out.append(f"\nTotal: {elapsed} s of {r.budget_seconds} s ({verdict}).")
    return out


def _questions(brief: Brief) -> list[str]:
    out = ["\n## Tough questions\n"]
    for q in brief.qa:
        out.append(f"**{_safe(q.question)}**  \n{_safe(q.answer)}\n")
    return out


def _unknowns(brief: Brief) -> list[str]:
    if not brief.unknowns:
        return ["\n## Facts to fill in\n", "None: the file has every fact the brief asks for."]
    out = ["\n## Facts to fill in\n", "| Field | Missing | Ask | What to do |\n|---|---|---|---|"]
    out.extend(
        f"| {code(u.field)} | {_safe(u.fact)} ({u.weight}) | {_safe(u.owner)} | {_safe(u.action)} |"
        for u in brief.unknowns
    )
    return out


def _findings(brief: Brief) -> list[str]:
    found = brief.readiness.findings
    out = ["\n## Language findings\n"]
    if not found:
        out.append("None: the brief's text and the incident's read plainly.")
        return out
    out.append("| Where | Rule | Found | What to change |\n|---|---|---|---|")
    for f in found:
        where = str(f.get("field") or "")
        rule = f"{f.get('rule', '')} ({f.get('severity', '')})"
        hint = " ".join(str(f.get(k) or "") for k in ("message", "suggestion")).strip()
        out.append(
            f"| {code(where)} | {_safe(rule)} | {_safe(str(f.get('text') or ''))} | {_safe(hint)} |"
        )
    return out


def _readiness(brief: Brief) -> list[str]:
    r = brief.readiness
    out = [
        "\n## Readiness\n",
        f"Verdict: **{_VERDICT.get(r.verdict, r.verdict)}**. "
        f"Spoken part: about {r.spoken_seconds} seconds (budget {r.budget_seconds}).",
    ]
    out.extend(f"- {_safe(reason)}" for reason in r.reasons)
    if brief.incident.local_time_note:
        out.append(f"- Note: {_safe(brief.incident.local_time_note)}")
    if r.missing:
        out.append("\nMissing fields: " + ", ".join(code(m) for m in r.missing) + ".")
    return out


def _figures(brief: Brief) -> list[str]:
    out = [
        "\n## Exact figures and their methods\n",
        "The handout says these rounded, in the prose's words; the exact values are for "
        "your questions.\n",
        "| Figure | Exact value and method |\n|---|---|",
    ]
    out.extend(f"| {_safe(k)} | {_safe(v)} |" for k, v in key_figures(brief))
    out.extend(f"| {_safe(k)} | {_safe(v)} |" for k, v in exposure_rows(brief))
    rows = obligation_rows(brief)
    if rows:
        out.append("\n### Legal and contractual clocks: sources\n")
        out.append("| Rule | Status | Source |\n|---|---|---|")
        out.extend(
            f"| {_safe(r.regime)} | {_safe(r.status or 'unknown')} | {_source(r.source, r.url)} |"
            for r in rows
        )
    return out


def render(brief: Brief) -> str:
    incident = brief.incident
    out = [f"# Presenter pack: {_safe(incident.title)}"]
    out.append(
        "\nFor you, not the CEO: hand over brief.pdf (or brief.md, or the slides); "
        "keep this page and the deck's speaker notes.\n"
    )
    out.extend(_script(brief))
    out.extend(_questions(brief))
    out.extend(_unknowns(brief))
    out.extend(_findings(brief))
    out.extend(_readiness(brief))
    out.extend(_figures(brief))
    return "\n".join(out) + "\n"
