"""The Brief as a short 16:9 deck (python-pptx), with the spoken script in the notes.

The slides: title; what happened and the impact in big numbers; the business impact (the
prose, the figures the tiles do not show, and a short "still unknown" list: an unknown is
never a big number); the timeline chart; the cause and why our safeguards missed it; the
fix and the chance of a repeat (one slide with the cause when both fit it: thin slides
merge); what we need, a few decisions to a slide, and what we commit to (render/
decision_slides.py). A slide of legal and contractual clocks
follows the impact when any applies. Every slide after the title says its "as of" time at
its foot. Each slide's notes hold the script lines on its topic (the presenter's).

Nothing is cut: text is measured with the font's metrics (render/metrics.py), shrinks to
FLOOR at the least, and what still does not fit goes on a "(continued)" slide.

Without a template the deck uses a clean neutral look with one accent colour. With
`template` (a company's .pptx) it uses that slide master and its first accent colour,
and keeps none of the template's own slides.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execbrief.core import speech
from execbrief.errors import InputError
from execbrief.render import timeline_chart
from execbrief.render.decision_slides import asks_and_commitments
from execbrief.render.figures import (
    MORE_FIGURES,
    NOTIFY,
    at_a_glance,
    big_numbers,
    late_from_us,
    needs_you_now,
    obligation_rows,
    timeline_rows,
    unknown_lines,
)
from execbrief.render.slide_kit import (
    ACCENT,
    FLOOR,
    INK,
    MUTED,
    Deck,
    needed,
    size_to_fit,
    split_to_fit,
)
from execbrief.render.untrusted import one_line

if TYPE_CHECKING:
    from execbrief.core.story import Brief

# The script's topics, by the slide whose notes hold them: title, what happened, timeline,
# cause, fix and recurrence, asks and commitments (the last takes the rest).
TOPIC_SLIDE = {"opening": 0, "what_happened": 1, "cause": 3, "fix": 4, "recurrence": 4}
NOTED = 6
# Title, what happened, business impact, timeline, cause with fix, asks: the cause and the
# fix share a slide when they fit one (apart, each would be thin); more slides when they do
# not, when clocks apply or something is urgent, or when text flows on.
SLIDES = 6


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

    # 1. title (it says "as of" in its subtitle; every later slide says it at its foot)
    title_rest = _title_slide(deck, brief)
    deck.footer = f"As of {speech.clock_time(brief.assessment.now, incident.zone)}"
    _flow(deck, "Title", title_rest, 24)
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

    # our own missed promises, as the handout has them near its top
    late = late_from_us(brief)
    if late:
        title = "Late from us"
        slide, top = deck.slide(title, ["Say this plainly: " + " ".join(late)])
        owed: list[tuple[str, list[str]]] = [(line, []) for line in late]
        while owed:
            box = (m, top, inner, deck.height - top - 0.45)
            owed = deck.items(slide, box, owed, 24, numbered=False)
            if owed:
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
    _impact(deck, slide, top, brief)

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

    # 4. cause; 5. fix and recurrence: on one slide when each alone would fill under a
    # third of its own (a thin slide joins its neighbour)
    confirmed = incident.cause.status == "confirmed"
    badge = "Confidence: confirmed" if confirmed else "Confidence: first look, not yet confirmed"
    cause = brief.section("cause").text
    half = (inner - 0.5) / 2
    risk = f"Risk of a repeat: {incident.recurrence.risk}"
    together = _cause_and_fix_size(deck, brief, inner, half)
    if together is not None:
        title = "Cause, fix, and the chance of a repeat"
        slide, top = deck.slide(title, notes[3] + notes[4])
        deck.text(slide, (m, top, inner, 0.5), badge, 16, bold=True, rgb=ACCENT)
        cause_h = needed(cause, inner, together)
        deck.text(slide, (m, top + 0.55, inner, cause_h), cause, together)
        below = top + 0.55 + cause_h + 0.3
        body_h = deck.height - below - 0.9
        heading = "What we did and will do"
        deck.text(slide, (m, below, half, 0.5), heading, 16, bold=True, rgb=ACCENT)
        deck.text(slide, (m, below + 0.55, half, body_h), brief.section("fix").text, together)
        right = m + half + 0.5
        deck.text(slide, (right, below, half, 0.5), risk, 16, bold=True, rgb=ACCENT)
        repeat = brief.section("recurrence").text
        deck.text(slide, (right, below + 0.55, half, body_h), repeat, together)
        asks_and_commitments(deck, brief, notes[5])
        return deck.save()
    title = "Cause, and why our safeguards missed it"
    slide, top = deck.slide(title, notes[3])
    deck.text(slide, (m, top, inner, 0.5), badge, 16, bold=True, rgb=ACCENT)
    box = (m, top + 0.7, inner, deck.height - top - 1.2)
    _flow(deck, title, deck.text(slide, box, cause, 20), 20)

    title = "The fix, and the chance of a repeat"
    slide, top = deck.slide(title, notes[4])
    body_h = deck.height - top - 1.1
    deck.text(slide, (m, top, half, 0.5), "What we did and will do", 16, bold=True, rgb=ACCENT)
    fix = deck.text(slide, (m, top + 0.6, half, body_h), brief.section("fix").text, 18)
    deck.text(slide, (m + half + 0.5, top, half, 0.5), risk, 16, bold=True, rgb=ACCENT)
    box = (m + half + 0.5, top + 0.6, half, body_h)
    repeat = deck.text(slide, box, brief.section("recurrence").text, 18)
    _flow(deck, title, " ".join(x for x in (fix, repeat) if x), 18)
    asks_and_commitments(deck, brief, notes[5])
    return deck.save()


def _cause_and_fix_size(deck: Deck, brief: Brief, inner: float, half: float) -> float | None:
    """The size (18 pt down to 16) at which the cause, the fix and the chance of a repeat
    share one slide; None when they need two. Apart, each would fill well under half of
    its slide (thin slides join their neighbour)."""
    room = deck.height - 1.5 - 0.35
    cause = brief.section("cause").text
    fix, repeat = brief.section("fix").text, brief.section("recurrence").text
    for size in (18.0, 17.0, 16.0):
        column = max(needed(fix, half, size), needed(repeat, half, size))
        if 0.55 + needed(cause, inner, size) + 0.3 + 0.55 + column <= room - 0.35:
            return size
    return None


def _impact(deck: Deck, slide: Any, top: float, brief: Brief) -> None:
    """The business impact: the prose at the left; at the right, the figures the tiles do
    not show; and a short list of what is still unknown (never a big number), under the
    figures or under the prose, wherever it fits whole."""
    m, inner = deck.margin, deck.width - 2 * deck.margin
    figures = at_a_glance(brief, beyond_tiles=True)
    unknown = "\n".join(unknown_lines(brief)[:4])  # a short list: the first, most needed
    text = brief.section("impact").text
    bottom = deck.height - 0.45
    if not figures and not unknown:
        rest = deck.text(slide, (m, top, inner, bottom - top), text, 20)
        _flow(deck, "Business impact", rest, 20)
        return
    left_w = inner * 0.55
    right, right_w = m + left_w + 0.4, inner - left_w - 0.4
    y = top
    if figures:
        rows = [list(MORE_FIGURES)] + [[label, said] for label, said in figures]
        shares = [0.5, 0.5]
        left = deck.table(slide, (right, y, right_w, bottom - y), rows, shares)
        y += deck.table_height(right_w, rows[: len(rows) - len(left)], shares) + 0.3
    prose = needed(text, left_w, 20)
    places = [(right, y, right_w), (m, top + prose + 0.2, left_w)]
    place = next(
        (
            (x, at, w)
            for x, at, w in places
            if unknown and 0.5 + needed(unknown, w, FLOOR) <= bottom - at
        ),
        None,
    )
    text_h = bottom - top
    if place is not None:
        x, at, w = place
        if x == m:  # under the prose: the prose keeps only its own height
            text_h = prose
        deck.text(slide, (x, at, w, 0.45), "Still unknown", 16, bold=True, rgb=ACCENT)
        deck.text(slide, (x, at + 0.5, w, bottom - at - 0.5), unknown, 16)
    elif unknown:
        text = f"{text}\nStill unknown:\n{unknown}"  # each line its own sentence
    rest = deck.text(slide, (m, top, left_w, text_h), text, 20)
    _flow(deck, "Business impact", rest, 20)
