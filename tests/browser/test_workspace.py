"""The web workspace in a real browser (issue 17): log in, paste an incident, see a
finding marked in the text, fix it and see the mark go, save, share the CEO's link, open
it in a fresh browser as the CEO would on a phone, revoke it and see it refused. Every
page must load under the CSP without a refusal or a script error (the `page` fixture
checks the console). Screenshots of the editor and of the CEO's page on a phone are
saved as artefacts (tests/browser/artifacts/, or $EXECBRIEF_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from browser.browser_support import PHONE, artifacts_dir, log_in, watch

try:
    from playwright.sync_api import expect
except ImportError:  # in CI a missing Playwright is an error, not a reason to skip
    if os.environ.get("CI"):
        raise
    pytest.skip("Playwright is not installed: pip install -e '.[test]'", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "src" / "execbrief" / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
JARGON = "caused an OOM in the payment service"
PLAIN = "made the payment service run out of memory"
# Words only the presenter pack has: the CEO's link must never show them.
PRESENTER_ONLY = ("The script", "Tough questions", "Language findings", "Presenter pack")
SHOTS = Path("/tmp/web-shots")


def incident_text(incident_id: str) -> str:
    text = (EXAMPLE / "checkout-outage.yaml").read_text(encoding="utf-8")
    text = text.replace("id: INC-2291", f"id: {incident_id}")
    replaced = text.replace("cut off the payment service", JARGON)
    assert replaced != text, "the example's cause changed: pick another sentence to spoil"
    return replaced


def type_text(page: Any, text: str) -> None:
    """Put `text` in the editor as pasting does (an input event), then wait for its check."""
    page.fill("#text", text)
    expect(page.locator("#preview-status")).to_have_text("Checked.", timeout=20_000)


def shot(page: Any, name: str, **options: Any) -> Path:
    path = artifacts_dir() / name
    page.screenshot(path=str(path), **options)
    return path


def test_write_check_save_share_and_revoke(page, server, browser):
    log_in(page, server)
    page.goto(f"{server.url}/incidents/new")
    type_text(page, incident_text("INC-WEB-1"))

    # the finding is marked where it was typed, and listed with its field
    mark = page.locator("#marks mark.finding", has_text="OOM")
    expect(mark).to_have_count(1)
    expect(page.locator("#findings li", has_text="cause.summary")).not_to_have_count(0)
    box = mark.bounding_box()
    assert box is not None and box["width"] > 0, "the mark is not on the screen"
    # the preview beside it is the CEO's one-pager
    expect(page.locator("#preview h1")).to_have_text("Checkout payments failing")
    editor_shot = shot(page, "editor.png")

    # fixed in plain words, the mark goes
    type_text(page, incident_text("INC-WEB-1").replace(JARGON, PLAIN))
    expect(page.locator("#marks mark.finding", has_text="OOM")).to_have_count(0)
    expect(page.locator("#findings li", has_text="OOM")).to_have_count(0)

    page.click("#save")
    expect(page.locator("#save-message")).to_have_text("Saved as version 1.")
    assert page.url.endswith("/incidents/INC-WEB-1")
    for fmt, kind in (("md", "text/markdown"), ("pptx", "presentationml"), ("pdf", "pdf")):
        link = page.locator(f"#downloads a[data-format={fmt}]").get_attribute("href")
        got = page.request.get(f"{server.url}{link}")
        assert got.status == 200 and kind in got.headers["content-type"], (fmt, got.status)

    # a CEO link, shown once
    page.click("#share")
    expect(page.locator("#share-new")).to_be_visible()
    url = page.locator("#share-url").input_value()
    assert url.startswith(f"{server.url}/s/") and len(url.rsplit("/", 1)[1]) >= 22
    expect(page.locator("#shares tr")).to_have_count(1)
    expect(page.locator("#shares .last-opened")).to_have_text("not opened yet")
    shot(page, "editor-saved.png", full_page=True)

    # the CEO opens it on a phone, in a browser that never logged in
    ceo_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        ceo = ceo_context.new_page()
        ceo_console = watch(ceo)
        answer = ceo.goto(url)
        assert answer is not None and answer.status == 200
        assert "noindex" in answer.headers.get("x-robots-tag", "")
        expect(ceo.locator("h1")).to_have_text("Checkout payments failing")
        shown = ceo.locator("body").inner_text()
        assert PLAIN in shown or "run out of memory" in shown
        for words in PRESENTER_ONLY:
            assert words not in shown, f"the CEO's page shows the presenter pack's {words!r}"
        expect(ceo.locator("text=What changed since you last looked")).to_have_count(0)

        # the editor sees that it was opened; a new version is saved
        page.reload()
        expect(page.locator("#shares .last-opened")).not_to_have_text("not opened yet")
        expect(page.locator("#preview-status")).to_have_text("Checked.", timeout=20_000)
        newer = (
            page.locator("#text")
            .input_value()
            .replace("support_tickets: 340", "support_tickets: 410")
        )
        type_text(page, newer)
        page.click("#save")
        expect(page.locator("#save-message")).to_have_text("Saved as version 2.")

        # the CEO opens the same link again: what changed comes first
        ceo.goto(url)
        changed = ceo.locator("section.changed")
        expect(changed).to_contain_text("What changed since you last looked")
        expect(changed).to_contain_text("410")
        wide = ceo.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= PHONE["width"] + 1, f"the CEO's page is {wide}px wide on a phone"
        ceo_shot = shot(ceo, "ceo-phone.png", full_page=True)
        assert not ceo_console.problems(), ceo_console.problems()

        # the editor revokes it: the link is refused from then on
        page.reload()
        page.click("#shares button[data-share]")
        expect(page.locator("#share-message")).to_have_text("Revoked: the link no longer opens.")
        refused = ceo.goto(url)
        assert refused is not None and refused.status == 404
        assert "Checkout" not in ceo.locator("body").inner_text()
    finally:
        ceo_context.close()

    SHOTS.mkdir(parents=True, exist_ok=True)
    for made in (editor_shot, ceo_shot):
        shutil.copy(made, SHOTS / made.name)


def test_a_second_save_from_an_old_version_shows_what_changed(page, server, browser):
    """Two editors open version 1; the first saves; the second is refused with the other
    save's changes shown, and keeps their text until they choose."""
    log_in(page, server)
    page.goto(f"{server.url}/incidents/new")
    type_text(page, incident_text("INC-WEB-2"))
    page.click("#save")
    expect(page.locator("#save-message")).to_have_text("Saved as version 1.")

    other_context = browser.new_context()
    try:
        other = other_context.new_page()
        other_console = watch(other)
        log_in(other, server)
        other.goto(f"{server.url}/incidents/INC-WEB-2")
        expect(other.locator("#preview-status")).to_have_text("Checked.", timeout=20_000)
        text = other.locator("#text").input_value()
        type_text(other, text.replace("support_tickets: 340", "support_tickets: 410"))
        other.click("#save")
        expect(other.locator("#save-message")).to_have_text("Saved as version 2.")
        assert not other_console.problems(), other_console.problems()
    finally:
        other_context.close()

    mine = (
        page.locator("#text")
        .input_value()
        .replace("failed_transactions: 1150", "failed_transactions: 1400")
    )
    type_text(page, mine)
    page.click("#save")
    expect(page.locator("#conflict")).to_be_visible()
    theirs = page.locator("#conflict-theirs-rows tr", has_text="Support tickets")
    expect(theirs).to_have_count(1)
    expect(theirs.locator("td.old")).to_have_text("340")
    expect(theirs.locator("td.new")).to_have_text("410")
    expect(page.locator("#conflict-rows tr", has_text="Failed transactions")).to_have_count(1)
    assert page.locator("#text").input_value() == mine, "the editor's text was lost"

    # choosing to save over it, knowingly, makes version 3
    page.click("#conflict-mine")
    expect(page.locator("#save-message")).to_have_text("Saved as version 3.")
    expect(page.locator("#conflict")).to_be_hidden()

    # any two versions, compared fact by fact: saving mine over theirs took back their
    # ticket count, in the open, as version 3
    expect(page.locator("#versions tr")).to_have_count(3)
    page.select_option("#compare-from", "2")
    page.select_option("#compare-to", "3")
    page.click("#compare")
    rows = page.locator("#compare-rows tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Failed transactions").locator("td.new")).to_have_text("1400")
    tickets = rows.filter(has_text="Support tickets")
    expect(tickets.locator("td.old")).to_have_text("410")
    expect(tickets.locator("td.new")).to_have_text("340")


def test_follow_through_marks_a_commitment_done(page, server):
    log_in(page, server)
    page.goto(f"{server.url}/incidents/new")
    type_text(page, incident_text("INC-WEB-3"))
    page.click("#save")
    expect(page.locator("#save-message")).to_have_text("Saved as version 1.")
    page.goto(f"{server.url}/incidents/INC-WEB-3/follow-through")
    row = page.locator("#commitments tr", has_text="Full root cause report")
    expect(row).to_have_count(1)
    expect(page.locator("#update-text")).not_to_be_empty()
    row.locator("button[data-action=done]").click()
    row = page.locator("#commitments tr", has_text="Full root cause report")
    expect(row.locator(".badge")).to_have_text("kept late")
    expect(row.locator("button[data-action=done]")).to_have_count(0)

    # the next update moves, with the reason the CEO will read
    update = page.locator("#commitments tr", has_text="Next update")
    update.locator("button[data-action=slip]").click()
    page.fill("#slip-to", "2099-01-15")
    page.fill("#slip-why", "the vendor's report arrives that week")
    page.click("#slip-form button[type=submit]")
    update = page.locator("#commitments tr", has_text="Next update")
    expect(update.locator(".badge")).to_have_text("slipped")
    expect(update).to_contain_text("the vendor's report arrives that week")


def test_the_follow_through_page_fits_a_phone(server, browser):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        console = watch(small)
        log_in(small, server)
        small.goto(f"{server.url}/incidents/new")
        type_text(small, incident_text("INC-WEB-5"))
        small.click("#save")
        expect(small.locator("#save-message")).to_have_text("Saved as version 1.")
        small.goto(f"{server.url}/incidents/INC-WEB-5/follow-through")
        expect(small.locator("#commitments tr")).not_to_have_count(0)
        wide = small.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= PHONE["width"] + 1, f"the follow-through page is {wide}px wide on a phone"
        shot(small, "follow-through-phone.png", full_page=True)
        assert not console.problems(), console.problems()
    finally:
        phone.close()


def test_pages_ask_for_a_login_and_work_on_a_phone(page, server, browser):
    page.goto(f"{server.url}/incidents")
    assert "/login" in page.url
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        console = watch(small)
        log_in(small, server)
        expect(small.locator("h1")).to_have_text("Incidents")
        small.goto(f"{server.url}/incidents/new")
        type_text(small, incident_text("INC-WEB-4"))
        wide = small.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= PHONE["width"] + 1, f"the editor is {wide}px wide on a phone"
        shot(small, "editor-phone.png")
        assert not console.problems(), console.problems()
    finally:
        phone.close()


def test_an_export_dropped_on_the_editor_fills_it_in(page, server):
    log_in(page, server)
    page.goto(f"{server.url}/incidents/new")
    expect(page.locator("#preview-status")).not_to_have_text("Checking…", timeout=20_000)
    export = (FIXTURES / "alertmanager_firing.json").read_text(encoding="utf-8")
    dropped = page.evaluate_handle(
        """(text) => {
            const data = new DataTransfer();
            data.items.add(new File([text], "alerts.json", {type: "application/json"}));
            return data;
        }""",
        export,
    )
    page.dispatch_event("#text-box", "drop", {"dataTransfer": dropped})
    expect(page.locator("#save-message")).to_contain_text("Imported alerts.json (alertmanager)")
    assert "# from" in page.locator("#text").input_value()
    expect(page.locator("#preview-status")).to_have_text("Checked.", timeout=20_000)
