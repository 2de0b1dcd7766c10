"""Slack (issue 16 item 3): default patterns built from what responders write, tested on a
realistic incident channel (56 messages: joins, a PagerDuty bot post, thread replies, an
edit, files, a deleted message, chatter); names removed in every Slack spelling; the
channel named from the export itself."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from execbrief.sources import slack
from execbrief.sources.slack_names import People, plain_words

EXPORT = Path(__file__).resolve().parent / "fixtures" / "import" / "slack-export"
DAY = EXPORT / "inc-2291-checkout" / "2026-11-20.json"

# The moments a brief's timeline needs, by their ts: the declaration, what customers saw,
# the error rate, paging, the suspected change and what it did, the rollback decision,
# the status page posts, rollback progress and completion, recovery signals, mitigation,
# the root cause, the customer update, all green, resolution.
START = 1795183200  # 2026-11-20T14:00:00Z; messages are minutes after it
KEY_MINUTES = (0.2, 2, 3, 3.6, 7, 8, 9, 10, 15, 16, 18, 21, 33, 35, 36, 45, 47, 60, 120, 121)
KEY_MOMENTS = {f"{START + m * 60:.6f}" for m in KEY_MINUTES}
# The one message the patterns take wrongly: "Morgan's rollback notes are in the doc".
KNOWN_FALSE_MATCHES = {f"{START + 100 * 60:.6f}"}


def _ts(event) -> str:
    return event.source.rsplit(" ", 1)[1]


def test_the_fixture_is_a_realistic_channel():
    messages = json.loads(DAY.read_text())
    assert len(messages) >= 50
    kinds = {m.get("subtype") for m in messages}
    assert {"channel_join", "channel_leave", "bot_message", "tombstone"} <= kinds
    assert any("thread_ts" in m for m in messages) and any("edited" in m for m in messages)
    assert any("files" in m for m in messages)


def test_default_patterns_find_every_key_moment_and_leave_the_chatter():
    draft = slack.from_export([EXPORT])
    matched = {_ts(e) for e in draft.events}
    assert KEY_MOMENTS - matched == set(), "key moments missed"
    assert matched - KEY_MOMENTS == KNOWN_FALSE_MATCHES
    texts = " | ".join(e.what for e in draft.events)
    for chatter in ("on it", "lol", "brb", "+1", "grab food", "laptop", ":wave:"):
        assert chatter not in texts


def test_the_draft_says_what_it_read_and_what_it_could_not():
    draft = slack.from_export([EXPORT])
    assert draft.notes[0] == (
        "Slack #inc-2291-checkout: 21 of 56 messages matched the patterns; "
        "people's names were removed"
    )
    # the PagerDuty bot's attachment-only post and the file upload
    assert "2 messages had no text" in draft.notes[1] and "could not be read" in draft.notes[1]


def test_names_are_removed_in_every_slack_spelling():
    users = json.loads((EXPORT / "users.json").read_text())
    draft = slack.from_export([EXPORT])
    texts = [e.what for e in draft.events]
    joined = "\n".join(texts)
    for user in users:
        if user["is_bot"]:
            continue
        profile = user["profile"]
        spellings = {
            user["id"],
            user["name"],
            profile["real_name"],
            profile["display_name"],
            profile["first_name"],
            profile["last_name"],
        }
        for spelling in spellings:
            if spelling.casefold() == "will":
                # an everyday word: removed where written as a name
                assert not re.search(r"\bWill\b", joined), joined
                continue
            assert not re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", joined, re.I), spelling
    assert "<@" not in joined and "<!" not in joined and "<http" not in joined
    assert not re.search(r"[*_~]\w", joined)  # no mrkdwn left around words


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<@U01AVERY> rolled back", "someone rolled back"),
        ("<@U09NEW|sam.k> rolled back", "someone rolled back"),
        ("*Avery Quinlan* rolled back", "someone rolled back"),
        ("_Avery_ rolled back, ~quinlan~ watched", "someone rolled back, someone watched"),
        ("thanks avery, Avery's fix", "thanks someone, someone's fix"),
        ("@avery.q and @mo", "someone and someone"),
        ("we will restart; thanks Will", "we will restart; thanks someone"),
        ("ping @will", "ping someone"),
        ("<!here> <!subteam^S1|@sre> see <#C07|inc-1>", "@here @sre see #inc-1"),
        ("see <https://status.example.com|the status page>", "see the status page"),
        ("snake_case_name and 5*3*2 stay", "snake_case_name and 5*3*2 stay"),
        ("*rolled back _by Avery_* at 14:20", "rolled back by someone at 14:20"),
        ("Li and li.chen, not the word li", "someone and someone, not the word li"),
    ],
)
def test_each_spelling(text, plain):
    people = People()
    people.learn(
        {"real_name": "Avery Quinlan", "display_name": "mo", "name": "avery.q"}, "U01AVERY"
    )
    people.learn({"real_name": "Will Ostrander"}, "U05WILLO")
    people.learn({"name": "sam.k"}, "U09NEW")
    people.learn({"real_name": "Li Chen", "name": "li.chen"}, "U06LICHN")
    assert plain_words(text, people, keep=False) == plain


def test_keep_names_resolves_user_ids_through_users_json():
    draft = slack.from_export([DAY], [r"take ops lead"], keep_names=True)
    assert [e.what for e in draft.events] == [
        "In chat: Avery Quinlan: Declaring a SEV1: checkout payments failing for most "
        "customers. I'm IC. @Morgan Reyes can you take ops lead?"
    ]


def test_the_channel_is_named_from_the_export(tmp_path):
    # a day file given alone: its folder is the channel
    assert slack.from_export([DAY]).events[0].source.startswith("slack #inc-2291-checkout:")
    # folders named by channel id: channels.json says the name
    export = tmp_path / "export"
    shutil.copytree(EXPORT, export)
    (export / "inc-2291-checkout").rename(export / "C07K2291")
    assert slack.from_export([export]).notes[0].startswith("Slack #inc-2291-checkout:")
    # slackdump's wrapper names it, wherever the file lies
    dump = tmp_path / "CHY5.json"
    messages = json.loads(DAY.read_text())[:5]
    dump.write_text(json.dumps({"channel_id": "CHY5", "messages": messages, "name": "db-incident"}))
    assert slack.from_export([dump]).notes[0].startswith("Slack #db-incident:")
    # a file that says nothing of its channel is not named after whatever folder holds it
    loose = tmp_path / "messages.json"
    loose.write_text(json.dumps(messages))
    assert (
        slack.from_export([loose]).notes[0].startswith("Slack an unnamed channel (messages.json):")
    )
