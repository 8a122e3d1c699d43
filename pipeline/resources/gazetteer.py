"""The curated cross-lingual gazetteer (`models/gazetteer.jsonl`): loading, validation, lookup.

One entity per line, with its canonical English and Russian names and their variants.
The linker uses it to give mentions in either language one canonical entity; the NER
stage can use `surface_forms` to build spaCy patterns. See `models/GAZETTEER.md`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from pipeline.labels import NAME_LABELS
from pipeline.resources import data_path

GAZETTEER = "gazetteer.jsonl"
REQUIRED_KEYS = ("id", "label", "name", "name_ru", "aliases_en", "aliases_ru", "source")
QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
SLUG_PATTERN = re.compile(r"^[a-z]{2,4}:[a-z0-9]+(?:-[a-z0-9]+)*$")

_QUOTE_MAP = str.maketrans({
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "ʼ": "'",
})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad]")
_LEADING_THE = re.compile(r"^the\s+")


class GazetteerError(ValueError):
    """A gazetteer file that cannot be trusted; the message names the file and line."""


def lookup_key(name: str) -> str:
    """The form two spellings of one name share.

    Case, ё/е, curly vs straight quotes, dash variants, runs of whitespace and a leading
    English "the" are differences of typography, not of name, so they are erased here.
    Public because the linker compares mentions with the same key.
    """
    key = unicodedata.normalize("NFKC", name).casefold()
    key = key.replace("ё", "е").translate(_QUOTE_MAP)
    key = _DASHES.sub("-", key)
    key = " ".join(key.split())
    return _LEADING_THE.sub("", key)


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    label: str
    name: str
    name_ru: str
    aliases_en: tuple[str, ...]
    aliases_ru: tuple[str, ...]
    source: str

    @property
    def has_qid(self) -> bool:
        return bool(QID_PATTERN.match(self.id))

    def names(self, lang: str) -> tuple[str, ...]:
        """Canonical name first, then the aliases, for one language ("en" or "ru")."""
        if lang == "en":
            return (self.name, *self.aliases_en)
        if lang == "ru":
            return (self.name_ru, *self.aliases_ru)
        raise ValueError(f"unknown language {lang!r}: expected 'en' or 'ru'")

    def all_names(self) -> tuple[str, ...]:
        return self.names("en") + self.names("ru")


class Gazetteer:
    """An immutable set of entries with an index from `lookup_key` to entries by label."""

    def __init__(self, entries: tuple[GazetteerEntry, ...], index: dict[str, dict[str, GazetteerEntry]]):
        self._entries = entries
        self._by_id = {entry.id: entry for entry in entries}
        self._index = index
        self._any_order_index = _any_order_index(entries)

    @classmethod
    def load(cls, path: str | Path) -> "Gazetteer":
        """Reads and validates a JSONL file; raises `GazetteerError` naming the first bad line."""
        path = Path(path)
        entries: list[GazetteerEntry] = []
        index: dict[str, dict[str, GazetteerEntry]] = {}
        line_of: dict[str, int] = {}
        with path.open(encoding="utf-8") as lines:
            for lineno, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                entry = _parse_entry(line, where)
                if entry.id in line_of:
                    raise GazetteerError(f"{where}: id {entry.id!r} already used on line {line_of[entry.id]}")
                line_of[entry.id] = lineno
                _index_entry(entry, index, line_of, where)
                entries.append(entry)
        return cls(tuple(entries), index)

    def lookup(self, name: str, label: str | None = None) -> GazetteerEntry | None:
        """The entry one of whose names has the same `lookup_key` as `name`.

        Without a label, a name claimed by entries of two labels (a city and the company
        named after it) is ambiguous and gives None rather than a guess.
        """
        by_label = self._index.get(lookup_key(name)) or self._any_order_index.get(any_order_key(name), {})
        if label is not None:
            return by_label.get(label)
        return next(iter(by_label.values())) if len(by_label) == 1 else None

    def entry(self, entry_id: str) -> GazetteerEntry:
        """The entry with this id (as the NER rules carry it on a mention)."""
        return self._by_id[entry_id]

    def candidates(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Every entry, of any label, that has this name (at most one per label)."""
        return tuple(self._index.get(lookup_key(name), {}).values())

    def surface_forms(self, lang: str) -> Iterator[tuple[str, str, str]]:
        """(surface text, label, entry id) for every name in one language, for spaCy patterns.

        Names are yielded as written, so a pattern builder can match all-caps acronyms
        ("WHO", "ВОЗ") case-sensitively. A Russian name written with ё is also yielded
        spelled with е, since news text mostly omits the ё.
        """
        for entry in self._entries:
            seen: set[str] = set()
            for name in entry.names(lang):
                for surface in _spelling_variants(name):
                    if surface not in seen:
                        seen.add(surface)
                        yield surface, entry.label, entry.id

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


# Words whose order or presence does not change which body a long name denotes.
_FILLER_WORDS = {"и", "and", "of", "the", "for"}
# Shorter names are too easily confused when their words are shuffled.
_MIN_ANY_ORDER_WORDS = 3


def any_order_key(name: str) -> str | None:
    """The name's words as a sorted bag: "Министерство науки и образования Казахстана" meets
    "Министерство образования и науки Казахстана". None for names too short to trust this."""
    words = sorted(word for word in lookup_key(name).split() if word not in _FILLER_WORDS)
    return " ".join(words) if len(words) >= _MIN_ANY_ORDER_WORDS else None


def _any_order_index(entries: tuple[GazetteerEntry, ...]) -> dict[str, dict[str, GazetteerEntry]]:
    """Like the exact index, but keyed by `any_order_key`; a bag two entries share is left out."""
    index: dict[str, dict[str, GazetteerEntry]] = {}
    clashes: set[tuple[str, str]] = set()
    for entry in entries:
        for name in entry.all_names():
            key = any_order_key(name)
            if key is None:
                continue
            owner = index.setdefault(key, {}).setdefault(entry.label, entry)
            if owner.id != entry.id:
                clashes.add((key, entry.label))
    for key, label in clashes:
        del index[key][label]
    return index


@lru_cache(maxsize=8)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """A gazetteer file (default: the project's `models/gazetteer.jsonl`), loaded once per process."""
    return Gazetteer.load(path or data_path(GAZETTEER))


def _spelling_variants(name: str) -> tuple[str, ...]:
    plain = name.replace("ё", "е").replace("Ё", "Е")
    return (name,) if plain == name else (name, plain)


def _parse_entry(line: str, where: str) -> GazetteerEntry:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise GazetteerError(f"{where}: not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise GazetteerError(f"{where}: expected a JSON object")
    _check_keys(record, where)
    _check_values(record, where)
    return GazetteerEntry(
        id=record["id"],
        label=record["label"],
        name=record["name"],
        name_ru=record["name_ru"],
        aliases_en=tuple(record["aliases_en"]),
        aliases_ru=tuple(record["aliases_ru"]),
        source=record["source"],
    )


def _check_keys(record: dict, where: str) -> None:
    """Unknown keys are refused too: a misspelt "alias_en" would silently drop aliases."""
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        raise GazetteerError(f"{where}: missing key(s) {', '.join(missing)}")
    unknown = sorted(set(record) - set(REQUIRED_KEYS))
    if unknown:
        raise GazetteerError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _check_values(record: dict, where: str) -> None:
    for key in ("id", "label", "name", "name_ru", "source"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise GazetteerError(f"{where}: {key!r} must be a non-empty string")
    for key in ("aliases_en", "aliases_ru"):
        aliases = record[key]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise GazetteerError(f"{where}: {key!r} must be a list of non-empty strings")
    if record["label"] not in NAME_LABELS:
        raise GazetteerError(f"{where}: label {record['label']!r} is not one of {', '.join(sorted(NAME_LABELS))}")
    _check_id(record["id"], record["source"], where)


def _check_id(entity_id: str, source: str, where: str) -> None:
    """A QID must say it comes from Wikidata; anything else must be a slug like 'kz:ministry-of-energy'."""
    if QID_PATTERN.match(entity_id):
        if source != f"wikidata:{entity_id}":
            raise GazetteerError(f"{where}: id {entity_id} is a Wikidata QID, so source must be 'wikidata:{entity_id}'")
    elif not SLUG_PATTERN.match(entity_id):
        raise GazetteerError(f"{where}: id {entity_id!r} is neither a QID (Q123) nor a slug (kz:some-name)")


def _index_entry(
    entry: GazetteerEntry,
    index: dict[str, dict[str, GazetteerEntry]],
    line_of: dict[str, int],
    where: str,
) -> None:
    """Adds every name of the entry; two entries of one label may not share a name."""
    for name in entry.all_names():
        by_label = index.setdefault(lookup_key(name), {})
        owner = by_label.get(entry.label)
        if owner is not None and owner.id != entry.id:
            raise GazetteerError(
                f"{where}: name {name!r} of {entry.id} is already a name of {owner.id} "
                f"(line {line_of[owner.id]}), also labelled {entry.label}"
            )
        by_label[entry.label] = entry
