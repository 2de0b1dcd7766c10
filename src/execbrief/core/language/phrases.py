"""Phrase rules: wording that weakens a brief to a CEO, each with why and what instead.

A rule is a pattern plus the conditions that keep it precise: vague quantities are fine
when the sentence gives a number; "guarantee" is fine in "we cannot guarantee"; passive
voice is fine when nothing is hidden ("no customer data was lost").
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

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
    unless_when: bool = False  # skip when the sentence names a time or day ("by Friday")
    needs_future: bool = False  # only in a sentence about what will happen
    only_unconfirmed: bool = False  # only while the cause or fix is not confirmed


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
    unless_when: bool = False,
    needs_future: bool = False,
    only_unconfirmed: bool = False,
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
        unless_when,
        needs_future,
        only_unconfirmed,
    )


def _branches(
    id: str,
    category: str,
    severity: Severity,
    patterns: dict[str, str],
    message: str,
    suggestion: str | None,
    **conditions: Any,
) -> tuple[PhraseRule, ...]:
    """One rule per branch (`id-name`), same words and conditions: each branch then has
    its own anchors, so it runs only in the sentences that can match it, where one
    alternation of all of them would run wherever any branch's common word appears."""
    return tuple(
        _rule(f"{id}-{name}", category, severity, pattern, message, suggestion, **conditions)
        for name, pattern in patterns.items()
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

# The HTTP status codes people quote in incident channels.
_CODES = r"(?:400|401|403|404|405|408|409|410|413|422|429|500|501|502|503|504)"

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
    *_branches(
        "vague-magnitude",
        "vague-impact",
        "warning",
        {
            # "revenue impact was substantial", "losses were moderate": a measure's name,
            # then a size word where its number should be. Gaps are bounded: linear.
            "measure": r"\b(?:impact|losses|loss|damage|hit|drop|fall|decline|dip|downtime|"
            r"disruption|number|volume|share|percentage|proportion|refunds?|spike|rise|"
            r"increase|costs?|churn|complaints)(?:\s+[^\s]+){0,4}?\s+(?:was|were|is|are|"
            r"will\s+be|has\s+been|have\s+been|looks|seems)\s+(?:very\s+|quite\s+|fairly\s+|"
            r"pretty\s+|extremely\s+|relatively\s+|really\s+)?(?:substantial|significant|"
            r"considerable|minimal|severe|moderate|noticeable|extensive|huge|massive|large|"
            r"high|low|small|big|major|minor|sizeable|sizable|serious|enormous|widespread|"
            r"material|heavy|notable|modest)\b"
            # "limited to checkout" is a scope, not a size; "negligible" plays it down
            # (minimize-words)
            r"(?!\s+to\b)",
            "share": r"\b(?:significant|substantial|considerable|large|big|huge|high|sizeable|"
            r"sizable|major|massive|small|good|fair|notable|sharp)\s+(?:share|percentage|"
            r"proportion|portion|part|chunk|fraction|spike|jump|rise|increase|drop|fall|dip|"
            r"decline|amount|volume)\s+(?:of|in)\b",
            "bulk": r"\bthe\s+bulk\s+of\b",
            "change": r"\b(?:fell|dropped|rose|jumped|spiked|climbed|declined|plunged|soared|"
            r"grew|surged|shrank)\s+(?:sharply|significantly|dramatically|substantially|"
            r"considerably|massively|steeply|heavily|a\s+lot)\b",
        },
        "A size word instead of a number leaves the CEO to guess, and the board will ask.",
        "give the number or a range: 'about $40,000 to $60,000', '12% of orders'",
        unless_number=True,
    ),
    # --- jargon that a glossary cannot list: HTTP status codes ------------------------------
    _rule(
        "jargon-status-code",
        "jargon",
        "warning",
        # A code with what marks it as one ("503s", "404 errors", "HTTP 429", "returned a
        # 500"); "503 customers" and "room 502" are numbers.
        r"\b(?:http\s+|status\s+(?:code\s+)?|error\s+(?:code\s+)?)?" + _CODES + r"(?:s\b|"
        r"\s+(?:errors?|responses?|status(?:\s+codes?)?|codes?|pages?|bad\s+gateway|"
        r"service\s+unavailable|gateway\s+time-?out|not\s+found|forbidden|unauthori[sz]ed|"
        r"too\s+many\s+requests|internal\s+server\s+error)\b)"
        r"|\b(?:http|status(?:\s+code)?|returned\s+an?|returning\s+an?|got\s+an?|saw\s+an?|"
        r"served\s+an?|threw\s+an?|with\s+an?|answered\s+with(?:\s+an?)?)\s+" + _CODES + r"\b",
        "An HTTP status code is engineers' shorthand; a CEO hears a number and no meaning.",
        "say what customers saw: 'error pages', 'the page did not load', 'we were refused'",
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
    *_branches(
        "promise-scope",
        "promise",
        "error",
        {
            # A promise verb with an absolute word near it, either way round ("I can
            # promise you there will be zero recurrence", "stays up from now on, I promise")
            "verb": r"\b(?:(?:i|we)\s+(?:can\s+|will\s+|do\s+)?(?:promise|assure|swear|"
            r"guarantee)|you\s+have\s+(?:my|our)\s+word|rest\s+assured)\b[^.;!?]{0,80}?"
            r"\b(?:never|ever\s+again|again|zero|no\s+more|forever|for\s+good|"
            r"from\s+now\s+on|always|any\s*more|permanently)\b",
            "verb-after": r"\b(?:from\s+now\s+on|never|forever|for\s+good|always)\b"
            r"[^.;!?]{0,60}?\b(?:i|we)\s+(?:promise|swear|guarantee)\b",
            # ... and absolute scope without the verb ("fixed forever", "zero repeats")
            "none-left": r"\b(?:will\s+be|there'?ll\s+be)\s+(?:zero|no\s+more|no\s+further)"
            r"\s+(?:[^\s]+\s+){0,2}?(?:recurrences?|repeats?|incidents?|outages?|failures?|"
            r"downtime|problems?|issues?|errors?|disruptions?)\b",
            "forever": r"\b(?:fixed|solved|resolved|gone|over|behind\s+us)\s+(?:forever|"
            r"for\s+good|once\s+and\s+for\s+all|permanently)\b",
            "never-back": r"\b(?:will|would|can|could|shall)\s+never\s+(?:ever\s+)?"
            r"(?:[^\s]+\s+){0,4}?(?:again|back)\b"
            r"|\bwill\s+never\s+(?:come\s+back|return|recur|repeat|reappear)\b",
            "not-again": r"\b(?:won'?t|will\s+not|cannot|can'?t|could\s+not)\s+(?:ever\s+)?"
            r"(?:happen|occur|recur|repeat|come\s+back|return)\s+(?:[^\s]+\s+){0,3}?"
            r"(?:ever\s+)?again\b"
            r"|\bnothing\s+like\s+(?:this|it|that)\s+(?:[^\s]+\s+){0,4}?again\b",
            "ruled-out": r"\b(?:eliminated|removed|ruled\s+out)\s+(?:any|all|every)\s+"
            r"(?:chance|possibility|risk)\b",
            "always": r"\bwill\s+(?:always\s+(?:work|stay\s+up|be\s+(?:up|available|fine|"
            r"stable|safe))|stay\s+up\s+from\s+now\s+on)\b",
        },
        "A promise with no end date is one the CEO will be held to; if it recurs, trust goes.",
        "promise what you control and by when: 'this change can no longer ship without the "
        "check; we will report on it Friday'",
        unless_before=folded(r"\b(?:no\s+one|nobody|cannot|can't|can\s+not|not)\s+$"),
    ),
    _rule(
        "promise-already-fixed",
        "promise",
        "error",
        r"\balready\s+(?:fully\s+|completely\s+|totally\s+)?(?:fixed|solved|resolved)\b",
        "'Already fixed' before the fix is confirmed is a promise: if it fails again, the "
        "CEO has repeated it.",
        "say what was done and what is still being confirmed: 'we rolled back; we are "
        "confirming the fix holds'",
        only_unconfirmed=True,
    ),
    _rule(
        "promise-vague-time",
        "promise",
        "warning",
        # Forward-looking only ("soon after the rollback" is past), and not when the
        # sentence names a time or day.
        r"\b(?:asap|as\s+soon\s+as\s+(?:possible|we\s+can|feasible|practical)|"
        r"soon(?!\s+(?:after|afterwards|as|enough|thereafter))|"
        r"shortly(?!\s+(?:after|afterwards|before|thereafter))|"
        r"in\s+the\s+(?:coming|next\s+few|next\s+couple\s+of)\s+(?:days|weeks|hours|months)|"
        r"the\s+next\s+few\s+(?:days|weeks|hours|months)|before\s+long|in\s+due\s+course|"
        r"imminently|in\s+the\s+near\s+future|at\s+some\s+point|sometime|"
        r"any\s+(?:day|minute)\s+now)\b",
        "A promise with no time on it means a different time to each listener; the CEO "
        "will be asked 'when?'.",
        "give a time you can keep: 'by 5 p.m. Eastern on Friday', or when the next update is",
        unless_when=True,
        needs_future=True,
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


_DIGIT = re.compile(r"\d")


def has_number(sentence: str) -> bool:
    if _DIGIT.search(sentence):  # every one of _NOT_AMOUNTS holds a digit: most sentences none
        sentence = _NOT_AMOUNTS.sub(" ", sentence)
    return bool(NUMBER.search(sentence))


# A time or day a promise can be held to ("by 5 p.m.", "on Friday", "tomorrow").
WHEN = re.compile(
    r"\d|\b(?:today|tonight|tomorrow|noon|midday|midnight|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|end\s+of\s+(?:the\s+)?(?:day|week|month))\b",
    _I,
)
# Words that make a sentence about what will happen.
FUTURE = re.compile(
    r"\b(?:will|won'?t|shall|going\s+to|should|expect\w*|aim\w*|plan\w*|coming|hope\w*|"
    r"intend\w*|promise\w*|get\s+back|follow|next)\b|['’]ll\b",
    _I,
)
