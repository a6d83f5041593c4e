"""English count kinds of the eighth round (docs/classification.md, "Blind set T"): one test per
kind, each failing on the code before it. Worded apart from set T."""

from __future__ import annotations

from streams.classify import classify


def _counts(text: str) -> tuple[int | None, int | None]:
    c = classify(text).casualties
    return c.killed, c.wounded


def test_a_wound_said_by_the_body_part_counts_one() -> None:
    assert _counts("Troops fired on stone throwers, and a teenager was shot in the thigh.") == (
        None,
        1,
    )
    assert _counts("A shell killed two shepherds. A third man lost an arm.") == (2, 1)
    # "shot dead" is still a death
    assert _counts("A shepherd was shot dead near the fence.") == (1, None)


def test_someone_pulled_out_with_burns_is_wounded_once() -> None:
    assert _counts(
        "A missile destroyed a house, killing a couple. Their son was pulled from the rubble "
        "with burns and taken to hospital."
    ) == (2, 1)


def test_a_clause_between_a_person_and_the_wound_is_set_aside() -> None:
    assert _counts(
        "A drone struck a lorry, killing its two passengers. The driver, who leapt from the cab, "
        "was treated for minor injuries."
    ) == (2, 1)
    assert _counts(
        "Shelling killed three people in the market. A fourth shopper, a woman of 60, was "
        "treated for shrapnel wounds."
    ) == (3, 1)


def test_a_tally_for_a_period_after_the_toll_is_not_the_toll() -> None:
    assert _counts(
        "An air strike on a house in Deir al-Balah killed a mother and her four children, medics "
        "said. The hospital said it had received 41 bodies over the past 24 hours."
    ) == (5, None)
    # alone, the tally is the figure the item gives
    assert _counts("Hospitals received 41 bodies over the past 24 hours, the ministry said.") == (
        41,
        None,
    )
