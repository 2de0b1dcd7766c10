"""Who did what: blame (people faulted instead of the system), passive voice that hides
the actor, and certainty (a cause stated as fact before it is known)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from execbrief.core.language.findings import Find, Hit
from execbrief.core.language.phrases import folded, folded_source

# Capitalised words that start sentences or name teams and systems, not people.
NOT_PEOPLE = frozenset(
    " ".join(
        (
            "the this that these those it its we our us they their there here then when while",
            "after",
            "before once if a an and but or so yet also all every each some no someone somebody",
            "nobody everyone everybody anyone monitoring automation engineering support operations",
            "ops security finance legal product sales marketing management leadership team teams",
            "platform infrastructure release releases deploy deployment change changes rollback",
            "cleanup migration update upgrade script scripts",
            "job jobs tooling ci cd pipeline customer",
            "customers user users checkout payments search login billing service services system",
            "systems database server traffic yesterday",
            "today tonight morning monday tuesday wednesday",
            "thursday friday saturday sunday january february march april may june july august",
            "september october november december apple google amazon microsoft stripe paypal adyen",
            "visa mastercard cloudflare akamai fastly github",
            "gitlab atlassian slack zoom okta twilio",
            "shopify salesforce oracle ibm meta facebook netflix uber intel nvidia azure heroku",
            "vercel netlify datadog pagerduty opsgenie splunk terraform ansible jenkins kubernetes",
            "docker nginx postgres redis kafka elastic mongodb snowflake sentry grafana prometheus",
            "vault consul helm argo spinnaker linux windows android ios chrome safari firefox what",
            "how why who where which nothing everything something",
        )
    ).split()
)
_NAME_SHAPE = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?$")
_NOT_NAME_ENDINGS = ("ing", "tion", "ment", "ness", "ity", "ed", "ance", "ence", "ies", "ware")

_FAULT = (
    r"(?:broke|deleted|dropped|wiped|erased|corrupted|forgot|misconfigured|mistyped|fat-?fingered|missed|skipped|"
    r"ignored|overlooked|bypassed|neglected|failed\s+to|didn'?t|did\s+not|messed\s+up|"
    r"screwed\s+up|made\s+(?:a|an|the)\s+(?:mistake|error|bad\s+\w+)|should(?:n'?t|\s+not)?\s+"
    # "should have stopped it" blames; "should have a statement ready" is a plan
    r"have(?!\s+(?:a|an|the|some|no|more|one|its|their|our|his|her|this|that)\b)|accidentally|mistakenly|wrongly|carelessly|(?:pushed|deployed|shipped|ran|merged|"
    r"approved|typed|changed|applied|made)\s+(?:\w+\s+){0,2}(?:bad|broken|faulty|wrong|"
    r"untested|buggy|incorrect|erroneous|unreviewed|mistaken))"
)
# "on the data team", "from our storage team", "and her team", "'s team": a person's team
_THEIR_TEAM = (
    r"(?:\s+(?:on|from|in|at)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?team"
    r"|\s+and\s+(?:his|her|their)\s+team|(?:'s|’s)\s+team)?"
)
_ACTOR = (  # case matters: names are capitalised
    r"\b(?P<who>(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)(?:\s+[A-Z][a-z]+)?|[Hh]e|[Ss]he)"
    + _THEIR_TEAM
    + r"\s+(?:(?:just|then|also|probably|apparently)\s+)?(?:"
    + _FAULT
    + r"|caused\s+(?:this|the|that|our|it)\b)\b"
)
# People and outside parties who can be blamed: roles, teams and vendors.
_WHO = (
    r"(?:on-?call(?:\s+engineer)?|engineers?|developers?|operators?|admins?|administrators?|"
    r"interns?|contractors?|new\s+hires?|dbas?|sres?|person|employees?|teams?|vendors?|"
    r"providers?|suppliers?|partners?|consultants?|colleagues?|staff|banks?|agency|agencies)"
)
_ROLE = folded_source(
    r"\b(?:(?:the|an?|our|their|one|one\s+of\s+(?:our|the))\s+(?:[\w-]+(?:'s|’s)?\s+){0,2}?"
    + _WHO
    + r"|someone|somebody)"
    r"(?:\s+(?:on|from|in|at)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?team"
    r"|\s+(?:we|they)\s+(?:hired|use|used|chose|picked|brought\s+in))?"
    r"\s+(?:(?:just|then|also|probably|apparently)\s+)?(?:"
    + _FAULT
    + r"|caused\s+(?:this|the|that|our|it|all|every)\b"
    r"|(?:shipped|pushed|deployed|merged|released|ran|changed|applied)\s+(?:[\w-]+\s+){0,3}?"
    r"without\s+(?:any\s+|a\s+|proper\s+)?(?:review|testing|tests|approval|sign-?off|"
    r"telling|checking|asking))\b",
)
# "is responsible for this outage", "the vendor's fault", "blame sits with", "a fat-finger
# by": fault given to someone without a verb of theirs. Each gap is bounded.
_FAULT_OF = {  # one pattern per shape, each with its own anchors (windows.py)
    "blame-responsible": r"\b(?:is|was|are|were)\s+(?:entirely\s+|fully\s+|squarely\s+|"
    r"solely\s+|wholly\s+)?(?:responsible|to\s+blame|at\s+fault)\s+for\s+(?:this|the|that|"
    r"our|all|every)\s+(?:[\w-]+\s+){0,2}?(?:outages?|incidents?|failures?|problems?|"
    r"mistakes?|errors?|crash|crashes|mess|downtime|disruption|breach|data\s+loss|losses|"
    r"loss|thing)\b",
    "blame-their-fault": r"\b(?:the|our|their|this|that)\s+(?:[\w-]+\s+){0,2}?"
    + _WHO
    + r"(?:'s|’s|s'|s’)\s+(?:own\s+)?(?:fault|mistake|blunder|screw-?up|negligence)\b",
    "blame-lies-with": r"\b(?:blame|responsibility|fault)\s+(?:for\s+(?:[\w-]+\s+){1,4}?)?"
    r"(?:lies|sits|rests|falls|is)\s+(?:squarely\s+|entirely\s+)?(?:with|on)\b",
    "blame-on-them": r"\b(?:is|was)\s+(?:entirely\s+|all\s+|squarely\s+|completely\s+)?on\s+"
    r"(?:the|our|their)\s+(?:[\w-]+\s+){0,2}?" + _WHO + r"(?![\w'’-])",
    "blame-slip-by": r"\b(?:fat-?finger(?:ed)?|mistake|blunder|screw-?up|slip-?up|typo)s?\s+"
    r"(?:made\s+)?by\s+(?:the|our|a|an|one|their)\s+(?:[\w-]+\s+){0,2}?" + _WHO + r"\b",
    "blame-caused-by": r"\bcaused\s+by\s+(?:the|a|an|our|one|their)\s+(?:new\s+|junior\s+)?"
    r"(?:[\w-]+\s+){0,1}?" + _WHO + r"\b",
}
_FAULT_OF = {name: folded_source(pattern) for name, pattern in _FAULT_OF.items()}
# The same with a person's name, where case matters: "a fat-finger by Rachel", "lies with
# Elena", "caused by Greg"; the name is checked by _is_person.
_FAULT_OF_NAME = (
    r"\b(?:[Ff]at-?finger(?:ed)?|[Mm]istake|[Bb]lunder|[Tt]ypo|[Ee]rror)s?\s+(?:made\s+)?by\s+"
    r"(?P<who>[A-Z][a-z]+)\b"
    r"|\b(?:lies|sits|rests|falls)\s+(?:squarely\s+|entirely\s+)?with\s+(?P<who2>[A-Z][a-z]+)\b"
    r"|\bcaused\s+by\s+(?P<who3>[A-Z][a-z]+)\b"
)
# "Marcus from the storage team is responsible for this outage": the subject must be a
# person, a team or an outside party, not a change or a system.
_ACTOR_IN_SUBJECT = folded(r"\b(?:he|she|they|someone|somebody)\b|\b" + _WHO + r"\b")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
_POSSESSIVE = (
    r"\b(?P<who>[A-Z][a-z]+|[Hh]is|[Hh]er)(?:'s|’s)?\s+(?:\w+\s+)?(?:mistake|fault|blunder|"
    r"screw-?up|oversight|negligence|error(?!\s+(?:rate|rates|budget|codes?|messages?|pages?|"
    r"logs?|handling|counts?|spikes?|responses?)))s?\b"
)
_LABELS = folded_source(
    r"\b(?:(?:human|operator|user|engineer|developer|admin|personnel|staff|employee)\s+errors?|"
    r"careless(?:ly|ness)?|negligen(?:t|ce|tly)|incompeten(?:t|ce)|sloppy|sloppiness|"
    r"reckless(?:ly|ness)?|stupid|idiot(?:ic)?|clueless|irresponsible|(?:is|was|are|were)\s+"
    r"to\s+blame|fault\s+lies\s+with|blame[sd]?\s+(?:on|him|her|them))\b",
)

BLAME_MESSAGE = (
    "Faulting a person makes the CEO ask about people instead of the system, and tells "
    "the team that mistakes will be punished, so the next one is hidden."
)
BLAME_SUGGESTION = (
    "describe what the system allowed: 'a configuration change reached production without "
    "the check that would have stopped it'"
)


def _is_person(who: str) -> bool:
    parts = who.split()
    if len(parts) == 2 and parts[0].lower() in NOT_PEOPLE:
        who = parts[1]
    first = who.split()[0]
    if first.lower() in NOT_PEOPLE or who.lower() in NOT_PEOPLE:
        return False
    if first.lower() in ("he", "she", "his", "her"):
        return True
    return bool(_NAME_SHAPE.match(first)) and not first.lower().endswith(_NOT_NAME_ENDINGS)


def _names_someone(subject: str, known_terms: frozenset[str]) -> bool:
    if _ACTOR_IN_SUBJECT.search(subject.lower()):
        return True
    words = _CAPITALISED.findall(subject)
    return any(w.lower() not in known_terms and _is_person(w) for w in words)


def blame(text: str, low: str, known_terms: frozenset[str], find: Find) -> Iterator[Hit]:
    """`low` is `text` folded to lower case (phrases.fold), for the patterns that ignore
    case; names are found in the original."""
    for name, string in (("blame-label", low), ("blame-role", low)):
        for _, match in find(name, string):
            yield Hit(name, "blame", "error", *match.span(), BLAME_MESSAGE, BLAME_SUGGESTION)
    for name in _FAULT_OF:
        for (begin, _), match in find(name, low):
            if name == "blame-responsible":
                subject = re.split(r"[,;:]", text[begin : match.start()])[-1]
                if not _names_someone(subject, known_terms):
                    continue  # "the release check is responsible for ..." names no one
            yield Hit(name, "blame", "error", *match.span(), BLAME_MESSAGE, BLAME_SUGGESTION)
    for _, match in find("blame-fault-of-name", text):
        who = match.group("who") or match.group("who2") or match.group("who3")
        if who.lower() not in known_terms and _is_person(who):
            yield Hit(
                "blame-fault-of-name",
                "blame",
                "error",
                *match.span(),
                BLAME_MESSAGE,
                BLAME_SUGGESTION,
            )
    for name in ("blame-person", "blame-possessive"):
        for _, match in find(name, text):
            who = match.group("who")
            if who.lower() in known_terms or who.split()[0].lower() in known_terms:
                continue
            if _is_person(who):
                yield Hit(name, "blame", "error", *match.span(), BLAME_MESSAGE, BLAME_SUGGESTION)


_PASSIVE = folded_source(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being|are\s+being|was\s+being|"
    r"were\s+being|got)\s+(?:(?:accidentally|mistakenly|wrongly|incorrectly|somehow|apparently|"
    r"then|also)\s+)?(?:made(?!\s+(?:available|public|whole))|deleted|dropped|misconfigured|"
    r"removed|disabled|broken|missed|overlooked|skipped|ignored|turned\s+off|switched\s+off|"
    r"introduced|bypassed|overwritten|wiped|forgotten|mishandled|mistyped|rushed|"
    r"pushed|left\s+(?:on|off|open|unpatched|enabled|disabled)|not\s+(?:caught|noticed|tested|"
    r"checked|reviewed|followed|updated|patched|renewed|rotated|escalated))\b"
    r"(?!\s+by\b(?!\s+(?:mistake|accident|error)))",
)
_NOTHING_HIDDEN = folded(r"\b(?:no|nothing|none|neither|nor|never|not\s+a)\b")


def passive(low: str, find: Find) -> Iterator[Hit]:
    for (begin, _), match in find("passive-hidden-actor", low):
        subject = re.split(r"[,;:]", low[begin : match.start()])[-1]
        if _NOTHING_HIDDEN.search(subject):
            continue
        yield Hit(
            "passive-hidden-actor",
            "passive-voice",
            "warning",
            *match.span(),
            "Passive voice hides who or what acted; a CEO hears evasion.",
            "name the actor, a system or a team rather than a person: 'our release process "
            "skipped the check'",
        )


_CAUSE_AS_FACT = folded_source(
    r"\b(?:(?:the\s+)?root\s+cause\s+(?:was|is|has\s+been)|the\s+cause\s+(?:was|is)|"
    r"(?:was|were|is|are)\s+(?:caused|triggered)\s+by|(?:was|is)\s+the\s+(?:root\s+)?cause|"
    r"caused\s+(?:this|the|it|our)|resulted\s+from)\b"
    r"(?!\s+(?:not|still|unknown|unclear|under|being|likely|probably|believed|thought|"
    r"suspected|yet|not\s+yet|to\s+be|confirmed|known|clear|identified|found))",
)
_SURE = folded_source(
    r"\b(?:definitely|certainly|undoubtedly|unquestionably|without\s+(?:a|any)\s+doubt|"
    r"beyond\s+(?:any|a)\s+doubt|for\s+sure|100%\s+sure|absolutely\s+sure|no\s+doubt|"
    r"we\s+know\s+(?:exactly|for\s+certain|for\s+sure))\b",
)
_FRAMED = folded(
    r"\b(?:suggests?|likely|believe|appears?|seems|may|might|suspect(?:ed)?|probably|"
    r"first\s+look|initial|preliminary|so\s+far|current(?:ly)?|working\s+theory|hypothes\w+|"
    r"looks\s+like|points?\s+to|evidence|possible|possibly|could\s+have|until)\b",
)
PENDING = folded_source(
    r"\b(?:still\s+investigating|investigation\s+is\s+(?:still\s+)?(?:ongoing|under\s+way|"
    r"continuing|in\s+progress)|under\s+investigation|(?:analysis|investigation|review|"
    r"postmortem|post-mortem)\s+(?:is\s+)?(?:still\s+)?(?:pending|ongoing|in\s+progress|"
    r"not\s+(?:yet\s+)?(?:done|complete|finished))|not\s+yet\s+(?:known|confirmed|clear)|"
    r"we\s+are\s+still\s+(?:looking|working\s+out|investigating|trying)|to\s+be\s+confirmed|"
    r"yet\s+to\s+be\s+confirmed|still\s+unconfirmed|TBD)\b",
)


# A cause claimed as known ("we are certain it was", "the cause is clear") ...
_CLAIMED = {
    "certainty-claimed-sure": r"\b(?:(?:we|i)\s+(?:are|am)|we'?re|i'?m)\s+(?:absolutely\s+|"
    r"completely\s+|quite\s+|totally\s+)?(?:certain|sure|positive|confident|convinced)\s+"
    r"(?:that\s+)?(?:it\s+was|it'?s|this\s+was|the\s+(?:root\s+)?cause|the\s+problem\s+was)\b",
    "certainty-claimed-known": r"\bwe\s+know\s+(?:that\s+|exactly\s+|for\s+sure\s+)?"
    r"(?:it\s+was|this\s+was|what\s+(?:broke|caused|happened|went\s+wrong)|"
    r"the\s+(?:root\s+)?cause)\b",
    "certainty-claimed-no-doubt": r"\bthere\s+is\s+no\s+(?:question|doubt)\s+(?:that\s+)?"
    r"(?:it\s+was|this\s+was|the)\b",
    "certainty-claimed-clear": r"\bthe\s+(?:root\s+)?cause\s+is\s+(?:clear|obvious|known|"
    r"certain)\b",
}
_CLAIMED = {name: folded_source(pattern) for name, pattern in _CLAIMED.items()}
# ... while the same sentence says the work to know it is not done.
_NOT_DONE = folded(
    r"\b(?:but|though|although|pending|still|yet|unconfirmed|continues|continuing|ongoing|"
    r"under\s+way|not\s+(?:yet\s+)?(?:finished|done|complete|confirmed|in)|haven'?t|hasn'?t|"
    r"isn'?t\s+in|aren'?t\s+in)\b"
)


def certainty(low: str, find: Find, *, unconfirmed: bool) -> Iterator[Hit]:
    """Certainty words while the cause is unconfirmed, and every cause stated as fact: the
    checker keeps those only while the cause is suspected or the text says it is pending
    (a text-wide fact, so it is decided over the whole text, not here)."""
    if unconfirmed:
        for _, match in find("certainty-absolute", low):
            yield Hit(
                "certainty-absolute",
                "certainty",
                "error",
                *match.span(),
                "Certainty words turn a guess into a claim; if the analysis changes it, the CEO "
                "has already repeated it.",
                "say how sure you are and why: 'the evidence so far points to'",
            )
    for (begin, end), match in (m for name in _CLAIMED for m in find(name, low)):
        if _NOT_DONE.search(low, match.end(), end) or _NOT_DONE.search(low, begin, match.start()):
            yield Hit(
                "certainty-contradicted",
                "certainty",
                "error",
                *match.span(),
                "The sentence claims the cause is known and, in the same breath, that the work "
                "to know it is not done; the CEO will repeat the first half.",
                "say what the evidence points to and when it will be confirmed: 'the evidence "
                "so far points to the network; we will confirm by Thursday'",
            )
    for span, match in find("certainty-cause-as-fact", low):
        if _FRAMED.search(low, *span):
            continue  # "our first look suggests the cause was ..." is careful framing
        yield Hit(
            "certainty-cause-as-fact",
            "certainty",
            "error",
            *match.span(),
            "The cause is still suspected; stated as fact, it may have to be taken back later.",
            "our initial investigation suggests the cause is",
        )


# The source of every pattern above by the name the checker knows it by (patterns.py
# compiles each when first needed). The checker runs each one only in the sentences that
# hold its anchors (anchors.py, generated from these).
PATTERNS: dict[str, str] = {
    "blame-label": _LABELS,
    "blame-role": _ROLE,
    "blame-person": _ACTOR,
    "blame-possessive": _POSSESSIVE,
    **_FAULT_OF,
    "blame-fault-of-name": _FAULT_OF_NAME,
    "passive-hidden-actor": _PASSIVE,
    "certainty-absolute": _SURE,
    "certainty-cause-as-fact": _CAUSE_AS_FACT,
    **_CLAIMED,
    "pending": PENDING,
}
FAULT_OF_NAMES: tuple[str, ...] = tuple(_FAULT_OF)
CLAIMED_NAMES: tuple[str, ...] = tuple(_CLAIMED)
