"""History (issue 18): cause classes, similar incidents with their fixes from the ledger,
and the evidence in "Will it happen again?" — on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from execbrief.app.followup import mark_kept, save_incident
from execbrief.app.history import evidence_for, similar_incidents
from execbrief.cli import app
from execbrief.core.history import classify, past_incident, recurrence_evidence, similar
from execbrief.core.impact import assess
from execbrief.core.incident import load_zone
from execbrief.core.language.checker import check_text
from execbrief.sources.glossary_file import load_lexicon
from execbrief.sources.incident_file import load_incident

LABELLED = Path(__file__).parent / "data" / "cause_texts.csv"
NOW = "2026-12-04T12:00:00Z"
NEW_YORK = load_zone("America/New_York")


def labelled() -> list[tuple[str, str]]:
    with LABELLED.open(encoding="utf-8") as f:
        return [(r["text"], r["cause_class"]) for r in csv.DictReader(f)]


def test_classifier_on_labelled_cause_texts() -> None:
    rows = labelled()
    assert len(rows) >= 60
    truth = Counter(c for _, c in rows)
    hits: Counter[str] = Counter()
    said: Counter[str] = Counter()
    for text, expected in rows:
        got = classify(text)
        said[got.cause_class] += 1
        if got.cause_class == expected:
            hits[expected] += 1
            assert got.evidence, text  # every class comes with the words that decided it
    assert sum(hits.values()) / len(rows) >= 0.9
    for cause_class, n in truth.items():
        assert hits[cause_class] / n >= 0.75, cause_class  # recall
        assert hits[cause_class] / max(said[cause_class], 1) >= 0.85, cause_class  # precision


def test_classifier_shows_evidence_and_never_guesses_from_nothing() -> None:
    cert = classify("The TLS certificate for the API expired")
    assert (cert.cause_class, cert.method) == ("certificate_expiry", "rules")
    assert {"certificate", "tls", "expired"} <= set(cert.evidence)
    assert classify("load balancer dropped healthy servers").cause_class == "network"
    by_example = classify("the key that proves the site is genuine ran out")
    assert (by_example.cause_class, by_example.method) == ("certificate_expiry", "similarity")
    assert classify("we do not know yet").cause_class == "other"
    assert classify(None).method == "none"


def incident_file(
    folder: Path,
    key: str,
    *,
    started: str,
    minutes: int,
    service: str,
    cause: str,
    gap: str | None = None,
    fix_due: str | None = None,
    lost: tuple[int, int] | None = None,
    severity: str = "SEV2",
) -> Path:
    start = datetime.fromisoformat(started)
    end = start.timestamp() + minutes * 60
    facts = {
        "execbrief": 1,
        "id": key,
        "title": f"{service} failing ({key})",
        "severity": severity,
        "service": service,
        "audience": {"timezone": "America/New_York"},
        "timeline": {
            "started": start.isoformat(),
            "mitigated": datetime.fromtimestamp(end, UTC).isoformat(),
        },
        "impact": {
            "users_affected": 1000,
            **(
                {"revenue": {"currency": "USD", "lost": {"low": lost[0], "high": lost[1]}}}
                if lost
                else {}
            ),
        },
        "response": {"responders": 2, "hourly_cost": 100},
        "cause": {"summary": cause, **({"safeguard_gap": gap} if gap else {})},
        "commitments": [
            {"what": "Root cause report", "owner": "SRE team", "due": started[:10]},
            *(
                [{"what": "Lasting fix in place", "owner": "Platform team", "due": fix_due}]
                if fix_due
                else []
            ),
        ],
    }
    path = folder / f"{key}.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    return path


GAP = "no alert warned us before the certificate ran out"


@pytest.fixture
def history(tmp_path: Path, db_url: str) -> tuple[str, Path]:
    """The history save_history builds, on each backend."""
    save_history(tmp_path, db_url)
    return db_url, tmp_path


def save_history(folder: Path, db_url: str) -> None:
    """A small built history, its files in `folder`: three certificate expiries on two
    services (the first fix kept on time, the second late), a release on checkout, an old
    expiry two years back, and a network failure elsewhere. tests/test_cli_quick.py runs
    `similar` over it too."""
    made = [
        incident_file(
            folder,
            "INC-1",
            started="2024-03-01T10:00:00+00:00",
            minutes=30,
            service="Search",
            cause="the search TLS certificate expired",
        ),
        incident_file(
            folder,
            "INC-2",
            started="2026-02-10T10:00:00+00:00",
            minutes=45,
            service="Checkout",
            cause="the TLS certificate of checkout expired",
            gap=GAP,
            fix_due="2026-02-20",
            lost=(1000, 3000),
        ),
        incident_file(
            folder,
            "INC-3",
            started="2026-06-05T10:00:00+00:00",
            minutes=90,
            service="Login",
            cause="an expired certificate broke single sign-on",
            gap=GAP,
            fix_due="2026-06-15",
        ),
        incident_file(
            folder,
            "INC-4",
            started="2026-08-01T10:00:00+00:00",
            minutes=20,
            service="Checkout",
            cause="the morning release had a bug in the basket",
            lost=(500, 800),
        ),
        incident_file(
            folder,
            "INC-5",
            started="2026-09-01T10:00:00+00:00",
            minutes=15,
            service="Warehouse",
            cause="a router failure cut the warehouse link",
        ),
        incident_file(
            folder,
            "INC-6",
            started="2026-11-20T10:00:00+00:00",
            minutes=60,
            service="Checkout",
            cause="the payment certificate expired overnight",
            gap=GAP,
            lost=(2000, 5000),
            severity="SEV1",
        ),
    ]
    for path in made:  # each saved the day it happened, as a team would
        started = json.loads(path.read_text())["timeline"]["started"]
        save_incident(path, started[:10] + "T23:00:00+00:00", db_url)
    mark_kept("INC-2", 2, "2026-02-19T12:00:00Z", None, db_url, now=NOW)  # on time
    mark_kept("INC-3", 2, "2026-06-18T12:00:00Z", None, db_url, now=NOW)  # 3 days late


def test_similar_ranks_same_failure_and_service_first(history: tuple[str, Path]) -> None:
    db, _ = history
    target, found = similar_incidents("INC-6", db, NOW)
    assert target.cause_class == "certificate_expiry"
    ids = [f["id"] for f in found]
    # INC-2: same class, service and gap; INC-3: class and gap; INC-1: class only;
    # INC-4: service only. INC-5 shares nothing.
    assert ids == ["INC-2", "INC-3", "INC-1", "INC-4"]
    scores = [f["score"] for f in found]
    assert scores == sorted(scores, reverse=True)
    by_id = {f["id"]: f for f in found}
    assert by_id["INC-2"]["fix_kept"] == "kept"
    assert by_id["INC-3"]["fix_kept"] == "kept_late"
    assert by_id["INC-1"]["fix_kept"] is None
    assert by_id["INC-3"]["customer_impact_minutes"] == 90
    assert any("expired" in w for w in by_id["INC-1"]["why"])
    assert by_id["INC-4"]["why"] == ["same service: Checkout"]


def test_similar_cli_json_and_text(history: tuple[str, Path]) -> None:
    db, _ = history
    runner = CliRunner()
    result = runner.invoke(app, ["similar", "INC-6", "--db", db, "--now", NOW, "-f", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert {"id", "title", "started", "cause_class", "score", "why", "fix_kept"} <= set(items[0])
    assert items[0]["id"] == "INC-2"
    text = runner.invoke(app, ["similar", "INC-6", "--db", db, "--now", NOW])
    assert text.exit_code == 0
    assert "fix kept late" in text.stdout and "90 minutes" in text.stdout
    unknown = runner.invoke(app, ["similar", "INC-99", "--db", db, "--now", NOW])
    assert unknown.exit_code == 2 and "INC-99" in unknown.stderr


def test_evidence_in_will_it_happen_again(history: tuple[str, Path]) -> None:
    db, folder = history
    incident = load_incident(folder / "INC-6.json")
    moment = datetime.fromisoformat(NOW)
    said = evidence_for(incident, db, moment)
    assert said == (
        "Our records show 2 similar incidents in the year before this one: this is our "
        "third certificate expiry in that time. The last was on Friday, June 5, and the "
        "fix we promised after it was delivered late."
    )
    result = CliRunner().invoke(
        app, ["brief", str(folder / "INC-6.json"), "--db", db, "--now", NOW, "-f", "json"]
    )
    brief = json.loads(result.stdout)
    recurrence = next(s for s in brief["sections"] if s["key"] == "recurrence")
    assert recurrence["text"].endswith(said)
    findings = [f for f in brief["readiness"]["findings"] if "recurrence" in (f.get("field") or "")]
    assert findings == []
    assert check_text(said, load_lexicon(use_config=False)).findings == []


def test_evidence_says_none_on_record(history: tuple[str, Path]) -> None:
    db, folder = history
    lone = load_incident(
        incident_file(
            folder,
            "INC-7",
            started="2026-11-25T10:00:00+00:00",
            minutes=10,
            service="Reports",
            cause="a cleanup job deleted last week's reports",
        )
    )
    said = evidence_for(lone, db, datetime.fromisoformat(NOW))
    assert said == "We have no similar incident on record in the year before this one."
    assert evidence_for(lone, None, datetime.fromisoformat(NOW)) is None


def test_evidence_counts_only_the_year_before_and_never_invents() -> None:
    zone = NEW_YORK
    at = datetime(2026, 11, 20, tzinfo=UTC)

    def past(key: str, when: datetime, cause: str) -> object:
        from decimal import Decimal

        from execbrief.core.history import PastIncident

        return PastIncident(
            key,
            key,
            when,
            None,
            "Checkout",
            cause,
            None,
            classify(cause).cause_class,
            classify(cause).evidence,
            Decimal(10),
            None,
            None,
        )

    target = past("NEW", at, "the certificate expired")
    old = past("OLD", datetime(2025, 6, 1, tzinfo=UTC), "the certificate expired")
    recent = past("RECENT", datetime(2026, 5, 1, tzinfo=UTC), "the cert expired")
    matches = similar(target, [old, recent])  # type: ignore[list-item]
    said = recurrence_evidence(target, matches, {"RECENT": "missed"}, zone)  # type: ignore[arg-type]
    assert said.startswith("Our records show 1 similar incident in the year")
    assert "our second certificate expiry" in said
    assert "not delivered by its date" in said
    unknown_fix = recurrence_evidence(target, matches, {}, zone)  # type: ignore[arg-type]
    assert unknown_fix.endswith("we have no record of a fix promised after it.")
    assert "will not" not in said and "never" not in said  # no guarantee


def test_first_incident_has_nothing_similar_before_it(db_url: str, tmp_path: Path) -> None:
    path = incident_file(
        tmp_path,
        "INC-1",
        started="2026-03-01T10:00:00+00:00",
        minutes=5,
        service="Search",
        cause="a DNS outage",
    )
    save_incident(path, NOW, db_url)
    incident = load_incident(path)
    assert past_incident("INC-1", incident, assess(incident, datetime.fromisoformat(NOW)))
    target, found = similar_incidents("INC-1", db_url, NOW)
    assert target.cause_class == "network" and found == []


def test_upgrading_a_store_fills_history_from_the_latest_versions(
    db_url: str, tmp_path: Path
) -> None:
    from execbrief.store import open_store
    from execbrief.store.database import migrate

    path = incident_file(
        tmp_path,
        "INC-1",
        started="2026-03-01T10:00:00+00:00",
        minutes=25,
        service="Search",
        cause="the search TLS certificate expired",
    )
    save_incident(path, NOW, db_url)
    store = open_store(db_url)
    migrate(store.engine, "0002")  # as a store saved before history was kept
    migrate(store.engine)
    past = store.past_incident("INC-1")
    store.close()
    assert (past.cause_class, past.service, past.impact_minutes) == (
        "certificate_expiry",
        "Search",
        25,
    )


def test_report_figures_equal_sums_made_independently(history: tuple[str, Path]) -> None:
    db, folder = history
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--db",
            db,
            "--now",
            NOW,
            "--format",
            "json",
            "--out",
            str(folder / "board"),
        ],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    facts = [json.loads((folder / f"INC-{n}.json").read_text()) for n in range(2, 7)]
    minutes = {
        f["id"]: (
            datetime.fromisoformat(f["timeline"]["mitigated"])
            - datetime.fromisoformat(f["timeline"]["started"])
        ).total_seconds()
        / 60
        for f in facts
    }
    assert figures["incidents"] == 5  # INC-1 began in 2024
    assert figures["traced_to"]["incidents"] == ["INC-2", "INC-3", "INC-4", "INC-5", "INC-6"]
    assert figures["by_severity"] == {"SEV1": 1, "SEV2": 4}
    assert figures["traced_to"]["by_severity"]["SEV1"] == ["INC-6"]
    assert figures["customer_impact_minutes"] == sum(minutes.values())
    ordered = sorted(minutes.values())
    assert figures["median_time_to_restore"] == ordered[len(ordered) // 2]
    assert figures["median_time_to_detect"] is None  # no detection time was recorded
    lost = [f["impact"]["revenue"]["lost"] for f in facts if "revenue" in f["impact"]]
    assert figures["revenue_lost"] == {
        "low": sum(x["low"] for x in lost),
        "high": sum(x["high"] for x in lost),
        "currency": "USD",
    }
    assert figures["traced_to"]["revenue_lost"] == ["INC-2", "INC-4", "INC-6"]
    cost = sum(round(2 * 100 * m / 60, 2) for m in minutes.values())
    assert figures["response_cost"]["amount"] == pytest.approx(cost)
    assert figures["repeat_causes"] == [{"cause_class": "certificate_expiry", "count": 3}]
    assert figures["traced_to"]["repeat_causes"] == {
        "certificate_expiry": ["INC-2", "INC-3", "INC-6"]
    }
    # Each incident's root cause report was due the day it began and was never marked
    # kept (5 missed); one fix kept on time (INC-2), one late (INC-3).
    assert figures["commitments_kept_on_time_pct"] == round(100 * 1 / 7, 1)
    assert sorted(o["incident"] for o in figures["overdue"]) == [
        "INC-2",
        "INC-3",
        "INC-4",
        "INC-5",
        "INC-6",
    ]
    assert figures["notices_on_time_pct"] is None  # no notice was promised
    months = {m["month"]: m for m in figures["by_month"]}
    assert len(months) == 12 and months["2026-06"]["incident_ids"] == ["INC-3"]
    written = {p.name for p in (folder / "board").iterdir()}
    assert {"report.md", "report.pdf", "report.pptx", "severity.png", "trend.png"} <= written
    md = (folder / "board" / "report.md").read_text()
    assert "| Promises kept on time | 14.3% |" in md  # a decimal starts no list: not escaped
    from pptx import Presentation
    from pypdf import PdfReader

    assert "14.3%" in PdfReader(folder / "board" / "report.pdf").pages[0].extract_text()
    slides = Presentation(str(folder / "board" / "report.pptx")).slides
    assert len(slides) == 4


def test_report_refuses_bad_dates(db_url: str) -> None:
    runner = CliRunner()
    bad = runner.invoke(
        app, ["report", "--from", "2026-13-01", "--to", "2026-12-31", "--db", db_url]
    )
    assert bad.exit_code == 2 and "--from" in bad.stderr
    backwards = runner.invoke(
        app, ["report", "--from", "2026-12-01", "--to", "2026-10-01", "--db", db_url]
    )
    assert backwards.exit_code == 2 and "--to" in backwards.stderr


HISTORY_CSV = (Path(__file__).parent / "data" / "history.csv").read_text(encoding="utf-8")


def test_import_history_from_csv_feeds_similar_and_report(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY_CSV, encoding="utf-8")
    runner = CliRunner()
    args = ["--db", db_url, "--now", NOW]
    result = runner.invoke(app, ["backfill", "csv", str(path), *args])
    assert result.exit_code == 0, result.output
    assert "saved 3 incidents" in result.stderr
    again = runner.invoke(app, ["backfill", "csv", str(path), *args])
    assert "saved 0 incidents" in again.stderr  # the same rows again change nothing
    _, found = similar_incidents("INC-102", db_url, NOW)
    assert [f["id"] for f in found] == ["INC-100"]
    report = runner.invoke(
        app, ["report", "--from", "2026-10-01", "--to", "2026-12-31", "-f", "json", *args]
    )
    figures = json.loads(report.stdout)
    assert figures["incidents"] == 3
    assert figures["customer_impact_minutes"] == 60 + 30 + 20
    assert figures["revenue_lost"] == {"low": 1300, "high": 2700, "currency": "USD"}
    assert figures["commitments_kept_on_time_pct"] is None  # no promise was invented


def test_import_history_refuses_a_bad_row_and_saves_nothing(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY_CSV.replace("2026-11-01T10:00:00Z", "last tuesday"), "utf-8")
    result = CliRunner().invoke(app, ["backfill", "csv", str(path), "--db", db_url])
    assert result.exit_code == 2
    assert f"{path}:3 (timeline.started)" in result.stderr
    from execbrief.store import open_store

    store = open_store(db_url)
    assert store.past_incidents() == []
    store.close()


def test_import_history_from_a_pagerduty_export(db_url: str, tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "import" / "pd_incidents_list.json"
    incident = json.loads(fixture.read_text())["incidents"][0]
    second = {
        **{k: v for k, v in incident.items() if k != "alert_grouping"},
        "id": "PSECOND",
        "created_at": "2026-11-21T10:00:00Z",
        "resolved_at": "2026-11-21T10:45:00Z",
    }
    export = tmp_path / "incidents.json"
    export.write_text(json.dumps({"incidents": [incident, second]}), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["backfill", "pagerduty", str(export), "--db", db_url, "--now", NOW]
    )
    assert result.exit_code == 0, result.output
    from execbrief.store import open_store

    store = open_store(db_url)
    saved = {p.id: p for p in store.past_incidents()}
    store.close()
    assert set(saved) == {incident["id"], "PSECOND"}
    assert saved["PSECOND"].impact_minutes == 45
    assert saved["PSECOND"].service == incident["service"]["summary"]
