"""Precision and recall of cross-script name linking on real English/Russian name pairs.

`tests/data/cross_script_pairs.tsv` holds pairs of one entity's English and Russian names
(kind `same`, sourced from Wikipedia titles) and pairs of different entities with similar names
(kind `different`). Per label, every English name of the set meets every Russian one through
`pipeline.link.cross_script.unique_matches`, as the linker uses it on a corpus: a returned pair
is right when it is a `same` row. Only names the linker lets a sound match link take part
(`may_link_by_sound`: no acronyms, no one-word person names). The `different` rows are also
matched on their own, two names at a time, where a match is a false merge.

    python -m benchmarks.cross_script
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.link.cross_script import may_link_by_sound, unique_matches

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "cross_script_pairs.tsv"


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    matched: int
    same_pairs: int
    false_matches_of_different: int
    different_pairs: int


def load_pairs(path: Path = PAIRS) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def score(rows: list[dict]) -> PairScores:
    same = [row for row in rows if row["kind"] == "same"]
    matched = correct = 0
    for label in sorted({row["label"] for row in same}):
        of_label = [row for row in same if row["label"] == label]
        russian = {f"ru{i}": row["ru"] for i, row in enumerate(of_label) if may_link_by_sound(row["ru"], label)}
        english = {f"en{i}": row["en"] for i, row in enumerate(of_label) if may_link_by_sound(row["en"], label)}
        pairs = unique_matches(russian, english)
        matched += len(pairs)
        correct += sum(ru[2:] == en[2:] for ru, en in pairs)
    different = [row for row in rows if row["kind"] == "different"]
    false_matches = sum(_matches_alone(row) for row in different)
    return PairScores(
        precision=correct / matched if matched else 1.0,
        recall=correct / len(same),
        matched=matched,
        same_pairs=len(same),
        false_matches_of_different=false_matches,
        different_pairs=len(different),
    )


def _matches_alone(row: dict) -> bool:
    names = row["ru"], row["en"]
    return all(may_link_by_sound(name, row["label"]) for name in names) and bool(unique_matches({"ru": names[0]}, {"en": names[1]}))


def main() -> None:
    scores = score(load_pairs())
    print(
        f"cross-script pairs: precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"({scores.matched} matched of {scores.same_pairs} same-entity pairs); "
        f"different-entity pairs matched: {scores.false_matches_of_different} of {scores.different_pairs}"
    )


if __name__ == "__main__":
    main()
