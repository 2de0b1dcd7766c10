"""The quarter's report for the board: Markdown, PDF (WeasyPrint, from HTML) and slides
(python-pptx), with charts drawn by matplotlib. It reads the figures of
core.history.period_figures and computes none of its own."""

from __future__ import annotations

import html
import io
from decimal import Decimal
from typing import Any

from execbrief.core import speech
from execbrief.render.markdown_text import text as md_text

CAUSE_NAMES = {
    "certificate_expiry": "certificate expiry",
    "configuration_change": "configuration change",
    "deploy": "faulty release",
    "capacity": "capacity shortfall",
    "dependency": "supplier failure",
    "data_deletion": "data deletion",
    "security": "security breach",
    "network": "network failure",
    "other": "other",
}


def _minutes(value: Decimal | None) -> str:
    if value is None:
        return "not known"
    return "none" if value == 0 else speech.duration(Decimal(value))


def _money(figure: dict[str, Any] | None, key: str = "amount") -> str:
    if figure is None:
        return "none recorded"
    if key == "range":
        return speech.money_range(
            Decimal(figure["low"]), Decimal(figure["high"]), figure["currency"]
        )
    return speech.money(Decimal(figure["amount"]), figure["currency"])


def _pct(value: Decimal | None) -> str:
    return "no promise due yet" if value is None else f"{value}%"


def key_figures(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value in words) of the headline figures, in the order the board reads them."""
    severities = ", ".join(f"{n} {s}" for s, n in f["by_severity"].items()) or "none"
    repeats = (
        ", ".join(
            f"{CAUSE_NAMES.get(r['cause_class'], r['cause_class'])} ({r['count']} times)"
            for r in f["repeat_causes"]
        )
        or "none"
    )
    others = f["money_in_other_currencies"]

    def more(key: str) -> str:
        rest = [m["currency"] for m in others[key]]
        return f", plus amounts in {', '.join(rest)}" if rest else ""

    return [
        ("Incidents", f"{f['incidents']} ({severities})"),
        ("Customer impact", _minutes(Decimal(f["customer_impact_minutes"]))),
        ("Median time to detect", _minutes(f["median_time_to_detect"])),
        ("Median time to restore", _minutes(f["median_time_to_restore"])),
        ("Revenue lost", _money(f["revenue_lost"], "range") + more("revenue_lost")),
        ("Service credits", _money(f["sla_credits"]) + more("sla_credits")),
        ("Response cost", _money(f["response_cost"]) + more("response_cost")),
        ("Causes that came back", repeats),
        ("Promises kept on time", _pct(f["commitments_kept_on_time_pct"])),
        ("Promises overdue", str(len(f["overdue"]))),
        ("Notices sent on time", _pct(f["notices_on_time_pct"])),
    ]


# --- charts ----------------------------------------------------------------------------


def charts(f: dict[str, Any]) -> dict[str, bytes]:
    """PNG charts: incidents by severity, and the monthly trend of detect and restore."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    out: dict[str, bytes] = {}
    fig = Figure(figsize=(6, 3), dpi=110)
    ax = fig.add_subplot()
    labels = list(f["by_severity"]) or ["none"]
    ax.bar(labels, [f["by_severity"].get(s, 0) for s in labels], color="#3a5a80")
    ax.set_title("Incidents by severity")
    ax.set_ylabel("incidents")
    fig.tight_layout()
    out["severity"] = _png(fig)

    fig = Figure(figsize=(6, 3), dpi=110)
    ax = fig.add_subplot()
    months = [m["month"] for m in f["by_month"]]

    def series(key: str) -> list[float]:
        return [float("nan") if m[key] is None else float(m[key]) for m in f["by_month"]]

    ax.plot(months, series("median_time_to_detect"), marker="o", label="to detect")
    ax.plot(months, series("median_time_to_restore"), marker="o", label="to restore")
    ax.set_title("Median minutes, by month")
    ax.set_ylabel("minutes")
    ax.legend()
    fig.tight_layout()
    out["trend"] = _png(fig)
    return out


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


# --- Markdown --------------------------------------------------------------------------


def markdown(f: dict[str, Any], chart_files: dict[str, str]) -> str:
    lines = [f"# Incidents from {f['from']} to {f['to']}", "", "| Figure | Value |", "|---|---|"]
    lines += [f"| {label} | {md_text(value)} |" for label, value in key_figures(f)]
    lines += ["", "## By month", "", "| Month | Incidents | Impact | To detect | To restore |"]
    lines.append("|---|---|---|---|---|")
    for m in f["by_month"]:
        lines.append(
            f"| {m['month']} | {m['incidents']} | "
            f"{_minutes(Decimal(m['customer_impact_minutes']))} | "
            f"{_minutes(m['median_time_to_detect'])} | {_minutes(m['median_time_to_restore'])} |"
        )
    lines.append("")
    lines += [f"![{name}]({path})" for name, path in chart_files.items()]
    if f["overdue"]:
        lines += ["", "## Promises overdue", ""]
        lines += [
            f"- {o['incident']} #{o['number']}: {md_text(o['what'])}, due {o['due']}"
            for o in f["overdue"]
        ]
    lines += ["", "## The incidents behind these figures", ""]
    lines += [
        f"- {i['started'][:10]} {md_text(i['id'])} ({i['severity'] or 'no severity'}): "
        f"{md_text(i['title'])}; {CAUSE_NAMES.get(i['cause_class'], i['cause_class'])}"
        for i in f["incident_list"]
    ]
    lines += ["", "Every figure lists its incidents in `execbrief report --format json`.", ""]
    return "\n".join(lines)


# --- PDF -------------------------------------------------------------------------------


def pdf(f: dict[str, Any], pictures: dict[str, bytes]) -> bytes:
    from weasyprint import HTML

    from execbrief.render.embedded import data_uri, embedded_only

    rows = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in key_figures(f)
    )
    images = "".join(
        f'<img alt="{html.escape(name)}" src="{data_uri("image/png", data)}">'
        for name, data in pictures.items()
    )
    # One paragraph of lines, not a <ul>: WeasyPrint lays out a box and a marker per list
    # item, which for a quarter's 800 incidents took 0.8 s; the lines take 0.25 s.
    listed = "\n".join(
        f"{html.escape(i['started'][:10])} {html.escape(i['id'])}: "
        f"{html.escape(' '.join(i['title'].split()))}"
        for i in f["incident_list"]
    )
    source = (
        "<html><head><style>@page { size: A4; margin: 18mm } body { font-family: sans-serif;"
        " font-size: 10pt } th { text-align: left; padding-right: 1em } img { width: 48% }"
        " .incidents { white-space: pre-line }"
        "</style></head><body>"
        f"<h1>Incidents from {html.escape(f['from'])} to {html.escape(f['to'])}</h1>"
        f"<table>{rows}</table>{images}<h2>The incidents behind these figures</h2>"
        f'<p class="incidents">{listed}</p></body></html>'
    )
    data: bytes = HTML(string=source, url_fetcher=embedded_only()).write_pdf()
    return data


# --- slides ----------------------------------------------------------------------------


def deck(f: dict[str, Any], pictures: dict[str, bytes]) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    from execbrief.render.untrusted import printable

    prs = Presentation()
    title = prs.slides.add_slide(prs.slide_layouts[0])
    title.shapes.title.text = f"Incidents, {f['from']} to {f['to']}"
    title.placeholders[1].text = f"{f['incidents']} incidents"
    figures = prs.slides.add_slide(prs.slide_layouts[5])
    figures.shapes.title.text = "The figures"
    box = figures.shapes.add_textbox(Inches(0.6), Inches(1.5), Inches(8.8), Inches(5))
    frame = box.text_frame
    frame.word_wrap = True
    for i, (label, value) in enumerate(key_figures(f)):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = printable(f"{label}: {value}")
        paragraph.font.size = Pt(16)
    for name, data in pictures.items():
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = "Incidents by severity" if name == "severity" else "Trend"
        slide.shapes.add_picture(io.BytesIO(data), Inches(0.8), Inches(1.6), width=Inches(8.4))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
