"""`pipeline diff OLD NEW`: what changed in the extraction between two output folders.

For users who gate their CI on extraction: run the pipeline before and after a model, rule or
gazetteer change and see, per label and language, the mentions added, removed and relabelled and
those whose normalised form, entity id or date value changed, each with its context;
`--fail-over N` turns more than N changed mentions into exit code 4 (`pipeline.cli`), and
`--gold FILE` puts both runs' P/R/F1 side by side (`pipeline.evaluation.evaluate`).

A mention is identified by its document's path and its character span, so a mention whose label
changed is one relabelled mention, not a removal and an addition. The golden snapshot of the
tests (`tests/snapshot.py`) uses the same rows and comparison.

    python -m pipeline diff OLD_OUTPUT NEW_OUTPUT [--fail-over N] [--gold FILE] [--examples N]
"""

from __future__ import annotations

import argparse
import collections
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.write import published_set

SPAN_FIELDS = ("path", "start_char", "end_char")
VALUE_FIELDS = ("label", "text", "normalized", "entity_id", "date_value")
CHANGE_KINDS = ("added", "removed", "relabelled", "normalized", "entity_id", "date_value", "text")
"""'text' changes only when a document's text changed under the same path and span."""
CONTEXT_CHARS = 40
TABLES = ("documents.parquet", "mentions.parquet")


@dataclass(frozen=True)
class Change:
    """One mention that differs between the runs."""

    old: dict | None
    new: dict | None
    fields: tuple[str, ...] = ()  # the value fields that differ, for a mention in both runs

    @property
    def kinds(self) -> tuple[str, ...]:
        """added, removed, or each change of a mention in both runs (relabelled, normalized, ...)."""
        if self.old is None:
            return ("added",)
        if self.new is None:
            return ("removed",)
        return tuple("relabelled" if name == "label" else name for name in self.fields)

    @property
    def row(self) -> dict:
        return self.new or self.old


def mention_rows(output_dir: Path) -> list[dict]:
    """One row per mention, keyed by document path (ids are hashes, paths are readable), in span order."""
    output_dir = published_set(output_dir)
    documents = pq.read_table(output_dir / "documents.parquet", columns=["doc_id", "path"]).to_pylist()
    path_of = {row["doc_id"]: row["path"] for row in documents}
    columns = ["doc_id", "start_char", "end_char", *VALUE_FIELDS]
    mentions = pq.read_table(output_dir / "mentions.parquet", columns=columns).to_pylist()
    rows = [{"path": path_of[m["doc_id"]], **{name: m[name] for name in SPAN_FIELDS[1:] + VALUE_FIELDS}} for m in mentions]
    return sorted(rows, key=span_key)


def span_key(row: dict) -> tuple:
    return tuple(row[name] for name in SPAN_FIELDS)


def compare_mentions(old_rows: list[dict], new_rows: list[dict]) -> list[Change]:
    """Every mention that differs between two runs, in path and span order."""
    old = {span_key(row): row for row in old_rows}
    new = {span_key(row): row for row in new_rows}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        fields = () if before is None or after is None else tuple(
            name for name in VALUE_FIELDS if before.get(name) != after.get(name))
        if before is None or after is None or fields:
            changes.append(Change(before, after, fields))
    return changes


def describe(change: Change) -> str:
    """One line: '+ added', '- removed' or '~ changed' with the span, label, text and changed fields."""
    if change.old is None:
        return f"+ added   {_span(change.new)}"
    if change.new is None:
        return f"- removed {_span(change.old)}"
    values = "; ".join(f"{name}: {change.old.get(name)!r} -> {change.new.get(name)!r}" for name in change.fields)
    return f"~ changed {_span(change.old)}: {values}"


def _span(row: dict) -> str:
    return f"{row['start_char']}-{row['end_char']} {row['label']} {row['text']!r}"


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class RunTables:
    """What the report needs of one output folder: its mentions and its documents' languages and texts."""

    rows: list[dict]
    langs: dict[str, str | None]
    texts: dict[str, str | None]
    statuses: dict[str, str]


def load_run(output_dir: Path) -> RunTables:
    output_dir = published_set(output_dir)
    missing = [name for name in TABLES if not (output_dir / name).exists()]
    if missing:
        raise FileNotFoundError(f"{output_dir} is not an output folder of `extract`: no {', '.join(missing)}")
    documents = pq.read_table(output_dir / "documents.parquet", columns=["path", "lang", "text", "status"]).to_pylist()
    return RunTables(
        rows=mention_rows(output_dir),
        langs={row["path"]: row["lang"] for row in documents},
        texts={row["path"]: row["text"] for row in documents},
        statuses={row["path"]: row["status"] for row in documents},
    )


def tally(changes: list[Change], old: RunTables, new: RunTables) -> collections.Counter:
    """(lang, label, kind) -> mentions; a relabelled mention counts under its old label, a mention
    whose form and entity id both changed counts in both columns."""
    counts = collections.Counter()
    for change in changes:
        row = change.old or change.new
        lang = new.langs.get(row["path"]) or old.langs.get(row["path"])
        counts.update((lang or "-", row["label"], kind) for kind in change.kinds)
    return counts


def format_diff(old_dir: Path, new_dir: Path, old: RunTables, new: RunTables, changes: list[Change], examples: int) -> str:
    lines = [
        f"{old_dir} -> {new_dir}: documents {len(old.langs)} -> {len(new.langs)}, "
        f"mentions {len(old.rows)} -> {len(new.rows)}, changed mentions {len(changes)}"
    ]
    lines += _document_changes(old, new)
    counts = tally(changes, old, new)
    if counts:
        lines.append(f"{'lang':<6}{'label':<7}" + "".join(f"{kind:>12}" for kind in CHANGE_KINDS))
        for lang, label in sorted({(lang, label) for lang, label, _ in counts}):
            lines.append(f"{lang:<6}{label:<7}" + "".join(f"{counts[(lang, label, kind)]:>12}" for kind in CHANGE_KINDS))
    for kind in CHANGE_KINDS:
        of_kind = [change for change in changes if kind in change.kinds]
        if not of_kind:
            continue
        lines.append(f"== {kind}: {len(of_kind)}")
        for change in of_kind[:examples]:
            texts = new.texts if change.new else old.texts
            lines.append(f"  {change.row['path']}: {describe(change)}")
            lines.append(f"      {_context(texts.get(change.row['path']) or '', change.row)}")
        if len(of_kind) > examples:
            lines.append(f"  ... and {len(of_kind) - examples} more (--examples N shows more)")
    return "\n".join(lines)


def _document_changes(old: RunTables, new: RunTables) -> list[str]:
    added = sorted(new.langs.keys() - old.langs.keys())
    removed = sorted(old.langs.keys() - new.langs.keys())
    status = sorted(path for path in old.statuses.keys() & new.statuses.keys() if old.statuses[path] != new.statuses[path])
    lines = []
    for what, paths in (("documents only in NEW", added), ("documents only in OLD", removed)):
        if paths:
            lines.append(f"{what}: {len(paths)} ({', '.join(paths[:10])}{', ...' if len(paths) > 10 else ''})")
    lines += [f"status changed: {path}: {old.statuses[path]} -> {new.statuses[path]}" for path in status]
    return lines


def _context(text: str, row: dict) -> str:
    start, end = row["start_char"], row["end_char"]
    snippet = f"{text[max(0, start - CONTEXT_CHARS):start]}[[{text[start:end]}]]{text[end:end + CONTEXT_CHARS]}"
    return " ".join(snippet.split())


def format_gold_comparison(gold: Path, old_dir: Path, new_dir: Path) -> str:
    """Exact-span P/R/F1 per language and label of both runs against the gold, with the F1 change."""
    from pipeline.evaluation.evaluate import evaluate

    reports = [evaluate(gold, output)["with_boilerplate"]["exact"] for output in (old_dir, new_dir)]
    lines = [f"against {gold} (exact span + label, with boilerplate)",
             f"{'lang':<9}{'label':<6}{'OLD P':>8}{'R':>7}{'F1':>7}{'NEW P':>9}{'R':>7}{'F1':>7}{'dF1':>8}"]
    for lang, labels in reports[1].items():
        for label, after in labels.items():
            before = reports[0].get(lang, {}).get(label, {"precision": 0.0, "recall": 0.0, "f1": 0.0})
            lines.append(
                f"{lang:<9}{label:<6}{before['precision']:>8.3f}{before['recall']:>7.3f}{before['f1']:>7.3f}"
                f"{after['precision']:>9.3f}{after['recall']:>7.3f}{after['f1']:>7.3f}{after['f1'] - before['f1']:>+8.3f}"
            )
    return "\n".join(lines)


def run_diff(args: argparse.Namespace) -> int:
    """Prints the report; returns how many mentions changed. Raises FileNotFoundError for a folder
    that holds no output tables."""
    old, new = load_run(args.old), load_run(args.new)
    changes = compare_mentions(old.rows, new.rows)
    print(format_diff(args.old, args.new, old, new, changes, args.examples))
    if args.gold:
        print()
        print(format_gold_comparison(args.gold, args.old, args.new))
    return len(changes)
