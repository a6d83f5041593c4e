"""Issue 16, acts not words: denial as an actor saying a claim is untrue, diplomacy as two
parties doing something to each other (``streams/classify/lang/en/acts.py``). Every sentence is
worded apart from challenge set J (other actors, places and verbs), so that a frame fitted to
one snippet fails here; the traps hold what the frames must leave alone."""

from __future__ import annotations

import pytest

from streams.classify import classify
from streams.classify._gate import GATES
from streams.classify.lang.en.acts import conflict_context, denial_act, diplomatic_act, parties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # claim + verdict: untruth, motive, non-correspondence, provenance, lacking grounds
        ("The command said the casualty count put out by the insurgents was mistaken.", {"denial"}),
        ("Army officials said the convoy story was spread to tarnish the brigade.", {"denial"}),
        ("The navy said the tally of sunk boats given by the rebels was a myth.", {"denial"}),
        (
            "The ministry said the photographs were taken during a drill in another province.",
            {"denial"},
        ),
        ("The governor said the reports of a breakthrough were panic spread online.", {"denial"}),
        ("A spokesman said the charges brought by Kabul lacked any credible proof.", {"denial"}),
        (
            "The militia said the figure cited by monitors was a cover for their failures.",
            {"denial"},
        ),
        ("Officers said the account in the magazine was full of errors.", {"denial"}),
        # the actor's own act, its presence or the event, negated
        ("The brigade said its gunners had never shelled the monastery.", {"denial"}),
        ("A militia leader insisted their men were not in the market that day.", {"denial"}),
        ("The ministry said none of its pilots had flown over the delta.", {"denial"}),
        ("The border police said no Tajik troops had crossed the line.", {"denial"}),
        ("The army said the school had not been hit by its artillery.", {"denial"}),
        ("Officials in Dushanbe said there had been no shooting at the post.", {"denial"}),
        ("The navy said the explosion had not come from its vessels.", {"denial"}),
        ("The garrison said it had found no record of any patrol near the well.", {"denial"}),
        ("The army said the man was a smuggler, not a farmer as relatives said.", {"denial"}),
        # diplomatic: a joint act of two parties
        (
            "Both neighbours agreed to reopen the mountain crossing for trade and pilgrims.",
            {"diplomatic"},
        ),
        ("Tashkent and Bishkek agreed to demarcate the last disputed stretch.", {"diplomatic"}),
        (
            "The junta and the ethnic armed groups committed to a halt in the fighting.",
            {"diplomatic"},
        ),
        (
            "Emissaries of the government and the guerrilla movement sat down in Havana.",
            {"diplomatic"},
        ),
        # diplomatic: a directed act from one party to another
        ("Chile asked Peru to hand back the detained fishermen.", {"diplomatic"}),
        ("Ghana's president telephoned the Ivorian leader about the border raids.", {"diplomatic"}),
        (
            "Kazakhstan handed over to Kyrgyzstan the names of detained border guards.",
            {"diplomatic"},
        ),
        ("Hanoi suspended its participation in the regional maritime forum.", {"diplomatic"}),
        ("Bogota told Caracas it expected an answer on the extradition request.", {"diplomatic"}),
        # diplomatic: recognition
        (
            "The cabinet said it would never recognise the annexation of the islands.",
            {"diplomatic"},
        ),
        # traps: no conflict actor, intentions, requests, trade, sport, domestic politics
        ("The bank denied that its app had leaked customer data.", set()),
        ("The singer rejected reports that she had cancelled the tour.", set()),
        ("The mayor denied he would run for a third term.", set()),
        ("Officials denied the reporter's request for an interview.", set()),
        ("Kenya and Uganda agreed to cut tariffs on sugar and maize.", set()),
        ("Brazil and Argentina met in the final before a full stadium.", set()),
        ("Indian police told reporters that Pakistani traders had crossed at Wagah.", set()),
        ("The two companies agreed to merge their shipping arms.", set()),
        ("The governor said there were no casualties after the storm.", set()),
    ],
)
def test_acts(text: str, expected: set[str]) -> None:
    assert set(classify(text).labels) == expected, text


def test_denial_act_needs_an_actor_speaking() -> None:
    """No verb of saying, no denial frame: the negation alone is a report."""
    low = "the brigade had not shelled the village before dawn."
    assert denial_act(low, GATES.mask(low)) is None
    low = "the brigade said it had not shelled the village."
    assert denial_act(low, GATES.mask(low)) is not None


def test_a_denied_strike_is_the_claim_and_the_evidence_is_kept() -> None:
    r = classify("The air force said its jets had not bombed the bridge at Kotka.")
    assert r.labels == ("denial",)
    assert r.evidence["denial"] == [
        "The air force said its jets had not bombed the bridge at Kotka."
    ]
    assert r.denial is not None and r.denial.actor == "The air force said its jets"


def test_a_denied_toll_is_not_a_casualty() -> None:
    r = classify("The junta said the toll of 30 dead given by exiles was pure invention.")
    assert r.labels == ("denial",)
    assert r.casualties.killed is None


def test_a_strike_reported_and_denied_keeps_both() -> None:
    r = classify(
        "Artillery hit a clinic in Kupiansk, killing two nurses, the governor said. "
        "Moscow said its units had not fired on the town."
    )
    assert set(r.labels) == {"strike", "casualty", "denial"}
    assert r.casualties.killed == 2


def test_parties_are_states_their_capitals_institutions_and_armed_groups() -> None:
    assert parties("The Kremlin and Hamas spoke") == {"RU", "HAMAS"}
    assert parties("Ghana's president telephoned the Ivorian leader") == {"GH", "CI"}
    assert parties("Bogota told Caracas") == {"CO", "VE"}
    assert parties("The singer cancelled the tour") == set()


def test_directed_act_needs_a_party_as_its_object() -> None:
    """ "Russian forces received American tanks": two parties and a contact verb, but its
    object is a shipment, not a state or its official."""
    text = "Russian units received American tanks captured near the river."
    assert diplomatic_act(text.lower(), text, GATES.mask(text.lower())) is None
    text = "Ghana received the Togolese envoy."
    assert diplomatic_act(text.lower(), text, GATES.mask(text.lower())) is not None


def test_conflict_context() -> None:
    assert conflict_context(
        "the faction rejected the account.", "The faction rejected the account."
    )
    assert conflict_context("beijing rejected it.", "Beijing rejected it.")
    assert not conflict_context("the airline denied it.", "The airline denied it.")
