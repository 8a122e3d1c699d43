"""Precision and recall of the given-name variant rule on real pairs of full names with one surname.

`tests/data/name_variant_pairs.tsv` holds pairs of one person's names by a short and a full form of the
given name (kind `same`: "Joe Biden" / "Joseph Biden", also in Russian transcription and across scripts)
and pairs of different people sharing a surname (kind `different`: "Bill Gates" / "Robert Gates").
Each pair goes through `pipeline.link.people.are_variant_names` as the corpus-wide linker uses it.
`--table nicknames` swaps the curated `models/given_name_variants.txt` for the whole `nicknames`
dataset (PyPI `nicknames` 1.0.1, not a dependency: `pip install nicknames==1.0.1` to measure it).

    python -m benchmarks.name_variants [--table curated|nicknames]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from unittest import mock

from pipeline.link import people
from pipeline.link.people import are_variant_names, parse_person

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "name_variant_pairs.tsv"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def score(rows: list[dict]) -> dict:
    """Recall over `same` pairs, false merges over `different` ones, and the rows each got wrong."""
    found = {(row["a"], row["b"]): are_variant_names(parse_person(row["a"]), parse_person(row["b"])) for row in rows}
    same = [row for row in rows if row["kind"] == "same"]
    different = [row for row in rows if row["kind"] == "different"]
    hits = sum(found[(row["a"], row["b"])] for row in same)
    false = [row for row in different if found[(row["a"], row["b"])]]
    return {
        "recall": hits / len(same),
        "precision": hits / (hits + len(false)) if hits + len(false) else 1.0,
        "same": len(same),
        "matched": hits,
        "different": len(different),
        "false_merges": [f"{row['a']} / {row['b']}" for row in false],
        "missed": [f"{row['a']} / {row['b']}" for row in same if not found[(row["a"], row["b"])]],
    }


def nicknames_table() -> dict[str, frozenset[str]]:
    """The `nicknames` dataset in the shape of `given_name_variants`: a name, its short forms, the names
    it is a short form of, and their other short forms."""
    from nicknames import NickNamer

    namer = NickNamer()
    names = set(namer.nickname_lookup) | set(namer.canonical_lookup)
    return {
        name: frozenset({name} | namer.nicknames_of(name) | namer.canonicals_of(name)).union(
            *(namer.nicknames_of(canonical) for canonical in namer.canonicals_of(name))
        )
        for name in names
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", choices=("curated", "nicknames"), default="curated")
    args = parser.parse_args()
    rows = load_pairs()
    if args.table == "nicknames":
        table = nicknames_table()
        with mock.patch.object(people, "given_name_variants", lambda: table):
            people._english_given_names.cache_clear()
            people._given_name_skeletons.cache_clear()
            result = score(rows)
    else:
        result = score(rows)
    print(
        f"name variants [{args.table}]: recall {result['recall']:.3f} ({result['matched']} of {result['same']} same-person pairs), "
        f"precision {result['precision']:.3f}; different-person pairs merged: {len(result['false_merges'])} of {result['different']}"
    )
    for kind in ("false_merges", "missed"):
        for pair in result[kind]:
            print(f"  {kind.replace('_', ' ')}: {pair}")


if __name__ == "__main__":
    main()
