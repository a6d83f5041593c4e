"""Arabic place names as conflict news writes them -> gazetteer references.

The pack does not take GeoNames' Arabic alternate names (``script`` is empty: they include
everyday words, see the pack docstring), so this table lists the places of the wars Arabic
copy reports: cities by geonameid, small towns, camps and districts mapped to the nearest
gazetteer city, regions to a gazetteer region or the country. Names that are also everyday
words are listed only with the word before them: "مدينة صور", not "صور" (pictures); "مدينة
الباب", not "الباب" (the door); "محافظة حجة", not "حجة" (pretext); "بلدة الخيام", not
"الخيام" (the tents); "قضاء القائم", not "القائم" (as in "القائم بالأعمال").

The tables are data, in ``places.toml`` beside this module; the nationality adjectives with
the article, and the patterns of a capital standing for its state, are code built from them.
"""

from __future__ import annotations

from typing import Any

from streams.classify.lang.packfile import read_places

_DATA: dict[str, Any] = read_places(__file__)
globals().update(_DATA)

# Nationality adjectives (folded stems, in places.toml) with and without the article -> ISO2.
DEMONYMS: dict[str, str] = {
    **_DATA["DEMONYM_STEMS"],
    **{"ال" + stem: iso for stem, iso in _DATA["DEMONYM_STEMS"].items()},
}

# A capital (or country) standing for its state (README: ``actor_after``/``actor_before``),
# folded (alef and ta marbuta unified): "أعلنت طهران", "اتهمت الخرطوم", "تصريحات موسكو",
# "طهران تنفي", "في واشنطن، أدانت وزارة الخارجية".
_SAID = r"و?(?:اعلنت|قالت|نفت|اتهمت|اكدت|ذكرت|حذرت|طالبت|رفضت|ادانت|زعمت|اعتبرت|دعت|هددت|نددت)"
ACTOR_AFTER = [
    r"\s*(?:تنفي|تتهم|تعلن|تقول|تؤكد|ترفض|تدين|تحذر|تطالب)",
    rf"\s*[،,]\s*(?:{_SAID}|وزاره|الحكومه|البيت)",
]
ACTOR_BEFORE = [
    rf"(?:^|\s){_SAID}",
    r"(?:^|\s)(?:تصريحات|مزاعم|ادعاءات|اتهامات|رواي[هة])",
]
