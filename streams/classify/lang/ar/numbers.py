"""Arabic number words in their folded forms (see ``normalize``: ة->ه, أ/إ/آ->ا, ى->ي).

Arabic inflects numbers for gender and case (ثلاثة/ثلاث, اثنان/اثنين/اثنتين) and writes
compounds units-first joined by the glued conjunction و ("ثلاثة وأربعين" = 43), so the tens,
hundreds and units are also listed with a leading و: consecutive number words add up, which
reads "ثلاثه واربعين" as 3 + 40 and "خمسه عشر" as 5 + 10 (the counts stage reads a unit then
ten as a teen). Duals of people ("طفلان",
"جنديين") are the number 2 themselves. Forms with the article (الاثنين = Monday, الثلاثاء =
Tuesday, الاحد = Sunday) are deliberately absent.
"""

from __future__ import annotations

__all__ = ["COUNT_WORDS", "DUALS", "NUMBERS", "SCALES"]

_BASE: dict[str, int] = {
    "واحد": 1,
    "واحده": 1,
    "احد": 1,
    "احدي": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "اربعون": 40,
    "اربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    "مئتي": 200,
    "مائتي": 200,
    "ثلاثمئه": 300,
    "ثلاثمائه": 300,
    "اربعمئه": 400,
    "اربعمائه": 400,
    "خمسمئه": 500,
    "خمسمائه": 500,
    "ستمئه": 600,
    "ستمائه": 600,
    "سبعمئه": 700,
    "سبعمائه": 700,
    "ثمانمئه": 800,
    "ثمانمائه": 800,
    "تسعمئه": 900,
    "تسعمائه": 900,
    "الفان": 2000,
    "الفين": 2000,
}

# Duals of the nouns that count people in casualty reports: the word is the number 2.
# Only forms that cannot be a plural are listed (مدنيين, مواطنين, عسكريين are plurals too),
# and no adjectives (a dual adjective follows its dual noun: "شابان فلسطينيان" is 2, not 4).
DUALS = [
    "شخصان",
    "شخصين",
    "طفلان",
    "طفلين",
    "طفلتان",
    "طفلتين",
    "رجلان",
    "رجلين",
    "امراتان",
    "امراتين",
    "شابان",
    "شابين",
    "جنديان",
    "جنديين",
    "ضابطان",
    "ضابطين",
    "عنصران",
    "عنصرين",
    "مدنيان",
    "مواطنان",
    "مسلحان",
    "صحفيان",
    "صحفيتان",
    "شقيقان",
    "شقيقين",
    "مسعفان",
    "مسعفين",
    "عاملان",
    "عاملين",
    "فتيان",
    "فتاتان",
    "فتاتين",
]

NUMBERS: dict[str, int] = {
    **_BASE,
    **{"و" + w: v for w, v in _BASE.items() if not w.startswith("و")},
    **dict.fromkeys(DUALS, 2),
}

# Scale words multiply the number before them ("ثلاث مئه" = 300); alone they are their value.
SCALES: dict[str, int] = {
    "مئه": 100,
    "مائه": 100,
    "ومئه": 100,
    "ومائه": 100,
    "الف": 1000,
    "والف": 1000,
    "مليون": 1_000_000,
}

# Dual casualty nouns are a count by themselves: "سقوط قتيلين" is two killed.
COUNT_WORDS: dict[str, tuple[str, int]] = {
    r"(?<!\w)[وف]?(?:ب|لل|ال)?(?:قتيلان|قتيلين|شهيدان|شهيدين)(?!\w)": ("killed", 2),
    r"(?<!\w)[وف]?(?:ب|لل|ال)?(?:جريحان|جريحين)(?!\w)": ("wounded", 2),
}

# One person named right after the casualty verb or noun is a count of 1 ("استشهد شاب",
# "مقتل جندي", "إصابة امرأة"), as "a man was killed" is in English. Plurals and duals end
# differently (شابان, جنود), so the word must end where the singular does.
_ONE = (
    r"(?:ال)?(?:شاب|طفل|طفله|رجل|امراه|سيده|فتاه|فتي|مواطن|مواطنه|جندي|ضابط|شرطي|مدني|"
    r"فلسطيني|صحفي|صحفيه|مسعف|عنصر|مسلح|شخص|مزارع|صياد|راع|عامل|طالب|مقاتل|ناشط)(?!\w)"
)
COUNT_WORDS[
    r"(?<!\w)[وف]?(?:قتل|قتلت|مقتل|استشهد|استشهدت|استشهاد|ارتقي|ارتقت|ارتقاء|لقي|لقيت|مصرع) " + _ONE
] = ("killed", 1)
COUNT_WORDS[r"(?<!\w)[وف]?(?:اصيب|اصيبت|اصابه|جرح|جرحت) " + _ONE] = ("wounded", 1)
COUNT_WORDS[r"(?<!\w)[وف]?(?:ارتقاء|سقوط|استشهاد) (?:شهيد|قتيل)(?!\w)"] = ("killed", 1)
