"""Phrase rules: wording that weakens a brief to a CEO, each with why and what instead.

A rule is a pattern plus the conditions that keep it precise: vague quantities are fine
when the sentence gives a number; "guarantee" is fine in "we cannot guarantee"; passive
voice is fine when nothing is hidden ("no customer data was lost").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from execbrief.core.language.findings import Severity

_I = re.IGNORECASE


def fold(text: str) -> str:
    """Lower-case `text` keeping every offset (a few letters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def folded(pattern: str) -> re.Pattern[str]:
    """A pattern for text passed through `fold`: several times faster than IGNORECASE."""
    return re.compile(pattern.lower())


def folded_source(pattern: str) -> str:
    """The source of a `folded` pattern, for patterns.py to compile when first needed."""
    return pattern.lower()


class PhraseRule(NamedTuple):
    id: str
    category: str
    severity: Severity
    pattern: str  # for text passed through `fold`; compiled when first needed (patterns.py)
    message: str
    suggestion: str | None
    unless_number: bool = False  # skip when the sentence carries a number
    unless_before: re.Pattern[str] | None = None  # skip when the sentence so far matches
    raise_on_sev1: bool = False  # an error instead of a warning on a top-severity incident


def _rule(
    id: str,
    category: str,
    severity: Severity,
    pattern: str,
    message: str,
    suggestion: str | None,
    *,
    unless_number: bool = False,
    unless_before: re.Pattern[str] | None = None,
    raise_on_sev1: bool = False,
) -> PhraseRule:
    return PhraseRule(
        id,
        category,
        severity,
        folded_source(pattern),
        message,
        suggestion,
        unless_number,
        unless_before,
        raise_on_sev1,
    )


_PEOPLE = (
    r"(?:users?|customers?|clients?|people|merchants?|shoppers?|accounts?|subscribers?|buyers?|"
    r"sellers?|members?|orders?|transactions?|payments?|stores?|partners?|tenants?|patients?|"
    r"drivers?|riders?|players?|visitors?|requests?|sign-?ups?|bookings?|purchases?)"
)
_FEW = (
    r"(?:some|a\s+few|few|several|many|a\s+number\s+of|a\s+handful\s+of|a\s+lot\s+of|lots\s+of|"
    r"numerous|a\s+subset\s+of|a\s+portion\s+of|a\s+fraction\s+of|a\s+small\s+number\s+of|"
    r"a\s+large\s+number\s+of|a\s+significant\s+number\s+of|a\s+majority\s+of|a\s+minority\s+of|"
    r"a\s+bunch\s+of|tons\s+of|plenty\s+of|countless|a\s+good\s+chunk\s+of|certain|various|"
    r"multiple|most)"
)

PHRASE_RULES: tuple[PhraseRule, ...] = (
    # --- vague impact: a CEO repeats numbers, not "some" -----------------------------------
    _rule(
        "vague-people",
        "vague-impact",
        "warning",
        rf"\b{_FEW}\s+(?:of\s+(?:our|the|their)\s+)?(?:[a-z]+\s+)?{_PEOPLE}\b",
        "A CEO will be asked 'how many?'; a vague amount sounds evasive or unknown.",
        "give the number or a range: 'about 4,000 customers (3% of those active)'",
        unless_number=True,
    ),
    _rule(
        "vague-money",
        "vague-impact",
        "warning",
        r"\b(?:significant|substantial|considerable|some|major|big|large|huge|serious|material|"
        r"meaningful|notable|sizable|sizeable)\s+(?:amounts?\s+of\s+)?(?:lost\s+)?(?:revenue|"
        r"losses?|financial\s+impact|money|costs?|sales|refunds?|credits?)\b",
        "Money without a figure cannot be planned for or explained to the board.",
        "give the amount as a range with its method: 'between $40,000 and $60,000 in lost sales'",
        unless_number=True,
    ),
    _rule(
        "vague-time",
        "vague-impact",
        "warning",
        r"\b(?:(?:a\s+few|several|some|many|a\s+couple\s+of)\s+(?:seconds|minutes|hours|days)|"
        r"for\s+a\s+(?:while|bit|little\s+while|short\s+(?:time|period|while))|for\s+some\s+time|"
        r"a\s+brief\s+period)\b",
        "How long customers were hurt is the first number a CEO needs.",
        "give the times: 'from 9:02 to 9:49 a.m. Eastern, 47 minutes'",
        unless_number=True,
    ),
    _rule(
        "vague-scale",
        "vague-impact",
        "warning",
        r"\b(?:significant|major|big|huge|large|noticeable|considerable|substantial|widespread|"
        r"limited|partial|some)\s+(?:customer\s+)?(?:impact|disruption|degradation|downtime)\b",
        "An adjective instead of a measure leaves the CEO to guess the size.",
        "say who and how many: 'checkout failed for 62% of attempts for 47 minutes'",
        unless_number=True,
    ),
    # --- hedging: filler that makes the speaker sound unsure of everything --------------------
    _rule(
        "hedge-filler",
        "hedging",
        "warning",
        r"\b(?:sort\s+of|sorta|kinda|more\s+or\s+less|pretty\s+much|basically|essentially|"
        r"somewhat|to\s+some\s+extent|in\s+a\s+way|somehow|fingers\s+crossed|hopefully|"
        r"at\s+the\s+end\s+of\s+the\s+day)\b",
        "Filler words make every statement sound unsure, including the ones you are sure of.",
        "drop the filler and say it plainly; state the uncertainty once, where it is real",
    ),
    _rule(
        "hedge-kind-of",
        "hedging",
        "warning",
        r"\bkind\s+of\b",
        "'Kind of' softens the statement until the CEO cannot tell what you mean.",
        "drop 'kind of' and say it plainly",
        unless_before=folded(
            r"\b(?:this|that|what|the|any|same|which|one|other|some|these|those|every|each|"
            r"a|another)\s+$"
        ),
    ),
    _rule(
        "hedge-opinion",
        "hedging",
        "warning",
        r"\b(?:(?:it\s+)?seems\s+like\s+maybe|it\s+seems\s+like|i\s+think|i\s+guess|"
        r"i\s+feel\s+like|i\s+suppose|i\s+believe\s+maybe|we\s+think\s+maybe|maybe|"
        r"might\s+possibly|could\s+potentially|may\s+or\s+may\s+not|possibly\s+maybe|"
        r"i'?m\s+not\s+sure\s+but|not\s+100%\s+sure\s+but|i'?d\s+say)\b",
        "Personal guessing sounds evasive; a CEO wants what is known, what is not, and when.",
        "say what the evidence shows and how sure you are: 'our initial investigation suggests'",
    ),
    # --- promises nobody can keep ----------------------------------------------------------
    _rule(
        "promise-never-again",
        "promise",
        "error",
        r"\b(?:(?:will|would|can|could)\s+never\s+(?:ever\s+)?(?:happen|occur|recur|fail|break|"
        r"go\s+down|be\s+(?:repeated|affected))(?:\s+again)?|(?:won'?t|will\s+not|can'?t|"
        r"cannot|could\s+not|couldn'?t)\s+(?:ever\s+)?(?:happen|occur|recur)\s+again|"
        r"never\s+(?:happen|occur|recur)s?\s+again|never\s+again|nothing\s+like\s+this\s+"
        r"(?:will|can|could)\s+(?:ever\s+)?(?:happen|occur)\s+again|(?:will|won'?t)\s+"
        r"(?:ever\s+)?recur)\b",
        "No one can promise an outage will never recur; if it does, trust is lost with it.",
        "say what now makes it less likely: 'this change now cannot ship without the check'",
    ),
    _rule(
        "promise-absolute",
        "promise",
        "error",
        r"(?:\b100\s?%|\bone\s+hundred\s+percent)\s+(?:fixed|resolved|safe|secure|sure|certain|"
        r"reliable|confident|guaranteed|solved|protected|uptime|available|stable)\b|"
        r"\b(?:permanently|completely|totally|entirely)\s+(?:fixed|solved|eliminated|prevented|"
        r"impossible)\b|\b(?:bulletproof|foolproof|fail-?proof|unbreakable)\b|"
        r"\b(?:zero|no)\s+(?:chance|possibility)\s+(?:of|that)\b|"
        r"\bimpossible\s+for\s+(?:this|it|that)\b",
        "Absolute words are promises; a CEO will repeat them to the board.",
        "describe the fix and the remaining risk: 'the fix removes this cause; we are testing it'",
    ),
    _rule(
        "promise-guarantee",
        "promise",
        "error",
        r"\bguarantee[sd]?\b",
        "A guarantee is a promise that outlives the incident; only make it if it is contractual.",
        "say what you will do and by when: 'we will have the fix in place by Friday'",
        unless_before=folded(
            r"\b(?:no|not|cannot|can't|can\s+not|without|unable\s+to)\s+(?:\w+\s+){0,2}$"
        ),
    ),
    # --- minimizing a serious incident ------------------------------------------------------
    _rule(
        "minimize-just",
        "minimizing",
        "warning",
        r"\b(?:just|only|merely|simply)\s+(?:a|an)\s+(?:(?:small|minor|tiny|little|brief|"
        r"temporary|slight|short)\s+)?(?:glitch|blip|hiccup|bump|issue|problem|bug|outage|"
        r"incident|error|inconvenience|slowdown|hitch|thing)\b",
        "Calling a serious incident small tells the CEO it is under control when it may not be.",
        "state the impact and let the numbers set the tone",
        raise_on_sev1=True,
    ),
    _rule(
        "minimize-words",
        "minimizing",
        "warning",
        r"\b(?:(?:small|minor|tiny|little|slight|brief)\s+(?:glitch|blip|hiccup|hitch|"
        r"inconvenience|bump)|glitch(?:es)?|blips?|hiccups?|no\s+big\s+deal|not\s+a\s+big\s+deal|"
        r"nothing\s+(?:to\s+worry\s+about|serious|major)|nobody\s+(?:really\s+)?noticed|"
        r"barely\s+(?:noticeable|noticed|affected)|negligible|insignificant|not\s+that\s+bad|"
        r"could\s+have\s+been\s+(?:much\s+|a\s+lot\s+)?worse)\b",
        "Words that play the incident down sound defensive and age badly when facts come in.",
        "state the impact and let the numbers set the tone",
        raise_on_sev1=True,
    ),
    # --- alarmist drama -----------------------------------------------------------------------
    _rule(
        "alarm-words",
        "alarmist",
        "warning",
        r"\b(?:catastroph(?:e|es|ic|ically)|meltdowns?|apocalyp(?:se|tic)|armageddon|doomsday|"
        r"cataclysm(?:ic)?|disast(?:er|ers|rous|rously)(?!\s+recovery)|nightmares?|chaos|"
        r"chaotic|horrific|horrible|devastating|calamit(?:y|ous)|fiasco|debacle|"
        r"train\s?wrecks?|dumpster\s+fires?|firestorm|bloodbath|carnage|crippl(?:ed|ing)|"
        r"hemorrhag(?:e|ing)|bleeding\s+(?:money|cash|customers)|end\s+of\s+the\s+world|"
        r"on\s+fire|blew\s+up|blown\s+up|imploded|worst\s+(?:\w+\s+)?(?:ever|possible|"
        r"in\s+history))\b",
        "Drama raises alarm without informing; the CEO needs the size, not the adjective.",
        "state what happened and its measured impact",
    ),
    _rule(
        "alarm-total",
        "alarmist",
        "warning",
        r"\b(?:(?:total|complete|utter)\s+(?:failure|collapse|disaster|chaos|meltdown|breakdown)|"
        r"everything\s+(?:is|was)\s+(?:down|broken|gone)|everything\s+(?:broke|failed|crashed)|"
        r"massive(?:ly)?\s+(?:outage|failure|breach|incident|problem|loss|losses|damage))\b",
        "Sweeping words overstate what broke; say exactly what did and did not work.",
        "say what stopped working and what kept working: 'checkout failed; browsing worked'",
    ),
)

NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|hundreds|thousand|thousands|million|millions|billion|"
    r"half|dozen|dozens|percent|quarter|third|all|none|every|no)\b",
    _I,
)
# Digits that are not amounts: times, versions, severity labels, ticket ids, years.
_NOT_AMOUNTS = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d+xx\b|\b[pP]\d{2,3}\b|\bv\d[\w.]*|\b(?:SEV|P|INC|Q)-?\d+\b|\b(?:19|20)\d{2}\b"
)


def has_number(sentence: str) -> bool:
    return bool(NUMBER.search(_NOT_AMOUNTS.sub(" ", sentence)))
