# ruff: noqa: E501  (long regular-expression alternations read better unbroken)
"""Acts, not words: clause-level frames for denial and diplomacy.

The cue lexicons (``lexicon``) list wordings; each blind set brought wordings they lacked
(docs/classification.md, sets C to I). These frames model the act instead, over what the
stages already compute (the sentence, its lowercase text and cue bits):

- **denial**: an actor (a speaker with a verb of saying) says that a claim is not true. Three
  shapes, each with open slots:
  - *claim + verdict*: a claim object (report, account, figure, list, footage, ...) and,
    after it, a predicate of untruth, of a motive for saying it (propaganda, a cover, meant to
    justify, ...) or of non-correspondence (misread, riddled with errors, no resemblance);
  - *the actor's own act negated*: the speaker, its forces or "it/they/we" as subject, then
    a negation and a conflict act or presence ("had not fired a single shell", "its fighters
    were not in the town", "none of its troops were operating", "no Russian aircraft had
    flown over"), or the event itself negated ("the ceremony had not been bombed", "there
    had been no clash");
  - *contrast*: "X, not Y as Z claimed".
- **diplomatic**: two parties (states, their capitals and institutions, blocs, a government
  and an armed group) doing something to each other by diplomatic means: a joint act by a
  dual subject ("both countries agreed", "Pyongyang and Moscow agreed", "delegates from the
  government and the armed group sat down"), a directed act from one party to another
  ("Washington told Israel", "Georgia handed over to Russia a list of detainees", "Jordan's
  king telephoned the Palestinian president"), or recognition.

Each frame returns a match whose sentence is the label's evidence, as the cue rules do.
Everything is pure and thread-safe (the party tables are built once, lazily, under the
gazetteer's own lock).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from streams.classify._gate import GATES
from streams.classify._gazetteer import get_gazetteer
from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.verdicts import PROVENANCE, VERDICT

__all__ = [
    "conflict_context",
    "dated",
    "denial_act",
    "diplomatic_act",
    "parties",
    "state_strike",
]

# --- denial -------------------------------------------------------------------------------------
# A verb of saying (or of maintaining) with its actor before it.
_SPEECH = re.compile(
    r"\b(?:said|says|say|insisted|insists|maintained|maintains|stated|states|told|added|argued|countered"
    r"|called|calls|described|describes|dismissed|dismisses|declared|asserted|stressed|claimed|according to|saying)\b"
)
# What a denial is about: the other side's claim, account or material.
_CLAIM = (
    r"(?:reports?|claims?|allegations?|accusations?|charges?|accounts?|versions?|stor(?:y|ies)|figures?|toll|tall(?:y|ies)|number|counts?"
    r"|numbers|lists?|footage|videos?|photo(?:graph)?s?|pictures|images|statements?|assertions?|findings|rumou?rs?"
    r"|talk of|narratives?|testimon(?:y|ies)|estimates?|findings?|notion|suggestions?|briefings?|dossiers?|clips?"
    r"|recordings?|image|picture|analys[ie]s|assessments?|data)"
)
# A predicate on the claim: its semantic classes are in ``verdicts`` (falsehood, fabrication,
# performance, distortion, weak sourcing, non-correspondence), plus the provenance of media
# material said as a predicate ("taken during an exercise", "dated from").
_VERDICT = (
    rf"(?:{VERDICT}|taken (?:during|in|at) (?:an? )?(?:\w+ ){{0,2}}(?:exercise|drill|earlier|years? ago)"
    r"|dated from|years earlier)"
)
_CLAIM_RX = re.compile(rf"\b{_CLAIM}\b")
_VERDICT_RX = re.compile(rf"\b{_VERDICT}\b")
_VERDICT_AFTER = 140  # characters from the claim to its verdict
# The actor's own side or the event, negated: "it had not fired", "its fighters were not in the
# town", "none of its troops were operating", "no Russian aircraft had flown over".
_SELF = r"(?:it|they|we|he|its|their|our|his|the (?:army|military|air force|navy|ministry|force|forces|troops|rebels|group|militia|movement|junta|police|government|coalition|unit|brigade|battalion))"
_NEG = r"(?:not|never|no longer)"
_ACT = (
    r"(?:fired?|firing|shell\w*|launch\w*|bomb\w*|attack\w*|strike|struck|hit|target\w*|kill\w*|shot|shoot\w*"
    r"|enter\w*|cross\w*|flown|fly|flew|operat\w*|deploy\w*|present|stationed|involved|responsible|behind|in the (?:town|area|village|city|district|region|camp|valley|zone)"
    r"|(?:in|at|inside|near|anywhere near) (?:the|that|this|any) [\w-]+|inside|(?:come|came) from|from (?:his|its|their|our) (?:\w+ )?(?:brigade|unit|battalion|division|forces|army|ranks)"
    r"|(?:taken|take) part|participat\w*|use[ds]?|carr(?:y|ied) out|(?:set|setting) foot|anywhere (?:in|near|inside|around|close to)"
    r"|owned|own|possess\w*|acquired|had in (?:its|their) (?:arsenal|inventory)|plant\w*|detonat\w*|placed|laid)"
)
# found from the negated verb back to its subject (a regex anchored on the negation is far
# cheaper than one that starts at every "the" and "it")
_NEGATED_ACT = re.compile(
    rf"\b(?:had|has|have|was|were|is|are|did|does|do)\s+{_NEG}\s+(?:been\s+|even\s+|once\s+)?{_ACT}\b"
)
_SELF_BEFORE = re.compile(rf"\b{_SELF}\b(?:\s+[\w'’-]+){{0,4}}\s*$")
_SELF_NEGATED = re.compile(
    rf"\bnone of (?:its|their|our|his|the) (?:[\w-]+ ){{0,2}}?(?:had|has|have|was|were|is|are)\s+(?:been\s+)?{_ACT}\b"
    rf"|\bno (?:[\w-]+ ){{0,2}}?(?:aircraft|planes?|jets?|helicopters?|drones?|troops|soldiers|forces|units|ships?|vessels|warships|missiles?|shells?|rockets?) (?:had|has|have|was|were) (?:been )?(?:flown|flying|operat\w*|fired|launched|crossed|entered|deployed|hit|struck|sunk|damaged|present)\b"
    rf"|\b(?:had|has|have) (?:played )?no (?:part|role|hand) in\b"
    # inversion: "at no point did our forces use chemical agents"
    rf"|\bat no (?:point|time|stage|moment) (?:did|had|has|have|were|was) (?:its|our|their|the|any) (?:[\w-]+ ){{0,2}}?{_ACT}\b"
)
# The event itself said not to have happened.
_EVENT_NEGATED = re.compile(
    r"\b(?:had|has|have|was|were) not been (?:bombed|shelled|hit|attacked|struck|targeted|destroyed|damaged|looted|burned|burnt)\b"
    r"|\bthere (?:had been|has been|have been|was|were) no (?:clash\w*|fighting|attacks?|battles?|firing|shooting|shelling|incidents?|massacres?|raids?|strikes?|bombing)\b"
    r"|\bnot a shred of truth\b|\b(?:found|find|finds|has|had|have) no (?:record|trace|sign|indication)s? (?:of|that)\b"
    r"|\b(?:had|has|have|was|were|did|does) not (?:come|came|originat\w*) from\b"
    r"|\b(?:had|has|have|was|were) not been (?:carried out|conducted|launched|fired|ordered) by\b"
    r"|\b(?:did|does|do) not exist|\bnever existed\b"
    # the event said not to have happened at all: "the so-called massacre had never taken place"
    r"|\bnever (?:taken|took) place|\b(?:had|has|have) not taken place|\b(?:did|does) not (?:take place|happen|occur)\b"
    r"|\bnever (?:happened|occurred)\b|\bnothing of the (?:sort|kind)\b"
    # the other side's burden of proof: "had not produced a shred of evidence"
    r"|\b(?:had|has|have|did|does|do) not (?:produced?|provided?|offered?|presented?|shown|show|given|give|submitted?|shared?)"
    r" (?:a (?:shred|scrap|single piece|bit) of |any |a single |one |the slightest )?(?:evidence|proof)\b"
    r"|\bfailed to (?:produce|provide|offer|present|show|give|submit|share) (?:a (?:shred|scrap|single piece) of |any |a single )?(?:evidence|proof)\b"
    # impossibility: "could not have fired the rockets"
    r"|\b(?:could|can)(?:not| not|n't) (?:possibly )?have (?:been )?(?:fired|launched|carried out|conducted|struck|hit|shelled|bombed|reached|been (?:responsible|behind|involved))\b"
)
# The actor's act with a null object: "its aircraft carried out no operations", "it had
# launched nothing at the city", "the navy lost no vessels" (the subject is read back, as for
# the negated verb).
_NULL_ACT = re.compile(
    r"\b(?:carried out|conducted|launched|fired|flew|dropped|sent|deployed|lost|suffered|sustained|used|shelled|targeted)"
    r" (?:no|nothing|not a single|not one|zero)\b"
)
# The other side's claim said to contradict the speaker's facts ("contrary to Moscow's
# briefing", "contrary to what rebel channels have claimed"), or to have mistaken one thing for
# another ("had mistaken a training camp for a mass grave").
_REBUTTAL = re.compile(
    r"\bcontrary to (?:what|the|[\w-]+['’]s?|[\w-]+ (?:claims?|reports?|accounts?|statements?))"
    r"|\bodds with (?:what|the|[\w-]+['’]s?)"
    r"|\b(?:mistaken|mistook|confused|misidentified|mislabell?ed) (?:[\w'’-]+ ){1,5}?(?:for|with|as)\b"
)
# A person shown said not to be what the claim calls him: "was not one of its soldiers" (run
# only with a negation word, as the other negated shapes).
_NOT_OURS = re.compile(
    r"\b(?:was|were) not (?:an? |one of (?:its|our|their) )(?:[\w-]+ )?(?:soldiers?|fighters?|servicem[ae]n|officers?|members?|pilots?|troops)\b"
    r"|\b(?:was|were|are|is) not (?:members?|part) of (?:its|our|their|the) (?:[\w-]+ )?(?:forces|units?|army|ranks|group|movement|militia|brigade)\b"
)
# Verbs that reject a claim by themselves, with the claim as their object: "took issue with
# the army's account", "hit back at Baku's assertion", "laughed off the tally", "pushed back on
# the ministry's numbers", "poured cold water on reports". No verb of saying is needed: the
# verb is the saying.
_REBUT = re.compile(
    r"\b(?:(?:took|takes|taking|take) issue with|(?:pushed|pushes|pushing|push) back (?:on|against)"
    r"|(?:hit|hits|hitting) back at|(?:laughed|laughs|laughing) off|(?:brushed|brushes|brushing) (?:aside|off)"
    r"|(?:shrugged|shrugs|shrugging) off|(?:waved|waves|waving) (?:away|aside|off)|(?:swatted|swats) (?:away|aside)"
    r"|(?:batted|batting) away|(?:poured|pours|pouring) (?:cold water|scorn) on|(?:scoffed|scoffs|scoffing) at"
    r"|ridiculed|ridicules|ridiculing|rubbished|rubbishes|rubbishing|debunked|debunks|debunking|rebutted|rebuts|rebutting"
    r"|(?:cast|casts|casting) doubt on)\b"
    rf"(?:\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){{0,5}}?){_CLAIM}\b"
)
# A counter-claim by contrast: "the dead were insurgents ..., not shoppers", "the images
# showed a farm, not a missile base".
_COPULA_CONTRAST = re.compile(
    r"\b(?:was|were|is|are|showed|shows|depicted|depicts)\b[^,;.]{1,60},\s+not (?:an? |the )?[\w-]+"
)
# "a militant killed in a firefight, not a shepherd as his family claimed"
_CONTRAST = re.compile(
    r",\s+not (?:an? |the )?[\w-]+(?: [\w-]+)? (?:as|like) (?:[\w'’-]+ ){0,4}?(?:claimed|said|alleged|reported|suggested|insisted)\b"
)
# Words of conflict or of a state actor: a denial is news of the conflict only with one of
# them in the item (the labelling guide's actors: government, army, armed group, official).
_CONFLICT = re.compile(
    r"\b(?:arm(?:y|ies|ed)|military|militar\w+|troops?|soldiers?|forces?|rebels?|militants?|milit\w+|insurgents?|fighters?"
    r"|jihadist\w*|guerrillas?|police|ministry|ministers?|government|spokes\w+|officials?|president|kremlin|pentagon"
    r"|embass\w+|junta|regime|commanders?|authorities|attack\w*|strikes?|struck|shell\w*|bomb\w*|killed|kill\w*|war"
    r"|conflict|cease[- ]?fire|missiles?|drones?|rockets?|artillery|airstrikes?|raid\w*|massacre\w*|border|front\w*"
    r"|general staff|units?|brigades?|battalions?|divisions?|navy|naval|air force|coast guard|defen[cs]e|security|intelligence"
    r"|enemy|coalition|losses|casualt\w+|civilians?|hostages?|prisoners?|kidnap\w*|abduct\w*|weapons?|aircraft|jets?|warplanes?|terror\w*"
    r"|factions?|armed groups?|assault\w*|offensives?|operations?|violence|fighting|clash\w*|battles?|ambush\w*|hostilities|genocide"
    r"|war crimes?|atrocit\w+|loot\w*|displaced|refugees?|occupation|occupied|annex\w*|sovereignty|territor\w+|airspace"
    r"|incursions?|envoys?|diplomat\w*|espionage|spy|spies|sabotage|governors?|mayors?|administration|officers?"
    r"|garrisons?|patrols?|gunners?|pilots?)\b"
)


def denial_act(low: str, mask: int) -> re.Match[str] | None:
    """The denial frame of a lowercase sentence (``mask`` its word-gate bits), or None. Needs
    a verb of saying (the actor's act), then one of the shapes above."""
    contrast = ", not " in low
    verdict = mask & _B_CLAIM and mask & _B_VERDICT
    negated = mask & _B_NEGATION
    other = mask & _B_OTHER or (mask & _B_NULL_ACT and mask & _B_NULL_WORD)
    if mask & _B_REBUT and mask & _B_CLAIM and (found := _REBUT.search(low)) is not None:
        return found  # the verb is the saying: "hit back at Baku's assertion"
    if not (verdict or negated or contrast or other) or not mask & _B_SPEECH:
        return None
    if not _SPEECH.search(low):
        return None
    for rx, bit in _OTHER:  # provenance first: its time words are the verdict (``dated``)
        found = rx.search(low) if mask & bit else None
        if found is not None:
            return found
    if verdict:
        for claim in _CLAIM_RX.finditer(low):
            end = min(len(low), claim.end() + _VERDICT_AFTER)
            if _VERDICT_RX.search(low, claim.end(), end):
                return claim
    if mask & _B_NULL_ACT and mask & _B_NULL_WORD:
        for m in _NULL_ACT.finditer(low):
            if _SELF_BEFORE.search(low, max(0, m.start() - 80), m.start()):
                return m
    if contrast and (found := _CONTRAST.search(low) or _COPULA_CONTRAST.search(low)):
        return found
    if not negated:
        return None
    if mask & _B_NEGATED_ACT:
        for m in _NEGATED_ACT.finditer(low):
            if _SELF_BEFORE.search(low, max(0, m.start() - 80), m.start()):
                return m
    for rx, bit in _SHAPES:
        found = rx.search(low) if mask & bit else None
        if found is not None:
            return found
    return None


_B_SPEECH = GATES.add(_SPEECH)
# the gate of ``_REBUT`` on its distinctive words ("took" and "hit" are in most sentences)
_B_REBUT = GATES.add(
    re.compile(
        r"\b(?:issue|back|off|aside|away|water|scorn|doubt|ridicul\w*|rubbish\w*|debunk\w*|rebut\w*"
        r"|scoff\w*)\b"
    )
)
_B_CLAIM = GATES.add(_CLAIM_RX)
_B_VERDICT = GATES.add(_VERDICT_RX)
_B_NEGATED_ACT = GATES.add(_NEGATED_ACT)
_SHAPES = tuple((rx, GATES.add(rx)) for rx in (_SELF_NEGATED, _EVENT_NEGATED, _NOT_OURS))
_OTHER = tuple((rx, GATES.add(rx)) for rx in (PROVENANCE, _REBUTTAL))
_B_NULL_ACT = GATES.add(_NULL_ACT)
_B_NULL_WORD = GATES.add(re.compile(r"\b(?:no|nothing|not|zero)\b"))
_B_OTHER = _OTHER[0][1] | _OTHER[1][1]
# every negated shape holds one of these words
_B_NEGATION = GATES.add(re.compile(r"\b(?:not|never|no|none|nothing|failed)\b"))


def dated(match: re.Match[str]) -> bool:
    """Whether a denial frame is the provenance of media material ("filmed during an exercise
    last year"): its time words date the material, not the denial, so the sentence is not
    history for the denial label."""
    return match.re is PROVENANCE


def conflict_context(low: str, text: str) -> bool:
    """Whether a sentence (lowercase and cased) speaks of the conflict or names a state actor
    (a country, its capital or nationality, an institution, an armed group)."""
    if _OTHER_DOMAIN.search(low) and not _WAR.search(low):
        return False  # the airline's engines, the club's striker, the minister's budget
    return _CONFLICT.search(low) is not None or bool(parties(text))


# Another field's news (transport, sport, business, the economy) in which ministers, officials
# and aircraft also speak; such a sentence counts only with a word of war in it.
_OTHER_DOMAIN = re.compile(
    r"\b(?:airlines?|airports?|engines?|passengers?|clubs?|strikers?|transfers?|coach|players?|budget\w*|growth|econom\w+"
    r"|inflation|unemployment|gdp|compan(?:y|ies)|firms?|shares|investors?|profits?|revenue|software|brands?|pilots' union)\b"
)
_WAR = re.compile(
    r"\b(?:arm(?:y|ies|ed)|military|troops?|soldiers?|rebels?|militants?|militias?|insurgents?|fighters?|war|attack\w*"
    r"|strikes?|struck|shell\w*|bomb\w*|kill\w*|missiles?|drones?|rockets?|artillery|cease[- ]?fire|massacre\w*|junta"
    r"|weapons?|warplanes?|occupation|casualt\w+|front ?lines?|invasion|offensive|raids?|civilians?)\b"
)


# --- diplomatic ---------------------------------------------------------------------------------
# Institutions and blocs that act for a state or a group of states; armed groups that are
# parties to a conflict.
_METONYMS: dict[str, str] = {
    "kremlin": "RU",
    "white house": "US",
    "state department": "US",
    "pentagon": "US",
    "downing street": "GB",
    "foreign office": "GB",
    "elysee": "FR",
    "élysée": "FR",
    "quai d'orsay": "FR",
    "vatican": "VA",
    "holy see": "VA",
    "eu": "EU",
    "european union": "EU",
    "un": "UN",
    "united nations": "UN",
    "security council": "UN",
    "nato": "NATO",
    "african union": "AU",
    "arab league": "AL*",
    "asean": "ASEAN",
    "ecowas": "ECOWAS",
    "igad": "IGAD",
    "osce": "OSCE",
    "red cross": "ICRC",
    "hamas": "HAMAS",
    "hezbollah": "HEZBOLLAH",
    "houthis": "HOUTHI",
    "taliban": "TALIBAN",
    "m23": "M23",
    "rsf": "RSF",
    "rapid support forces": "RSF",
}
_RECOGNISE_AFTER = re.compile(
    r"\b(?:to|not|never|would|will|has|have|had|did|does|formally|officially)\s+$"
)
_CAP_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*){0,3}")
# Generic parties: "the government and the rebels", "the army and the rebel alliance".
_STATE_SIDE = r"(?:government|army|military|junta|authorities|regime|state)"
_ARMED_SIDE = r"(?:(?:[\w-]+ )?(?:rebels?|rebel \w+|guerrillas?|guerrilla \w+|armed groups?|armed movement|militias?|insurgents|paramilitar\w+(?: \w+)?|separatists|opposition forces|factions?))"
_DUAL = re.compile(
    r"\b(?:the two|both|the three|all three) (?:governments|countries|states|sides|parties|presidents|leaders|foreign ministers|delegations"
    r"|militaries|armies|capitals|neighbou?rs|nations|commanders|negotiators|envoys|prime ministers)\b"
    r"|\beach other(?:'s)?\b|\bthe warring (?:parties|sides|factions)\b"
    r"|\b(?:foreign|defen[cs]e|interior) ministers\b|\b(?:army|military|defen[cs]e) chiefs\b"
    rf"|\b{_STATE_SIDE}\b(?:[^.;]{{0,30}}?)\b(?:and|with) (?:the )?{_ARMED_SIDE}\b"
    rf"|\b{_ARMED_SIDE}\b(?:[^.;]{{0,30}}?)\b(?:and|with) (?:the )?{_STATE_SIDE}\b"
)
# Joint acts of a dual subject (the subject before the verb in one clause).
_JOINT = re.compile(
    r"\b(?:agreed|agree|agrees|signed|sign|initial(?:l)?ed|reached|concluded|discussed|discuss|sat down|met|meet|spoke|talked"
    r"|resumed|restored|established|normali[sz]ed|exchanged (?:\w+ ){0,2}(?:prisoners|detainees|captives|bodies|remains|lists?|ambassadors|letters|messages|notes|documents|envoys)"
    r"|swapped|shook hands|committed|pledged|settled|accepted|endorsed|finali[sz]ed|drafted|hammered out|worked out)\b"
)
# Directed acts: one party does something to, with or towards another (its object follows).
_DIRECTED = re.compile(
    r"\b(?:told|tells|asked|asks|ask|urged|urges|called on|calls on|pressed|presses|pressured|telephoned|phoned|rang"
    r"|met|meets|received|receives|hosted|hosts|visited|visits|summoned|summons|recalled|expelled"
    r"|handed over to|handed (?:[\w'’-]+ ){0,5}?to|returned (?:[\w'’-]+ ){0,5}?to|sent (?:[\w'’-]+ ){0,5}?to|delivered (?:[\w'’-]+ ){0,5}?to|wrote to"
    r"|demanded (?:[\w'’-]+ ){0,4}?from|protested to|appealed to"
    r"|suspended (?:its |their )?(?:participation|membership) in|withdrew from|pulled out of"
    r"|readmit\w*|re-admit\w*|reinstat\w*"
    r"|letters? (?:from|to)|messages? (?:from|to))\b"
)
# The object of a directed act: a party itself, or an official or delegation of one.
_OFFICIAL = re.compile(
    r"\b(?:president|prime minister|premier|minister|king|queen|emir|crown prince|sultan|chancellor|secretary|envoy"
    r"|ambassador|counterpart|government|leaders?|leadership|delegations?|officials|side|authorities|negotiators"
    r"|diplomats?|charg[eé] d'affaires|consul\w*|embassy|foreign ministry|commander)\b"
)
# Verbs of a directed act whose object must be a diplomatic one, not a blow ("met resistance").
_DIRECTED_TRAP = re.compile(
    r"\b(?:met|meets) (?:with )?(?:stiff |fierce |heavy |strong |little |no )?(?:resistance|fire|opposition|the (?:deadline|target|demand)s?)\b"
    r"|\b(?:told|tells) (?:reporters|journalists|the (?:media|press)|a news|a press|news agencies|afp|reuters|ap|the bbc|cnn|al jazeera)\b"
    r"|\bcalled (?:it|them|the|a|an|for)\b|\breturned (?:fire|home)\b"
)
# Recognition as a verb ("would not recognise the republic's independence"), not the adjective
# ("the internationally recognised government"): the word before it is checked in code.
_RECOGNITION = re.compile(
    r"\brecogni[sz]e\w* (?:[\w'’-]+ ){0,3}?(?:independence|sovereignty|annexation|statehood|republic|government|regime)\b"
    r"|\brecogni[sz](?:es|ing) (?:[\w'’-]+ ){0,3}?(?:independence|sovereignty|annexation|statehood)\b"
    r"|\b(?:presented|received|accepted) (?:[\w'’-]+ ){0,4}?credentials\b"
    # leaving or suspending a multilateral body or a treaty is an act between states
    r"|\bsuspend\w* (?:its |their )?(?:participation|membership) in\b"
    r"|\b(?:withdr[ae]w\w*|pull\w* out) (?:its |their )?(?:\w+ )?from (?:the )?(?:[\w-]+ ){0,3}?(?:treaty|accord|agreement|deal|pact|alliance|talks|forum|organi[sz]ation|bloc|council|commission)\b"
    r"|\b(?:leav\w+|quit\w*|exit\w*) (?:the )?(?:[\w-]+ ){0,3}?(?:treaty|accord|pact|alliance|bloc|organi[sz]ation|commonwealth|ecowas)\b"
    # expelling or withdrawing envoys without "expel": "ordered the French attache out"
    r"|\b(?:ordered|told|gave) (?:the |an? )?(?:[\w'’-]+ ){0,3}?(?:ambassadors?|envoys?|diplomats?|attach[eé]s?|charg[eé] d'affaires|consuls?|embassy staff)"
    r"(?: \w+){0,3}? (?:out|to leave|to go)\b"
    r"|\b(?:withdr[ae]w|withdrawn|withdraws|pulled|pulls) (?:its |their |his |her |both )?(?:ambassadors?|envoys?|diplomats?|embassy staff)\b"
)
# Diplomacy by its instruments, said of the parties by a verb of the act itself: an
# understanding reached, a message or proposals carried between them, a session hosted between
# them, an invitation to sit down, conditions or guarantees handed over.
_INSTRUMENT = re.compile(
    r"\bunderstanding (?:was |had been |has been )?(?:reached|brokered|struck|secured|between)\b"
    r"|\bunder an? (?:understanding|arrangement)\b|\b(?:secured|reached|brokered) an? understanding\b"
    r"|\b(?:carrying|carried|carries|delivered|delivering|bearing|conveyed|conveying|relayed|relaying|relays|passed|passing|ferried|ferrying)"
    r" (?:a |an |the )?(?:\w+ )?(?:messages?|letters?|proposals?|invitations?|offers?|replies|responses?) (?:from|to|between)\b"
    r"|\b(?:host|hosting|hosted|hosts) (?:the |a |an )?(?:next |new |further |another |first |second |third |fourth |fifth )?"
    r"(?:session|round|meeting)s? (?:of talks )?between\b"
    r"|\b(?:invited|invites|inviting) (?:[\w'’-]+ ){1,5}?to (?:sit down|talks|negotiat\w+|meet|a meeting|the (?:negotiating )?table|join (?:the )?talks|a dialogue)\b"
    r"|\b(?:gave|gives|give|handed|presented|issued) (?:[\w'’-]+ ){0,3}?(?:a list of (?:conditions|demands)|an ultimatum|(?:security )?guarantees|assurances)\b"
    r"|\b(?:send|sends|sending|sent) (?:an? |its |their |a new |his |her )?(?:ambassador|envoy|delegation|diplomat|emissary|representative|mediator)s?"
    r" (?:back )?to\b"
)
# Not diplomacy between parties: trade, arms sales, business, sport, domestic politics.
_NOT_DIPLOMACY = re.compile(
    r"\b(?:buy|buys|bought|purchase\w*|sell|sells|sold|sale|sales|order(?:ed|s)? \d|contracts?|trade (?:deals?|agreements?|talks|pacts?|war)"
    r"|tariffs?|exports?|imports?|merge\w*|final|semi-?finals?|stadium|(?<!arab )league|cup|championship"
    r"|(?:expand|boost|increas|deepen|doubl)\w* (?:bilateral )?trade|trade in"
    r"|inflation|central bank|investment|business|compan(?:y|ies)|firms?|football|tournament|match|olympic|festival|concert"
    r"|election\w*|electoral|parliament\w*|ruling party|opposition (?:leader|party)|coalition partners|budget|union leaders|wages?|salar\w+"
    r"|finance ministers?|banks?|banking|gas supply|energy (?:forum|deal|supply))\b"
)


def _fold(name: str) -> str:
    """Lowercase without accents ("Bogotá" -> "bogota"), as news writes capitals."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(lowercase name -> party code) for countries, capitals, nationality words and
    institutions; and the capitals' own table (a capital is a party only as an actor)."""
    gaz = get_gazetteer()
    names: dict[str, str] = dict(gaz.country_names)
    names.update(DEMONYMS)
    names.update(_METONYMS)
    capitals = {_fold(name): iso for name, iso in gaz.capitals}
    for name, iso in capitals.items():
        names.setdefault(name, iso)
    return names, capitals


def parties(text: str) -> set[str]:
    """Distinct parties named in a cased sentence: countries, their nationality words,
    capitals and institutions standing for them, blocs and armed groups."""
    names, _ = _tables()
    found: set[str] = set()
    for m in _CAP_RUN.finditer(text):
        words = m.group(0).replace("’", "'").split()
        # the longest known prefix of the run ("South Sudan", "Security Council"), then
        # each word ("Egyptian and Qatari"), a possessive dropped ("Jordan's")
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 3), i, -1):
                phrase = " ".join(words[i:j]).lower().rstrip(".,")
                if phrase.endswith("'s"):
                    phrase = phrase[:-2]
                code = names.get(phrase)
                if code:
                    found.add(code)
                    i = j
                    break
            else:
                i += 1
    for m in _ACRONYMS.finditer(text):
        found.add(_METONYMS[m.group(0).lower()])
    return found


_ACRONYMS = re.compile(r"\b(?:UN|EU|NATO|RSF|M23)\b")


def diplomatic_act(low: str, text: str, mask: int) -> re.Match[str] | None:
    """The diplomatic frame of a sentence (lowercase and cased, same offsets; ``mask`` its
    word-gate bits), or None. Cheap tests first: most sentences have no act verb, and most
    contact verbs ("told reporters", "met resistance") have no party as their object."""
    if not mask & _B_ANY_ACT:
        return None
    act = _RECOGNITION.search(low) if mask & _B_RECOGNITION else None
    if (
        act is not None
        and act.group(0).endswith(("republic", "government", "regime"))
        and not _RECOGNISE_AFTER.search(low, max(0, act.start() - 12), act.start())
    ):
        act = None  # "the internationally recognised government" is not an act
    joint = _JOINT.search(low) if act is None and mask & _B_JOINT else None
    if joint is not None and _DUAL.search(low, 0, joint.start()):
        act = joint  # "both countries agreed", "the government and the rebels signed"
    if act is None and mask & _B_DIRECTED:
        act = _directed(low, text)
    if act is None and mask & _B_INSTRUMENT:
        act = _INSTRUMENT.search(low)
        if act is not None and not (_CONFLICT.search(low) or parties(text)):
            act = None  # "invited the guests to sit down"
    if act is None and joint is not None and " and " in low[: joint.start()]:
        act = joint  # "Russia and Ukraine agreed", "Putin and the Turkish president discussed"
        if len(parties(text)) < 2:
            act = None
    if act is None or _NOT_DIPLOMACY.search(low):
        return None
    return act


def _directed(low: str, text: str) -> re.Match[str] | None:
    """A directed act whose object is a party or its official, in a sentence naming two."""
    for m in _DIRECTED.finditer(low):
        after = text[m.end() : m.end() + 60]
        if after == after.lower() or _DIRECTED_TRAP.search(low, m.start(), m.end() + 30):
            continue  # no capital after the verb: no party is its object
        first = after.strip().removeprefix("the ").split(" ")[0].rstrip(",.;:")
        first = first.removesuffix("'s").removesuffix("’s")
        if (
            (first.lower() not in DEMONYMS and parties(first))
            or (_OFFICIAL.search(after.lower()) and parties(after))
        ) and len(parties(text)) >= 2:
            return m
    return None


_B_RECOGNITION = GATES.add(_RECOGNITION)
_B_JOINT = GATES.add(_JOINT)
_B_DIRECTED = GATES.add(_DIRECTED)
_B_INSTRUMENT = GATES.add(_INSTRUMENT)
_B_ANY_ACT = _B_RECOGNITION | _B_JOINT | _B_DIRECTED | _B_INSTRUMENT


# --- a state striking ---------------------------------------------------------------------------
# A state (its name or capital) as the subject of "struck" / "strikes" / "hit": states strike by
# air, missile and artillery ("Israel struck near the presidential palace", "Turkey struck oil
# facilities"); not a deal, a note or a blow struck, nor "hit back" or "hit the headlines".
_STATE_VERB = re.compile(r"\b(?:struck|strikes|hit|hits)\b")
_STATE_STRIKE_NOT = re.compile(
    r" (?:(?:an? |the |its |their |new )?(?:\w+ )?(?:deal|agreement|accord|bargain|compromise|note|tone|chord"
    r"|balance|blow|pose|record|snag|wall|roadblock|jackpot|headlines?|nerve|market|shelves|stores|rock bottom"
    r"|target of)\b|back\b|out\b|home\b|hard\b|oil\b(?! \w))"
)
_SUBJECT = re.compile(
    r"(?:^|[^\w'’.-])(?P<subj>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?) (?:(?:has|had|again|also|then|reportedly) )?$"
)
_B_STATE_STRIKE = GATES.add(_STATE_VERB)


def state_strike(text: str, mask: int) -> re.Match[str] | None:
    """A state named as the subject of a strike verb ("Israel struck an air base near Homs"),
    or None. The subject must be a country or a capital (not a nationality word: "Israeli
    strikes" is the noun, read by the cue rules); the verb is found first, in the lowercase
    text, and its subject read back."""
    if not mask & _B_STATE_STRIKE:
        return None
    names, _ = _tables()
    for verb in _STATE_VERB.finditer(text.lower()):
        m = _SUBJECT.search(text, max(0, verb.start() - 40), verb.start())
        if m is None or _STATE_STRIKE_NOT.match(text.lower(), verb.end()):
            continue
        subj = m.group("subj").replace("’", "'").lower().removesuffix("'s")
        if subj in DEMONYMS or subj not in names or subj in _METONYMS:
            continue
        return verb
    return None
