# ruff: noqa: E501  (long regular-expression alternations read better unbroken)
"""The verdict slot of the denial frame: what an actor says *of* a claim, by semantic class.

Sets H to K showed that a verdict written as one word list fixes the set it came from and
misses the next set's metaphors ("pure theatre"), provenance ("edited from two clips") and
contradictions ("contrary to Moscow's briefing"). The slot is therefore built from the
*definition* of a rebuttal: saying of a claim that it is not true, or how it came to be said
although it is not true. Each class below is one such definition, filled with the word
families (stems, so every inflection counts) that a dictionary gives for it, not with the
wordings of a particular snippet. A new verdict then needs a new *meaning* to be missed, not
a new word: "a charade", "a farce" and "a circus" are all the performance class.

The classes (every one is said of a claim object the frame has already found, by a speaker
with a verb of saying, in an item about the conflict; see ``acts.denial_act``):

- ``falsehood``: the claim is not true (false, a lie, fiction, a myth, nonsense, absurd);
- ``fabrication``: the claim or its material was made, altered or arranged (fabricated,
  manufactured, doctored, edited, spliced, staged, scripted, a montage, actors, costumes);
- ``performance``: it is said to serve a purpose, not to inform (propaganda, theatre, a
  stunt, a charade, a smear, a provocation, a pretext, meant to justify or discredit);
- ``distortion``: true in part but wrong in degree or sense (exaggerated, inflated,
  overstated, distorted, misread, out of context, several times over);
- ``weak_sourcing``: not established (hearsay, rumour, unverified, speculation, sloppy,
  flawed, biased, lacking any basis, not a shred of evidence);
- ``non_correspondence``: does not fit the facts (no resemblance, at odds with, contrary to,
  did not match reality, nothing to do with, alive).

Provenance (material "filmed during an exercise", "taken in another country years ago",
"from a different war") is a class of its own in :data:`PROVENANCE`, since it is said with a
passive verb after the media noun rather than as a predicate.
"""

from __future__ import annotations

import re

__all__ = ["CLASSES", "PROVENANCE", "VERDICT"]

# Intensifiers and articles that may stand between the claim and its verdict are not listed:
# the frame looks for a verdict anywhere in a window after the claim noun.
CLASSES: dict[str, str] = {
    "falsehood": (
        r"false\w*|untrue|untruths?|lie|lies|lying|liars?|fake\w*|fiction\w*|fictitious|fantas\w+|fairy|figment|myths?|fables?"
        r"|hoax\w*|invent\w+|nonsense|absurd\w*|grotesque|preposterous|ludicrous|ridiculous|baseless|groundless|unfounded"
        r"|bogus|spurious|wrong|errors?|erroneous|inaccura\w+|incorrect|mistaken|canards?|tall tales?|not true"
    ),
    "fabrication": (
        r"fabricat\w+|manufactur\w+|concoct\w+|made[- ]up|cooked up|stitched|splic\w+|edited|montage|doctored|forg\w+"
        r"|photoshop\w*|altered|manipulat\w+|tamper\w*|staged|scripted|rehears\w+|choreograph\w+|costumes?|actors?"
        r"|props|deepfakes?|generated|recycled|recirculated|repurposed|(?:out of|from) thin air|plucked|dreamed up|dreamt up"
    ),
    "performance": (
        r"propaganda|theat(?:re|er|rics|rical\w*)|stunts?|charades?|farce\w*|circus|pantomime|spectacle|performance"
        r"|publicity|smear\w*|slander\w*|libel\w*|conspirac\w+|provocat\w+|disinformation|misinformation|psy-?ops?|hysteri\w+"
        r"|(?:media|information|propaganda|smear|negative|disinformation|pr) (?:war|campaign|operation|exercise|offensive|attack)"
        r"|cover(?:-up| up| for)|pretext|excuse|justif\w+|distract\w*|discredit\w*|tarnish\w*|deflect\w*|demoni[sz]\w+"
        r"|panic|wishful|domestic (?:audience|consumption)|smoke ?screens?|ploys?|tricks?|diversion\w*|to hide (?:its|their|his|her) own"
    ),
    "distortion": (
        r"exaggerat\w+|inflated|overstat\w+|distort\w*|twist\w*|misrepresent\w*|misread|misinterpret\w*|mislead\w*"
        r"|skewed|out of context|times over|wildly"
    ),
    "weak_sourcing": (
        r"hearsay|rumou?rs?|unverified|unconfirmed|unsubstantiated|uncorroborated|speculat\w+|conjectur\w*|guesswork"
        r"|sloppy|shoddy|flawed|biased|one-sided|unreliable|not credible|not a shred|face value"
        r"|(?:not|never|n't|nor|fail\w* to) (?:stand|stood|standing|hold|held|holding) (?:up|water)|no water"
        r"|(?:devoid of|lack\w*|without|no) (?:any )?(?:[\w-]+ )?(?:basis|foundation|grounds|evidence|proof|substance|truth)"
    ),
    "non_correspondence": (
        r"no (?:resemblance|relation)|odds with|contrary to|inconsistent with|belied|nothing to do with|alive"
        r"|not (?:match|reflect|correspond)\w*"
    ),
}
VERDICT = "(?:" + "|".join(CLASSES.values()) + ")"

# Provenance of media material: the claim's pictures were made elsewhere, earlier, or in a drill.
_MEDIA = (
    r"(?:videos?|footage|clips?|photo(?:graph)?s?|images?|pictures?|recordings?|films?|imagery)"
)
PROVENANCE = re.compile(
    rf"\b{_MEDIA}\b(?:[^.;]{{0,80}}?)\b(?:had been|has been|have been|was|were|been) (?:\w+ )?"
    r"(?:filmed|shot|taken|recorded|made|produced|edited|spliced|cut|created|generated|staged|lifted|copied|posted|published)"
    r" (?:[\w'’-]+ ){0,3}?(?:during|in (?:an?|another|a different|the|(?:19|20)\d\d)|at (?:an?|a different)|from|years|months|last|before|elsewhere|outside|abroad)\b"
    rf"|\b{_MEDIA}\b(?:[^.;]{{0,60}}?)\b(?:was|were|is|are|came) from (?:an?|another|a different|an earlier|a previous) (?:[\w-]+ )?(?:war|conflict|year|country|exercise|drill|film|incident|decade)\b"
    # "the videos circulating online were old", "footage of burning trucks was from 2021"
    rf"|\b{_MEDIA}\b(?:[^.;]{{0,60}}?)\b(?:was|were|is|are) (?:old|outdated|years old|(?:from|dated from|dating from|dating back to) (?:19|20)\d\d)\b"
)
