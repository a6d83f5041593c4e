"""Spanish pack (streams/classify/lang/es). Checked here: number words, counts, and the traps
of Spanish-language copy; test_classify_lang_labels.py holds every pack's trap labels and the
sets' floors."""

from __future__ import annotations

from streams.classify import classify
from tests.support.classify import pack_tools

NUMBERS, normalize, _counts = pack_tools("es")


def test_number_words() -> None:
    assert NUMBERS["veintiséis"] == NUMBERS["veintiseis"] == 26
    assert NUMBERS["cuarenta_y_un"] == 41
    text = "treinta y un muertos"
    assert normalize(text) == "treinta_y_un muertos" and len(normalize(text)) == len(text)
    assert _counts("treinta y dos muertos y noventa y cuatro heridos") == {
        "killed": 32,
        "wounded": 94,
    }
    assert _counts("doscientos cincuenta heridos") == {"wounded": 250}
    assert _counts("7.326 muertos y 18,967 heridos") == {"killed": 7326, "wounded": 18967}


def test_articles_are_not_one_but_one_victim_is() -> None:
    assert _counts("un ataque con drones dejó dos muertos") == {"killed": 2}
    assert _counts("Un soldado murió y otros tres resultaron heridos") == {
        "killed": 1,
        "wounded": 3,
    }
    assert _counts("la represión dejó un manifestante muerto") == {"killed": 1}


def test_figure_after_its_verb_and_including_clause() -> None:
    assert _counts("en la operación murieron al menos siete guerrilleros") == {"killed": 7}
    assert _counts("el atacante mató al menos a 18 personas") == {"killed": 18}
    assert _counts("Al menos 25 palestinos, incluidos siete niños, murieron") == {"killed": 25}


def test_drone_dropped_explosives_are_a_strike_car_bombs_and_clashes_are_not() -> None:
    r = classify(
        "Un soldado murió y otros tres resultaron heridos en un ataque con explosivos lanzados "
        "desde un dron contra una base militar en el Cauca, informó el Ejército colombiano."
    )
    assert r.language == "es" and r.labels == ("strike", "casualty")
    assert (r.casualties.killed, r.casualties.wounded) == (1, 3)
    assert "drone" in r.weapons
    r = classify(
        "Un carro bomba estalló frente a la estación de Policía de Jamundí y dejó dos civiles "
        "muertos y al menos nueve heridos, según el alcalde."
    )
    assert r.labels == ("casualty",)
    assert (r.casualties.killed, r.casualties.wounded) == (2, 9)
    assert r.event_place is not None and r.event_place.country == "CO"
    r = classify(
        "Seis militares murieron en enfrentamientos armados con disidentes de las FARC en zona "
        "rural de Tibú, informó el Ministerio de Defensa."
    )
    assert r.labels == ("casualty",) and r.casualties.killed == 6


def test_shot_down_drones_without_victims() -> None:
    r = classify(
        "La Fuerza Aérea de Ucrania informó que derribó 52 de los 70 drones lanzados por Rusia "
        "durante la noche, sin que se registraran víctimas en Kiev."
    )
    assert r.labels == ("strike",)


def test_denials_the_way_spanish_copy_writes_them() -> None:
    for text in (
        "El Gobierno de Sinaloa calificó de «bulo» un mensaje difundido en redes sociales.",
        "Kiev desmintió que sus tropas hayan sido cercadas y calificó esa información de "
        "«propaganda rusa sin fundamento».",
        "La Secretaría aseguró que esas versiones «no corresponden a la realidad».",
    ):
        assert classify(text).labels == ("denial",), text
    # "falsos positivos" (extrajudicial killings) is not a denial
    r = classify("La JEP imputó a diez militares por los falsos positivos en Casanare.")
    assert "denial" not in r.labels


def test_a_figure_after_a_closed_group_starts_a_new_one() -> None:
    text = "Dos militares fallecieron y seis más resultaron lesionados"
    assert len(normalize(text.casefold())) == len(text)
    assert _counts(text) == {"killed": 2, "wounded": 6}
    assert _counts("dos soldados y tres civiles murieron") == {"killed": 5}
