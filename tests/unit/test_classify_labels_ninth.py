"""English label and count kinds of the ninth round (docs/classification.md, "Ninth round"):
one test per kind, each failing on the code before it. Worded apart from the golden sets."""

from __future__ import annotations

from streams.classify import classify


def test_wounded_said_only_by_where_they_were_taken_are_counted() -> None:
    lead = "A drone hit a lorry on the road to Kassala, killing six traders. "
    for tail, wounded in (
        ("Three more were rushed to the hospital in Kassala.", 3),
        ("Five others were taken to a clinic in the town with burns.", 5),
        ("A fourth man was brought to hospital in Kassala.", 1),
    ):
        r = classify(lead + tail)
        assert r.casualties.killed == 6, tail
        assert r.casualties.wounded == wounded, tail
    # bodies taken to a hospital are no wounded
    r = classify(lead + "The bodies were taken to the hospital in Kassala.")
    assert r.casualties.wounded is None


def test_the_wounded_of_an_accident_told_by_a_hospital_are_the_accident_s() -> None:
    r = classify(
        "A fuel tanker overturned and caught fire on the highway outside Kano, injuring nine "
        "people, the road safety agency said. The blast shattered the windows of two shops. "
        "The driver was among those taken to hospital with burns."
    )
    assert "casualty" not in r.labels


def test_a_truce_as_the_backdrop_of_a_strike_is_no_diplomatic_move() -> None:
    for tail in (
        "The shelling came in spite of a truce brokered by local elders.",
        "The group said it remained committed to the ceasefire.",
        "Both sides agreed to a ceasefire in March 2025, but the shelling has not stopped.",
        "The road lies in the buffer zone held by the army under the ceasefire.",
    ):
        r = classify(
            "Artillery shells hit a market in Kidal on Sunday, killing four people. " + tail
        )
        assert "diplomatic" not in r.labels, tail
        assert {"strike", "casualty"} <= set(r.labels), tail
    # a truce as the lead is still the news
    r = classify("The army and the rebels agreed a ceasefire in Kidal on Sunday.")
    assert "diplomatic" in r.labels
