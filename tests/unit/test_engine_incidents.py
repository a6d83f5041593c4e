"""Incident folding (running max, syndication, nearby places) and the contested correlation."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from alerts.rules import IncidentSettings, RuleSet, parse_rules
from streams.engine import Engine
from streams.incidents import IncidentFolder, haversine_km, jaccard, sketch
from streams.models import ClassifiedItem, Denial
from tests.support.reports import PLACES, T0
from tests.support.reports import report as mk

WIRE = (
    "A ballistic missile struck a residential area of Ganja early on Sunday, killing twelve "
    "people and wounding more than 40, the prosecutor general's office said. Rescue workers "
    "searched the rubble of several houses as the ceasefire agreed in Moscow came under strain."
)


def folder(**kw: Any) -> IncidentFolder:
    return IncidentFolder(IncidentSettings(**kw), {})


def test_haversine_and_simhash() -> None:
    assert 10 < haversine_km(*PLACES["Ganja"][1:], *PLACES["Goygol"][1:]) < 13
    assert 150 < haversine_km(*PLACES["Ganja"][1:], *PLACES["Yerevan"][1:]) < 185
    a = sketch(WIRE)
    b = sketch("GANJA (Reuters) - " + WIRE + " Reporting by staff; editing by desk.")
    c = sketch("Talks between the foreign ministers resumed in Geneva on Monday afternoon.")
    assert a is not None and b is not None and c is not None
    assert jaccard(a, a) == 1.0
    assert jaccard(a, b) >= 0.6 > 0.1 > jaccard(a, c)
    assert sketch("Missile hits Ganja") is None  # too short to judge


def test_toll_is_the_running_maximum_never_the_sum() -> None:
    f = folder()
    for i, (k, w) in enumerate([(12, 40), (None, 45), (12, None), (14, 30)]):
        res = f.fold(mk(i, i * 20, ("strike", "casualty"), killed=k, wounded=w, feed=f"f{i}"))
    inc = res.incident
    assert (inc["killed"], inc["wounded"]) == (14, 45)
    assert inc["sources"] == ["f0", "f1", "f2", "f3"]
    assert len(f.incidents) == 1
    assert inc["status"] == "open"
    assert inc["first_seen"] == T0.timestamp()
    assert inc["last_seen"] == (T0 + timedelta(minutes=60)).timestamp()


def test_syndicated_copies_fold_even_without_a_place() -> None:
    f = folder()
    first = f.fold(mk(1, 0, ("strike", "casualty"), text=WIRE, title="Missile hits Ganja"))
    copies = [
        f.fold(mk(i, i, ("casualty",), place=None, text=f"By staff {i}. {WIRE}", feed=f"o{i}"))
        for i in range(2, 8)
    ]
    assert first.created and not any(c.created for c in copies)
    assert {c.incident["id"] for c in copies} == {first.incident["id"]}
    assert len(copies[-1].incident["sources"]) == 7


def test_nearby_place_overlapping_categories_short_span() -> None:
    f = folder(radius_km=25, fold_window="6h")
    a = f.fold(mk(1, 0, ("strike",)))
    near = f.fold(mk(2, 30, ("strike", "casualty"), place="Goygol"))  # ~11 km away
    assert near.incident["id"] == a.incident["id"]
    far = f.fold(mk(3, 40, ("strike",), place="Yerevan"))
    assert far.created
    other_category = f.fold(mk(4, 50, ("diplomatic",)))
    assert other_category.created
    later = f.fold(mk(5, 8 * 60, ("strike",)))  # beyond the fold window
    assert later.created
    assert len(f.incidents) == 4


def test_denial_about_the_place_contests_a_recent_strike() -> None:
    f = folder(contest_window="12h")
    strike = f.fold(mk(1, 0, ("strike", "casualty"), killed=12))
    denial = f.fold(
        mk(
            2,
            90,
            ("denial",),
            place="Yerevan",
            mentioned=("Ganja",),
            denial=Denial(actor="Armenian defence ministry", claim="no fire was opened"),
            feed="mod-am",
        )
    )
    assert denial.linked_denial and denial.contested_now
    inc = denial.incident
    assert inc["id"] == strike.incident["id"]
    assert inc["status"] == "contested"
    assert inc["killed"] == 12  # a denial never changes the toll
    assert inc["denials"][0]["actor"] == "Armenian defence ministry"
    again = f.fold(mk(3, 100, ("denial",), mentioned=("Ganja",), place=None))
    assert again.linked_denial and not again.contested_now


def test_denial_by_the_accused_actor_links_without_a_place() -> None:
    f = folder()
    f.fold(mk(1, 0, ("strike",), attribution="Armenian forces"))
    res = f.fold(mk(2, 30, ("denial",), place=None, denial=Denial(actor="Armenia's ministry")))
    assert res.contested_now
    res2 = folder().fold(mk(2, 30, ("denial",), place=None, denial=Denial(actor="Armenia")))
    assert not res2.linked_denial and res2.created


def test_denial_before_the_strike_or_too_late_does_not_contest() -> None:
    f = folder(contest_window="2h")
    f.fold(mk(1, 60, ("strike",)))
    before = f.fold(mk(2, 10, ("denial",), mentioned=("Ganja",), place=None))
    assert not before.linked_denial
    late = f.fold(mk(3, 60 + 200, ("denial",), mentioned=("Ganja",), place=None))
    assert not late.linked_denial


def _contested_rules(**over: Any) -> RuleSet:
    rule: dict[str, Any] = {"name": "contested", "type": "contested", "within": "3h"}
    rule.update(over)
    return parse_rules({"rules": [rule]}, file="t.yaml")


def test_contested_rule_fires_once_per_incident_within_its_window() -> None:
    eng = Engine(_contested_rules(severity="critical", channels=["desk"]))
    assert (
        eng.process(mk(1, 0, ("strike", "casualty"), killed=12, title="Missile hits Ganja")) == []
    )
    d = mk(2, 60, ("denial",), place=None, mentioned=("Ganja",), denial=Denial(actor="Armenia"))
    alerts = eng.process(d)
    assert len(alerts) == 1
    a = alerts[0]
    assert (a.rule, a.severity, a.status, a.channels) == (
        "contested",
        "critical",
        "firing",
        ("desk",),
    )
    assert a.incident is not None and a.incident.status == "contested"
    assert a.incident.killed == 12 and a.incident.place == "Ganja"
    assert a.incident.lat == PLACES["Ganja"][1]
    assert "Armenia" in a.title
    assert a.hold_for == 3 * 3600.0  # never resolved: held for the rule's 'within'
    assert eng.process(mk(3, 70, ("denial",), place=None, mentioned=("Ganja",))) == []
    # replay through a fresh engine: the same id
    eng2 = Engine(_contested_rules(severity="critical", channels=["desk"]))
    eng2.process(mk(1, 0, ("strike", "casualty"), killed=12, title="Missile hits Ganja"))
    assert [x.id for x in eng2.process(d)] == [a.id]


def test_contested_rule_respects_within_and_place_conditions() -> None:
    eng = Engine(_contested_rules(within="30m"))
    eng.process(mk(1, 0))
    assert eng.process(mk(2, 60, ("denial",), place=None, mentioned=("Ganja",))) == []
    eng = Engine(_contested_rules(when={"countries": ["AM"]}))
    eng.process(mk(1, 0))
    assert eng.process(mk(2, 60, ("denial",), place=None, mentioned=("Ganja",))) == []
    eng = Engine(_contested_rules(when={"geofence": {"lat": 40.68, "lon": 46.36, "radius_km": 5}}))
    eng.process(mk(1, 0))
    assert len(eng.process(mk(2, 60, ("denial",), place=None, mentioned=("Ganja",)))) == 1


def test_a_new_folder_on_the_same_records_rebuilds_its_index() -> None:
    store: dict[str, Any] = {}
    first = IncidentFolder(IncidentSettings(), store).fold(mk(1, 0, text=WIRE, place=None))
    again = IncidentFolder(IncidentSettings(), store)  # e.g. after a restart
    copy = again.fold(mk(2, 5, ("casualty",), place=None, text="GANJA, Oct 11. " + WIRE))
    assert copy.incident["id"] == first.incident["id"] and not copy.created
    near = again.fold(mk(3, 6, place="Goygol"))
    assert near.created  # the first incident had no place: only text folds into it
    assert again.expire((T0 + timedelta(days=10)).timestamp()) and store == {}
    assert again.fold(mk(4, 60 * 24 * 10, text=WIRE, place=None)).created


def test_a_report_of_a_strike_and_its_denial_is_contested_at_once_and_copies_do_not_retrigger() -> (
    None
):
    eng = Engine(_contested_rules())
    both = ("strike", "casualty", "denial")
    denial = Denial(actor="Armenian defence ministry", claim="no fire was opened")
    first = eng.process(mk(1, 0, both, killed=12, text=WIRE, denial=denial))
    assert [a.rule for a in first] == ["contested"]
    assert first[0].incident is not None and first[0].incident.status == "contested"
    copy = mk(2, 20, both, killed=12, text="By our correspondent. " + WIRE, denial=denial)
    assert eng.process(copy) == []
    assert eng.stats.incidents_created == 1


def _jaccard_by_definition(a: list[int], b: list[int], k: int = 24) -> float:
    """The estimate spelled out: the share of the k smallest union values found in both."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:k]
    return sum(1 for v in union if v in a and v in b) / len(union)


def test_jaccard_matches_its_definition_on_random_sketches() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        pool = rng.randint(1, 60)  # a small pool: sketches share many values
        a = sorted(rng.sample(range(pool), rng.randint(0, min(pool, 30))))
        b = sorted(rng.sample(range(pool), rng.randint(0, min(pool, 30))))
        k = rng.choice((1, 3, 24))
        assert jaccard(a, b, k=k) == _jaccard_by_definition(a, b, k)


def test_the_near_duplicate_prefilter_agrees_with_the_estimate_at_every_threshold() -> None:
    rng = random.Random(11)
    thresholds = sorted({n / d for d in range(1, 25) for n in range(1, d + 1)})
    for _ in range(400):
        pool = rng.randint(24, 60)
        h = sorted(rng.sample(range(pool), rng.randint(1, 24)))
        x = sorted(rng.sample(range(pool), rng.randint(0, 24)))
        for near in thresholds:
            got = IncidentFolder._near_duplicate(h, set(h), x, near)
            assert got == (jaccard(h, x) >= near), (h, x, near)


def _expected_fold_target(
    f: IncidentFolder, ci: ClassifiedItem, ts: float
) -> tuple[int, float, str] | None:
    """(rank, gap, id) of the incident a (non-denial) report joins, by a scan of the records."""
    s = f.settings
    h = sketch(f"{ci.item.title}\n{ci.item.text}")
    place = ci.event_place
    best: tuple[int, float, str] | None = None
    for iid, inc in f.incidents.items():
        if ts - inc["last_seen"] > s.fold_window or inc["first_seen"] - ts > s.fold_window:
            continue
        rank: int | None = None
        if h is not None and any(jaccard(h, x) >= s.near_duplicate_jaccard for x in inc["hashes"]):
            rank = 0
        else:
            same = False
            if place is not None:
                name = place.name.casefold()
                same = bool(name) and name == inc["place_norm"]
                if not same and inc["lat"] is not None and place.lat is not None:
                    lat, lon = place.lat, place.lon
                    assert lon is not None
                    same = haversine_km(lat, lon, inc["lat"], inc["lon"]) <= s.radius_km
            cats = set(inc["categories"])
            overlap = any(
                label in cats or (label in ("strike", "casualty") and cats & {"strike", "casualty"})
                for label in ci.labels
            )
            if same and overlap:
                rank = 1
        gap = abs(ts - inc["last_seen"])
        if rank is not None and (best is None or (rank, gap, iid) < best):
            best = (rank, gap, iid)
    return best


def test_folding_picks_what_a_scan_of_every_incident_picks() -> None:
    """The inverted index, the exact pre-filter and the split passes choose the incident a
    plain scan of every record with the estimate would: random stories, places and times."""
    rng = random.Random(3)
    labelsets = [("strike",), ("casualty",), ("strike", "casualty"), ("diplomatic",)]

    def sentence() -> str:
        return " ".join(f"w{rng.randint(0, 400)}" for _ in range(10))

    stories = [[sentence() for _ in range(6)] for _ in range(15)]
    for near in (0.3, 0.5, 0.6, 0.625, 0.75):  # k/24 thresholds are met exactly
        f = folder(near_duplicate_jaccard=near, fold_window="3h", max_open=40)
        outcomes = {"new": 0, "copy": 0, "place": 0}
        for n in range(300):
            churn = rng.choice((0.0, 0.2, 0.4, 0.7, 1.0))  # share of sentences rewritten
            story = [sentence() if rng.random() < churn else x for x in rng.choice(stories)]
            text = f"By reporter {rng.randint(1, 9)}. " + ". ".join(story)
            place = rng.choice([None, "Ganja", "Goygol", "Stepanakert", "Yerevan"])
            ci = mk(n, n * rng.uniform(0, 6), rng.choice(labelsets), place, text=text)
            ts = ci.item.published.timestamp()
            expected = _expected_fold_target(f, ci, ts)
            res = f.fold(ci, ts)
            if expected is None:
                assert res.created
                outcomes["new"] += 1
            else:
                assert not res.created and res.incident["id"] == expected[2]
                outcomes["copy" if expected[0] == 0 else "place"] += 1
        assert min(outcomes.values()) >= 10, outcomes  # every outcome occurs


def test_a_copy_exactly_at_the_threshold_joins_and_one_value_fewer_does_not() -> None:
    h = sketch(f"Report 9\n{WIRE}")
    assert h is not None and len(h) == 24
    above = [max(h) + 1 + i for i in range(24)]  # larger than all of h: outside its bottom 24
    for shared, joins in ((15, True), (14, False)):  # 15/24 = 0.625, 14/24 < 0.625
        store: dict[str, Any] = {}
        first = IncidentFolder(IncidentSettings(), store).fold(mk(1, 0, ("diplomatic",), None))
        iid = first.incident["id"]
        store[iid] = {**store[iid], "hashes": [sorted(h[:shared] + above[: 24 - shared])]}
        f = IncidentFolder(IncidentSettings(near_duplicate_jaccard=0.625), store)
        assert jaccard(h, store[iid]["hashes"][0]) == shared / 24
        res = f.fold(mk(9, 10, ("strike",), "Yerevan", text=WIRE))
        assert (res.incident["id"] == iid) is joins and res.created is not joins


def test_a_carried_sketch_folds_as_the_text_would_and_is_used_instead_of_the_text() -> None:
    from streams.incidents import item_sketch

    stream = [mk(1, 0, ("strike", "casualty"), text=WIRE, title="Missile hits Ganja")]
    stream += [mk(i, i, ("casualty",), place=None, text=f"By staff {i}. {WIRE}") for i in (2, 3)]
    stream += [mk(4, 5, ("strike",), place="Ganja", text="Short.")]  # too short to sketch
    carried = [ci.model_copy(update={"minhash": tuple(item_sketch(ci) or ())}) for ci in stream]
    assert carried[-1].minhash == () and carried[0].minhash
    plain, with_sketch = folder(), folder()
    got = [with_sketch.fold(ci).incident for ci in carried]
    assert got == [plain.fold(ci).incident for ci in stream]
    # the carried sketch wins over the text: a copy with another text but the same sketch folds
    # into the first incident as a near-duplicate
    other = mk(9, 7, ("casualty",), place=None, text="Entirely different words " * 5)
    assert (
        with_sketch.fold(other.model_copy(update={"minhash": carried[0].minhash})).incident["id"]
        == got[0]["id"]
    )
