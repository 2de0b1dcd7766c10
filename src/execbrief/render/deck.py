"""The Brief as a short 16:9 deck (python-pptx), with the spoken script in the notes.

Six slides: title; what happened and the impact in big numbers; the timeline chart; the
cause and why our safeguards missed it; the fix and the chance of a repeat; what we need
and what we commit to. A slide of legal and contractual clocks follows the impact when
any applies. Each slide's notes hold the script lines on its topic (the presenter's).

Nothing is cut: text is measured with the font's metrics (render/metrics.py), shrinks to
FLOOR at the least, and what still does not fit goes on a "(continued)" slide.

Without a template the deck uses a clean neutral look with one accent colour. With
`template` (a company's .pptx) it uses that slide master and its first accent colour,
and keeps none of the template's own slides.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from execbrief.core import speech
from execbrief.errors import InputError
from execbrief.render import timeline_chart
from execbrief.render.figures import (
    NOTIFY,
    big_numbers,
    commitment_rows,
    decision_items,
    needs_you_now,
    obligation_rows,
    timeline_rows,
)
from execbrief.render.slide_kit import ACCENT, FLOOR, INK, MUTED, Deck, size_to_fit, split_to_fit
from execbrief.render.untrusted import one_line

if TYPE_CHECKING:
    from execbrief.core.story import Brief

# The script's topics, by the slide whose notes hold them: title, what happened, timeline,
# cause, fix and recurrence, asks and commitments (the last takes the rest).
TOPIC_SLIDE = {"opening": 0, "what_happened": 1, "cause": 3, "fix": 4, "recurrence": 4}
NOTED = 6
SLIDES = 7  # the six above and the business impact; more when clocks apply or text flows


def _script_notes(brief: Brief) -> list[list[str]]:
    notes: list[list[str]] = [[] for _ in range(NOTED)]
    for line in brief.script:
        who = "YOU" if line.speaker == "you" else "CEO"
        notes[TOPIC_SLIDE.get(line.topic, NOTED - 1)].append(f"{who}: {one_line(line.text)}")
    zone = brief.incident.zone.key
    notes[2] = [f"If asked for times ({zone}):"] + [
        f"{when}: {one_line(what)}" for when, what in timeline_rows(brief)
    ]
    return notes


def open_template(template: Path) -> None:
    """Fail early, with a clear message, when --template is not a usable .pptx."""
    from pptx import Presentation

    if template.exists() and not template.is_file():
        # A pipe with no writer would block the open forever; a device is never a deck.
        raise InputError.single(
            "not a file: a deck template is a .pptx file", file=str(template), field="--template"
        )
    try:
        Presentation(str(template))
    except FileNotFoundError:
        raise InputError.single("the template file does not exist", file=str(template)) from None
    except Exception:  # python-pptx raises zip, XML and key errors for a bad package
        raise InputError.single(
            "not a PowerPoint file python-pptx can open",
            file=str(template),
            field="--template",
            hint="save the company template as .pptx (not .potx or .ppt) and try again",
        ) from None


def _flow(deck: Deck, title: str, rest: str, points: float, *, bold: bool = False) -> None:
    """What did not fit a slide, on as many '(continued)' slides as it takes."""
    while rest:
        slide, top = deck.slide(f"{title} (continued)", ["Continued from the previous slide."])
        box = (deck.margin, top, deck.width - 2 * deck.margin, deck.height - top - 0.45)
        rest = deck.text(slide, box, rest, points, bold=bold)


def _title_slide(deck: Deck, brief: Brief) -> str:
    """The first slide; returns any of the title that did not fit (for another slide)."""
    from pptx.util import Inches, Pt

    incident = brief.incident
    zone = incident.zone
    m, inner = deck.margin, deck.width - 2 * deck.margin
    first = deck.prs.slides.add_slide(deck._layout(("Title Slide",), 0))
    audience = incident.audience
    who = ", ".join(x for x in (audience.name, audience.role) if x)
    # the moment the brief speaks for, not the day the incident began: it reports later events
    when = f"as of {speech.clock_time(brief.assessment.now, zone)}"
    subtitle = " · ".join(x for x in (f"Brief for {who}" if who else "", incident.id) if x)
    subtitle = f"{subtitle}\n{speech.capital(when)}" if subtitle else speech.capital(when)
    title = one_line(incident.title)
    rest = ""
    shape = first.shapes.title
    if shape is not None:
        if not deck.themed:
            shape.left, shape.top = Inches(m), Inches(1.2)
            shape.width, shape.height = Inches(inner), Inches(2.8)
        box = (shape.width or 0) / 914400, (shape.height or 0) / 914400
        size = size_to_fit(title, *box, 40, bold=True)
        if size is None:
            size = FLOOR
            title, rest = split_to_fit(title, *box, FLOOR, bold=True)
        shape.text_frame.text = title
        shape.text_frame.word_wrap = True
        if not deck.themed:
            from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

            shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            paragraph = shape.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT
            deck.style(paragraph, size, True, INK)
            bar = first.shapes.add_shape(1, Inches(m), Inches(4.05), Inches(1.6), Pt(6))
            bar.fill.solid()
            deck.colour(bar.fill.fore_color)
            bar.line.fill.background()
            bar.shadow.inherit = False  # flat: no theme shadow
    else:
        rest = deck.text(first, (m, 1.2, inner, 2.8), title, 40, bold=True)
    placeholders = [p for p in first.placeholders if p.placeholder_format.idx == 1]
    for placeholder in placeholders:  # ours goes in a text box we can measure
        placeholder._element.getparent().remove(placeholder._element)
    rest = " ".join(
        x for x in (rest, deck.text(first, (m, 4.3, inner, 1.4), subtitle, 22, rgb=MUTED)) if x
    )
    return rest


def render(brief: Brief, *, template: Path | None = None) -> bytes:
    if template is not None:
        open_template(template)
    deck = Deck(template)
    notes = _script_notes(brief)
    incident = brief.incident
    w, m = deck.width, deck.margin
    inner = w - 2 * m
    from pptx.util import Inches

    # 1. title
    _flow(deck, "Title", _title_slide(deck, brief), 24)
    deck.notes(deck.prs.slides[0], notes[0])

    # what needs the CEO now (overdue, or due within a day), before anything else
    urgent = needs_you_now(brief)
    if urgent:
        title = "Needs you now"
        slide, top = deck.slide(title, ["Open with this: " + " ".join(urgent)])
        pending: list[tuple[str, list[str]]] = [(line, []) for line in urgent]
        while pending:  # in large type, one item apart from the next
            box = (m, top, inner, deck.height - top - 0.45)
            pending = deck.items(slide, box, pending, 28, numbered=False)
            if pending:
                slide, top = deck.slide(f"{title} (continued)", ["Continued."])

    # 2. what happened, in big numbers
    slide, top = deck.slide("What happened and what it cost", notes[1])
    rest = deck.text(slide, (m, top, inner, 1.2), brief.headline, 20, bold=True)
    tiles = big_numbers(brief)
    gap = 0.25
    size = (inner - gap * (len(tiles) - 1)) / max(len(tiles), 1)
    for n, tile in enumerate(tiles):
        deck.tile(slide, (m + n * (size + gap), top + 1.3, size, 2.3), tile)
    body = f"{rest} {brief.section('what_happened').text}".strip()
    below = top + 3.75
    rest = deck.text(slide, (m, below, inner, deck.height - below - 0.3), body, 16)
    _flow(deck, "What happened", rest, 16)

    # the business impact in full: money, credits, customers who may leave, legal exposure
    title = "Business impact"
    ready = [
        f"If asked: {one_line(q.question)} {one_line(q.answer)}"
        for q in brief.qa
        if any(w in q.question.lower() for w in ("cost", "owe", "disclose"))
    ]
    slide, top = deck.slide(title, ready or ["The figures as the one-pager gives them."])
    box = (m, top, inner, deck.height - top - 0.45)
    _flow(deck, title, deck.text(slide, box, brief.section("impact").text, 20), 20)

    # legal and contractual clocks, when any applies
    clocks = obligation_rows(brief)
    if clocks:
        title = "Legal and contractual clocks"
        lines = [
            "Counsel must confirm each clock; not legal advice.",
            *(f"{r.regime}: {r.deadline}. {r.state}." for r in clocks),
        ]
        slide, top = deck.slide(title, lines)
        zone = speech.zone_words(incident.zone)
        note = f"Counsel must confirm these; not legal advice. Times are {zone}."
        deck.text(slide, (m, top, inner, 0.5), note, 16, bold=True, rgb=ACCENT)
        rows = [["Rule", NOTIFY, "Deadline", "Status"]] + [
            [r.regime, r.recipient, r.deadline, r.state] for r in clocks
        ]
        shares = [0.26, 0.26, 0.28, 0.2]
        box = (m, top + 0.6, inner, deck.height - top - 0.95)
        left = deck.table(slide, box, rows, shares)
        while left:
            slide, top = deck.slide(f"{title} (continued)", ["Continued from the previous slide."])
            box = (m, top, inner, deck.height - top - 0.35)
            left = deck.table(slide, box, [rows[0], *left], shares)

    # 3. timeline chart: as large as the slide allows, whole (never cropped)
    slide, top = deck.slide("Timeline", notes[2])
    height = deck.height - top - 0.35
    zoom = 1.45  # drawn smaller and enlarged, so its labels read from the back of the room
    chart_w, chart_h = timeline_chart.size(brief, inner / zoom, height / zoom)
    picture = timeline_chart.png(brief, width=inner / zoom, height=height / zoom)
    scale = min(inner / chart_w, height / chart_h)
    slide.shapes.add_picture(
        io.BytesIO(picture),
        Inches(m),
        Inches(top),
        Inches(chart_w * scale),
        Inches(chart_h * scale),
    )

    # 4. cause
    confirmed = incident.cause.status == "confirmed"
    title = "Cause, and why our safeguards missed it"
    slide, top = deck.slide(title, notes[3])
    badge = "Confidence: confirmed" if confirmed else "Confidence: first look, not yet confirmed"
    deck.text(slide, (m, top, inner, 0.5), badge, 16, bold=True, rgb=ACCENT)
    box = (m, top + 0.7, inner, deck.height - top - 1.2)
    _flow(deck, title, deck.text(slide, box, brief.section("cause").text, 20), 20)

    # 5. fix and recurrence
    title = "The fix, and the chance of a repeat"
    slide, top = deck.slide(title, notes[4])
    half = (inner - 0.5) / 2
    body_h = deck.height - top - 1.1
    deck.text(slide, (m, top, half, 0.5), "What we did and will do", 16, bold=True, rgb=ACCENT)
    fix = deck.text(slide, (m, top + 0.6, half, body_h), brief.section("fix").text, 18)
    risk = f"Risk of a repeat: {incident.recurrence.risk}"
    deck.text(slide, (m + half + 0.5, top, half, 0.5), risk, 16, bold=True, rgb=ACCENT)
    box = (m + half + 0.5, top + 0.6, half, body_h)
    repeat = deck.text(slide, box, brief.section("recurrence").text, 18)
    _flow(deck, title, " ".join(x for x in (fix, repeat) if x), 18)

    # 6. asks and commitments: one slide when both fit (the decisions shrink to FLOOR at
    # the least to make room); else the decisions, then the commitments on their own slide,
    # never a near-empty "(continued)" with one row
    title = "What we need from you, and our commitments"
    rows = [["Commitment", "Owner", "Due", "Status"]] + [
        [c.what, c.owner, c.due, c.status] for c in commitment_rows(brief)
    ]
    shares = [0.44, 0.2, 0.22, 0.14]
    items = decision_items(brief) or [("Nothing is needed from you today.", [])]
    slide, top = deck.slide(title, notes[5])
    room = deck.height - top - 0.35
    table_h = deck.table_height(inner, rows, shares)
    together = next(
        (
            size
            for size in range(18, int(FLOOR) - 1, -1)
            if deck.items_height(items, inner, size) + 0.2 + table_h <= room
        ),
        None,
    )
    if together is not None:
        asks_h = deck.items_height(items, inner, together)
        deck.items(slide, (m, top, inner, asks_h), items, together)
        deck.table(slide, (m, top + asks_h + 0.2, inner, room - asks_h - 0.2), rows, shares)
        return deck.save()
    title = "What we need from you"
    first = 1
    while items:
        left_over = deck.items(slide, (m, top, inner, room), items, 18, first)
        first += len(items) - len(left_over) if len(left_over) < len(items) else 0
        items = left_over
        if items:
            slide, top = deck.slide(f"{title} (continued)", ["Continued from the previous slide."])
            room = deck.height - top - 0.35
    title = "Our commitments"
    slide, top = deck.slide(title, ["Our commitments, each with an owner and a date."])
    left = deck.table(slide, (m, top, inner, deck.height - top - 0.35), rows, shares)
    while left:
        slide, top = deck.slide(f"{title} (continued)", ["Continued from the previous slide."])
        box = (m, top, inner, deck.height - top - 0.35)
        left = deck.table(slide, box, [rows[0], *left], shares)
    return deck.save()
