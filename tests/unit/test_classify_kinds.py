# ruff: noqa: E501  (the test sentences read better unbroken)
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

# (labels, present, text): each label must be on (present) or off (not present) for the text.
_LABEL_CASES: list[tuple[tuple[str, ...], bool, str]] = [
    (("denial",), True, "The army laughed off the rebels' account of the battle for the bridge."),
    (("denial",), True, "Israel hit back at the UN report on its conduct in Rafah."),
    (
        ("denial",),
        True,
        "Kinshasa poured cold water on the panel's findings about its troops in the east.",
    ),
    (
        ("denial",),
        True,
        "The foreign ministry said Kabul had failed to provide any evidence for its charges of cross-border raids.",
    ),
    (
        ("denial",),
        True,
        "The rebels said their gunners could not have fired the shells, having left the ridge a week earlier.",
    ),
    (
        ("denial",),
        True,
        "The militia said the men seen looting the market were not members of its units.",
    ),
    (
        ("denial",),
        True,
        "The army said the casualty figures had been pulled from thin air by opposition groups.",
    ),
    (
        ("denial",),
        True,
        "The ministry said the allegations of torture by its soldiers would not stand up to scrutiny.",
    ),
    (
        ("denial",),
        True,
        "Officials said the report was a smokescreen for the rebels' own losses in the north.",
    ),
    (
        ("denial",),
        True,
        "The navy said the debris shown online came from a missile it had never possessed.",
    ),
    (
        ("denial",),
        True,
        "The militia's spokesman dismissed as lies the monitors' finding that its fighters burned the village.",
    ),
    (
        ("denial",),
        True,
        "The embassy called reports of its contractors' role in the raid an information attack.",
    ),
    (
        ("denial",),
        True,
        "A rebel commander said his men had not planted the mines found on the road to Bunia.",
    ),
    (
        ("denial",),
        True,
        '"At no point did our soldiers enter the camp," the army said in a statement.',
    ),
    (
        ("diplomatic",),
        True,
        "Norway's foreign minister carried a message from the government to the rebel command.",
    ),
    (
        ("diplomatic",),
        True,
        "The Swiss ambassador relayed messages between Caracas and Washington.",
    ),
    (
        ("diplomatic",),
        True,
        "Ethiopia said it stood ready to host the next session between Khartoum and the RSF.",
    ),
    (
        ("diplomatic",),
        True,
        "An understanding reached in Doha will let civilians leave the besieged town.",
    ),
    (("diplomatic",), True, "Qatar secured an understanding between Kigali and the M23."),
    (("diplomatic",), True, "ECOWAS voted to reinstate Guinea after a two-year suspension."),
    (
        ("diplomatic",),
        True,
        "Chile and Argentina finalised the wording of the border settlement in Santiago.",
    ),
    (
        ("diplomatic",),
        True,
        "Ethiopia and Somalia restored ties for the first time in three decades.",
    ),
    (("diplomatic",), True, "The EU's foreign policy chief flew to Baku on Monday."),
    (("diplomatic",), True, "Moscow handed Tokyo a list of conditions for resuming contacts."),
    (("diplomatic",), True, "The EU gave Belgrade assurances on the northern municipalities."),
    (
        ("diplomatic", "denial"),
        False,
        "Brazil and India agreed to boost trade in soybeans and sugar.",
    ),
    (
        ("diplomatic", "denial"),
        False,
        "The minister brushed aside questions about his health at the summit of the ruling party.",
    ),
    (
        ("strike",),
        True,
        "Turkey struck positions near Tal Tamr overnight, a Kurdish-led force said.",
    ),
    (("strike",), True, "Israeli strikes across northern Gaza killed 12 people, medics said."),
    (("strike",), True, "A rocket volley from Lebanon set fire to fields near Kiryat Shmona."),
    (
        ("strike",),
        True,
        "A Saudi-led strike on the grain silo in Hajjah killed three guards, rescuers said.",
    ),
    (("strike",), True, "Friday's strike on the fuel depot in Kramatorsk left two people dead."),
    (
        ("strike",),
        True,
        "A Russian tank fired at a observation post near Vovchansk, wounding a soldier.",
    ),
    (
        ("strike",),
        True,
        "The clinic in Leer was bombed overnight, killing four patients, a charity said.",
    ),
    (
        ("strike",),
        True,
        "An explosive-laden sea drone hit a cargo ship off Hodeidah, the coast guard said.",
    ),
    (
        ("strike",),
        True,
        "Russian drones set two warehouses ablaze in Odesa overnight, the governor said.",
    ),
    (("strike",), False, "Russia struck a deal with Iran on gas supplies."),
    (("strike",), False, "Militants shot down an army helicopter, killing two pilots."),
    (("strike",), False, "The plant makes mortar shells for the army and runs three shifts."),
    (("casualty",), False, "A tanker overturned on the highway and caught fire, killing six."),
    (("casualty",), False, "A military court sentenced three rebel commanders to death on Monday."),
    (
        ("casualty",),
        False,
        "A missile hit a warehouse in Odesa, officials said, without giving a toll.",
    ),
    (
        ("strike", "casualty"),
        False,
        "A lightning strike killed three herders and their cattle on a hillside in Uganda.",
    ),
    (
        ("strike", "casualty"),
        False,
        "The striker was bombarded with chants from the away end and limped off with a knee injury.",
    ),
    (
        ("strike", "casualty"),
        False,
        "A boiler blast at a bakery in Lahore hurt five workers, police said, ruling out sabotage.",
    ),
    (
        ("strike", "casualty"),
        False,
        "Floodwaters poured into three villages after a dam burst upstream, drowning two children.",
    ),
]


@pytest.mark.parametrize(("labels", "present", "text"), _LABEL_CASES)
def test_label_kinds(labels: tuple[str, ...], present: bool, text: str) -> None:
    got = classify(text).labels
    for label in labels:
        assert (label in got) is present, (label, text)


@pytest.mark.parametrize(
    "text",
    [
        "The army laughed off the rebels' tally of the dead from the raid.",
        "Pakistan said the alleged massacre at the shrine never took place.",
        "A military spokesman said the reported shelling of the clinic never happened.",
    ],
)
def test_what_a_denial_disputes_is_still_reported(text: str) -> None:
    labels = set(classify(text).labels)
    assert "denial" in labels and labels & {"strike", "casualty"}, text


def test_bodies_of_n_are_a_toll() -> None:
    r = classify("Rescuers pulled the bodies of four men from the rubble after the raid.")
    assert r.casualties.killed == 4


# --- kinds read from set N's misses (worded apart from it) ------------------------------------


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
