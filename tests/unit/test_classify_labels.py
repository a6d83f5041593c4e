"""Label rules: each category's definition, its negations and its traps."""

from __future__ import annotations

import pytest

from streams.classify import classify


def labels(text: str, title: str | None = None) -> tuple[str, ...]:
    return classify(text, title).labels


# --- strike -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Israeli warplanes carried out airstrikes on the outskirts of the city on Tuesday.",
        "Air defences downed two drones launched at the city overnight.",
        "Artillery shelled the village of Kashkash for a second day.",
        "Three missiles were fired at the port; two were intercepted.",
        "Several mortar rounds landed near the base, witnesses said.",
        "A helicopter dropped barrel bombs on the rebel-held district.",
        "Jets have been pounding the city for days.",
    ],
)
def test_strike_positive(text: str) -> None:
    assert "strike" in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen opened fire on worshippers leaving the mosque, police said.",
        "A suicide bomber blew himself up at a checkpoint.",
        "A roadside bomb hit an army patrol in the district.",
        "Fighters attacked the post with rocket-propelled grenades and machine guns.",
        "The country threatened to launch missile strikes if the border was crossed.",
        "North Korea conducted another missile test on Sunday.",
        "The government signed an arms deal to buy missiles and drones.",
        "Police fired tear gas at protesters in the capital.",
        "Rebels seized the town amid a Saudi-led bombing campaign.",
    ],
)
def test_strike_negative(text: str) -> None:
    assert "strike" not in labels(text)


# --- casualty ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Two people were killed in the clashes.",
        "The death toll from the attack rises to 14.",
        "Security forces shot dead a protester in the capital.",
        "Several soldiers were wounded when their convoy was ambushed.",
        "Three die in protest crackdown",
        "Two suicide bombers blew themselves up near the police station.",
    ],
)
def test_casualty_positive(text: str) -> None:
    assert "casualty" in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rockets hit the city but no casualties were reported.",
        "A shell landed near the school; no one was hurt.",
        "An earthquake killed 30 people in the mountain villages.",
        "Floods have left 12 people dead across the region.",
        "Four people died in a road accident on the highway.",
        "The coronavirus has killed 200 people in the province.",
        "Six workers were killed when a chemical plant exploded.",
        "The group threatened to kill the hostages.",
        "The court sentenced him to death for murder.",
        "Peace talks began to end a conflict that has killed 160,000 people.",
    ],
)
def test_casualty_negative(text: str) -> None:
    assert "casualty" not in labels(text)


# --- denial -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The Defence Ministry denied carrying out the strike on the village.",
        "Moscow dismissed the reports as fake.",
        "The army rejected the accusations of shelling civilian areas.",
        "The spokesman called the claims baseless.",
        "No fire was opened from our territory, the ministry said.",
        "The militia denies involvement in the attack.",
        "Officials refuted reports that the base had been hit.",
        "Kyiv said the video was disinformation and fake news.",
        "The government rejected any responsibility for the explosion.",
        "The ministry said the allegations were completely false.",
        "The army said it did not carry out any attack on the town.",
    ],
)
def test_denial_positive(text: str) -> None:
    assert "denial" in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "The opposition rejected the proposal for a unity government.",
        "The journalist was denied entry at the border.",
        "The suspect was denied bail by the court.",
        "Rebels rejected the offer of talks.",
        "The militant group claimed responsibility for the attack.",
        "The ministry accused the rebels of shelling the town.",
        "Parliament dismissed the motion on Tuesday.",
    ],
)
def test_denial_negative(text: str) -> None:
    assert "denial" not in labels(text)


def test_denial_actor_and_claim() -> None:
    r = classify("Russia's Defence Ministry denied carrying out the strike on the market in Idlib.")
    assert r.denial is not None
    assert r.denial.actor == "Russia's Defence Ministry"
    assert r.denial.claim is not None and r.denial.claim.startswith("carrying out the strike")


# --- diplomatic -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The foreign ministers agreed on a humanitarian ceasefire after talks in Moscow.",
        "The UN Security Council will meet on Friday to discuss the escalation.",
        "Both sides completed a prisoner exchange on the bridge.",
        "The country summoned the ambassador over the shelling.",
        "The two presidents held a phone call about the border conflict.",
        "Negotiations between the government and the rebels resumed in Doha.",
        "A truce brokered by Egypt took effect at midnight.",
    ],
)
def test_diplomatic_positive(text: str) -> None:
    assert "diplomatic" in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Parliament approved the budget after coalition talks.",
        "The company signed a trade deal with investors.",
        "Voters went to the polls in the regional elections.",
        "The foreign ministry said three soldiers were wounded.",
    ],
)
def test_diplomatic_negative(text: str) -> None:
    assert "diplomatic" not in labels(text)


# --- history, boilerplate, headlines ----------------------------------------------------------
def test_history_is_not_news() -> None:
    text = (
        "During the armed conflict in 1992-1994, thousands were killed and the cities were"
        " shelled. "
        "Since 1992, negotiations have been conducted within the framework of the OSCE Minsk"
        " Group. "
        "The most significant exacerbation of the conflict was the four-day war of 2016. "
        "Then hundreds of soldiers on both sides were killed."
    )
    assert labels(text) == ()


def test_boilerplate_is_not_news() -> None:
    text = (
        "Follow us on Twitter for the latest news on missile strikes and ceasefire talks. "
        "Subscribe to our newsletter."
    )
    assert labels(text) == ()


def test_headline_style() -> None:
    r = classify("", title="Drone strike kills 5 in northern Syria")
    assert r.labels == ("strike", "casualty")
    assert r.casualties.killed == 5


def test_title_and_body_both_count() -> None:
    r = classify("Officials gave no further details.", title="Missiles hit Kharkiv, 3 killed")
    assert "strike" in r.labels and r.casualties.killed == 3


def test_scores_and_order() -> None:
    r = classify("Talks on a ceasefire began as artillery shelled the town, killing two.")
    assert r.labels == ("strike", "casualty", "diplomatic")
    assert all(0.0 <= v <= 1.0 for v in r.scores.values())
    assert all(r.scores[label] >= 0.5 for label in r.labels)
    assert r.scores["denial"] < 0.5


def test_empty_text() -> None:
    r = classify("")
    assert r.labels == () and r.places == () and r.casualties.killed is None


@pytest.mark.parametrize(
    "text",
    [
        "Russia condemned North Korea's missile test but said it opposed new sanctions.",
        "The foreign minister urged his counterpart to respect the border agreement.",
        "Leaders gathered for the G-20 summit in Hamburg.",
        "The government released 30 rebels in exchange for the release of 16 soldiers.",
    ],
)
def test_diplomatic_state_to_state(text: str) -> None:
    assert "diplomatic" in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of people blocked the road leading up to the summit of the mountain.",
        "Troops redeployed to observation points in the de-escalation zone.",
    ],
)
def test_diplomatic_word_traps(text: str) -> None:
    assert "diplomatic" not in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Special forces destroyed a cache of rockets and mortars found in a compound.",
        "A dozen people were killed when the aircraft crashed after declaring an emergency.",
    ],
)
def test_strike_ordnance_and_crash_traps(text: str) -> None:
    assert "strike" not in labels(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israeli strikes hit three houses in Jabalia.", {"strike"}),
        ("Russian forces pounded Avdiivka overnight.", {"strike"}),
        ("Artillery pummelled the village for hours.", {"strike"}),
        ("The city came under attack from guided bombs.", {"strike"}),
        ("The army has been bombing villages in the north for days.", {"strike"}),
        ("Heavy rains pounded the coast on Monday.", set()),
        ("The air force dropped food parcels over the besieged town.", set()),
        ("Kyiv asked for more artillery shells from its partners.", set()),
        ("The navy fired a cruise missile in a weapons test.", set()),
        ("The war, now in its fifth year, has killed tens of thousands.", set()),
        ("The 1999 NATO air campaign left hundreds dead.", set()),
        ("A measles outbreak has killed 40 children in the region.", set()),
        ("Dozens of villagers were reported missing after the raid.", {"casualty"}),
        ('The ministry said the claims were "a blatant lie".', {"denial"}),
        ("Officials denied the reporters permission to enter the camp.", set()),
        ("The two leaders held a call with each other on the crisis.", {"diplomatic"}),
        ("Leaders met for an extraordinary summit on the war.", {"diplomatic"}),
        ("The parties signed a cessation of hostilities deal.", {"diplomatic"}),
        ("The sides swapped 50 prisoners on the border.", {"diplomatic"}),
        ("Riga expelled Russia's charge d'affaires.", {"diplomatic"}),
        ("The mayor met hostages' families at the town hall.", set()),
    ],
)
def test_challenge_constructions(text: str, expected: set[str]) -> None:
    assert set(classify(text).labels) == expected
