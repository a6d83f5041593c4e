"""English labels by kind of act (issue 16, fifth round): the kinds the spent sets H and I and
the sets L and M still missed, each written here in other words, with other actors and
places, so that a rule fitted to one snippet fails them.

- denial: a rebuttal verb whose object is a claim ("brushed aside the monitors' report"), the
  event said not to have happened, the other side's burden of proof, impossibility ("could not
  have fired"), membership negated, fabrication and weak-sourcing idioms, a weapon the actor
  never had;
- diplomacy by its instruments (an understanding reached, a message carried, a session hosted,
  an invitation to talks, conditions handed over), joint drafting, readmission to a bloc, an
  official travelling to a capital, and a span of time that ends today ("for the first time in
  three decades") which is no history;
- strike: a state as the subject of "struck", strikes "across" an area, a rocket volley; not an
  aircraft shot down, nor shells made;
- casualty and counts: bodies of N, a toll not given, a death sentence, an overturned tanker.
"""

from __future__ import annotations

import pytest

from streams.classify import classify


@pytest.mark.parametrize(
    "text",
    [
        "The army laughed off the rebels' account of the battle for the bridge.",
        "Israel hit back at the UN report on its conduct in Rafah.",
        "Kinshasa poured cold water on the panel's findings about its troops in the east.",
        "The foreign ministry said Kabul had failed to provide any evidence for its charges of "
        "cross-border raids.",
        "The rebels said their gunners could not have fired the shells, having left the ridge a "
        "week earlier.",
        "The militia said the men seen looting the market were not members of its units.",
        "The army said the casualty figures had been pulled from thin air by opposition groups.",
        "The ministry said the allegations of torture by its soldiers would not stand up to "
        "scrutiny.",
        "Officials said the report was a smokescreen for the rebels' own losses in the north.",
        "The navy said the debris shown online came from a missile it had never possessed.",
    ],
)
def test_denial_kinds(text: str) -> None:
    assert "denial" in classify(text).labels, text


@pytest.mark.parametrize(
    "text",
    [
        "Norway's foreign minister carried a message from the government to the rebel command.",
        "The Swiss ambassador relayed messages between Caracas and Washington.",
        "Ethiopia said it stood ready to host the next session between Khartoum and the RSF.",
        "An understanding reached in Doha will let civilians leave the besieged town.",
        "Qatar secured an understanding between Kigali and the M23.",
        "ECOWAS voted to reinstate Guinea after a two-year suspension.",
        "Chile and Argentina finalised the wording of the border settlement in Santiago.",
        "Ethiopia and Somalia restored ties for the first time in three decades.",
        "The EU's foreign policy chief flew to Baku on Monday.",
        "Moscow handed Tokyo a list of conditions for resuming contacts.",
        "The EU gave Belgrade assurances on the northern municipalities.",
    ],
)
def test_diplomatic_kinds(text: str) -> None:
    assert "diplomatic" in classify(text).labels, text


@pytest.mark.parametrize(
    "text",
    [
        "Brazil and India agreed to boost trade in soybeans and sugar.",
        "The minister brushed aside questions about his health at the summit of the ruling party.",
    ],
)
def test_not_diplomatic_or_denial(text: str) -> None:
    labels = classify(text).labels
    assert "diplomatic" not in labels and "denial" not in labels, text


@pytest.mark.parametrize(
    "text",
    [
        "Turkey struck positions near Tal Tamr overnight, a Kurdish-led force said.",
        "Israeli strikes across northern Gaza killed 12 people, medics said.",
        "A rocket volley from Lebanon set fire to fields near Kiryat Shmona.",
    ],
)
def test_strike_kinds(text: str) -> None:
    assert "strike" in classify(text).labels, text


@pytest.mark.parametrize(
    "text",
    [
        "Russia struck a deal with Iran on gas supplies.",
        "Militants shot down an army helicopter, killing two pilots.",
        "The plant makes mortar shells for the army and runs three shifts.",
    ],
)
def test_not_strike(text: str) -> None:
    assert "strike" not in classify(text).labels, text


@pytest.mark.parametrize(
    "text",
    [
        "The army laughed off the rebels' tally of the dead from the raid.",
        "Pakistan said the alleged massacre at the shrine never took place.",
        "A military spokesman said the reported shelling of the clinic never happened.",
    ],
)
def test_what_a_denial_disputes_is_not_reported(text: str) -> None:
    assert classify(text).labels == ("denial",), text


def test_bodies_of_n_are_a_toll() -> None:
    r = classify("Rescuers pulled the bodies of four men from the rubble after the raid.")
    assert r.casualties.killed == 4


@pytest.mark.parametrize(
    "text",
    [
        "A tanker overturned on the highway and caught fire, killing six.",
        "A military court sentenced three rebel commanders to death on Monday.",
        "A missile hit a warehouse in Odesa, officials said, without giving a toll.",
    ],
)
def test_not_casualty(text: str) -> None:
    assert "casualty" not in classify(text).labels, text


# --- kinds read from set N's misses (worded apart from it) ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A Saudi-led strike on the grain silo in Hajjah killed three guards, rescuers said.",
        "Friday's strike on the fuel depot in Kramatorsk left two people dead.",
        "A Russian tank fired at a observation post near Vovchansk, wounding a soldier.",
        "The clinic in Leer was bombed overnight, killing four patients, a charity said.",
        "An explosive-laden sea drone hit a cargo ship off Hodeidah, the coast guard said.",
        "Russian drones set two warehouses ablaze in Odesa overnight, the governor said.",
    ],
)
def test_strike_kinds_from_set_n(text: str) -> None:
    assert "strike" in classify(text).labels, text


@pytest.mark.parametrize(
    "text",
    [
        "A lightning strike killed three herders and their cattle on a hillside in Uganda.",
        "The striker was bombarded with chants from the away end and limped off with a knee "
        "injury.",
        "A boiler blast at a bakery in Lahore hurt five workers, police said, ruling out sabotage.",
        "Floodwaters poured into three villages after a dam burst upstream, drowning two children.",
    ],
)
def test_not_conflict_from_set_n(text: str) -> None:
    labels = classify(text).labels
    assert "strike" not in labels and "casualty" not in labels, text


@pytest.mark.parametrize(
    "text",
    [
        "The militia's spokesman dismissed as lies the monitors' finding that its fighters "
        "burned the village.",
        "The embassy called reports of its contractors' role in the raid an information attack.",
        "A rebel commander said his men had not planted the mines found on the road to Bunia.",
        '"At no point did our soldiers enter the camp," the army said in a statement.',
    ],
)
def test_denial_kinds_from_set_n(text: str) -> None:
    assert "denial" in classify(text).labels, text


def test_neither_confirmed_nor_denied_is_no_denial() -> None:
    r = classify("The ministry neither confirmed nor denied that its jets had struck the bridge.")
    assert "denial" not in r.labels


def test_a_presupposed_role_keeps_the_killing() -> None:
    r = classify(
        "The army rejected reports that its officers took part in the killing of nine farmers."
    )
    assert "casualty" in r.labels and "denial" in r.labels


def test_labour_truce_is_not_diplomacy() -> None:
    r = classify("The union and the management agreed a truce over pensions at the port.")
    assert "diplomatic" not in r.labels


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "The toll from Monday's shelling of the market in Kostiantynivka, in the Donetsk "
            "region, has climbed to 17, officials said.",
            17,
        ),
        ("The number of villagers killed in the raid on Kauda rose to eleven.", 11),
    ],
)
def test_toll_updates_across_commas_and_named_dead(text: str, killed: int) -> None:
    assert classify(text).casualties.killed == killed
