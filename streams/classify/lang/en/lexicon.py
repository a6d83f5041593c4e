# ruff: noqa: E501  (long regular-expression alternations read better unbroken)
"""Compiled lexicons and cue patterns for the four labels.

Every pattern is compiled once at import and matched against a lowercase sentence. The lists are
written from the category definitions (mission.md, labelling guide) and from how news reports
phrase strikes, tolls, denials and diplomacy, not from particular snippets.
"""

from __future__ import annotations

import re

from streams.classify._gate import GATES
from streams.classify.lang.en.count_phrases import WOUND_PHRASES

__all__ = [
    "ATTRIBUTION",
    "BIT",
    "CAS_ABSENT",
    "CAS_NEG",
    "CAS_STRONG",
    "CAS_WEAK",
    "DENIAL_STRONG",
    "DENIAL_TRAP",
    "DIP_BLOCK",
    "DIP_CONFLICT",
    "DIP_CONTEXT",
    "DIP_FOREIGN_OFFICIAL",
    "DIP_MEET",
    "DIP_NAMED",
    "DIP_OFFICIAL",
    "DIP_PROPOSAL",
    "DIP_SPECIFIC",
    "DIP_STATE_VERB",
    "DIP_STRONG",
    "DIP_TRAVEL",
    "DIP_WEAK",
    "DISASTER",
    "SAID",
    "SPEAKER",
    "STRIKE_ACTION",
    "STRIKE_BLOCK",
    "STRIKE_NOT_ATTACK",
    "STRIKE_STRONG",
    "STRIKE_THREAT",
    "STRIKE_WEAPON",
    "VIOLENCE",
    "WEAPON_BITS",
    "WEAPON_KINDS",
    "cue_mask",
]


def _c(pattern: str) -> re.Pattern[str]:
    """A cue pattern for lowercase text. Written in lowercase and compiled without re.I: the
    input is already lowercased, and case-insensitive matching is ~3x slower in ``re``."""
    return re.compile(pattern)


# --- strike -------------------------------------------------------------------------------------
# Spans that look like stand-off weapons but are infantry arms or not attacks at all; they are
# blanked out before the strike cues are matched.
STRIKE_BLOCK = _c(
    r"\brocket[- ]propelled grenades?\b|\brpg-?\d*s?\b|\banti-?tank (?:guided )?(?:missiles?|rockets?|weapons?)\b"
    r"|\b(?:missile|rocket) (?:tests?|launch(?:es)? tests?|programs?|programmes?|defen[cs]e systems?|sites? deal)\b"
    r"|\btest[- ]fir\w*|\btear[- ]gas\b|\b(?:fuel|water|oil|gas|septic|think)[- ]tanks?\b"
    r"|\b(?:drone|aerial) (?:footage|images?|video|photos?|view|delivery|deliveries)\b"
    r"|\bsurveillance (?:drones?|flights?|aircraft)\b|\b(?:passenger|cargo|commercial) (?:planes?|jets?|aircraft)\b"
    r"|\b(?:arms|weapons?|missile|rocket|aircraft|jets?|drones?) (?:deals?|sales?|purchases?|contracts?|exports?|imports?)\b"
    r"|\b(?:spokesm[ae]n|spokesperson|spokeswoman|official|source|commander|chief|head) (?:for|of|from) (?:the |its |\w+ )?(?:air force|navy|army)\b"
    r"|\b(?:air force|navy) (?:said|says|spokesm\w+|officials?|chief|commander)\b"
    r"|\b(?:missile|rocket|satellite|space) launch(?:es|ers?)?\b(?! (?:at|on|against|towards|into))|\bsuicide bombers?\b"
    r"|\b(?:bomb|mortar)[- ]mak\w+|\bhand[- ]?grenades?\b|\bcar bombs?\b|\broadside bombs?\b"
    r"|\b(?:suppl\w+|deliver\w*|shipments?|stocks?|stockpiles?|produc\w+|seek\w*|send\w*|sent|provid\w+|request\w*|shortages?|ammunition"
    r"|ask\w* for|call\w* for|need\w*|want\w*|pledg\w*|promis\w*|donat\w*|buy\w*|bought|purchas\w*|order\w*|transfer\w*"
    r"|makes?|making|made|manufactur\w*|lack\w*) (?:of )?(?:more )?(?:[\w-]+ ){0,4}?(?:artillery|mortar|tank) (?:rounds?|shells?)\b"
    r"|\bair[- ]?drop\w*|\bdropp?(?:ed|ing|s)? (?:\w+ ){0,2}?(?:aid|food|relief|humanitarian|leaflets|supplies|parcels|pallets)\b"
    r"|\b(?:rains?|storms?|waves|winds|cyclones?|typhoons?|hurricanes?|snow\w*|floods?|floodwaters) (?:\w+ ){0,2}?(?:pound|pummel)\w*"
    r"|\bdrone (?:operators?|pilots?)\b"
    r"|\blightning(?: strikes?)?\b|\bbombarded with (?:\w+ )?(?:shots|crosses|chants|abuse|questions|messages|calls|criticism|complaints|requests|emails|offers)\b"
    # aircraft shot down are not a stand-off attack (drones and missiles intercepted are)
    r"|\b(?:shot|shoot\w*|brought|bring\w*) down (?:an? |the |two |three |one )?(?:\w+ )?(?:jets?|planes?|aircraft|helicopters?|warplanes?|fighters?)\b"
    r"|\b(?:jets?|planes?|aircraft|helicopters?|warplanes?) (?:was|were|had been|has been) (?:shot|brought) down\b"
    # labour and protest strikes; weapons found rather than fired
    r"|\b(?:hunger|general|labou?r|national|nationwide|one-day|24-hour|48-hour|workers'?|teachers'?|doctors'?|dock|rail|transport|sit-down|wildcat) strikes?\b"
    r"|\bstrikes? (?:action|ballots?|pay|committees?|by (?:workers|unions?|staff|teachers|doctors|drivers))\b"
    # "oil workers began a strike over unpaid wages": a strike called by workers or over pay
    r"|\b(?:workers|employees|unions?|nurses|teachers|doctors|miners|dockers)"
    r" (?:[\w-]+ ){0,3}?(?:began|begin|started|launched|called|staged|held|went on|go on|continued"
    r"|ended|suspended|called off|threatened) (?:a |an |their |the )?(?:[\w-]+ )?strike\b"
    r"|\bstrike (?:on \w+ )?over (?:[\w-]+ )?(?:wages|pay|pensions|salaries|arrears|conditions|contracts)\b"
    r"|\b(?:caches?|stockpiles?|depots?|crates?|boxes) of (?:[\w-]+ ){0,3}?(?:mortar|artillery|tank) (?:rounds?|shells?)\b"
    r"|\b(?:found|discovered|seized|recovered|confiscated|captured|unexploded) (?:[\w-]+,? (?:and )?){0,6}(?:(?:mortar|artillery|tank) )?(?:rounds?|shells?)\b"
    # a footballer's shot: "fired a rocket into the top corner", "a missile from 30 yards"
    r"|\b(?:rocket|missile|thunderbolt|screamer) (?:into|past|over|from|beyond) (?:the )?(?:top |bottom |far |near |[\w-]+ )?"
    r"(?:corner|net|goalkeeper|keeper|bar|crossbar|yards|metres|box)\b"
    # weapons fired in a drill: "held exercises in which warships fired cruise missiles"
    r"|\b(?:exercises?|drills?|war ?games?|manoeuvres|maneuvers) (?:in which|during which|that saw|where) [^.;]{0,80}"
)
STRIKE_STRONG = _c(
    r"\b(?:air|aerial|drone|missile|rocket|artillery|mortar|tank|naval|helicopter|gunship|cruise[- ]missile)"
    r"[- ]?(?:strikes?|raids?|attacks?|bombardments?|bombings?|barrages?|fire|shelling|assaults?|campaign)\b"
    r"|\bairstrikes?\b|\bair[- ]?raids?\b|\bshell(?:ed|ing|s)\b|\bbombard\w*|\bbarrel[- ]bombs?\b|\bpound(?:ed|ing)\b|\bpummell?(?:ed|ing)\b"
    r"|\bbomb(?:ed|ing) (?:[\w-]+ ){0,2}?(?:towns?|villages?|cit(?:y|ies)|positions|areas|neighbou?rhoods?|targets|camps?|hideouts?|bases?|districts?)\b"
    r"|\b(?:glide|guided|aerial|cluster|gravity|unguided|thermobaric|incendiary|phosphorus) bombs?\b"
    # "helicopter gunships were used against opposition positions"
    r"|\b(?:gunships?|warplanes|fighter jets|barrel bombs|artillery|drones) (?:were|was|had been|have"
    r" been) (?:used|deployed) against\b"
    r"|\bshot down (?:an? |two |three |several |the )?(?:\w+ )?(?:drones?|missiles?|rockets?|uavs?)\b"
    r"|\b(?:drones?|missiles?|rockets?|uavs?|projectiles?) (?:were |was )?(?:intercepted|shot down|downed)\b"
    r"|\b(?:intercepted|downed|destroyed) (?:an? |two |three |several |the |\d+ )?(?:\w+ )?(?:drones?|missiles?|rockets?|uavs?)\b"
    r"|\b(?:munitions|bombs|containers|barrels) (?:were |was )?dropped\b|\bdropped (?:\w+ ){0,3}(?:bombs?|munitions|containers|barrels|grenades)\b"
    r"|\b(?:mortar|artillery|tank) (?:rounds?|shells?)\b|\bcarpet[- ]bomb\w*"
    r"|\bstrikes? (?:targeted|hit|hits|pounded|killed|kills|kill|destroyed|destroys|struck|left|wounded|wounds|injured|injures|levelled|leveled|flattened|razed)\b|\bstrikes on\b|\b(?:carried out|launched|conducted) (?:\w+ )?strikes\b"
    # the strike family without an "air"/"drone" qualifier: "the strike on the block", "a precision strike"
    r"|\b(?:a|an|the|this|that|its|their|another|latest|overnight|russian|israeli|ukrainian|american|u\.s\.|us|uk|nato|coalition|saudi-led|turkish|iranian|precision|retaliatory|pre-emptive|targeted"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last night|sunday night|saturday night)'s) strikes? (?:on|against|near|at|in|across|along|around|throughout|over|inside|into)\b"
    r"|\b(?:carried out|launched|conducted|staged|mounted|ordered) (?:an? |the )?(?:[\w-]+ ){0,2}?strikes?\b"
    r"|\b(?:killed|wounded|injured|died|destroyed|damaged|hit|struck|targeted|flattened|levelled|leveled|razed) (?:in|by) (?:an? |the )?(?:[\w-]+ ){0,2}?strikes?\b"
    # shells and barrages: "a shell struck their home", "shellfire", "a volley of cruise missiles"
    r"|\bshell ?fire\b|\b(?:shells?|bombs|rockets|mortar rounds|projectiles) (?:struck|landed|fell|exploded|slammed|crashed|rained|hit)\b|\bshell (?:fragments?|splinters?)\b"
    r"|\b(?:volleys?|salvos?|barrages?|waves?|swarms?|hail) of (?:[\w-]+ ){0,2}(?:missiles|rockets|drones|shells|mortars|bombs|munitions)\b"
    r"|\b(?:rocket|missile|mortar|artillery|drone) (?:salvos?|volleys?|barrages?|swarms?)\b"
    # aircraft as the attacker: "gunships strafed", "helicopters opened fire on", "aerial and ground operations"
    r"|\b(?:jets?|warplanes?|planes?|aircraft|helicopters?|gunships?|choppers?|drones?|naval guns|warships?|gunboats?|tanks) (?:[\w-]+ ){0,2}?(?:strafed|bombed|rocketed|opened fire on|fired (?:rockets|missiles) at)\b"
    r"|\b(?:tanks?|warships?|gunboats?|naval guns|howitzers?) (?:[\w-]+ ){0,2}?(?:fired|opened fire|shelled)\b"
    r"|\b(?:was|were|had been|has been|have been) (?:\w+ )?(?:bombed|shelled|struck by (?:a |an )?(?:missile|drone|rocket|shell|bomb)s?)\b"
    r"|\b(?:drone boats?|sea drones?|naval drones?|uncrewed (?:surface )?vessels?|unmanned (?:surface )?vessels?)\b"
    r"|\bstrafe[ds]?\b|\bstrafing\b|\b(?:air|aerial) (?:and ground )?(?:operations?|offensives?|bombardments?|bombing|sorties|assaults?)\b|\bsorties\b"
    r"|\b(?:loitering munitions?|kamikaze drones?|attack drones?|suicide drones?|one-way attack drones?)\b"
    # bombing as a verb with a target or an agent: "of bombing a maternity ward", "bombing by the army"
    r"|\bbomb(?:ed|ing) (?:an? |the )?(?:[\w-]+ ){0,2}?(?:hospitals?|clinics?|wards?|schools?|kindergartens?|universit(?:y|ies)|markets?|shops?|baker(?:y|ies)|homes?|houses?|buildings?|blocks?|towers?|hotels?|mosques?|churches?|bridges?|shelters?|tents?|camps?|convoys?|ambulances?|weddings?|funerals?|farms?|factor(?:y|ies)|depots?|warehouses?|refiner(?:y|ies)|ports?|airports?|stations?|power (?:plants?|stations?))\b"
    r"|\bbombing (?:by|from) (?:the )?(?:army|military|air force|regime|government|junta|jets|warplanes|planes|aircraft|coalition|russian|israeli|syrian)\b"
    r"|\bdrop(?:ped|ping|s)? (?:\w+ ){0,3}?(?:bombs?|munitions|explosives|barrels?|grenades)\b|\bexplosives dropped from\b"
    # issue 16, set N: a strike owned by a possessive or an acronym ("Tuesday's strike on the
    # shelter", "a US strike on the port"); a tank firing; a place that "was bombed"
    r"|\b(?:[\w-]+['’]s|us|uk|nato|idf|coalition) strikes? (?:on|against)\b(?! (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)"
    r"|\btanks? (?:[\w-]+ ){0,2}?(?:fired|shelled|opened fire)\b"
    r"|\b(?:hospitals?|clinics?|schools?|markets?|villages?|towns?|camps?|homes?|houses?|buildings?|mosques?|churches?|monaster(?:y|ies)|shelters?|bridges?|airports?|bases?)"
    r" (?:[\w'’-]+ ){0,4}?(?:was|were|had been|has been|have been) (?:\w+ )?bombed\b"
)
STRIKE_WEAPON = _c(
    r"\b(?:precision(?:-guided)? (?:weapons|munitions)|long-range weapons|missiles?|rockets?|mortars?|artillery|drones?|uavs?|warplanes?|war planes?|fighter jets?|jets?"
    r"|aircraft|helicopters?|gunships?|projectiles?|howitzers?|katyushas?|grad|tanks|munitions"
    r"|air force|air defen[cs]es?|planes?|warships?|gunboats?|navy|air power|aviation|munitions?|naval (?:vessels?|ships?|forces)"
    r"|himars|mlrs|iskanders?|kalibrs?|tochkas?|shaheds?|su-\d+s?|mig-\d+s?|f-\d+s?|choppers?|shells|barrages?)\b"
)
STRIKE_ACTION = _c(
    # "a night of artillery duels": two sides firing at each other
    r"\b(?:fired|firing|fires|duels?|launch(?:ed|es|ing)?|hit|hits|struck|strik(?:e|es|ing)|target(?:ed|ing|s)?|pound(?:ed|ing|s)?"
    r"|bomb(?:ed|ing|s)?|land(?:ed|ing|s)?|explod(?:ed|ing|es)|attack(?:ed|ing|s)?|intercept(?:ed|ing|s)?"
    r"|shot down|downed|destroy(?:ed|ing|s)?|dropp?(?:ed|ing|s)?|rain(?:ed|ing)|raid(?:ed|ing|s)?|carried out"
    r"|conducted|hammer(?:ed|ing)|blast(?:ed|ing)|smash(?:ed|ing)|wip(?:ed|ing) out|kill(?:ed|ing|s)?"
    r"|wound(?:ed|ing)|injur(?:ed|ing)|rocked|crashed into|slammed|blew up|hurled|lobbed|pummell?(?:ed|ing)"
    r"|hitting|fell short|opened up on|opened fire|open fire|strafed|shot out of the sky|brought down|knocked out|neutrali[sz]ed|rained down|fell on|tore through)\b"
    # a weapon's effect said obliquely: "drones set a fuel tank ablaze", "a drone boat rammed",
    # "a rocket salvo set fire to scrubland"
    r"|\b(?:rammed|set fire to|sparked (?:an? |several |\w+ )?fires?|set\s+(?:[\w'’-]+\s+){0,4}?(?:ablaze|on fire|alight))"
)
# A threat, plan or capability rather than an attack that happened.
STRIKE_THREAT = _c(
    # a negated modal is an inability, not a threat ("said it could not reach the
    # neighbourhoods"), except "would not hesitate to"
    r"\b(?:threat\w*|warn(?:ed|s|ing)?|(?:could|would|might|may)(?! not\b)|plans? to|planning|vow(?:ed|s)? to"
    r"|would not hesitate|capab\w+|ready to|prepar\w+ to|intends? to|possible|if"
    # a rehearsal of an attack: "nuclear drills simulating a missile strike"
    r"|simulat\w+|war ?games?)\b"
)
# Weapons found, seized, defused or destroyed on the ground, and aviation accidents: not attacks.
STRIKE_NOT_ATTACK = _c(
    r"\b(?:caches?|seiz\w+|recovered|found|discovered|defus\w+|confiscat\w+|stockpiles?|unexploded"
    r"|improvised explosive|crash(?:ed|es)?(?! into)|emergency landing|declared an emergency|accident\w*|technical fault"
    r"|(?:air|plane|helicopter) crash|weapons? tests?|tests?|testing|drills?|exercises?|parades?)\b"
)
# A state's public stance towards another state: counted only with two countries in the sentence.
DIP_STATE_VERB = _c(
    r"\b(?:condemn\w*|urged|urges|urging|called on|calls on|agreed to|has agreed|pledged|offered)\b"
)
# One state actor meeting, receiving, visiting or calling another: diplomatic when an official
# follows the verb and the sentence names a country or nationality ("Blinken met Egypt's
# president", "the Saudi crown prince received the Ukrainian president").
DIP_MEET = _c(
    r"\b(?:met|meets|meeting with|received|receives|hosted|hosts|welcomed|welcomes|spoke (?:with|to)"
    r"|visited|visits|travel(?:l)?ed to|flew to|arrived in|to meet|held talks)\b"
)
DIP_OFFICIAL = _c(
    r"\b(?:president|prime minister|premier|foreign minister|defen[cs]e minister|king|crown prince"
    r"|emir|chancellor|secretary of state|envoy|ambassador|counterpart|sultan)\b"
)
DIP_SPECIFIC = _c(
    r"\b(?:cease[- ]?fire|truce|armistice|diplomat\w*|envoy|ambassador|security council|prisoner|peace (?:talks|deal|process|agreement))"
)
STRIKE_PAST = _c(
    r"\b(?:fired|launched|hit|struck|pounded|bombed|shelled|landed|exploded|intercepted|shot down|downed"
    r"|dropped|killed|killing|wounded|wounding|destroyed|targeted|carried out|conducted"
    # "would summon the ambassador after a drone strike": the strike is past
    r"|(?:after|following|in the wake of) (?:an? |the |last \w+'s |\w+'s )?(?:[\w-]+ ){0,2}?(?:strikes?|attacks?|shelling|bombardment|raids?|barrage))\b"
)

WEAPON_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ballistic missile", _c(r"\bballistic\b|\bscud\b|\biskander\b|\belbrus\b|\btochka\b")),
    ("cruise missile", _c(r"\bcruise missiles?\b|\btomahawks?\b|\bkalibr\b")),
    ("missile", _c(r"\bmissiles?\b")),
    ("rocket", _c(r"\brockets?\b(?![- ]propelled)|\bkatyushas?\b|\bgrad\b|\bhimars\b|\bmlrs\b")),
    ("drone", _c(r"\bdrones?\b|\buavs?\b|\bkamikaze\b|\bbayraktar\b|\bshahed\b")),
    (
        "air strike",
        _c(
            r"\bair[- ]?strikes?\b|\bair[- ]?raids?\b|\bwarplanes?\b|\bfighter jets?\b|\baerial\b|\bbombers?\b"
        ),
    ),
    ("artillery", _c(r"\bartillery\b|\bhowitzers?\b|\bshell(?:ed|ing|s)\b")),
    ("mortar", _c(r"\bmortars?\b")),
    ("tank", _c(r"\btanks? (?:fire|attack|shell\w*|attacked|fired)\b|\btank attack\b")),
    ("helicopter", _c(r"\bhelicopters?\b|\bgunships?\b")),
    ("barrel bomb", _c(r"\bbarrel[- ]bombs?\b")),
    (
        "chemical",
        _c(
            r"\bchlorine\b|\bsarin\b|\bpoison(?:ous)? gas\b|\btoxic gas\b|\bchemical (?:attack|weapons?|munitions)\b"
        ),
    ),
    ("naval", _c(r"\bwarships?\b|\bgunboats?\b|\bnaval\b")),
)

# --- casualty -----------------------------------------------------------------------------------
CAS_STRONG = _c(
    r"\bkill(?:ed|ing|s)?\b|\bdead\b|\bdied\b|\bdies\b|\bdeaths?\b|\bdeath[- ]toll\b|\btoll\b|\bslain\b"
    r"|\bwound(?:ed|ing|s)?\b|\binjur(?:ed|ing|ies|y)\b|\bhurt\b|\bcasualt(?:y|ies)\b|\blost (?:their|his|her) lives\b"
    r"|\bclaim(?:ed|ing)? (?:the )?lives\b|\bperish(?:ed)?\b|\bmassacr(?:e|ed|es)\b|\bmurder(?:ed|ing|s)?\b"
    r"|\bshot dead\b|\bmartyred\b|\b(?:stabbed|hacked|burned|burnt|beaten|bludgeoned|stoned) to death\b|\bgunned down\b|\bbehead(?:ed|ing)?\b|\bexecut(?:ed|ing|ion|ions)\b|\bfatalit(?:y|ies)\b"
    r"|\bsuffocat\w+|\b(?:dead )?bodies (?:of|were|have been|had been|found|recovered|lay|lying|pulled)\b|\b(?:found|recovered|discovered|retrieved) (?:\w+ ){0,3}bodies\b|\b(?:pulled|recovered|retrieved|found|discovered|removed) (?:\w+ ){0,2}?body of (?:an?|one|his|her|their)\b|\bcorpses?\b|\breceived (?:medical )?treatment\b|\blynch(?:ed|es|ing)?\b|\b(?:blew|blown) (?:himself|herself|themselves) up\b|\bdetonated (?:himself|herself|themselves)\b|\bfatally\b|\b(?:hospitali[sz]ed|being treated (?:for|in|at))\b|\b(?:treated|hospitali[sz]ed|admitted|taken to hospital) (?:\w+ ){0,2}?(?:for|with) (?:\w+ ){0,2}?(?:burns|wounds|injuries|shrapnel|gunshot|fractures)\b|\bbeaten (?:up|to death)\b|\bmaimed\b"
    r"|\b(?:people|persons|soldiers|civilians|troops|fighters|villagers|residents) (?:are |were |remain |went |still )?(?:reported |feared |listed as |declared )?missing\b|\bunaccounted for\b"
    # a wound said by the body part: "was shot in the leg", "lost a leg", "pulled from the
    # rubble with burns" (the phrases the count rewrites read as a wound)
    r"|" + WOUND_PHRASES
)
CAS_WEAK = _c(r"\bvictims?\b|\bbloodshed\b|\blives\b")
# Explicit absence: "no casualties were reported", "no one was hurt", "escaped unhurt".
CAS_NEG = _c(
    r"\b(?:no|nobody|none|zero|without|not any|no one|no-one|nor)\b(?:\s+(?:\w+|,)){0,4}?\s*"
    r"(?:casualt\w*|injur\w*|hurt|killed|dead|deaths?|fatalit\w*|wounded|loss of lives?|loss of life|victims|harmed)"
    r"|\b(?:unhurt|unharmed|unscathed|uninjured)\b|\b(?:was|were|are|is) not (?:injured|hurt|killed|wounded|harmed)\b"
    r"|\bwithout (?:giving|providing|reporting|offering|releasing) (?:a|any) (?:death )?toll\b"
    r"|\b(?:threat\w*|vow\w*|plot\w*|tried|try|trying|attempt\w*|plann?\w*|want\w*|wish\w*|intend\w*|order\w*|incit\w*|call\w* for|urg\w*) to (?:kill|murder|execute|behead)\b"
    r"|\b(?:could|would|might|may|will) (?:have )?(?:kill|die|be killed)\w*"
    r"|\bkill(?:ed|ing)? (?:time|the (?:bill|deal|motion))\b|\bdeath (?:penalty|sentences?|row|threats?)\b"
    r"|\b(?:conflict|war|insurgency|fighting|violence|crisis|campaign|uprising|rebellion)\b,? (?:that|which) (?:has|have|had) (?:\w+ ){0,3}(?:claimed|killed|left|cost|displaced)[^.;]*"
    r"|\b(?:the )?(?:war|conflict|insurgency)\b[^.;]{0,40}? (?:has|have) (?:so far |already )?(?:killed|claimed|left|cost)[^.;]*"
    r"|\b(?:unclear|uncertain|unknown|not known|not clear) (?:if|whether) (?:\w+ ){0,3}(?:casualt|injur|killed|dead|hurt)\w*"
    r"|\b(?:for|of|with) (?:attempted |the )?murder\b|\bmurder (?:charges?|trial|case|suspects?)\b"
    r"|\blost (?:[\w'’-]+ ){0,3}?to (?:an? )?(?:\w+ )?injur(?:y|ies)\b"
    # bodies handed over in an exchange are deaths already reported, not a new toll
    r"|\b(?:hand(?:ed|ing|s)? over|handed|returned|repatriat\w+|exchang\w+|swapp?\w*|transferred) (?:[\w-]+ ){0,8}?(?:bodies|remains) of [^,;.]*"
    # wounded prisoners exchanged or freed: a term of a swap, not a new toll
    r"|\b(?:exchang\w+|swapp?\w*) (?:all |the )?(?:[\w-]+ ){0,2}?(?:wounded|injured|sick) (?:prisoners|pows|captives|detainees|soldiers)\b"
    r"|\b(?:knee|ankle|hamstring|groin|muscle|thigh|calf|shoulder|back|foot|head) injur(?:y|ies)\b"
    r"|\bsentenced (?:[\w'’-]+ ){0,4}?to death\b|\bdeath squads?\b|\bdead(?:line|lock|ly)\b|\btoll (?:road|booth|free|plaza)\b"
)
# The explicit absences of ``CAS_NEG`` alone (not threats or court language): when the body
# says this and reports no casualty, a toll in the headline does not stand.
CAS_ABSENT = _c(
    r"\b(?:no|nobody|none|zero|not any|no one|no-one)\b(?:\s+(?:\w+|,)){0,4}?\s*"
    r"(?:casualt\w*|injur\w*|hurt|killed|dead|deaths?|fatalit\w*|wounded|victims|harmed)"
    r"|\b(?:unhurt|unharmed|unscathed|uninjured)\b|\b(?:was|were|are|is) not (?:injured|hurt|killed|wounded|harmed)\b"
)
DISASTER = _c(
    r"\b(?:earthquakes?|quakes?|tremors?|floods?|flooding|flash floods?|landslides?|mudslides?|storms?|cyclones?"
    r"|hurricanes?|typhoons?|tornado\w*|avalanches?|tsunami|volcan\w*|drought|heat ?waves?|blizzards?|lightning"
    r"|accident\w*|crash(?:ed|es)?|collision|collided|derail\w*|capsiz\w*|drown\w*|sank|shipwreck|overturn\w*"
    r"|covid\w*|coronavirus|virus|pandemic|epidemic|disease|cholera|ebola|malaria|measles|infect\w*|illness"
    r"|mpox|monkeypox|dengue|tuberculosis|diphtheria|polio|influenza|outbreak"
    r"|cancer|heart attack|overdose|poisoning|blaze|wildfires?|bushfires?|gas leak|stampede|collaps\w*"
    r"|electrocut\w*|natural causes|famine|starvation|hunger|heat stroke|landmine clearance|leak\w*|plant|factory"
    r"|refinery|industrial|mine collapse|coal mine|boiler|gas cylinder|adulterated|contaminated|consum\w+|methanol"
    r"|bootleg|food poisoning|hooch|spurious liquor|building collapse|fireworks|gas explosion|cooking gas"
    r"|spill\w*|fever|flooded|floodwaters|dam (?:burst|collapse|failure|breach)|burst (?:its )?banks|coal pits?|mine shafts?|icy road|plunged|lost control|car crash|bus crash|road crash|short[- ]circuit|electrical (?:fire|fault)"
    # a player hurt on the pitch
    r"|carried off|stretchered off|hamstring|ligaments?)\b"
)
VIOLENCE = _c(
    r"\b(?:attack\w*|shot|shoot\w*|gun\w*|bomb\w*|blast|clash\w*|fight\w*|air ?strikes?|strikes?|shell\w*"
    r"|militant\w*|insurgent\w*|rebels?|terror\w*|killed by|massacr\w*|ambush\w*|raid\w*|violen\w*|riot\w*"
    r"|stabb?\w*|murder\w*|execut\w*|crackdown|beat(?:en|ing)|missiles?|rockets?|mortars?|artillery|drones?|uavs?"
    r"|assailants?|attackers?|jihadist\w*|war|conflict|combat|offensive|grenades?|explosives?|ied|suicide bomb\w*"
    r"|armed|hostilities|firefight|gunfire|sniper\w*|kidnap\w*|abduct\w*|torture\w*|lynch\w*|mob|drones?)\b"
)

# --- denial -------------------------------------------------------------------------------------
_CLAIM_NOUN = (
    r"(?:reports?|claims?|allegations?|accusations?|charges?|news|statements?|information|rumou?rs?|assertions?"
    r"|suggestions?|stories|story|footage|videos?|photos?|speculation|insinuations?|accounts?|versions?|narratives?"
    r"|figures|data|findings?|images?|pictures|testimon(?:y|ies)|dossiers?|conclusions|assessments?|estimates?|tall(?:y|ies)|numbers)"
)
_FALSE_ADJ = (
    r"(?:false|fake|baseless|groundless|unfounded|untrue|lies|a lie|lie|fabricat\w+|disinformation|misinformation"
    r"|propaganda|nonsense|absurd|ridiculous|slander\w*|provocation|not true|without (?:any )?basis|incorrect"
    r"|not correspond\w* to reality|invented|made[- ]up|hoax|smear|libel\w*|bogus|a fabrication"
    r"|unsubstantiated|inadmissible|exaggerat\w+|distort\w*|misleading|staged|forg(?:ed|ery)|a forgery|doctored"
    r"|(?:a )?montage|(?:pure |an )?invention|fiction\w*|fantas(?:y|ies)|fairy[- ]tales?|factually (?:incorrect|wrong|false|inaccurate)"
    r"|(?:a )?misrepresentation\w*|falsehoods?|one-sided|biased|not credible|lack\w* credibility|aimed at misleading|far from (?:the truth|reality)|without (?:any )?foundation|devoid of (?:any )?(?:truth|basis|foundation)|(?:a )?product of (?:\w+ ){0,2}?(?:propaganda|imagination|fantasy)"
    r"|concocted|preposterous|ludicrous|frivolous|fictitious|imaginary|mischievous|inflated|hearsay|unreliable|(?:a )?figments? of (?:\w+ )?imagination"
    r"|(?:based|rest\w*|rel(?:y|ies|ied)) on (?:mere |pure |unverified |second-hand )?(?:hearsay|rumou?rs?|speculation|conjecture|guesswork)"
    # "described as rumours reports that ...", "wishful thinking"
    r"|(?:mere |baseless |unfounded |idle )?rumou?rs|wishful thinking"
    r"|(?:cannot|could not|can ?not|can't) be (?:trusted|believed|relied (?:up)?on)|not (?:supported|backed|borne out) by (?:any |the )?(?:evidence|facts))"
)
DENIAL_STRONG = _c(
    # "denied carrying out", "denies involvement", "denied Baku's reports", "denied that ..."
    r"\bden(?:y|ies|ied|ying)\b(?!\s+(?:entry|access|bail|permission|visas?|admission|the right|rights|a visa|him|her|them"
    r"|us|me|service|passage|boarding|parole|asylum|licen[cs]es?|permits?|requests?|applications?|appeals?|food|water|medical"
    # "urged Kabul to deny safe havens to militants": to withhold, not to deny a claim
    r"|(?:\w+ )?(?:safe )?havens?|sanctuar(?:y|ies)|refuge|(?:a )?foothold|(?:\w+ )?support to|funding|weapons to|arms to))"
    r"|\bdenials?\b(?! of (?:entry|access|bail|service|permission|visas?|rights|justice|food|water|medical))(?!-of-service)"
    # "rejected the accusations", "rejects any responsibility"
    rf"|\b(?:reject\w*|refut\w*|rebut\w*|rubbish\w*|dismiss\w*|rebuff\w*|repudiat\w*|disavow\w*|brush\w* (?:off|aside))\b"
    rf"(?:\s+[\w'’-]+){{0,5}}?\s+(?:{_CLAIM_NOUN}|responsib\w+|involvement|role(?! for)|any (?:link|part|role(?! for)|connection)|the idea that)"
    rf"|\b(?:disputed|disputes|contested|contests|challenged) (?:the |these |those |this |such |\w+'s )?(?:death |casualty |official |[\w-]+'s )?(?:{_CLAIM_NOUN}|toll)\b"
    rf"|\brefut\w*\b"
    # "called the claims baseless", "the reports are fake", "dismissed ... as propaganda"
    rf"|\b{_CLAIM_NOUN}\b(?:\s+[\w'’-]+){{0,12}}?\s+(?:as|are|is|were|was|be|being|to be|were all|are all|of|appear\w*(?: to be)?|seem\w*(?: to be)?|prov\w*(?: to be)?)\s+[\"'“‘]?(?:completely |totally |absolutely |entirely |utterly |a |an |simply |pure |nothing but |another |factually |grossly |wildly |patently |deliberately |clearly |obviously |highly |greatly )?(?:blatant |outright |complete |total |sheer |flagrant |politically motivated |crude |cheap |clumsy |malicious |cynical |shameless |deliberate |gross )?{_FALSE_ADJ}\b"
    rf"|\b(?:call\w*|label\w*|describ\w*|brand\w*|term\w*|dismiss\w*)\b(?!\s+(?:on|for|upon)\b)(?:\s+[\w'’-]+){{0,12}}?\s+(?:as\s+)?[\"'“‘]?(?:completely |totally |a |an |pure |nothing but )?(?:blatant |outright |complete |total |sheer |flagrant |politically motivated |crude |cheap |clumsy |malicious |cynical )?{_FALSE_ADJ}\b"
    r"|\bfake news\b"
    # a party "falsely implicated": "security forces had been falsely implicated", "its troops
    # were wrongly blamed" (not two men wrongly accused of theft)
    r"|\b(?:forces|troops|army|soldiers|units|government|ministry|militia|fighters|police|it|they|we)"
    r" (?:had been|has been|have been|was|were|are|is) (?:falsely|wrongly|unjustly) (?:implicated|accused|blamed|linked)\b"
    # "no fire was opened from our territory", "did not carry out", "had nothing to do with"
    r"|\bno (?:fire|shots?|missiles?|rockets?|strikes?) (?:was|were|had been|has been|have been) (?:opened|fired|launched|carried out)"
    r"|\b(?:did|does|do|had|has|have) not (?:carry out|conduct|fire|shell|launch|attack|target|strike|bomb|open fire|kill|take part|participate|taken part|participated|carried out|conducted|fired|launched|attacked|targeted|shelled|bombed|been involved)\b|\b(?:did|does|do|had|has|have) not (?:suffer|sustain|lose|incur) (?:any |heavy )?(?:losses|casualties)\b"
    r"|\b(?:was|were|is|are) not (?:involved|responsible|behind)\b|\bnot (?:involved in|responsible for|behind) (?:the|this|any|these)\b"
    r"|\b(?:nothing to do with|no involvement in|no connection (?:to|with)|(?:no|not an? (?:grain|shred|word|ounce|iota|particle) of) truth[\"'”’]? (?:to|in))\b"
    # "bore no responsibility for the killings", "had no hand in the attack"
    r"|\b(?:bears?|bore|ha[sd]|have) no (?:responsibility|hand) (?:for|in)\b"
    # "said no air strike had taken place", "Islamabad said it had launched none"
    r"|\bno (?:[\w-]+ )?(?:attack|strike|airstrike|raid|shelling|bombing|massacre|incursion|shooting)s? (?:had |has |have )?(?:taken place|took place|happened|occurred)\b"
    r"|\b(?:had|has|have) (?:launched|fired|sent|flown|dropped) none\b"
    # verdicts without "deny": "the claims have no factual grounds", "did not correspond to the facts"
    rf"|\b{_CLAIM_NOUN}\b(?:\s+[\w'’-]+){{0,8}}?\s+(?:have|has|had|with|bear|bears|hold|holds) no (?:factual |real |basis in )?(?:grounds?|basis|foundation|truth|fact)\b"
    rf"|\b{_CLAIM_NOUN}\b(?:\s+[\w'’-]+){{0,12}}?\s+(?:cannot|could not|can ?not|can't) be (?:trusted|believed|relied (?:up)?on|taken seriously)\b"
    r"|\bno (?:basis in (?:fact|reality)|factual (?:grounds?|basis))\b|\b(?:did|does|do) not (?:correspond (?:to|with)|reflect|match) (?:the )?(?:facts|reality|truth)\b"
    r"|\bnone of (?:its|our|their|his) (?:[\w-]+ ){1,2}(?:had|have|has|were|was) (?:crossed|entered|violated|fired|been (?:involved|deployed|present)|taken part|targeted)\b"
    r"|\b(?:recycled|out of context|taken (?:elsewhere|years ago)|from (?:an?|another) (?:earlier|different|previous) (?:conflict|war|year|country))\b"
    r"|\bno such (?:attack|strike|raid|incident|shelling|bombing|event|massacre|operation|killings?|firing)\b(?:\s+\w+){0,2}?\s+(?:took place|taken place|happened|occurred|was carried out)"
    r"|\b(?:never|did not) (?:happened|happen|took place|take place|occurred|occur)\b"
    r"|\b(?:there was|there has been|there had been) no (?:firing|shelling|fire|attack|strike|bombing|shooting) (?:from|by|on)\b|\bno (?:firing|fire|shots?|shelling) (?:came )?from (?:our|its|their|the \w+) (?:side|territory|positions?)\b"
    r"|\b(?:videos?|footage|images?|photos?|pictures|incident|scenes?|attack) (?:\w+ ){0,4}?(?:was|were|had been|has been|have been) (?:staged|faked|doctored|forged)\b"
    r"|\blying about\b|\b(?:is|are|was|were) (?:simply |openly |blatantly )?lying\b(?! (?:in|on|at|under|near|dead|wounded|injured))"
    rf"|\bcontradict\w* (?:[\w'’-]+ ){{0,4}}?{_CLAIM_NOUN}\b"
    # alibis: "had no aircraft in the area", "conducted only routine patrols"
    r"|\b(?:had|have|has) no (?:aircraft|planes|jets|helicopters|drones|troops|forces|soldiers|units|personnel|vessels|ships) (?:\w+ )?(?:in|near|over|operating in|flying (?:in|over)) the (?:area|region|vicinity|sector)\b"
    r"|\b(?:conducted |carried out )?only routine (?:patrols?|operations|exercises|flights)\b"
    r"|\b(?:was|were|had been|has been|have been) nowhere near\b|\b(?:was|were|had been|stationed|deployed|located) (?:more than |over |at least |some |about |roughly )?[\d.,]+ (?:kilometres|kilometers|km|miles) away\b"
    r"|\bno (?:such )?(?:military )?(?:operations?|attacks?|strikes?|raids?|incursions?|offensives?|bombings?|shelling)\b(?: of any kind| whatsoever| at all)? (?:had been|has been|have been|was|were) (?:conducted|carried out|launched|staged|mounted|undertaken)\b"
    r"|\b(?:bears?|bore|ha[sd]|have) (?:no|little) relation (?:to|with) (?:reality|the truth|the facts)\b"
    r"|\b(?:found|find|finds|there (?:is|was)|saw|seen|see|has|have|had) no evidence (?:that|of)\b"
    r"|\b(?:never|have not|has not|had not|did not|does not|do not) (?:carried out|carry out|fired|fire|attacked|attack|targeted|target|used|use|deployed|deploy|shelled|shell|bombed|bomb)\b"
)
# Rejecting a proposal or being refused something is not a denial.
DENIAL_TRAP = _c(
    r"\bneither (?:confirm\w*|acknowledg\w*) nor den\w*\b|"
    r"\b(?:reject\w*|dismiss\w*|rebuff\w*)\b(?:\s+[\w'’-]+){0,4}?\s+(?:proposals?|offers?|deals?|plans?|bids?|requests?"
    r"|calls?|demands?|resolutions?|appeals?|ideas?|invitations?|motions?|bills?|candidates?|nominations?|budgets?"
    r"|petitions?|applications?|lawsuits?|cases?|case|suggestions to|draft|initiative|terms|ultimatum|agreement)\b"
    r"|\b(?:was|were|been|being|is|are|get|got) (?:\w+ )?denied\b(?!\s+by)"
    r"|\bden(?:y|ies|ied|ying) (?:[\w'’-]+ ){1,4}?(?:permission|entry|access|bail|visas?|a visa|passage|asylum|admission|licen[cs]es?|permits?|the right|requests?)\b"
    r"|\bden(?:y|ies|ied|ying) (?:that )?(?:he|she|they|we|i) (?:would|will|was going to|planned to|intended to) (?:resign|step down|quit|run|stand|leave)\b"
    r"|\bdismissed (?:from|as (?:head|chief|minister|coach|manager))\b|\bdismissal\b"
    r"|\bneither confirm\w* nor den\w*|\b(?:would|will|did|could) not confirm or deny\b|\bdeclined to (?:confirm or deny|comment)\b"
)

# --- diplomatic ---------------------------------------------------------------------------------
DIP_STRONG = _c(
    r"\bpeace (?:talks|deal|agreement|accord|process|plan|treaty|conference|initiative|negotiations|efforts|settlement|roadmap|envoy|summit|proposal|deal|mission|formula|framework|bid|push)\b"
    r"|\bnegotiat\w+|\bmediat\w+|\bcease[- ]?fires?\b|\btruces?\b|\barmistice\b|\bsummits\b|\benvoys?\b|\bemissar(?:y|ies)\b"
    r"|\bsummit (?:talks|meeting|with|between|on|in|of (?:the )?(?:leaders|heads|presidents|g\d+|nato|eu|arab|african))\b"
    r"|\b(?:g-?\d+|nato|eu|asean|arab league|african union|brics|apec|opec|gcc|un|sco) summit\b|\bcounterparts?\b"
    r"|\bin exchange for (?:the )?(?:release|freedom)\b|\breleased? (?:\w+ ){0,4}in exchange for\b"
    r"|\bdiplomat\w*|\bdiplomacy\b|\bforeign ministers\b|\bsecurity council\b|\bunsc\b|\btreat(?:y|ies)\b|\bpacts?\b"
    r"|\b(?:prisoners?|pows?|detainees?|captives?) (?:exchange|swap)s?\b|\b(?:exchange|swap)(?: \w+){0,2} of (?:prisoners|pows|bodies|detainees|captives)\b"
    r"|\b(?:phone|telephone|video) (?:call|conversation|talks)\b|\bspoke (?:by|over the|on the) (?:tele)?phone\b(?! from)"
    r"|\b(?:held|had|holds|has) (?:a |an )?(?:\w+ )?(?:call|conversation) with\b"
    r"|\b(?:emergency|extraordinary|annual|regional|two-day|one-day|leaders'?) summit\b|\bsummit (?:focused|dedicated|devoted|aimed|to discuss)\b"
    r"|\bde-?escalation\b(?! zones?)|\bnormali[sz]\w+ (?:of )?(?:ties|relations)\b|\bdiplomatic (?:ties|relations)\b|\bsever\w* ties\b"
    r"|\b(?:recall\w*|summon\w*|expel\w*) (?:[\w'’-]+ ){0,3}(?:ambassadors?|envoys?|diplomats?|charg[eé] d'affaires|embassy staff|(?:military |defen[cs]e )?attach[eé]s?)\b"
    r"|\bambassadors? (?:was |were )?(?:recalled|summoned|expelled)\b|\bpersona non grata\b|\bprotest note\b"
    r"|\b(?:held|hold|holding|resume\w*|start\w*|began|begin|launch\w*|open\w*|join\w*|attend\w*|another round of|round of|direct|indirect|bilateral|trilateral|ceasefire|peace|high-level|crisis|fresh|new) talks\b"
    r"|\btalks (?:with|between|in|on|over|aimed|to end|to resolve|hosted|brokered)\b"
    r"|\b(?:signed|sign|agreed|reached|brokered|clinched|struck|initial(?:l)?ed|inked|concluded) (?:\w+ ){0,3}(?:agreements?|accords?|deals?|memorandum|protocol|pact|treaty|truce|ceasefire|roadmap|declarations?|communiqu\w*|charter)\b"
    r"|\bdeclaration of principles\b|\b(?:put|set|added) (?:their|its|his|her) signatures? to\b"
    r"|\b(?:restor|re-?establish|upgrad|downgrad)\w* (?:[\w'’-]+ ){0,3}?(?:ties|relations)\b|\bspecial (?:representative|coordinator)\b|\b(?:chief|lead) negotiators?\b"
    r"|\b(?:freed|released|returned|handed over|repatriated)\b[^.;]{0,80}?\b(?:in|as part of|under) (?:an? |the )?(?:[\w-]+ ){0,2}?(?:exchange|swap)\b"
    r"|\boffer\w* to (?:host|mediate|facilitate|broker)\b|\bround of (?:[\w-]+ ){0,3}?(?:contacts|consultations|negotiations)\b|\bcontacts between\b"
    r"|\bagreement between\b|\bbilateral\b|\bdelegations?\b|\bsanctions? talks\b|\bun (?:secretary[- ]general|special envoy)\b"
    r"|\bhumanitarian (?:pause|corridor)s?\b|\bnon-aggression\b|\bgood offices\b"
    r"|\bcessation of hostilities\b|\bround of (?:[\w-]+ ){0,3}talks\b"
    r"|\b(?:swap|swapp|exchang)\w* (?:\w+ ){0,3}(?:prisoners|pows|detainees|captives|bodies)\b"
    # "came home in an exchange for the same number of Russian prisoners", "thanked the
    # Emirates for brokering the swap"
    r"|\b(?:exchange|swap) for (?:[\w-]+ ){0,6}?(?:prisoners|pows|detainees|captives|soldiers)\b"
    r"|\b(?:brokering|brokered|mediating|mediated) (?:the|this|a) (?:prisoner )?(?:swap|exchange)\b"
    # "went home under a swap the Emirates arranged", "under a repatriation deal"
    r"|\b(?:under|as part of) (?:an? |the )?(?:[\w-]+ ){0,2}?(?:swap(?! deals?\b)|repatriation (?:deal|agreement|accord|arrangement))\b"
    # diplomatic acts without "talks": missions closed, protests lodged, a call, a bloc's mission
    r"|\b(?:clos\w+|shut\w*|reopen\w*|open\w* (?:a |an |its |their )?new) (?:[\w'’-]+ ){0,4}?(?:consulates?|embass(?:y|ies)|consular|diplomatic missions?)\b"
    r"|\b(?:consulates?|embass(?:y|ies)) (?:[\w'’-]+ ){0,6}?(?:(?:would|will) be |was |were |to be )?(?:closed|shut|reopened)\b|\bconsular (?:services|relations|staff|officials)\b"
    r"|\b(?:withdr[ae]w\w*|pull\w* out) (?:its|their|the) (?:\w+ )?(?:ambassador|envoy|diplomats)\b|\b(?:deputy )?high commissioners?\b|\bcharg[eé]s? d'affaires\b"
    r"|\b(?:lodg\w+|fil\w+|handed|hand\w*|deliver\w*|sent) (?:a |an )?(?:[\w-]+ ){0,3}?(?:protest|d[eé]marche)\b|\bdeclared (?:[\w'’-]+ ){0,4}?(?:unwelcome|persona non grata)\b"
    r"|\breserv\w* the right to (?:respond|retaliate|react|defend)\b|\bjoint (?:statement|declaration|communiqu\w*)\b"
    r"|\bmeeting between (?:the )?(?:two |rival |warring )?(?:presidents|leaders|heads of state|foreign ministers|sides|parties|delegations|governments|junta|army|rebels)\b|\bface-to-face (?:meeting|talks|contacts?)\b"
    r"|\b(?:open|start|launch|resum|hold|begin|began|engag)\w* (?:a |an |the )?(?:\w+ )?dialogue (?:with|between)\b|\bdialogue between\b"
    r"|\b(?:brokered|mediated|facilitated) by\b|\bthrough (?:\w+ ){0,3}mediators\b|\bmediators?\b|\bhotline\b"
    r"|\bagree\w* to (?:stop|halt|end|cease|suspend|observe|respect|extend) (?:all |the )?(?:firing|fighting|hostilities|attacks|shelling|strikes|the truce|the ceasefire)\b"
    r"|\bsuspend\w* (?:[\w'’-]+ ){0,2}membership\b|\bgeneral assembly\b|\b(?:urg|press|call\w* on|appeal\w* to)\w* (?:the )?(?:both sides|two sides|warring (?:sides|parties)|all parties|the parties)\b"
    r"|\b(?:ecowas|sadc|igad|osce|african union|arab league|au|un|eu) (?:mediation|mediators?|(?:mission|team)s? (?:is |was |will be )?(?:due|arriv\w+|visit\w*|travel\w*|head\w*|to press|led by))\b"
    r"|\b(?:during|in|on) (?:a |an )?(?:phone |telephone |video )?call (?:with|on|between)\b|\b(?:during|in) a (?:phone |telephone |video )?call\b"
    r"|\bauspices\b|\bframework (?:agreement|deal|accord|for (?:a |an )?(?:deal|truce|ceasefire|peace|hostage|prisoner|exchange|settlement))\b|\b(?:hostages?|captives?) (?:exchange|swap)s?\b"
    r"|\b(?:met|meet|meets|meeting|travel\w*|flew|visit\w*|arriv\w*|sat down|gathered|convened|hosted)\b[^.;]{0,80}?\bto discuss (?:the )?(?:[\w-]+ ){0,2}?(?:war|conflict|ceasefire|truce|peace|crisis|hostilities|tensions|fighting)\b"
    r"|\b(?:met|meet|meets|meeting|talked|spoke|travel\w*|flew|visit\w*|arriv\w*|gathered|convened|hosted)\b[^.;]{0,80}?\b(?:to|aimed at|in a bid to|in an effort to) (?:end|halt|stop|ease|resolve|defuse|de-escalate) (?:the )?(?:[\w-]+ ){0,2}?(?:war|conflict|fighting|clashes|crisis|tensions|hostilities|standoff)\b"
    r"|\b(?:channels|lines) of communication\b|\bkeep (?:the )?(?:\w+ )?channels open\b"
    r"|\b(?:release|freeing|return) of (?:the )?(?:\d+ )?(?:remaining )?(?:hostages|captives)\b(?= (?:in exchange|as part|under|deal))|\bhostages? (?:deal|release deal|agreement)\b"
)
# A proposal put to, or answered by, the parties: diplomatic with a conflict word in the sentence
# ("presented a bridging proposal to Israel and Hamas", "the rebels rejected the plan").
DIP_PROPOSAL = _c(
    r"\b(?:present|put forward|submit|tabl|hand|unveil|float|deliver|sen[dt]|relay|reject|accept|welcom|endors|respond\w* to|consider|stud(?:y|ied|ying))\w* "
    r"(?:[\w'’-]+ ){0,7}?(?:proposals?|plans?|framework|blueprint|roadmap|initiative|formula|offer|counter-?proposal|draft|text)\b"
)
DIP_CONFLICT = _c(
    r"\b(?:sides|parties|delegations?|truce|cease[- ]?fire|fighting|war|hostages?|hostilities|rebels?|insurgents|junta|militias?"
    r"|hamas|hezbollah|houthis?|taliban|m23|rsf|israel|russia|ukraine|kremlin|kyiv|moscow|peace|settlement|armed groups?|captives|prisoners)\b"
)
# An official travelling abroad: "Turkey's foreign minister travelled to Moscow", "the president
# flew to Kigali" (with two countries named).
DIP_TRAVEL = _c(
    r"\b(?:flew|flies|fly|travel(?:l)?(?:ed|s|ing)?|arrived|arrives|headed) (?:to|in|for)\b"
)
DIP_FOREIGN_OFFICIAL = _c(
    r"\b(?:foreign minister|secretary of state|envoy|ambassador|foreign secretary|top diplomat|foreign policy chief|high representative)\b"
)

DIP_WEAK = _c(
    r"\bmet (?:with )?\b|\bmeetings?\b|\bvisit(?:ed|ing|s)?\b|\btalks\b|\bagreed\b|\bagreement\b|\brelations\b"
    r"|\bforeign minist\w+|\bforeign affairs\b|\bsecretary of state\b|\bpeacekeep\w+"
    r"|\bconsultations?\b|\bdialogue\b|\bsummit\b|\bcalls? (?:on|for) (?:restraint|calm|an end)\b|\bhost(?:s|ed|ing)?\b|\baccord\b"
)
DIP_CONTEXT = _c(
    r"\b(?:president|prime minister|premier|minister|chancellor|king|emir|government|officials|leaders?|countries"
    r"|nations|states|united nations|un|nato|eu|european union|african union|arab league|osce|kremlin|white house"
    r"|state department|pentagon|counterpart|rebels|taliban|opposition|sides|parties|militia|houthis?|hamas|hezbollah)\b"
)
DIP_BLOCK = _c(
    r"\b(?:coalition talks|trade (?:talks|deal|agreement|war)|union and (?:the )?management|management and (?:the )?unions?|pensions?|(?:expand|boost|increas|deepen|doubl)\w* (?:bilateral )?trade|trade in|business|investment|investors|merger|contract|wages?|pay talks"
    r"|salar\w+|labou?r unions?|trade unions?|strike action|elections?|electoral|candidates?|televised debate|campaign (?:promises?|rally|trail)|ruling party|budget|loan|imf|shareholders|company|companies"
    r"|inflation|central bank|interest rates|tariffs?|football|match|tournament|olympic|concert|festival|tourism|union leaders|management|employers|dock workers|firms?|pipelines?"
    r"|gas (?:supply|supplies|deliveries|deal|contract)|energy (?:forum|deal|deals|supply)|finance ministers?|bank regulation|banking"
    r"|negotiate with (?:terrorists|criminals|gangs|kidnappers)"
    # a humanitarian appeal, not a diplomatic move: "the agency urged all parties to protect
    # children", "urged both sides to spare civilians"
    r"|(?:urged|urges|urging|called on|calls on|appealed to) (?:[\w'’-]+ ){0,4}?to (?:protect|spare|safeguard|shield)"
    r" (?:the )?(?:lives of )?(?:civilians|children|aid workers|health workers|medics|hospitals|journalists|schools))\b"
)

# Named diplomatic formats: "the Astana process", "the Minsk agreements", "the Normandy format".
DIP_NAMED = re.compile(
    r"\b[A-Z][a-z]+ (?:process|format|accords?|agreements?|protocol|peace plan|declaration|communiqu[eé])\b"
)

ATTRIBUTION = re.compile(
    r"\b(?i:according to|announced by|reported by|quoted|quoting|citing|cited|confirmed by|stated by|said by)\s+"
    r"(?P<src>(?:the\s+)?[^,.;:\"“”]{3,90}?)(?=\s*(?:[,.;:\"“”]|$|\bsaid\b|\bon\b|\bthat\b|\bwho\b|\bas\b))"
)
SAID = re.compile(r"\b(?:said|says|told|reported|announced|stated|confirmed|claimed)\b")
# The speaker just before "said": a capitalised noun phrase without a finite verb in it.
SPEAKER = re.compile(
    r"(?P<src2>(?:the\s+)?[A-Z](?:(?!\b(?:was|is|were|are|has|have|had|been|be|it|this|that|which|who)\b)"
    r"[^,.;:\"“”]){2,80}?)\s+$"
)

# --- cheap prefilters ---------------------------------------------------------------------------
# Every cue pattern above needs at least one word starting with one of these prefixes (or equal
# to one of the short words), so a sentence without any skips that label's regexes entirely.
_WORD = re.compile(r"[a-z][a-z'’-]*")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PREFIXES: dict[str, tuple[str, ...]] = {
    "strike": _words(
        """
        air aerial drone missile rocket artiller mortar tank naval helicopter gunship cruise
        shell bombard barrel uav downed intercept munition bomb container dropp warplane war
        fighter jet aircraft projectile howitzer katyusha grad plane warship gunboat navy
        aviation carpet shot strik pound pummel glide guided cluster ballistic scud elbrus
        iskander tochka tomahawk kalibr himars mlrs shahed bayraktar kamikaze chlorine sarin
        poison toxic chemical strafe strafing sortie chopper loitering su- mig- f-
        precision
        """
    ),
    "casualty": _words(
        """
        kill dead die death toll slain wound injur hurt casualt lives perish massacr murder
        shot gunned behead execut fatalit suffocat bodies body corpse lynch beaten maimed missing
        victim bloodshed hospitali treated blew blow blown fatally detonat martyr stabbed
        hacked burned burnt bludgeoned stoned lost pulled rescued dug freed hospital clinic
        """
    ),
    "denial": _words(
        """
        den reject refut dismiss rebuff repudiat disavow brush disput contest challeng fake
        false baseless groundless unfounded untrue lie fabricat disinform misinform propaganda
        nonsense absurd ridiculous slander provocation incorrect invented made hoax smear
        libel bogus not nothing no basis reality unsubstantiat inadmissib exaggerat distort
        mislead staged forg doctored montage invent fiction fantas fairy factual lying
        falsely wrongly unjustly
        contradict evidence product never correspond rebut reflect none recycled rubbish
        misrepresent falsehood one-sided biased credib routine concocted preposterous ludicrous
        frivolous fictitious imaginary mischievous inflated hearsay unreliable figment trust
        believ speculat rumo conjectur guesswork relied fact nowhere kilometres kilometers km
        miles relation
        """
    ),
    "diplomatic": _words(
        """
        peace negotiat mediat cease truce armistice summit envoy emissar diplomat foreign secretary
        security unsc treat pact prisoner pow detainee captive exchange swap phone telephone
        spoke de-escalat deescalat normali relation ties sever recall summon expel ambassador
        persona protest talk agree accord deal memorandum protocol roadmap bilateral
        trilateral delegation sanction humanitarian non-aggression good met meet visit
        consultation dialogue call host process format declaration communiq peacekeep un sign
        reach broker clinch struck counterpart condemn urg offered pledged consul embass
        commissioner charg unwelcome reserv joint face-to-face mediator hotline facilitat membership
        assembly sides ecowas sadc igad osce hostage auspices framework discuss diplomacy
        channel received receives welcom travel flew arrived present put submit tabl hand
        unveil float deliver sent send relay reject accept endors respond consider stud offer
        restor re-establish reestablish upgrad downgrad special chief lead freed released
        returned repatriated contacts initial inked concluded charter attach fly flies headed
        """
    ),
}


_LABEL_BITS = {label: 1 << i for i, label in enumerate(PREFIXES)}
assert len(_LABEL_BITS) <= 4  # they fit in the low bits of ``_text.sentence_masks``
CUE_STRIKE, CUE_CASUALTY, CUE_DENIAL, CUE_DIPLOMATIC = (
    _LABEL_BITS["strike"],
    _LABEL_BITS["casualty"],
    _LABEL_BITS["denial"],
    _LABEL_BITS["diplomatic"],
)
_CUE_CACHE: dict[str, int] = {}


def _cue_word(w: str) -> int:
    bits = 0
    for label, prefixes in PREFIXES.items():
        if w.startswith(prefixes):
            bits |= _LABEL_BITS[label]
    if len(_CUE_CACHE) >= 200_000:
        _CUE_CACHE.clear()
    _CUE_CACHE[w] = bits
    return bits


def cue_mask(low: str) -> int:
    """``CUE_*`` bits of the labels whose prefilter words occur in the lowercase ``low``
    (each word's bits are cached)."""
    bits = 0
    cache = _CUE_CACHE
    for w in _WORD.findall(low):
        b = cache.get(w)
        bits |= _cue_word(w) if b is None else b
    return bits


def cue_labels(low: str) -> set[str]:
    """Labels whose prefilter words occur in the lowercase sentence ``low``."""
    bits = cue_mask(low)
    return {label for label, b in _LABEL_BITS.items() if bits & b}


# --- word gates ---------------------------------------------------------------------------------
# A bit per pattern: run a pattern only when ``GATES.mask(text) & BIT[name]`` (see ``_gate``).
BIT: dict[str, int] = {
    name: GATES.add(rx)
    for name, rx in list(globals().items())
    if isinstance(rx, re.Pattern)
    and name.isupper()
    and not name.startswith("_")
    and name not in ("ATTRIBUTION", "SAID", "SPEAKER", "DIP_NAMED")  # matched on cased text
}
WEAPON_BITS: tuple[int, ...] = tuple(GATES.add(rx) for _, rx in WEAPON_KINDS)
