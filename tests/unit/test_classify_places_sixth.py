# ruff: noqa: E501  (the test sentences read better unbroken)
"""English event-place rules of the sixth round (docs/classification.md, "Event-place rules
(sixth round)"): one test per kind, each failing on the code before it. Worded apart from the
challenge sets (other places and sentence shapes): the sets measure, these pin each rule."""

from __future__ import annotations

from streams.classify import classify


def _event(text: str) -> tuple[str, str] | None:
    ev = classify(text).event_place
    return (ev.name, ev.country) if ev else None


def test_a_village_of_one_country_is_placed_without_its_country_written() -> None:
    assert _event("Junta jets bombed Falam, killing a pastor, the Chin National Front said.") == (
        "Falam",
        "MM",
    )
    assert _event("Ukrainian drones hit an oil depot in Sudzha, killing a truck driver.") == (
        "Sudzha",
        "RU",
    )
    # the centre of, the shelling of: a village after "of" with a settlement or attack word
    assert _event(
        "Shells landed in the centre of Velykyi Burluk, wounding a man, the governor said."
    ) == (
        "Velykyi Burluk",
        "UA",
    )


def test_a_village_under_another_romanisation_is_found() -> None:
    from streams.classify._gazetteer_villages import latin_villages, slavic_key

    # Russian and Ukrainian romanisations of one name: -evka/-ivka, y/i, g/h, -oye/-e
    for written, geonames in [
        ("Vasilyevka", "Vasylivka"),
        ("Graivoron", "Grayvoron"),
        ("Pervomayskoye", "Pervomaiske"),
        ("Gorlovka", "Horlivka"),
        ("Kupyansk", "Kup'yans'k"),
    ]:
        assert slavic_key(written) == slavic_key(geonames), (written, geonames)
    assert [e.name for e in latin_villages().lookup("Graivoron")] == ["Grayvoron"]
    assert _event(
        "A drone hit a car in Graivoron, killing the driver, the regional governor said."
    ) == (
        "Graivoron",
        "RU",
    )


def test_a_national_capital_beats_a_small_namesake_elsewhere() -> None:
    # Doha is also a small town in India, Kabul one in Israel: the countries named do not
    # make the capital that town
    assert _event(
        "India and Pakistan held talks in Doha on Tuesday on the ceasefire along the Line of Control."
    ) == (
        "Doha",
        "QA",
    )
    assert _event(
        "Afghan and Israeli officials met in Kabul on Monday to discuss the release of two hostages."
    ) == (
        "Kabul",
        "AF",
    )


def test_a_region_named_with_an_ordinary_word_is_taken_with_its_type_word() -> None:
    assert _event("Clashes in Unity state killed 12 people, officials said.") == (
        "Unity state",
        "SS",
    )
    assert _event("Cattle raiders killed 12 people in Lakes state, officials said.") == (
        "Lakes state",
        "SS",
    )
    assert _event("Gunmen killed five villagers in Rivers state on Sunday.") == (
        "Rivers state",
        "NG",
    )
    # a town with such a region after it: the town, in the region's country
    assert _event("Gunmen killed a farmer near Bokkos, Plateau state.") == ("Bokkos", "NG")
    # the word alone is no region
    assert _event("The Unity government said 12 people were killed in Juba.") == ("Juba", "SS")
    # a francophone division, "Province du Soum", is keyed under its name
    assert _event(
        "Jihadists overran the army post at Koutougou in Soum province, killing 24 soldiers."
    ) == (
        "Koutougou",
        "BF",
    )


def test_a_facility_named_for_a_place_gives_way_to_the_town_it_stands_in() -> None:
    assert _event(
        "Drones hit the Kursk nuclear power plant in Kurchatov on Friday, damaging a roof."
    ) == (
        "Kurchatov",
        "RU",
    )
    # where the wounded were treated is not where they were hit
    assert _event(
        "Israeli aircraft struck a house in the Bureij refugee camp, killing six, according to staff at Al-Aqsa Martyrs Hospital in Deir al-Balah."
    ) == (
        "Bureij",
        "PS",
    )


def test_the_adjective_capital_is_that_countrys_capital() -> None:
    ev = classify(
        "Gunmen killed four people in the Sudanese capital on Monday, witnesses said."
    ).event_place
    assert ev is not None and (ev.resolved, ev.country) == ("Khartoum", "SD")
    ev = classify(
        "A drone strike in the Ethiopian capital killed four, witnesses said."
    ).event_place
    assert ev is not None and (ev.resolved, ev.country) == ("Addis Ababa", "ET")


def test_an_embassy_city_is_not_the_event_place_unless_the_embassy_was_hit() -> None:
    assert _event(
        "Russia's embassy in Bamako called reports that its instructors killed civilians in Moura a lie."
    ) == (
        "Moura",
        "ML",
    )
    assert _event(
        "France's embassy in Kinshasa condemned the massacre of 40 villagers in Djugu on Sunday."
    ) == (
        "Djugu",
        "CD",
    )
    # the event at the embassy itself
    assert _event("Rockets struck the US embassy in Baghdad, wounding two guards.") == (
        "Baghdad",
        "IQ",
    )


def test_a_name_written_without_its_apostrophe_or_with_al_for_its_article() -> None:
    assert _event("Airstrikes hit Sa'ada, killing two.") == ("Sa'ada", "YE")
    assert _event("A drone killed three men outside al-Bab, the US military said.") == (
        "al-Bab",
        "SY",
    )


def test_at_before_a_name_is_the_english_word_not_the_article() -> None:
    ev = classify(
        "Jihadists overran the army detachment at Koutougou in Soum province, killing 24 soldiers."
    ).event_place
    assert ev is not None and ev.name == "Koutougou"
    assert _event("Gunmen opened fire at Dablo in Burkina Faso, killing 15.") == ("Dablo", "BF")


def test_who_holds_a_place_is_not_its_country() -> None:
    assert _event("Shelling hit Russian-held Kamianka, killing two.") == ("Kamianka", "UA")
    assert _event(
        "Ukrainian shelling of Russian-occupied Vasylivka killed two, the Russian-installed governor said."
    ) == (
        "Vasylivka",
        "UA",
    )


def test_a_city_owning_a_district_or_town_places_the_event_there() -> None:
    assert _event(
        "Ukrainian drones hit Kursk's Zheleznogorsk, killing two, the governor said."
    ) == (
        "Zheleznogorsk",
        "RU",
    )
    ev = classify(
        "Moscow categorically rejected claims that its shells killed a family of three in the bombardment of Kharkiv's Saltivka district."
    ).event_place
    assert ev is not None and (ev.resolved, ev.country) == ("Saltivka", "UA")


def test_a_locality_with_no_place_written_lies_where_the_dateline_is() -> None:
    ev = classify(
        "GOMA, Congo — Three civilians were killed when shells landed in the Mugunga displacement camp west of the city, the UN said."
    ).event_place
    assert ev is not None and (ev.resolved, ev.country) == ("Mugunga", "CD")


def test_a_government_in_its_capital_is_a_source_not_the_event_place() -> None:
    ev = classify(
        "The military government in Bamako denied that 30 soldiers died in the attack on the Dioura outpost."
    ).event_place
    assert ev is not None and (ev.name, ev.country) == ("Dioura outpost", "ML")


def test_a_locality_is_not_in_the_country_whose_forces_attacked_it() -> None:
    # the country of the forces that shelled or bombed a locality is not the locality's
    assert _event(
        "Rwanda's army spokesman called it a lie that Rwandan troops had shelled Bunagana, as the rebels claimed."
    ) != (
        "Bunagana",
        "RW",
    )
    assert _event(
        "Ethiopia's defence forces denied that their aircraft bombed a village near Dollow, saying they struck only an al-Shabaab camp."
    ) == (
        "Dollow",
        "SO",
    )


def test_where_doctors_treat_the_wounded_is_not_where_they_were_hit() -> None:
    assert _event(
        "Doctors in Dnipro were treating four people injured when a missile hit a shop in Pavlohrad."
    ) == (
        "Pavlohrad",
        "UA",
    )


def test_a_hamlet_in_a_country_written_after_it_is_that_countrys() -> None:
    # Kotli is a city of Pakistan; "a hamlet in Sudan's ..." says which Kotli
    assert _event("Armed men stormed Kotli, a hamlet in Sudan's Sennar state, killing three.") == (
        "Kotli",
        "SD",
    )


def test_a_locality_of_the_body_beats_the_titles_town_it_lies_in() -> None:
    r = classify(
        "Shells hit a bus stop in the Shuvar district on Monday, killing two, emergency services said.",
        "Two killed in shelling of Kherson",
    )
    ev = r.event_place
    assert ev is not None and (ev.resolved, ev.country) == ("Shuvar", "UA")


def test_a_settlement_the_body_says_was_attacked_beats_the_titles_city() -> None:
    # the headline names the best-known city; the body, the town that was hit
    r = classify(
        "Officials said the rockets had in fact struck the town of Vilniansk, injuring four.",
        "Rocket attack on Zaporizhzhia",
    )
    ev = r.event_place
    assert ev is not None and (ev.name, ev.country) == ("Vilniansk", "UA")
    # a city the body names only as where people went is not the event place
    r = classify(
        "Families fled to the city of Dnipro after the attack, officials said.",
        "Missile strike on Kharkiv kills three",
    )
    ev = r.event_place
    assert ev is not None and (ev.name, ev.country) == ("Kharkiv", "UA")


def test_the_capital_is_the_capital_named_elsewhere_in_the_text() -> None:
    # "in the capital" means the one national capital the text names
    assert _event(
        "Baghdad protested after drones hit a fuel depot in the capital, wounding five guards."
    ) == ("Baghdad", "IQ")
    # two capitals named: "the capital" is not read
    assert _event("Moscow and Kyiv traded blame after drones hit the capital.") is None
    # "The Sudanese capital's" at a sentence's start is still the Sudanese capital
    r = classify("The Sudanese capital's eastern suburbs were shelled, killing four.")
    assert r.event_place is not None and r.event_place.country == "SD"


def test_a_place_name_before_an_armed_groups_noun_names_the_group() -> None:
    # "Fano militiamen": who fought (Fano is also a town in Italy), not where
    assert _event(
        "Army units and Fano militiamen fought for hours in the town of Woldia, and residents said seven civilians were killed."
    ) == ("Woldia", "ET")
    # with no other place named, the group's region still gives the place
    assert _event("Kachin rebels shelled a junta outpost, killing four soldiers.") == (
        "Kachin",
        "MM",
    )


def test_the_first_word_of_an_arabic_name_is_no_place_by_itself() -> None:
    # "Wadi" alone is a town in India, "Jebel" one in Turkmenistan; "Wadi Seidna" and "Jebel
    # Aulia" are whole names, read as localities, which nothing here places: no place, not a
    # wrong one
    assert _event("Drones hit a fuel depot at Wadi Seidna on Sunday.") is None
    assert _event("Shelling hit Jebel Aulia on Sunday, killing six.") is None
    # with the country written, the locality is placed there
    r = classify("Drones hit a fuel depot at Wadi Seidna, the Sudanese army said.")
    assert r.event_place is not None and r.event_place.country == "SD"
    # names the gazetteer has whole keep their place
    assert _event("An air strike hit Beit Lahia, killing five.") == ("Beit Lahia", "PS")


def test_a_locality_near_which_a_country_is_written_lies_there() -> None:
    # "a US outpost in eastern Syria near Tell Baydar": the owner of the base is not the
    # country; the place written before "near" is
    assert _event(
        "Rockets hit a US outpost in eastern Syria near Tell Baydar, wounding three."
    ) == (
        "Tell Baydar",
        "SY",
    )


def test_a_village_located_by_a_town_of_another_country_lies_in_the_towns_country() -> None:
    # a small namesake elsewhere loses to the country of the town the writer locates it by
    assert _event(
        "A drone struck a checkpoint at Kamenka, north of Izium, wounding two soldiers."
    ) == ("Kamenka", "UA")
    assert _event(
        "Fighters ambushed a convoy near Salamanca, outside Bunia, killing four soldiers."
    ) == ("Salamanca", "CD")
    # the town's own country written with it, the town itself in no table
    assert _event(
        "Gunmen killed six worshippers in Kouri, near Dorogoro in Niger's Tillaberi region."
    ) == ("Kouri", "NE")
    # a town of the same country changes nothing
    assert _event("Rockets fell on Tiberias, near Nazareth, wounding a guard.") == (
        "Tiberias",
        "IL",
    )


def test_set_q_locality_kinds() -> None:
    # a site "at" a place the tables lack, in the country of the group that attacked it
    assert _event("Al-Shabaab militants stormed a police post at Ceel Garas at dawn.") == (
        "Ceel Garas",
        "SO",
    )
    # a relief institution of a nationality reports on its own ground
    assert _event(
        "Settlers torched cars in the village of Umm al-Khair, the Palestinian Red Crescent said."
    ) == ("Umm al-Khair", "PS")
    # the side of a border a crossing is on
    assert _event(
        "Gunmen shot two drivers near the Goz Amer crossing, on the Chadian side of the border."
    ) == ("Goz Amer crossing", "TD")
    # a peacekeeping mission of one country: its base lies there
    assert _event("UNIFIL said a shell hit its position near Kfarchouba, wounding a soldier.") == (
        "Kfarchouba",
        "LB",
    )


def test_set_q_country_kinds() -> None:
    # a nationality's media reporting a locality outranks the country that denied it
    assert _event(
        "Turkey's defence ministry said no such raid took place after Syrian state media "
        "reported an air strike near Khirbet Ghazal."
    ) == ("Khirbet Ghazal", "SY")
    # a state of Nigeria named like a country
    assert _event("Gunmen killed five farmers in Niger state, police said.") == (
        "Niger state",
        "NG",
    )
    # a capital that brokered a deal is the government, not the place of the exchange
    assert _event(
        "Sudan handed over 12 captives at a crossing in Chad's Ouaddai province under a deal mediated by Doha."
    ) == ("Ouaddai province", "TD")
