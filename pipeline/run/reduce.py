"""The corpus-wide part of a run, as tasks on the workers.

Three things need the whole corpus: which documents are duplicates (the first file in path
order with some bytes is the original), which lines repeat across documents and which title parts
a site's pages share (page chrome), and what the entities are (their names and counts, the
guessed base forms of Russian words, and the acronym aliases). Each is counted per
results part, from the part's own columns (Arrow group-bys, no Python per mention), and the
counts are merged up a tree of tasks, `FAN_IN` at a time (`pipeline.run.extract` runs the tree).
Every merge is order-free (sums, unions, and for duplicates the minimum by path), so the result
is the same whatever the shards, the workers and the order they finish in.

Duplicates are decided first and on their own: a duplicate's mentions and lines must not count
in the other tallies. Only then are the tallies taken, leaving the duplicates out, and merged;
`LinkCorpus`, the one task that needs everything in one place, makes the linking decisions from
the merged entity tallies (`pipeline.link`) and writes what the final tables need: the id remap
(provisional entity id -> final id, sized by the names that moved), the entities without their
document counts, and the repeated lines. What returns to the driver is file names and counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.chrome import title_fingerprints
from pipeline.config import Config
from pipeline.labels import PER
from pipeline.link.corpus import CorpusEntities
from pipeline.link.finalize import decide_entities
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.run.store import PartIndex, WorkArea
from pipeline.status import Status
from pipeline.text.russian_forms import guessed_name_word
from pipeline.text.scripts import mention_language
from pipeline.write import ENTITIES_SCHEMA, entity_row

FAN_IN = 16
"""Inputs per task of the tree: parts per leaf (`Contents`, `Tallies`), outputs per merge. A
corpus of 100,000 parts is merged in five levels. Leaves of 16 parts, not one, take a run of
1,000 documents (32 shards) from 106 tasks to 42: every task costs the driver (the Dask client)
a few milliseconds, so tasks per document set how many workers one driver can keep busy."""

CONTENTS = pa.schema(
    [("sha256", pa.string()), ("file_key", pa.binary()), ("record", pa.int32()), ("doc_id", pa.string()), ("first", pa.bool_())]
)
"""A usable document's bytes hash and its place in path order; `first`: the first with that hash
among the documents merged so far (the others are duplicates, whose original is decided at the end)."""
DUPLICATES = pa.schema([("doc_id", pa.string()), ("duplicate_of", pa.string())])
NAMES = pa.schema([("key", pa.string()), ("label", pa.string()), ("lang", pa.string()), ("name", pa.string()), ("n", pa.int64())])
"""Mentions per provisional entity key, label, language of the name (its script) and name."""
ALIASES = pa.schema([("name_key", pa.string()), ("acronym_key", pa.string())])
GUESSED = pa.schema([("key", pa.string()), ("label", pa.string()), ("word", pa.string()), ("name", pa.string()), ("n", pa.int64())])
"""Mentions of a one-word Russian name the dictionary lacks, by the word as written and its guessed base form."""
LINES = pa.schema([("fingerprint", pa.int64()), ("n", pa.int64())])
"""Documents each fingerprint occurs in (counted once per document): of lines, or of a site's title parts."""
REMAP = pa.schema([("entity_id", pa.string()), ("final_id", pa.string())])
TALLIES = {"names": NAMES, "guessed": GUESSED, "aliases": ALIASES, "lines": LINES, "titles": LINES}


@dataclass(frozen=True)
class Selected:
    """The files of one part whose results the run uses (a part may hold older results of files
    that a newer part has again)."""

    part: str
    file_ids: tuple[str, ...]


def selected_rows(area: WorkArea, selected: tuple[Selected, ...], columns: list[str]) -> pa.Table:
    """The rows of the selected files of some parts, in the parts' order."""
    tables = []
    for one in selected:
        table = area.read_part(one.part, [*columns, "file_id"])
        tables.append(table.filter(pc.is_in(table.column("file_id"), value_set=pa.array(one.file_ids, pa.string()))))
    return pa.concat_tables(tables)


@dataclass(frozen=True)
class VerifyPart:
    """A part of an earlier run checked before it is reused: its index, or None when damaged."""

    area: WorkArea
    part: str

    def run(self, on_progress=None) -> PartIndex | None:
        return self.area.verify(self.part)


# --- duplicates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contents:
    """Some parts' usable documents with their bytes hash and place in path order."""

    area: WorkArea
    selected: tuple[Selected, ...]
    out: str

    def run(self, on_progress=None) -> str:
        table = selected_rows(self.area, self.selected, ["sha256", "file_key", "record", "doc_id", "ingest_ok"])
        usable = table.filter(pc.and_(table.column("ingest_ok"), pc.is_valid(table.column("sha256"))))
        return self.area.write_table(self.out, _mark_firsts(usable))


@dataclass(frozen=True)
class MergeContents:
    area: WorkArea
    inputs: tuple[str, ...]
    out: str

    def run(self, on_progress=None) -> str:
        table = _concat([self.area.read_table(path) for path in self.inputs], CONTENTS)
        firsts = table.filter(table.column("first"))
        later = table.filter(pc.invert(table.column("first")))
        return self.area.write_table(self.out, pa.concat_tables([_mark_firsts(firsts), later]))


def _mark_firsts(table: pa.Table) -> pa.Table:
    """The rows in (hash, path) order, each marked whether it is the first of its hash."""
    table = table.select(CONTENTS.names[:-1]).sort_by([("sha256", "ascending"), ("file_key", "ascending"), ("record", "ascending")])
    hashes = table.column("sha256").combine_chunks()
    new_hash = pc.not_equal(hashes.slice(1), hashes.slice(0, len(hashes) - 1)) if len(hashes) > 1 else pa.array([], pa.bool_())
    first = pa.concat_arrays([pa.array([True] * min(len(hashes), 1), pa.bool_()), new_hash])
    return table.append_column("first", first).cast(CONTENTS)


@dataclass(frozen=True)
class Duplicates:
    """The merged contents resolved: every later document with the bytes of an earlier one, and
    that first one."""

    area: WorkArea
    contents: str
    out: str

    def run(self, on_progress=None) -> int:
        table = self.area.read_table(self.contents)
        firsts = table.filter(table.column("first")).select(["sha256", "doc_id"]).rename_columns(["sha256", "duplicate_of"])
        later = table.filter(pc.invert(table.column("first"))).select(["sha256", "doc_id"])
        duplicates = later.join(firsts, "sha256").select(["doc_id", "duplicate_of"]).sort_by("doc_id")
        self.area.write_table(self.out, duplicates.cast(DUPLICATES))
        return duplicates.num_rows


def read_duplicates(area: WorkArea, path: str) -> dict[str, str]:
    """doc id -> the doc id of its original: as many entries as the corpus has duplicates."""
    table = area.read_table(path)
    return dict(zip(table.column("doc_id").to_pylist(), table.column("duplicate_of").to_pylist()))


# --- tallies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tallies:
    """Some parts' entity names, alias pairs and line fingerprints, their duplicates left out."""

    area: WorkArea
    selected: tuple[Selected, ...]
    duplicates: str
    out: str

    def run(self, on_progress=None) -> str:
        columns = ["doc_id", "status", "lang", "title", "url", "mentions", "aliases", "line_fingerprints"]
        table = selected_rows(self.area, self.selected, columns)
        duplicates = self.area.read_table(self.duplicates).column("doc_id")
        keep = pc.and_(pc.equal(table.column("status"), Status.OK.value), pc.invert(pc.is_in(table.column("doc_id"), value_set=duplicates)))
        table = table.filter(keep)
        names, guessed = _names(table)
        self._write({"names": names, "guessed": guessed, "aliases": _aliases(table), "lines": _lines(table), "titles": _titles(table)})
        return self.out

    def _write(self, tallies: dict[str, pa.Table]) -> None:
        for kind, tally in tallies.items():
            self.area.write_table(tally_path(self.out, kind), tally)


@dataclass(frozen=True)
class MergeTallies:
    area: WorkArea
    inputs: tuple[str, ...]
    out: str

    def run(self, on_progress=None) -> str:
        for kind, schema in TALLIES.items():
            merged = _merge(kind, _concat([self.area.read_table(tally_path(path, kind)) for path in self.inputs], schema))
            self.area.write_table(tally_path(self.out, kind), merged)
        return self.out


def tally_path(prefix: str, kind: str) -> str:
    return f"{prefix}.{kind}.parquet"


def _names(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """(key, label, name's language, name, mentions), grouped, as `CorpusEntities.add` counts them
    per mention: the language of a name and the guessed base form of a Russian word are decided
    once per distinct (name, written form, document language)."""
    mentions = table.column("mentions").combine_chunks()
    flat = pc.list_flatten(mentions)
    rows = pa.table({
        "key": pc.struct_field(flat, "entity_key"),
        "label": pc.struct_field(flat, "label"),
        "doc_lang": table.column("lang").combine_chunks().take(pc.list_parent_indices(mentions)),
        "name": pc.struct_field(flat, "normalized"),
        "text": pc.struct_field(flat, "text"),
    })
    rows = rows.filter(pc.is_valid(rows.column("key")))
    grouped = rows.group_by(["key", "label", "doc_lang", "name", "text"]).aggregate([([], "count_all")]).to_pylist()
    names, guessed = [], []
    for row in grouped:
        lang = mention_language(row["name"], row["doc_lang"])
        names.append({"key": row["key"], "label": row["label"], "lang": lang, "name": row["name"], "n": row["count_all"]})
        if lang == "ru" and row["label"] != PER and (word := guessed_name_word(row["text"], row["name"])):
            guessed.append({"key": row["key"], "label": row["label"], "word": word, "name": row["name"], "n": row["count_all"]})
    return _merge("names", pa.Table.from_pylist(names, schema=NAMES)), _merge("guessed", pa.Table.from_pylist(guessed, schema=GUESSED))


def _aliases(table: pa.Table) -> pa.Table:
    pairs = pc.list_flatten(table.column("aliases").combine_chunks())
    aliases = pa.table({"name_key": pc.list_element(pairs, 0), "acronym_key": pc.list_element(pairs, 1)}) if len(pairs) else ALIASES.empty_table()
    return _merge("aliases", aliases.cast(ALIASES))


def _lines(table: pa.Table) -> pa.Table:
    fingerprints = pc.list_flatten(table.column("line_fingerprints").combine_chunks())  # each document's are distinct
    return _merge("lines", pa.table({"fingerprint": fingerprints, "n": pa.array([1] * len(fingerprints), pa.int64())}).cast(LINES))


def _titles(table: pa.Table) -> pa.Table:
    fingerprints = [
        fingerprint
        for title, url in zip(table.column("title").to_pylist(), table.column("url").to_pylist())
        for fingerprint in set(title_fingerprints(title, url))
    ]
    return _merge("titles", pa.table({"fingerprint": pa.array(fingerprints, pa.int64()), "n": pa.array([1] * len(fingerprints), pa.int64())}))


def _merge(kind: str, table: pa.Table) -> pa.Table:
    """Rows of one kind of tally added up, in a stable order."""
    schema = TALLIES[kind]
    keys = [name for name in schema.names if name != "n"]
    aggregates = [("n", "sum")] if "n" in schema.names else []
    merged = table.group_by(keys).aggregate(aggregates)
    merged = merged.rename_columns({"n_sum": "n"}) if aggregates else merged
    return merged.sort_by([(key, "ascending") for key in keys]).select(schema.names).cast(schema)


def _concat(tables: list[pa.Table], schema: pa.Schema) -> pa.Table:
    return pa.concat_tables([table.cast(schema) for table in tables]) if tables else schema.empty_table()


# --- the corpus-wide decisions ------------------------------------------------------------------


@dataclass(frozen=True)
class Linked:
    """Where `LinkCorpus` wrote its decisions (all beside `prefix`), and how many entities."""

    prefix: str
    n_entities: int

    @property
    def remap(self) -> str:
        return f"{self.prefix}.remap.parquet"

    @property
    def entities(self) -> str:
        return f"{self.prefix}.entities.parquet"

    @property
    def repeated_lines(self) -> str:
        return f"{self.prefix}.repeated.parquet"

    @property
    def repeated_titles(self) -> str:
        """The title parts (first or last, per site) that enough of a site's pages share: its name."""
        return f"{self.prefix}.titles.parquet"


@dataclass(frozen=True)
class LinkCorpus:
    """The linking decisions from the merged tallies, and the lines that repeat."""

    area: WorkArea
    tallies: str
    config: Config
    out: str

    def run(self, on_progress=None) -> Linked:
        corpus = CorpusEntities(load_gazetteer(self.config.data.path(self.config.data.gazetteer)))
        names = self.area.read_table(tally_path(self.tallies, "names"))
        for key, label, lang, name, n in zip(*(names.column(column).to_pylist() for column in NAMES.names)):
            corpus.add_names(key, label, lang, name, n)
        guessed = self.area.read_table(tally_path(self.tallies, "guessed"))
        for key, label, word, name, n in zip(*(guessed.column(column).to_pylist() for column in GUESSED.names)):
            corpus.add_guessed(key, label, word, name, n)
        aliases = self.area.read_table(tally_path(self.tallies, "aliases"))
        for name_key, acronym_key in zip(aliases.column("name_key").to_pylist(), aliases.column("acronym_key").to_pylist()):
            corpus.add_alias(name_key, acronym_key)
        remap, entities = decide_entities(corpus)
        linked = Linked(self.out, len(entities))
        self.area.write_table(linked.remap, pa.table({"entity_id": list(remap), "final_id": list(remap.values())}, schema=REMAP))
        self.area.write_table(linked.entities, pa.Table.from_pylist([entity_row(entity) for entity in entities], schema=ENTITIES_SCHEMA))
        for kind, path in (("lines", linked.repeated_lines), ("titles", linked.repeated_titles)):
            tally = self.area.read_table(tally_path(self.tallies, kind))
            self.area.write_table(path, tally.filter(pc.greater_equal(tally.column("n"), self.config.chrome.min_documents)))
        return linked
