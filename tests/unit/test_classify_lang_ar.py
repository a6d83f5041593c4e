"""Arabic pack (streams/classify/lang/ar): folding, number words, duals, clitics, negation,
denials and places as Arabic news copy writes them (labels of the traps of every pack, and
the sets' floors, are in test_classify_lang_labels.py).

The texts here are written for these tests (not taken from the evaluation sets).
"""

from __future__ import annotations

from streams.classify import classify
from streams.classify.lang import get_pack
from streams.classify.stages.counts import extract


def test_fold_unifies_spelling_variants_digits_and_qualifiers() -> None:
    pack = get_pack("ar")
    assert pack is not None
    assert pack.fold("إصابةُ") == pack.fold("اصابه")
    assert pack.fold("مُسيَّرة") == "مسيره"
    assert pack.fold("على") == pack.fold("علي")
    assert pack.fold("١٢ شهيداً") == "12 شهيدا"
    assert pack.fold("و٥ أطفال") == "و 5 اطفال"
    assert pack.fold("ما لا يقل عن ١٠") == "ما لا يقل عن 10"  # the counts stage skips it
    assert pack.fold("مدنيان اثنان") == "مدنيان"  # the number repeating a dual


def test_qualifier_teens_and_hundreds_in_a_verb_first_sentence() -> None:
    pack = get_pack("ar")
    assert pack is not None
    got = extract(pack.fold("قُتل ما لا يقل عن ثلاثة عشر شخصاً في القصف"), pack)
    assert [(c.kind, c.value, c.qualifier) for c in got] == [("killed", 13, "at least")]
    got = extract(pack.fold("استشهد مئة وخمسة عشر مواطناً"), pack)
    assert [(c.kind, c.value) for c in got] == [("killed", 115)]
    got = extract(pack.fold("قُتل أربعة مدنيين وثلاثة من عناصر الدفاع المدني"), pack)
    assert [(c.kind, c.value) for c in got] == [("killed", 7)]


def test_strike_with_arabic_indic_digits_verb_first_and_place() -> None:
    r = classify(
        "قُتل ٩ مدنيين وأصيب ١٧ آخرون بجروح، مساء الاثنين، في غارة جوية استهدفت سوقاً "
        "في مدينة نيالا، بحسب مصادر طبية."
    )
    assert r.language == "ar" and r.language_supported
    assert r.labels == ("strike", "casualty")
    assert (r.casualties.killed, r.casualties.wounded) == (9, 17)
    assert r.event_place is not None and r.event_place.country == "SD"
    assert r.attribution == "مصادر طبية"


def test_number_words_teens_duals_and_qualifiers() -> None:
    r = classify("أسفر قصف مدفعي على أطراف حلب عن مقتل خمسة عشر شخصاً وإصابة أربعة آخرين.")
    assert (r.casualties.killed, r.casualties.wounded) == (15, 4)
    r = classify("استشهد طفلان وأصيب ثلاثة مواطنين بقصف إسرائيلي على بلدة بيت حانون.")
    assert (r.casualties.killed, r.casualties.wounded) == (2, 3)
    r = classify("أدت الغارة إلى سقوط قتيلين وجريحين في ريف إدلب.")
    assert (r.casualties.killed, r.casualties.wounded) == (2, 2)
    r = classify("قُتل ما لا يقل عن ٢٠ شخصاً في ضربات بطائرات مسيّرة على مدينة الأبيض.")
    assert r.casualties.killed == 20 and r.casualties.qualifiers == {"killed": "at least"}
    assert r.weapons == ("drone",)


def test_one_person_after_the_casualty_word_is_one() -> None:
    r = classify("استشهد شاب وأصيب ٤ آخرون بقصف مدفعي على أطراف دير البلح.")
    assert (r.casualties.killed, r.casualties.wounded) == (1, 4)
    r = classify("أسفرت الغارة على خان يونس عن مقتل مدنيين وإصابة آخرين.")  # plural: no figure
    assert "casualty" in r.labels and r.casualties.killed is None


def test_including_does_not_add_and_vague_amounts_give_no_count() -> None:
    r = classify("استشهد ٣٤ فلسطينياً، بينهم ١١ طفلاً، في غارات على مخيم النصيرات.")
    assert r.casualties.killed == 34
    r = classify("سقط عشرات القتلى والجرحى في قصف على حي سكني في الفاشر.")
    assert "casualty" in r.labels and r.casualties.killed is None


def test_absence_of_casualties_and_material_damage_only() -> None:
    r = classify("اعترضت الدفاعات الجوية صاروخاً أُطلق باتجاه جازان، ولم يسفر ذلك عن أي إصابات.")
    assert r.labels == ("strike",)
    r = classify("سقطت قذيفة هاون على ساحة عامة في دمشق ولم يُصب أحد بأذى.")
    assert r.labels == ("strike",)
    r = classify("تصدت وسائط دفاعنا الجوي لعدوان جوي في سماء حمص واقتصرت الأضرار على الماديات.")
    assert r.labels == ("strike",)


def test_war_long_cumulative_toll_is_background() -> None:
    r = classify(
        "استشهد خمسة مواطنين في غارة على مخيم البريج فجر اليوم. ومنذ بدء الحرب، ارتفعت حصيلة "
        "الشهداء في القطاع إلى أكثر من ٤٥ ألفاً، وفق وزارة الصحة."
    )
    assert r.casualties.killed == 5
    pack = get_pack("ar")
    assert pack is not None and pack.fold("٤٣ ألف") == "43000"


def test_hard_negatives_car_bomb_accident_threat_history() -> None:
    r = classify("قُتل خمسة أشخاص بانفجار سيارة مفخخة قرب حاجز أمني في الموصل.")
    assert r.labels == ("casualty",) and r.casualties.killed == 5
    r = classify("لقي سبعة أشخاص مصرعهم في حادث سير على طريق صنعاء الحديدة.")
    assert r.labels == ()
    r = classify("توعد الجيش بقصف مواقع المسلحين إذا تعرضت قواته لأي هجوم.")
    assert "strike" not in r.labels
    r = classify("في عام ٢٠١٤ دمرت الغارات الجوية أحياء كاملة في الشجاعية.")
    assert r.labels == ()


def test_direct_hits_drills_and_denied_deaths() -> None:
    r = classify("أعلن الحوثيون أن صاروخاً أصاب الهدف إصابة مباشرة قرب ميناء إيلات.")
    assert r.labels == ("strike",)
    r = classify("نفذت القوات الجوية تدريبات بالذخيرة الحية شملت إطلاق صواريخ على أهداف وهمية.")
    assert r.labels == ()
    # deaths a denial disputes are still reported
    r = classify("نفت الوزارة الأنباء عن سقوط قتلى في المدينة ووصفتها بأنها شائعات.")
    assert r.labels == ("casualty", "denial")
    r = classify("نفى الجيش مسؤوليته عن الغارة التي أدت إلى مقتل ستة مدنيين في ريف إدلب.")
    assert {"strike", "casualty", "denial"} <= set(r.labels) and r.casualties.killed == 6


def test_denials_as_arabic_outlets_write_them() -> None:
    for text in (
        "نفى الجيش السوداني الأنباء عن انسحابه من مواقعه في بابنوسة.",
        "قالت الوزارة إن ما تم تداوله عارٍ عن الصحة جملة وتفصيلاً.",
        "وصف المتحدث الاتهامات بأنها ادعاءات باطلة ولا أساس لها من الصحة.",
        "أكد البيان أن الصور المتداولة مفبركة ولا تمت إلى الحقيقة بصلة.",
    ):
        assert "denial" in classify(text).labels, text
    r = classify("رفضت الحكومة مقترح الهدنة الذي قدمه الوسطاء.")
    assert "denial" not in r.labels and "diplomatic" not in r.labels


def test_place_names_with_clitics_and_spelling_variants() -> None:
    r = classify("استشهد مواطنان في قصف مدفعي على بخان يونس وغارة على رفح.")
    assert r.event_place is not None and r.event_place.country == "PS"
    r = classify("قُتل ثلاثة في غارة على الحديده غربي اليمن.")  # ta marbuta written as ha
    assert r.event_place is not None and r.event_place.name == "الحديده"
    assert r.event_place.country == "YE"


def test_everyday_words_are_not_places() -> None:
    r = classify("أفاد مراسل الجزيرة بأن طفلين استشهدا في قصف على خيام النازحين.")
    assert r.places == ()  # the channel, not Gezira state; tents, not Khiam
    r = classify("نفت الوزارة صحة الصور المتداولة، وقالت إنها مفبركة وتفتح الباب للتضليل.")
    assert r.places == ()  # pictures, not Tyre; the door, not al-Bab
    r = classify("قصفت المدفعية أطراف بلدة الخيام ومدينة صور.")
    assert r.event_place is not None and r.event_place.country == "LB"


def test_official_visit_and_meeting_with_an_envoy_are_diplomacy() -> None:
    r = classify("وصل وزير الخارجية التركي إلى بغداد في زيارة رسمية يلتقي خلالها كبار المسؤولين.")
    assert r.labels == ("diplomatic",)
    r = classify("التقى رئيس الوزراء وزير المالية لبحث الموازنة العامة.")
    assert r.labels == ()
