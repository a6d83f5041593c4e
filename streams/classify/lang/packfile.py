"""Reading a language pack's data file, ``pack.toml``, into a :class:`LanguagePack`.

Everything a pack knows about its language as words (cue patterns and weights, blockers and
caps, negation, history and boilerplate markers, number words, qualifiers, casualty words,
attribution patterns, nationality words, locatives, abbreviations) is data in
``streams/classify/lang/<code>/pack.toml``; the pack's ``__init__`` keeps only code (a
``normalize`` function) and what other modules own (its place tables), and builds ``PACK``
with :func:`load_pack`. One loader for every pack, so a malformed file fails the same way
everywhere: :class:`PackDataError` naming the file and the key, raised at import (the
discovery in ``streams/classify/lang/__init__.py`` logs it and leaves the pack out).

The file (lang/README.md documents each field):

```toml
code = "fr"
name = "French"

[define]            # fragments reused in patterns as ${NAME} (may use earlier ones)
HIT = '(?:frapp\\w*|cibl\\w+)'

[labels]            # negation, history, present, boilerplate; tables cues, blockers,
negation = ['\\baucune victime\\b']    # caps, carry_caps, weapons, acts
[labels.cues]
strike = [['\\bbombard\\w*', 0.9], ['\\b${HIT}\\b[^.;]{0,40}?\\bdrones?\\b', 0.85]]

[counts]            # count_window, count_prefer, comma_ends_forward, qualifiers
qualifiers = [['\\bau moins', "at least"]]   # (pattern, English qualifier) pairs
count_words = [['\\bun mort\\b', "killed", 1]]   # (pattern, kind, count)
[counts.numbers]    # value = its forms, separated by spaces
3 = "trois"
[counts.scales]
mille = 1000

[denial]            # attribution, actor_trim
[places]            # script, latin_names, endings, clitics, locatives, origins,
[places.demonyms]   # not_places, actor_after, actor_before; tables demonyms, places
[text]              # abbreviations, sentence_end
[extra]             # word lists only the pack's own code reads (Arabic: its dual nouns)
```

Patterns are TOML literal strings (``'...'``, or ``'''...'''`` when they hold an
apostrophe): no escaping, the text is the regular expression.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from streams.classify.errors import ClassifyError
from streams.classify.lang import ACT_CLASSES, KINDS, LanguagePack
from streams.models import LABELS

__all__ = [
    "DATA_FILE",
    "PackData",
    "PackDataError",
    "build_pack",
    "load_pack",
    "parse_pack",
    "place_tables",
    "read_pack",
]

#: The data file's name inside a pack's folder.
DATA_FILE = "pack.toml"


class PackDataError(ClassifyError):
    """A pack's data file is missing or malformed. ``path`` names the file."""

    def __init__(self, message: str, *, path: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


# Which fields each section holds, and the shape of each field's value.
_PATTERNS = "patterns"  # [str]
_WORDS = "words"  # [str]
_WEIGHTED = "weighted"  # {label: [[pattern, weight]]}
_BY_LABEL = "by_label"  # {label: [pattern]}
_BY_KIND = "by_kind"  # {kind: [pattern]}
_BY_WEAPON = "by_weapon"  # {weapon kind: [pattern]}
_BY_ACT = "by_act"  # {act word class: [pattern]} (ACT_CLASSES)
_SECTIONS: dict[str, dict[str, str]] = {
    "labels": {
        "cues": _WEIGHTED,
        "blockers": _BY_LABEL,
        "caps": _WEIGHTED,
        "carry_caps": _WEIGHTED,
        "negation": _PATTERNS,
        "history": _PATTERNS,
        "present": _PATTERNS,
        "boilerplate": _PATTERNS,
        "weapons": _BY_WEAPON,
        "acts": _BY_ACT,
    },
    "counts": {
        "numbers": "numbers",
        "number_prefixes": "word_ints",
        "scales": "word_ints",
        "qualifiers": "qualifiers",
        "vague": _PATTERNS,
        "casualty_words": _BY_KIND,
        "count_window": "int",
        "count_back": "int",
        "count_words": "count_words",
        "including": _PATTERNS,
        "including_clause": "bool",
        "range_words": _WORDS,
        "conjunctions": _WORDS,
        "count_prefer": "str",
        "comma_ends_forward": "bool",
        "singular": _BY_KIND,
        "toll_update": _BY_KIND,
    },
    "denial": {"attribution": _PATTERNS, "actor_trim": _PATTERNS},
    "places": {
        "places": "places",
        "script": "str",
        "latin_names": "bool",
        "endings": _WORDS,
        "not_places": _WORDS,
        "clitics": _WORDS,
        "demonyms": "word_strs",
        "locatives": _WORDS,
        "origins": _WORDS,
        "actor_after": _PATTERNS,
        "actor_before": _PATTERNS,
    },
    "text": {"abbreviations": _WORDS, "sentence_end": "str"},
}
_DEFINE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_FIELDS = frozenset(f.name for f in fields(LanguagePack))


class _Reader:
    """Checks and converts one parsed file; every problem is a :class:`PackDataError`."""

    def __init__(self, path: str, defines: Mapping[str, Any]) -> None:
        self.path = path
        self.defines: dict[str, str] = {}
        for name, value in defines.items():
            self.defines[name] = self.text(f"define.{name}", value)

    def fail(self, where: str, message: str) -> PackDataError:
        return PackDataError(f"{where}: {message}", path=self.path)

    def text(self, where: str, value: Any) -> str:
        """A string with its ``${NAME}`` fragments put in."""
        if not isinstance(value, str):
            raise self.fail(where, f"expected a string, got {type(value).__name__}")

        def put(m: re.Match[str]) -> str:
            if m.group(1) not in self.defines:
                raise self.fail(where, f"${{{m.group(1)}}} is not in [define] (above it)")
            return self.defines[m.group(1)]

        return _DEFINE.sub(put, value) if "${" in value else value

    def strings(self, where: str, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of strings, got {type(value).__name__}")
        return [self.text(f"{where}[{i}]", v) for i, v in enumerate(value)]

    def table(
        self, where: str, value: Any, keys: frozenset[str] | tuple[str, ...] | None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a table, got {type(value).__name__}")
        if keys is not None:
            for k in value:
                if k not in keys:
                    raise self.fail(where, f"unknown key {k!r} (one of {', '.join(keys)})")
        return value

    def weight(self, where: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"expected a number, got {value!r}")
        if not 0.0 <= value <= 1.0:
            raise self.fail(where, f"weight {value} not in 0..1")
        return float(value)

    def integer(self, where: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"expected a whole number, got {value!r}")
        return value

    def convert(self, where: str, shape: str, value: Any) -> Any:
        if shape in (_PATTERNS, _WORDS):
            return self.strings(where, value)
        if shape == _WEIGHTED:
            out: dict[str, list[tuple[str, float]]] = {}
            for label, items in self.table(where, value, LABELS).items():
                if not isinstance(items, list):
                    raise self.fail(f"{where}.{label}", "expected a list of [pattern, weight]")
                pairs = []
                for i, item in enumerate(items):
                    at = f"{where}.{label}[{i}]"
                    if not isinstance(item, list) or len(item) != 2:
                        raise self.fail(at, f"expected [pattern, weight], got {item!r}")
                    pairs.append((self.text(at, item[0]), self.weight(at, item[1])))
                out[label] = pairs
            return out
        if shape in (_BY_LABEL, _BY_KIND, _BY_WEAPON, _BY_ACT):
            keys = {_BY_LABEL: LABELS, _BY_KIND: KINDS, _BY_ACT: ACT_CLASSES}.get(shape)
            return {
                k: self.strings(f"{where}.{k}", v)
                for k, v in self.table(where, value, keys).items()
            }
        if shape == "numbers":
            numbers: dict[str, int] = {}
            for k, forms in self.table(where, value, None).items():
                if not k.isdigit():
                    raise self.fail(where, f'key {k!r} is not a number (write value = "forms")')
                for w in self.text(f"{where}.{k}", forms).split():
                    if w in numbers:
                        raise self.fail(where, f"{w!r} is both {numbers[w]} and {k}")
                    numbers[w] = int(k)
            return numbers
        if shape == "word_ints":
            return {
                k: self.integer(f"{where}.{k}", v)
                for k, v in self.table(where, value, None).items()
            }
        if shape == "word_strs":
            return {
                k: self.text(f"{where}.{k}", v) for k, v in self.table(where, value, None).items()
            }
        if shape == "places":
            refs: dict[str, int | str] = {}
            for k, v in self.table(where, value, None).items():
                if isinstance(v, bool) or not isinstance(v, int | str):
                    raise self.fail(f"{where}.{k}", f"expected a GeoNames id or a name, got {v!r}")
                refs[k] = v
            return refs
        if shape == "qualifiers":
            quals: dict[str, str] = {}
            for i, item in enumerate(self.pairs(where, value, 2)):
                quals[self.text(f"{where}[{i}]", item[0])] = self.text(f"{where}[{i}]", item[1])
            return quals
        if shape == "count_words":
            words: dict[str, tuple[str, int]] = {}
            for i, item in enumerate(self.pairs(where, value, 3)):
                at = f"{where}[{i}]"
                if item[1] not in KINDS:
                    raise self.fail(at, f"unknown kind {item[1]!r} (one of {', '.join(KINDS)})")
                words[self.text(at, item[0])] = (item[1], self.integer(at, item[2]))
            return words
        if shape == "int":
            return self.integer(where, value)
        if shape == "bool":
            if not isinstance(value, bool):
                raise self.fail(where, f"expected true or false, got {value!r}")
            return value
        return self.text(where, value)  # "str"

    def pairs(self, where: str, value: Any, n: int) -> list[list[Any]]:
        if not isinstance(value, list) or any(
            not isinstance(v, list) or len(v) != n for v in value
        ):
            raise self.fail(where, f"expected a list of {n}-item lists")
        return value


@dataclass(frozen=True)
class PackData:
    """A parsed data file: the LanguagePack ``fields`` it gives, and ``extra``, word lists
    that only the pack's own code reads (the Arabic ``normalize`` reads its dual nouns)."""

    path: str
    fields: dict[str, Any]
    extra: dict[str, list[str]]


def parse_pack(text: str, *, path: str) -> PackData:
    """The data file's contents (``path`` names it in errors)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackDataError(f"not valid TOML ({exc})", path=path) from exc
    defines = doc.get("define", {})
    if not isinstance(defines, dict):
        raise PackDataError("define: expected a table of fragments", path=path)
    reader = _Reader(path, defines)
    out: dict[str, Any] = {}
    extra: dict[str, list[str]] = {}
    for key, value in doc.items():
        if key in ("code", "name"):
            out[key] = reader.text(key, value)
        elif key == "extra":
            for name, item in reader.table(key, value, None).items():
                extra[name] = reader.strings(f"{key}.{name}", item)
        elif key in _SECTIONS:
            for name, item in reader.table(key, value, tuple(_SECTIONS[key])).items():
                out[name] = reader.convert(f"{key}.{name}", _SECTIONS[key][name], item)
        elif key != "define":
            known = ", ".join(("code", "name", "define", *_SECTIONS, "extra"))
            raise reader.fail(key, f"unknown key (one of {known})")
    for key in ("code", "name"):
        if key not in out:
            raise reader.fail(key, "missing")
    return PackData(path, out, extra)


def read_pack(package: str) -> PackData:
    """The data file of ``package`` (a pack's ``__name__``), read from the installed package."""
    path = f"{package.replace('.', '/')}/{DATA_FILE}"
    try:
        text = resources.files(package).joinpath(DATA_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackDataError(f"cannot read the pack's data ({exc})", path=path) from exc
    return parse_pack(text, path=path)


def build_pack(data: PackData, **code: Any) -> LanguagePack:
    """The pack: ``data``'s fields and those given as ``code`` (``normalize``, ``stages``,
    and the place tables that other modules keep). A field may come from one of the two."""
    for name in code:
        if name not in _FIELDS:
            raise PackDataError(f"unknown field {name!r} given in code", path=data.path)
        if name in data.fields:
            raise PackDataError(f"{name}: given both in the file and in code", path=data.path)
    return LanguagePack(**data.fields, **code)


def load_pack(package: str, **code: Any) -> LanguagePack:
    """``build_pack(read_pack(package), **code)``: what a pack's ``__init__`` calls."""
    return build_pack(read_pack(package), **code)


# A pack's places module (owned apart from its words) -> the fields its tables fill.
_PLACE_TABLES = {
    "PLACES": "places",
    "ACTOR_AFTER": "actor_after",
    "ACTOR_BEFORE": "actor_before",
    "NOT_PLACES": "not_places",
    "DEMONYMS": "demonyms",
}


def place_tables(module: ModuleType) -> dict[str, Any]:
    """The fields that a pack's ``places`` module gives (``PLACES``, ``ACTOR_AFTER``,
    ``ACTOR_BEFORE``, and ``NOT_PLACES``, ``DEMONYMS`` where it has them), for
    :func:`build_pack`: ``load_pack(__name__, **place_tables(places))``."""
    out: dict[str, Any] = {}
    for name, field_name in _PLACE_TABLES.items():
        value = getattr(module, name, None)
        if value is not None:
            out[field_name] = sorted(value) if isinstance(value, set | frozenset) else value
    return out


def read_places(module_file: str) -> dict[str, Any]:
    """The tables of the ``places.toml`` beside a pack's ``places.py`` (``module_file``), each
    under the name the module gives it (the key in upper case): ``places.py`` puts them in its
    namespace, where :func:`place_tables` and the places index read them."""
    with Path(module_file).with_name("places.toml").open("rb") as f:
        return {key.upper(): value for key, value in tomllib.load(f).items()}
