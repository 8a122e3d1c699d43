"""What a run did, counted: documents by language and status, mentions by language and label,
entities, failures and plausible skips; printed at the end of `extract` and kept as run.json.

Each part of the output tables is counted where it is written (`pipeline.run.finish`), and the
parts' counts are added up in path order."""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.language import Evidence
from pipeline.status import SKIPS
from pipeline.write import read_row_groups

PLAUSIBLE_SHOWN = 10  # paths of plausible skips named in the summary; the documents table has all


@dataclass
class RunSummary:
    documents: collections.Counter = field(default_factory=collections.Counter)  # (lang, status) -> n
    mentions: collections.Counter = field(default_factory=collections.Counter)  # (lang, label) -> n
    n_entities: int = 0
    n_reused: int = 0  # input files whose results an earlier run had made from the same bytes
    seconds: float = 0.0
    n_plausible_skips: int = 0  # skipped as unsupported although a supported language was a candidate
    plausible_examples: list[str] = field(default_factory=list)  # the first PLAUSIBLE_SHOWN of their paths
    failures: list[dict] = field(default_factory=list)  # path, status, error of each failed document

    up_to_date: bool = False  # nothing changed since the run that made the tables: they were kept

    def count_document(self, lang: str | None, status: str, lang_evidence: str | None, path: str, error: str | None) -> None:
        self.documents[(lang, status)] += 1
        if lang_evidence == Evidence.PLAUSIBLE:
            self.n_plausible_skips += 1
            self.plausible_examples += [path][: PLAUSIBLE_SHOWN - len(self.plausible_examples)]
        if status not in SKIPS:
            self.failures.append({"path": path, "status": str(status), "error": error})

    def add(self, other: RunSummary) -> None:
        """Another part of the corpus's counts, the part after this one in path order."""
        self.documents.update(other.documents)
        self.mentions.update(other.mentions)
        self.n_plausible_skips += other.n_plausible_skips
        self.plausible_examples += other.plausible_examples[: PLAUSIBLE_SHOWN - len(self.plausible_examples)]
        self.failures += other.failures

    @classmethod
    def of_tables(cls, output_dir: Path) -> RunSummary:
        """The summary of published tables, read back (columns without the text, a row group at a time)."""
        summary, lang_of = cls(), {}
        for table in read_row_groups(output_dir / "documents.parquet", ["doc_id", "lang", "status", "lang_evidence", "path", "error"]):
            for doc_id, lang, status, evidence, path, error in zip(*_columns(table, *table.column_names)):
                lang_of[doc_id] = lang
                summary.count_document(lang, status, evidence, path, error)
        for table in read_row_groups(output_dir / "mentions.parquet", ["doc_id", "label"]):
            summary.mentions.update((lang_of[doc_id], label) for doc_id, label in zip(*_columns(table, "doc_id", "label")))
        summary.n_entities = sum(table.num_rows for table in read_row_groups(output_dir / "entities.parquet", ["entity_id"]))
        return summary

    @property
    def n_failed(self) -> int:
        return sum(n for (_, status), n in self.documents.items() if status not in SKIPS)

    def format(self) -> str:
        kept = "; nothing changed since the run that made the tables, they were kept" if self.up_to_date else ""
        lines = [f"documents: {sum(self.documents.values())} in {self.seconds:.1f} s ({self.n_reused} unchanged files reused{kept})"]
        lines += [f"  {lang or '-':>4} {status:<22} {n}" for (lang, status), n in sorted(self.documents.items(), key=str)]
        lines.append(f"mentions: {sum(self.mentions.values())}")
        lines += [f"  {lang:>4} {label:<22} {n}" for (lang, label), n in sorted(self.mentions.items())]
        lines.append(f"entities: {self.n_entities}")
        if self.n_plausible_skips:
            more = ", ..." if self.n_plausible_skips > len(self.plausible_examples) else ""
            lines.append(f"skipped as unsupported_language although a supported language was a candidate: "
                         f"{self.n_plausible_skips} ({', '.join(self.plausible_examples)}{more}); "
                         f"lang_evidence = 'plausible' in documents.parquet")
        if self.n_failed:
            lines.append(f"FAILED: {self.n_failed} document(s); see the status and error columns of documents.parquet")
        return "\n".join(lines)


    def record(self, started_at: str, metadata: dict[str, str]) -> dict:
        """What `run.json` says about the run: the summary's counts, its time, its failures with
        their reasons, and what produced it (the tables' own metadata, decoded)."""

        def by(counter: collections.Counter, position: int) -> dict[str, int]:
            totals = collections.Counter()
            for key, n in counter.items():
                totals[key[position] or "-"] += n
            return dict(sorted(totals.items()))

        return {
            "started_at": started_at,
            "seconds": round(self.seconds, 3),
            "documents": {"total": sum(self.documents.values()), "by_status": by(self.documents, 1), "by_language": by(self.documents, 0)},
            "mentions": {"total": sum(self.mentions.values()), "by_label": by(self.mentions, 1), "by_language": by(self.mentions, 0)},
            "entities": self.n_entities,
            "failures": self.failures,
            "plausible_skips": {"total": self.n_plausible_skips, "first_paths": self.plausible_examples},
            "pipeline_version": metadata["pipeline_version"],
            **{key: json.loads(metadata[key]) for key in ("models", "config", "data_files")},
        }


def _columns(table, *names: str) -> list[list]:
    return [table.column(name).to_pylist() for name in names]
