"""Phrase-level patterns for the English count extractor (``casualties``).

Why a module of its own: ``casualties`` reads counts from a token stream (a number tied to a
casualty word); some figures are written as a phrase instead, and are found, set aside or
rewritten on the lowercase sentence before the tokens are read:

- **asides** set aside like brackets: "(...)", " - a grandmother and her son - ", ", aged 9
  and 13,", "including ...", ", two of them women,", "of one family";
- **rewrites** to a casualty word the token reader knows: wounds said by where the wounded
  went ("taken to hospital with injuries", "still in hospital", "treated for burns", "being
  treated", "escaped with light injuries", "lost a leg" -> hospitalised / injured; "leaving 14
  people in hospital" -> "injuring 14 people");
- **tolls** read whole: "the death toll ... has risen to 14", "the number of Palestinians
  killed ... rose to nine", "the number of injured rose to 48", "claimed the lives of 12",
  "putting its losses at four", "two suicide bombers blew themselves up".

Every pattern has substrings without which it cannot match (``*_NEED``): most sentences skip
them all at the cost of a few ``in`` tests.
"""

from __future__ import annotations

import re

from streams.classify.lang.en.numbers import UNITS

__all__ = ["EXTRA", "WOUND_PHRASES", "has_any", "prepare"]

_REMOVE = re.compile(
    r"\[[^\]]*\]|\([^)]*\)|\s[-–—]\s[^-–—.;]{1,80}?\s[-–—]\s"
    r"|,?\s*\baged \d+(?:\s*(?:and|,|to|-)\s*\d+)*\b\s*,?"
    r"|,\s*(?:an?|one|\d+|[a-z]+(?:-[a-z]+)?) (?:[a-z-]+ ){0,2}?among them\s*(?:,|(?=[;.])|$)"
    r"|,\s*(?:\d+|[a-z]+(?:-[a-z]+)?) of them\b[^,;.]*?(?:,|(?=[;.])|$)"
    r"|,?\s*\b(?:including|among them|among whom|of whom|mostly|mainly|most of them"
    r"|many of them)\b[^,;.]*?"
    r"(?:,|(?=\s(?:were|was|have|had|are|is|died|killed)\b)|(?=[;.])|$)"
    # a clause about the one person named before it: "the driver, who managed to jump out,",
    # "a fourth resident, a man of 70,"
    r"|,\s*who\s[^,;.]{1,60},(?=\s(?:was|were|had|has)\b)"
    r"|,\s*an?\s(?:[a-z-]+\s){0,2}?of\s\d{1,3},(?=\s(?:was|were|had|has)\b)",
)
_REMOVE_NEED = (
    "[",
    "(",
    " - ",
    " – ",
    " — ",
    "aged ",
    "including",
    "among them",
    "among whom",
    "of whom",
    "mostly",
    "mainly",
    "of them",
    ", who ",
    ", a ",
    ", an ",
)
# "five members of one family": the family is not a figure of its own.
_ONE_FAMILY = re.compile(r"\bof (?:one|a single|the same) (?:family|household|clan)\b")
_ONE_FAMILY_NEED = ("of one ", "of a single ", "of the same ")
_WHEN = re.compile(
    r"\b(?:(?:on|early|late|last|this) )?(?:(?:on )?(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)"
    r"|yesterday|today|overnight|last night|this morning|this week)(?: (?:morning|evening|night"
    r"|afternoon))?\b"
)
_WHEN_NEED = ("day", "night", "this morning", "this week")

_WOUNDS = r"(?:injuries|injury|wounds|burns|shrapnel|fractures|cuts)"
# Wounds said by where the wounded went or what they lost: rewritten to a wound word.
_HOSPITALISED = re.compile(
    r"\b(?:taken|rushed|admitted|brought|evacuated|airlifted|transferred|transported)"
    r" to (?:a |the )?(?:[a-z-]+ ){0,2}?(?:hospitals?|clinics?)\b(?: with (?:[a-z-]+ ){0,3}?"
    + _WOUNDS
    + r")?"
    r"|\b(?:still|remain|remained|remaining) in (?:a |the )?hospital\b"
    r"|\b(?:receiving|received|getting|got|undergoing)"
    r" (?:medical |hospital |emergency )?treatment\b"
    r"|\b(?:being|been) treated\b(?=\s*(?:for|in|at|after|following|[,.;]|$))"
    r"(?: (?:in|at) (?:a |the )?(?:[a-z-]+ )?hospitals?\b)?"
    r"(?: for (?:[a-z-]+ ){0,2}?" + _WOUNDS + r")?"
    r"|\btreated (?:(?:in|at) (?:a |the )?(?:[a-z-]+ )?hospitals?|for (?:[a-z-]+ ){0,2}?"
    + _WOUNDS
    + r")\b"
)
_HOSPITALISED_NEED = ("hospital", "clinic", "treated", "treatment")
_WOUNDED_AND_HOSPITALISED = re.compile(
    r"\b(wounded|injured|hurt|burned|burnt)(?:,? and| then) (?:later )?hospitalised\b"
)
# "leaving 14 people in hospital": the figure after the verb, as "injuring 14 people".
_LEFT_IN_HOSPITAL = re.compile(
    r"\b(?:leaving|left) ((?:[\w,-]+ ){1,4}?)(?:still )?in (?:a |the )?(?:[a-z-]+ )?hospitals?\b"
)
# A wound said by the body part or by the rescue ("lost a leg", "shot in the thigh", "pulled
# from the rubble with burns"): rewritten here, and a casualty cue (``lexicon.CAS_STRONG``).
WOUND_PHRASES = (
    r"\blost (?:a|an|one|his|her|their|both)(?: of (?:his|her|their))? "
    r"(?:legs?|arms?|eyes?|hands?|feet|foot|limbs?)\b"
    r"|\bshot in the (?:legs?|arms?|foot|feet|hand|thigh|knee|shoulder|back|stomach|abdomen"
    r"|chest)\b"
    r"|\b(?:pulled|rescued|dug|freed) (?:\w+ ){0,4}?with (?:severe |serious |light |minor )?"
    r"(?:burns|injuries|wounds)\b"
)
_INJURED = re.compile(
    r"\b(?:escaped|survived|got away|walked away) with (?:[a-z-]+ ){0,2}?" + _WOUNDS + r"\b"
    r"|\bwith (?:a |two )?(?:broken|fractured|shattered)"
    r" (?:legs?|arms?|ribs?|bones?|hips?|skull|jaw)\b"
    r"|\b(?:badly|severely|seriously|critically) burn(?:ed|t)\b"
    r"|" + WOUND_PHRASES
)
_INJURED_NEED = (
    "escaped with",
    "survived with",
    "got away with",
    "walked away with",
    "lost ",
    "broken",
    "fractured",
    "shattered",
    "burn",
    "shot in the",
    "pulled ",
    "rescued ",
    "dug ",
    "freed ",
)

# A number word (not just any word: "the toll ... in the village of Solhan has risen to 160").
_NUM_WORD = "(?:" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")(?:-[a-z]+)?"
_FIGURE = (
    r"(?P<q>at least |more than |over |nearly |almost |about |around "
    r"|some )?(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + _NUM_WORD + r")\b"
)
# The toll's verb: a plain one right after a gap of words; one that says the toll moved
# ("has risen to", "climbed to") also after commas ("in the village of X, in Y region, has
# risen to 32").
_TOLL_TAIL = (
    r"(?:(?:\s+[\w'’-]+){0,16}?\s+(?:to|at|of|reached|hit|hits|is|was|stands at|stood at)"
    r"|(?:,?\s+[\w'’-]+){0,22}?,?\s+(?:has |had |have )?(?:risen|rose|rises|climbed|climbs"
    r"|jumped|grown|grew|increased|mounted|reached|stands|stood)(?: to| at)?)\s+"
)
_TOLL = re.compile(
    r"\b(?:death toll|toll|number of (?:[a-z'’-]+ ){0,2}?(?:dead|deaths|killed|fatalities)"
    r"(?! (?:and|or) (?:injured|wounded|hurt)))\b" + _TOLL_TAIL + _FIGURE
)
# "four more bodies were found, bringing the total to 27": the toll, said by its running total
_TOTAL = re.compile(
    r"\b(?:bringing|taking|raising|pushing) the (?:total|overall (?:toll|figure|count))"
    r" (?:number )?(?:of (?:dead|deaths|bodies|those killed) )?to " + _FIGURE
)
_WOUND_TOLL = re.compile(
    r"\b(?:number of (?:[a-z'’-]+ ){0,2}?(?:injured|wounded|injuries)"
    r"(?! (?:and|or) (?:killed|dead))|(?:injury|wounded) toll)\b" + _TOLL_TAIL + _FIGURE
)
# "putting its losses at four": a side's own count of its dead.
_PUT_AT = re.compile(
    r"\b(?:put|puts|putting|placed|placing|estimated|estimating) (?:the|its|their|his|her)"
    r" (?:own )?(?:death toll|toll|losses|dead) at " + _FIGURE
)
_SELF = re.compile(
    r"\b(?P<q>at least |more than |over |about |some )?(?P<n>\d+"
    r"|[a-z]+(?:-[a-z]+)?) (?:suspected |would-be |alleged |female |male )?(?:suicide )?"
    r"(?:bombers?|attackers?|assailants?|militants?|gunmen|gunman|terrorists?) [^.;]{0,60}?"
    r"(?:(?:blew|blow|blowing|blown) (?:themselves|himself|herself) up|(?:killing|killed"
    r"|detonated|detonating) (?:themselves|himself|herself))\b",
)
_LIVES_OF = re.compile(
    r"\b(?:claim\w*|took|taken|cost) the lives of\s+(?P<q>at least |more than |over |nearly "
    r"|about |some )?"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[a-z]+(?:-[a-z]+)?)\b",
)
# (pattern, substrings it needs, kind of the figure)
EXTRA: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...] = (
    (_TOLL, ("toll", "number of"), "killed"),
    (_TOTAL, ("the total", "the overall"), "killed"),
    (_WOUND_TOLL, ("number of", "injury toll", "wounded toll"), "wounded"),
    (_PUT_AT, ("losses at", "toll at", "dead at"), "killed"),
    (_LIVES_OF, ("the lives of",), "killed"),
    (_SELF, ("themselves", "himself", "herself"), "killed"),
)


def has_any(text: str, needles: tuple[str, ...]) -> bool:
    for n in needles:  # noqa: SIM110 (a loop is faster than any() here)
        if n in text:
            return True
    return False


def prepare(lower: str) -> str:
    """The lowercase sentence with its asides set aside, its day words dropped and its wounds
    said by a hospital or a lost limb rewritten (see the module doc)."""
    if has_any(lower, _REMOVE_NEED):
        lower = _REMOVE.sub(" ", lower)
    if has_any(lower, _ONE_FAMILY_NEED):
        lower = _ONE_FAMILY.sub(" ", lower)
    if has_any(lower, _WHEN_NEED):
        lower = _WHEN.sub(" ", lower)
    if has_any(lower, _HOSPITALISED_NEED):
        if "left" in lower or "leaving" in lower:
            lower = _LEFT_IN_HOSPITAL.sub(r"injuring \1", lower)
        lower = _HOSPITALISED.sub("hospitalised", lower)
        if "hospitalised" in lower:
            # "19 were wounded and taken to hospital": one group said twice, not two
            lower = _WOUNDED_AND_HOSPITALISED.sub(r"\1", lower)
    if has_any(lower, _INJURED_NEED):
        lower = _INJURED.sub("injured", lower)
        if "hospitalised" in lower:  # "pulled out with burns and taken to hospital": one
            lower = _WOUNDED_AND_HOSPITALISED.sub(r"\1", lower)
    return lower
