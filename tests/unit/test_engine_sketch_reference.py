"""The folding sketch (streams.incidents.sketch) equals its plain definition: the k smallest
4-byte BLAKE2b digests (big-endian) of the UTF-8 word 3-shingles of the NFKC, case-folded
text. Sketches are stored in incidents and compared across versions, so a faster
implementation must give the same values."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest

from streams.incidents import sketch


def reference(text: str, k: int = 24, shingle: int = 3) -> list[int] | None:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    if len(words) < 8:
        return None
    grams = {" ".join(words[i : i + shingle]).encode() for i in range(len(words) - shingle + 1)}
    values = {int.from_bytes(hashlib.blake2b(g, digest_size=4).digest(), "big") for g in grams}
    return sorted(values)[:k]


TEXTS = [
    "Missiles struck the depot near the river crossing overnight, officials said on Monday.",
    "At least six people were killed and 12 wounded when shells hit the market in the city.",
    "STRASSE Straße ﬁnal ﬁgures: the ministry denied that its forces shelled the village.",
    "İstanbul DİYARBAKIR Σίσυφος ΣΊΣΥΦΟΣ « quoted » — dash ‘curly’ words and ½ fractions here.",
    "Удар по складу в пригороде: погибли по меньшей мере четыре человека, сообщили власти.",
    "قصف صاروخي على مستودع قرب المعبر النهري ليلا وفق ما قاله مسؤولون محليون يوم الاثنين",
    "the same words the same words the same words the same words the same words again",
    "too short to sketch",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_sketch_is_its_definition(text: str) -> None:
    assert sketch(text) == reference(text)
    assert sketch(text * 7) == reference(text * 7)  # many shingles: the bottom-k cut matters
