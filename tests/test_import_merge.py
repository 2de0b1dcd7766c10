"""`import` refuses to merge sources that cannot be about one incident (issue 16 item 2):
times further apart than the window, or services that differ; `--force` merges anyway and
the draft says so. A 2015 pager incident once merged into a 2018 status page incident with
only a note."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from execbrief.cli import app
from execbrief.core.incident import MERGE_WINDOW, Draft, DraftEvent, Fact, differences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def execbrief(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def moved(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A fixture with every date `old` (e.g. 2026-11-20) written as `new`."""
    path = tmp_path / name
    path.write_text((FIXTURES / name).read_text().replace(old, new))
    return path


def test_a_pager_incident_years_before_the_status_page_one_is_refused(tmp_path):
    old_page = moved(tmp_path, "pd_incident.json", "2026-11-20", "2015-10-06")
    status = FIXTURES / "statuspage_incident.json"
    result = execbrief("import", "pagerduty", old_page, "--merge", tmp_path / "none.yaml")
    assert result.exit_code == 2  # no such file to merge into: named, not a traceback
    draft = tmp_path / "draft.yaml"
    assert execbrief("import", "statuspage", status, "-o", draft).exit_code == 0
    result = execbrief("import", "pagerduty", old_page, "--merge", draft, "-o", draft)
    assert result.exit_code == 2, result.output
    err = " ".join(result.stderr.split())
    assert "(--merge): these are not one incident: times do not overlap" in err
    assert "draft.yaml (--merge) speaks of 2026-11-20" in err
    assert "pagerduty (pd_incident.json) of 2015-10-06" in err
    assert "--force merges them anyway" in err
    assert "2015" not in draft.read_text()  # the draft was left as it was


def test_force_merges_and_the_draft_says_what_differed(tmp_path):
    old_page = moved(tmp_path, "pd_incident.json", "2026-11-20", "2015-10-06")
    draft = tmp_path / "draft.json"
    status = FIXTURES / "statuspage_incident.json"
    assert execbrief("import", "statuspage", status, "-f", "json", "-o", draft).exit_code == 0
    result = execbrief(
        "import", "pagerduty", old_page, "--merge", draft, "-o", draft, "-f", "json", "--force"
    )
    assert result.exit_code in (0, 1), result.output
    notes = json.loads(draft.read_text())["notes"]
    assert any(n.startswith("merged with --force although times do not overlap") for n in notes)


def test_several_files_of_different_services_are_refused(tmp_path):
    first = tmp_path / "checkout.json"
    second = tmp_path / "search.json"
    for path, service in ((first, "checkout"), (second, "search")):
        payload = json.loads((FIXTURES / "alertmanager_resolved.json").read_text())
        payload["commonLabels"]["service"] = service
        path.write_text(json.dumps(payload))
    result = execbrief("import", "alertmanager", first, second)
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert "services differ: alertmanager (checkout.json) says 'checkout'" in err
    assert "alertmanager (search.json) says 'search'" in err
    assert execbrief("import", "alertmanager", first, second, "--force").exit_code in (0, 1)


def test_sources_of_one_incident_still_merge_without_force(tmp_path):
    draft = tmp_path / "draft.yaml"
    for name, source in (
        ("pd_incident.json", "pagerduty"),
        ("statuspage_incident.json", "statuspage"),
        ("alertmanager_resolved.json", "alertmanager"),
    ):
        args = ["import", source, FIXTURES / name, "-o", draft]
        if draft.exists():
            args += ["--merge", draft]
        result = execbrief(*args)
        assert result.exit_code in (0, 1), result.output


def _draft(start: datetime, hours: float, service: str | None = None, **kw: bool) -> Draft:
    facts = {"timeline.started": Fact(start, "a")}
    if service:
        facts["service"] = Fact(service, "a tool", **kw)
    return Draft(facts, (DraftEvent(start + timedelta(hours=hours), "x", "a"),))


def test_the_window_is_measured_between_the_nearest_ends():
    t = datetime(2026, 11, 20, 14, tzinfo=UTC)
    early = _draft(t, 2)  # 14:00 to 16:00
    inside = _draft(t + timedelta(hours=2) + MERGE_WINDOW, 1)
    outside = _draft(t + timedelta(hours=2, minutes=1) + MERGE_WINDOW, 1)
    assert differences([("a", early), ("b", inside)]) == []
    assert differences([("b", inside), ("a", early)]) == []
    assert len(differences([("a", early), ("c", outside)])) == 1
    assert len(differences([("c", outside), ("a", early)])) == 1
    assert differences([("a", early), ("none", Draft())]) == []  # no times: nothing to compare


def test_services_compare_as_names_and_hand_written_ones_are_the_business_name():
    t = datetime(2026, 11, 20, 14, tzinfo=UTC)
    assert differences([("a", _draft(t, 1, "Checkout")), ("b", _draft(t, 1, " checkout"))]) == []
    assert differences([("a", _draft(t, 1, "Checkout")), ("b", _draft(t, 1, "Search"))])
    hand = _draft(t, 1, "Checkout and payments", by_hand=True)
    assert differences([("file", hand), ("b", _draft(t, 1, "Checkout API"))]) == []
