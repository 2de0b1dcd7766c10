"""Obligations and money at risk where the CEO looks: the impact section, the asks, the
Q&A, and the Markdown, JSON and terminal views."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
import yaml

from conftest import EXAMPLES, OBLIGATION_KEYS, incident
from execbrief.core.exposure.rules import RuleBook
from execbrief.core.incident.validation import read_incident
from execbrief.core.story.brief import compose, document
from execbrief.render import json_document, markdown, presenter, terminal
from execbrief.sources.obligation_rules import bundled_rules

RULES = bundled_rules()
BREACH_NOW = datetime.fromisoformat("2026-09-15T18:00:00+00:00")


def example(name: str):
    return read_incident(yaml.safe_load((EXAMPLES / name).read_text()))


def breach_brief():
    return compose(example("account-breach.yaml"), BREACH_NOW, rules=RULES)


def test_obligations_fill_the_brief_with_the_spec_keys():
    doc = document(breach_brief())
    regimes = [o["regime"] for o in doc["obligations"]]
    assert regimes[0] == "GDPR Art. 33: notification"
    assert "Texas Bus. & Com. Code 521.053: notice to the attorney general" in regimes
    assert "SEC Form 8-K Item 1.05: Form 8-K filing" in regimes
    first = doc["obligations"][0]
    assert first.keys() >= OBLIGATION_KEYS
    # in the audience's zone (America/Chicago), with its offset
    assert first["deadline"] == "2026-09-18T07:10:00-05:00"
    assert first["clock_started"] == "2026-09-15T07:10:00-05:00"
    assert first["status"] == "running"
    assert first["time_left"] == "about 3 days left"
    sec = next(o for o in doc["obligations"] if o["regime"].startswith("SEC"))
    assert sec["deadline"] is None and sec["status"] == "clock not started"
    assert sec["decision"] == "whether the incident is material to investors"


def test_without_rules_nothing_is_claimed():
    assert document(compose(example("account-breach.yaml"), BREACH_NOW))["obligations"] == []


def test_impact_section_names_the_exposure_once_in_short_sentences():
    text = breach_brief().section("impact").text
    assert text.count("Legal exposure") == 1
    start = text.index("Legal exposure")
    legal = [text[start : text.index(" Staff time")]]
    assert legal[0].endswith("on counsel.") and "; " not in legal[0]
    assert "for counsel to confirm" in legal[0]
    assert "The next is due by 7:10 a.m. CDT on Friday, September 18." in legal[0]
    assert "Two questions wait on counsel." in legal[0]


def test_asks_gain_the_decisions_only_the_ceo_can_make():
    asks = breach_brief().section("asks").text
    assert "Get counsel's answer on whether the incident is material to investors" in asks
    assert "We recommend: ask counsel today." in asks
    assert "Decide what we say in public about the breach, and who says it" in asks
    # the file already asks about notifying regulators: not asked twice
    assert "what we disclose" not in asks
    closing = breach_brief().script[-1].text
    assert "material to investors" in closing


def test_credit_and_disclosure_asks_when_the_file_has_none():
    inc = incident(
        contracts=[
            {
                "name": "Enterprise plan",
                "customers": 42,
                "monthly_fee": 12000,
                "credits": [{"below": 99.95, "percent": 10}],
            }
        ],
        exposure={
            "bank_notification_incident_determined_at": "2026-11-20T15:00:00Z",
        },
    )
    asks = compose(inc, datetime.fromisoformat("2026-11-20T17:30:00+00:00"), rules=RULES)
    text = asks.section("asks").text
    assert "Offer the $50,000 in service credits our contracts give customers now" in text
    assert "Approve what we tell the authorities, and who signs it, by 10:00 p.m. EST tomorrow" in (
        text
    )
    derived = [d for d in asks.asks if d.source != "file"]
    assert derived and all(d.if_no_decision and d.recommendation for d in derived)
    # The bank notice is 33 hours away: not yet. The credits offer is decided today.
    [now] = asks.needs_you_now
    assert now.what.startswith("Your decision: Offer the $50,000 in service credits")


def test_what_needs_the_ceo_now_is_overdue_or_due_within_a_day_most_urgent_first():
    inc = incident(
        exposure={"bank_notification_incident_determined_at": "2026-11-20T15:00:00Z"},
        asks=[{"decision": "Approve the refund budget", "deadline": "2026-11-21T20:00:00Z"}],
    )
    soon = compose(inc, datetime.fromisoformat("2026-11-21T08:00:00+00:00"), rules=RULES)
    sources = [u.source for u in soon.needs_you_now]  # 20:00 UTC comes before 03:00 UTC
    assert sources == ["file", "exposure.bank_notification_incident_determined_at"]
    assert soon.needs_you_now[0].told == (
        "Your decision: Approve the refund budget: due 3:00 p.m. EST today, 12 hours from now."
    )
    assert soon.needs_you_now[1].told.endswith("from now. Counsel to send it by then.")
    late = compose(inc, datetime.fromisoformat("2026-11-22T04:00:00+00:00"), rules=RULES)
    assert all(u.overdue for u in late.needs_you_now)
    assert late.needs_you_now[-1].told.endswith(
        "overdue by 60 minutes, since 10:00 p.m. EST today. Counsel to send it now."
    )
    assert "deadline was" in late.section("asks").text  # a passed deadline is no promise
    calm = compose(inc, datetime.fromisoformat("2026-11-20T16:00:00+00:00"), rules=RULES)
    assert calm.needs_you_now == []


def test_qa_answers_do_we_have_to_disclose_and_by_when():
    qa = {q.question: q.answer for q in breach_brief().qa}
    answer = qa["Do we have to disclose this, and by when?"]
    assert answer.startswith("Possibly")
    assert "not legal advice" in answer
    assert (
        "GDPR Art. 33: notification, due 7:10 a.m. CDT on Friday, September 18. "
        "That leaves about 3 days." in answer
    )
    assert "Counsel must decide whether the incident is material to investors" in answer


def test_qa_when_no_rule_is_triggered():
    qa = {q.question: q.answer for q in compose(incident(), BREACH_NOW, rules=RULES).qa}
    assert qa["Do we have to disclose this, and by when?"].startswith("No notice rule we track")


def test_money_at_risk_adds_credits_and_churn_with_the_method():
    inc = incident(
        impact={
            "churn": {
                "paying_customers": 42,
                "added_churn": {"low": 0.02, "high": 0.05},
                "yearly_value": 144000,
            }
        },
        contracts=[
            {
                "name": "Enterprise plan",
                "customers": 42,
                "monthly_fee": 12000,
                "credits": [{"below": 99.95, "percent": 10}],
            }
        ],
    )
    doc = document(compose(inc, datetime.fromisoformat("2026-11-20T17:30:00+00:00")))
    exposure = doc["exposure"]
    assert exposure["sla_credits"] == Decimal("50400.00")
    churn = exposure["churn"]
    assert churn["low"] == Decimal("120960.00")  # 42 × 2% × 144,000
    assert churn["high"] == Decimal("302400.00")  # 42 × 5% × 144,000
    assert "42 paying customers affected × 2%–5% extra churn × $144,000" in churn["method"]
    assert exposure["total"] == {
        "low": Decimal("171360.00"),
        "high": Decimal("352800.00"),
        "currency": "USD",
    }


def test_no_money_at_risk_without_its_inputs():
    assert document(compose(incident(), BREACH_NOW))["exposure"] is None


def test_obligations_and_money_at_risk_in_markdown():
    """The handout tells each clock plainly; the presenter pack keeps its source."""
    text = markdown.render(breach_brief())
    assert "## Legal and contractual clocks" in text
    assert "Counsel must confirm these; not legal advice" in text
    assert (
        "| GDPR Art. 33: notification | the lead data protection supervisory authority | "
        "7:10 a.m. CDT on Friday, September 18 | About 3 days left |"
    ) in text
    pack = presenter.render(breach_brief())
    assert (
        "| GDPR Art. 33: notification | running | "
        "[Regulation (EU) 2016/679 (GDPR), Article 33(1)]"
        "(https://eur-lex.europa.eu/eli/reg/2016/679/oj) |"
    ) in pack
    lost = compose(
        example("lost-orders-data.yaml"),
        datetime.fromisoformat("2026-10-06T20:00:00+01:00"),
        rules=RULES,
    )
    text = markdown.render(lost)
    assert (
        "- **Yearly sales at risk from customers who may leave:** between £6,800 and £27,000"
        in text
    )
    assert "| Total at risk | £6,825–£27,300 |" in presenter.render(lost)  # exact, for questions
    assert "UK GDPR Art. 33: notification" in text
    assert "UK GDPR Art. 34" not in text  # counsel decided the risk is not high


def test_obligations_in_json():
    doc = json.loads(json_document.render(breach_brief()))
    assert doc["obligations"][0]["regime"] == "GDPR Art. 33: notification"
    assert doc["obligations"][0]["source"]["url"].startswith("https://eur-lex")


def test_obligations_in_the_terminal():
    text = terminal.render(breach_brief(), width=120)
    assert "Obligations" in text
    assert "GDPR Art. 33: notification · running (about 3 days left)" in text
    assert "no deadline until counsel decides whether the incident is material" in text


EVERY_REGIME = {
    "personal_data_breach": {
        "aware_at": "2026-11-20T15:10:00Z",
        "people": 1200,
        "jurisdictions": ["EU", "UK", "US-TX", "US-FL", "US-WA"],
        "residents": {"US-TX": 300, "US-FL": 40},
    },
    "sec_registrant": True,
    "material_cyber_incident_determined_at": "2026-11-24T15:00:00Z",
    "nis2_significant_incident": {"entity": "essential", "aware_at": "2026-11-20T15:10:00Z"},
    "dora_major_incident": {
        "classified_at": "2026-11-20T16:00:00Z",
        "aware_at": "2026-11-20T15:10:00Z",
    },
    "health_data_breach": {
        "discovered_at": "2026-11-20T15:10:00Z",
        "people": 600,
        "residents": {"US-NY": 520},
    },
    "bank_notification_incident_determined_at": "2026-11-20T16:00:00Z",
}


def test_every_regime_at_once_gives_clean_text_in_every_view():
    now = datetime.fromisoformat("2026-11-25T12:00:00+00:00")
    brief = compose(incident(exposure=EVERY_REGIME), now, rules=RULES)
    names = {o["regime"].split(":")[0] for o in brief.obligations}
    assert len(names) >= 12
    statuses = {o["status"] for o in brief.obligations}
    assert {"overdue", "running", "clock not started"} <= statuses
    doc = document(brief)
    texts = [doc["headline"], *(s["text"] for s in doc["sections"])]
    texts += [line["text"] for line in doc["script"]] + [q["answer"] for q in doc["qa"]]
    for text in texts:
        assert "None" not in text and "{" not in text and "  " not in text, text
        assert text.rstrip()[-1] in ".?!", text
    assert "Legal exposure" in brief.section("impact").text
    md = markdown.render(brief)
    term = terminal.render(brief, width=120)
    for entry in brief.obligations:
        assert entry["regime"] in md
        assert entry["regime"] in term


def test_a_hostile_source_link_cannot_break_the_markdown_table():
    rule = RuleBook.model_validate(
        {
            "rules": [
                {
                    "id": "x",
                    "regime": "Contract | clause",
                    "kind": "contract",
                    "trigger": {"present": ["title"], "describe": "always"},
                    "clock": ["timeline.started"],
                    "recipient": "<b>them</b>",
                    "deadlines": [{"name": "call", "after": "4 hours"}],
                    "source": {"citation": "Deal [1]", "url": "https://x.test/a)|<b>"},
                }
            ]
        }
    ).rules
    brief = compose(incident(), BREACH_NOW, rules=rule)
    row = next(
        line for line in markdown.render(brief).splitlines() if line.startswith("| Contract")
    )
    assert row.count(" | ") == 3  # four cells, no extra column from the '|' in the input
    assert "<b>" not in row
    row = next(
        line for line in presenter.render(brief).splitlines() if line.startswith("| Contract")
    )
    assert row.count(" | ") == 2  # three cells
    assert "<b>" not in row
    assert "[Deal (1)](https://x.test/a%29%7C%3Cb%3E)" in row


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_with_rules_give_clean_text(path):
    brief = compose(example(path.name), BREACH_NOW, rules=RULES)
    doc = document(brief)
    texts = [s["text"] for s in doc["sections"]] + [q["answer"] for q in doc["qa"]]
    texts += [line["text"] for line in doc["script"]]
    for text in texts:
        assert "None" not in text and "{" not in text and "  " not in text, text
        assert text.rstrip()[-1] in ".?!", text


def test_missing_clock_starts_and_counts_are_unknowns_with_an_owner():
    inc = incident(
        exposure={
            "personal_data_breach": {
                "aware_at": "2026-11-20T15:00:00Z",
                "jurisdictions": ["US-TX"],
            },
            "nis2_significant_incident": {"entity": "important"},
        }
    )
    gaps = {u.field: u for u in compose(inc, BREACH_NOW, rules=RULES).unknowns}
    texas = gaps["exposure.personal_data_breach.residents.US-TX"]
    assert texas.action == (
        "Count them: Texas Bus. & Com. Code 521.053 applies only if the number of residents "
        "of US-TX is 250 or more."
    )
    nis2 = gaps["exposure.nis2_significant_incident.aware_at"]
    assert nis2.fact == "when the clock for NIS2 Art. 23 started"
    assert nis2.weight == "essential"


def test_a_commitment_to_tell_the_people_hit_covers_that_decision():
    lost = {"kind": "data_loss", "impact": {"users_affected": 300}}
    asked = compose(incident(**lost), datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    assert any("tell the customers whose data was lost" in d.decision for d in asked.asks)
    promised = incident(
        **lost,
        commitments=[
            {"what": "Letter to the customers affected", "owner": "Care", "due": "2026-11-23"}
        ],
    )
    covered = compose(promised, datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    assert not any("whose data was lost" in d.decision for d in covered.asks)


def test_a_decision_s_deadline_is_said_one_way_in_the_sections_and_on_the_slide():
    from execbrief.render.figures import decision_items

    ask = {"decision": "Approve the refund budget", "deadline": "2026-11-21T20:00:00Z"}
    for now in ("2026-11-20T17:30:00+00:00", "2026-11-22T17:30:00+00:00"):  # ahead, passed
        brief = compose(incident(asks=[ask]), datetime.fromisoformat(now))
        when = brief.decision_when(brief.asks[0])
        assert f"Approve the refund budget, {when}." in brief.section("asks").text
        assert decision_items(brief)[0][0] == f"Approve the refund budget, {when}."
    assert when.startswith("now: the deadline was")


def test_the_public_statement_advice_fits_the_incident_and_its_moment():
    from conftest import incident as make

    seen = make(impact={"public_attention": "120 social posts"})
    outage = compose(seen, datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    said = outage.section("asks").text
    assert "Decide whether we say more in public" in said
    assert "a press statement only if journalists ask" in said
    quiet = make(exposure={"personal_data_breach": {"people": 40}}, kind="data_loss")
    week_on = datetime.fromisoformat("2026-11-27T17:30:00+00:00")
    lost = compose(quiet, week_on, rules=RULES)
    said = lost.section("asks").text
    assert "what we say in public about the lost data" in said
    assert "attackers" not in said and "what was taken" not in said  # no one broke in
    nobody_wrote = compose(make(), week_on, rules=RULES)
    assert "in public" not in nobody_wrote.section("asks").text
