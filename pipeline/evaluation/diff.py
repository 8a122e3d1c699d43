"""`pipeline diff OLD NEW`: what changed in the extraction between two output folders.

For users who gate their CI on extraction: run the pipeline before and after a model, rule,
gazetteer or input change and see first which documents changed (their text, by sha256), then, per
label and language, the mentions added, removed, relabelled or edited and those whose normalised
form, entity id or date value changed, each with its context; `--fail-over N` turns more than N
changed mentions into exit code 4 (`pipeline.cli`), and `--gold FILE` puts both runs' P/R/F1 side by
side (`pipeline.evaluation.evaluate`).

In a document whose text is the same in both runs a mention is its character span, so a mention
whose label changed is one relabelled mention, not a removal and an addition. In a document whose
text changed, the two texts are aligned (`TextAlignment`) and every old mention is carried to its
place in the new text: an edit of one word changes the mentions it touches, not every later one
whose offsets moved. The golden snapshot of the tests (`tests/snapshot.py`) uses the same rows
and comparison.

    python -m pipeline diff OLD_OUTPUT NEW_OUTPUT [--fail-over N] [--gold FILE] [--examples N]
"""

from __future__ import annotations

import argparse
import bisect
import collections
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.write import read_table

SPAN_FIELDS = ("path", "start_char", "end_char")
VALUE_FIELDS = ("label", "text", "normalized", "entity_id", "date_value")
CHANGE_KINDS = ("added", "removed", "relabelled", "text", "normalized", "entity_id", "date_value")
"""'text': the mention's own words were edited in the input ('Kestrel Dorval' -> 'Kestrel Dorvalsky')."""
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Change:
    """One mention that differs between the runs."""

    old: dict | None
    new: dict | None
    fields: tuple[str, ...] = ()  # the value fields that differ, for a mention in both runs

    @property
    def kinds(self) -> tuple[str, ...]:
        """added, removed, or each change of a mention in both runs (relabelled, text, normalized, ...)."""
        if self.old is None:
            return ("added",)
        if self.new is None:
            return ("removed",)
        return tuple("relabelled" if name == "label" else name for name in self.fields)

    @property
    def row(self) -> dict:
        return self.new or self.old


class TextAlignment:
    """Where the characters of an old text stand in a new one: difflib's opcodes over lines, then
    over sentences inside the lines that differ, then over words inside the sentences that differ
    (a character diff of a whole document is quadratic; a scraped page may be one long line)."""

    PIECES = (re.compile(r"[^\n]*\n|[^\n]+"), re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+"), re.compile(r"\w+|\s+|[^\w\s]"))
    """Lines, sentences, words: each level aligns the stretches the level above found changed."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self.blocks = list(self._opcodes(0, len(old), 0, len(new), 0))
        self._starts = [block[1] for block in self.blocks]

    def _opcodes(self, i1: int, i2: int, j1: int, j2: int, level: int):
        """Opcodes of one stretch, piece by piece: its common head and tail as they are (a one-line
        page with one edit is then no quadratic matching), the middle through difflib."""
        old_pieces, new_pieces = self.PIECES[level].findall(self.old[i1:i2]), self.PIECES[level].findall(self.new[j1:j2])
        old_at, new_at = _offsets(old_pieces, i1), _offsets(new_pieces, j1)
        head = _common_run(old_pieces, new_pieces)
        tail = _common_run(old_pieces[head:][::-1], new_pieces[head:][::-1])
        old_end, new_end = len(old_pieces) - tail, len(new_pieces) - tail
        if head:
            yield "equal", i1, old_at[head], j1, new_at[head]
        matcher = difflib.SequenceMatcher(None, old_pieces[head:old_end], new_pieces[head:new_end])
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            a1, a2, b1, b2 = a1 + head, a2 + head, b1 + head, b2 + head
            if tag == "replace" and level + 1 < len(self.PIECES):
                yield from self._opcodes(old_at[a1], old_at[a2], new_at[b1], new_at[b2], level + 1)
            else:
                yield tag, old_at[a1], old_at[a2], new_at[b1], new_at[b2]
        if tail:
            yield "equal", old_at[old_end], i2, new_at[new_end], j2

    def edits(self) -> list[tuple[int, int, int, int]]:
        """The old and new ranges that differ: (i1, i2, j1, j2)."""
        return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in self.blocks if tag != "equal"]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The old span's place in the new text when no edit touches it, else None."""
        index = self._index(start)
        if index is None:
            return None
        shift = self.blocks[index][3] - self.blocks[index][1]
        while index < len(self.blocks) and self.blocks[index][1] < end:
            tag, i1, _, j1, _ = self.blocks[index]
            if tag != "equal" or j1 - i1 != shift:
                return None
            index += 1
        return start + shift, end + shift

    def region(self, start: int, end: int) -> tuple[int, int]:
        """The new text's range an old span corresponds to, edits included (to pair an edited mention)."""
        return self._position(start, first=True), self._position(end, first=False)

    def _index(self, position: int) -> int | None:
        """The block that holds the old text's character at `position` (insertions hold none)."""
        index = bisect.bisect_right(self._starts, position) - 1
        while 0 <= index < len(self.blocks) and self.blocks[index][2] <= position:
            index += 1  # an insertion (an empty old range) starts here too
        return index if 0 <= index < len(self.blocks) else None

    def _block(self, position: int):
        index = self._index(position)
        return None if index is None else self.blocks[index]

    def _position(self, position: int, first: bool) -> int:
        block = self._block(position if first else max(position - 1, 0))
        if block is None:
            return len(self.new)
        tag, i1, _, j1, j2 = block
        if tag == "equal":
            return position + j1 - i1
        return j1 if first else j2


def _common_run(old: list[str], new: list[str]) -> int:
    """How many leading pieces the two lists share."""
    return next((index for index, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))


def _offsets(pieces: list[str], start: int = 0) -> list[int]:
    """Where each piece starts, plus the end: [start, start + len(p0), ...]."""
    offsets = [start]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    return offsets


def mention_rows(output_dir: Path) -> list[dict]:
    """One row per mention, keyed by document path (ids are hashes, paths are readable), in span order."""
    documents = read_table(output_dir, "documents", columns=["doc_id", "path"]).to_pylist()
    path_of = {row["doc_id"]: row["path"] for row in documents}
    columns = ["doc_id", "start_char", "end_char", *VALUE_FIELDS]
    mentions = read_table(output_dir, "mentions", columns=columns).to_pylist()
    rows = [{"path": path_of[m["doc_id"]], **{name: m[name] for name in SPAN_FIELDS[1:] + VALUE_FIELDS}} for m in mentions]
    return sorted(rows, key=span_key)


def span_key(row: dict) -> tuple:
    return tuple(row[name] for name in SPAN_FIELDS)


def compare_mentions(old_rows: list[dict], new_rows: list[dict], old_texts: dict | None = None,
                     new_texts: dict | None = None) -> list[Change]:
    """Every mention that differs between two runs, by path and position. A document whose text
    is the same in both runs (or not given) is compared by spans; one whose text changed through
    the alignment of its two texts."""
    old_by_path, new_by_path = _by_path(old_rows), _by_path(new_rows)
    changes = []
    for path in sorted(old_by_path.keys() | new_by_path.keys()):
        old, new = old_by_path.get(path, []), new_by_path.get(path, [])
        old_text, new_text = (old_texts or {}).get(path), (new_texts or {}).get(path)
        if old_text is None or new_text is None or old_text == new_text:
            changes += _compare(old, new, lambda row: (row["start_char"], row["end_char"]), None)
        else:
            changes += _compare(old, new, None, TextAlignment(old_text, new_text))
    return changes


def _by_path(rows: list[dict]) -> dict[str, list[dict]]:
    grouped = collections.defaultdict(list)
    for row in sorted(rows, key=span_key):
        grouped[row["path"]].append(row)
    return grouped


def _compare(old: list[dict], new: list[dict], same_place, alignment: TextAlignment | None) -> list[Change]:
    """One document's changes. Old mentions are carried to the new text (by their span, or through
    the alignment); an old mention the edits touched is paired with the first unpaired new mention
    of its label in the same edited stretch (its text changed), else it is removed."""
    new_at = {(row["start_char"], row["end_char"]): row for row in new}
    paired, edited, changes = set(), [], []
    for row in old:
        place = same_place(row) if alignment is None else alignment.span(row["start_char"], row["end_char"])
        if place is None:
            edited.append(row)
            continue
        counterpart = new_at.get(place)
        if counterpart is None:
            changes.append(Change(row, None))
            continue
        paired.add(place)
        fields = _differing(row, counterpart)
        if fields:
            changes.append(Change(row, counterpart, fields))
    for row in edited:
        start, end = alignment.region(row["start_char"], row["end_char"])
        counterpart = next((candidate for key, candidate in new_at.items() if key not in paired and candidate["label"] == row["label"]
                            and candidate["start_char"] < max(end, start + 1) and candidate["end_char"] > start), None)
        if counterpart is None:
            changes.append(Change(row, None))
        else:
            paired.add((counterpart["start_char"], counterpart["end_char"]))
            fields = _differing(row, counterpart)
            if fields:  # the same mention in a stretch the alignment could not match word for word
                changes.append(Change(row, counterpart, fields))
    changes += [Change(None, row) for key, row in new_at.items() if key not in paired]
    return sorted(changes, key=lambda change: (change.row["start_char"], change.row["end_char"]))


def _differing(old: dict, new: dict) -> tuple[str, ...]:
    return tuple(name for name in VALUE_FIELDS if old.get(name) != new.get(name))


def describe(change: Change) -> str:
    """One line: '+ added', '- removed' or '~ changed' with the span, label, text and changed fields."""
    if change.old is None:
        return f"+ added   {_span(change.new)}"
    if change.new is None:
        return f"- removed {_span(change.old)}"
    values = "; ".join(f"{name}: {change.old.get(name)!r} -> {change.new.get(name)!r}" for name in change.fields)
    moved = "" if span_key(change.old) == span_key(change.new) else f" (now {change.new['start_char']}-{change.new['end_char']})"
    return f"~ changed {_span(change.old)}{moved}: {values}"


def _span(row: dict) -> str:
    return f"{row['start_char']}-{row['end_char']} {row['label']} {row['text']!r}"


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class RunTables:
    """What the report needs of one output folder: its mentions and its documents' languages, texts,
    statuses and input fingerprints, by path."""

    rows: list[dict]
    langs: dict[str, str | None]
    texts: dict[str, str | None]
    statuses: dict[str, str]
    sha256s: dict[str, str | None]


def load_run(output_dir: Path) -> RunTables:
    """Raises pipeline.write.MissingTables (a FileNotFoundError) for a folder without tables."""
    documents = read_table(output_dir, "documents", columns=["path", "lang", "text", "status", "sha256"]).to_pylist()
    return RunTables(
        rows=mention_rows(output_dir),
        langs={row["path"]: row["lang"] for row in documents},
        texts={row["path"]: row["text"] for row in documents},
        statuses={row["path"]: row["status"] for row in documents},
        sha256s={row["path"]: row["sha256"] for row in documents},
    )


def diff_runs(old: RunTables, new: RunTables) -> list[Change]:
    return compare_mentions(old.rows, new.rows, old.texts, new.texts)


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
    """The changed documents first, then the table of changed mentions and examples of each kind."""
    edited = _edited_documents(old, new)
    lines = [
        f"{old_dir} -> {new_dir}: documents {len(old.langs)} -> {len(new.langs)} ({len(edited)} with another text), "
        f"mentions {len(old.rows)} -> {len(new.rows)}, changed mentions {len(changes)}"
    ]
    lines += _document_changes(old, new, edited, changes, examples)
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


def _edited_documents(old: RunTables, new: RunTables) -> list[str]:
    """Paths in both runs whose text differs."""
    return sorted(path for path in old.texts.keys() & new.texts.keys() if old.texts[path] != new.texts[path])


def _document_changes(old: RunTables, new: RunTables, edited: list[str], changes: list[Change], examples: int) -> list[str]:
    """Documents added, removed, with another text (sha256, characters, where) or status, and how
    many mentions changed in each document, those with another text first."""
    added = sorted(new.langs.keys() - old.langs.keys())
    removed = sorted(old.langs.keys() - new.langs.keys())
    lines = []
    for what, paths in (("documents only in NEW", added), ("documents only in OLD", removed)):
        if paths:
            lines.append(f"{what}: {len(paths)} ({', '.join(paths[:10])}{', ...' if len(paths) > 10 else ''})")
    per_document = collections.Counter(change.row["path"] for change in changes)
    for path in edited:
        lines.append(f"text changed: {path}: {_describe_edit(old, new, path)}; {per_document[path]} mentions changed")
    same_text_file = sorted(path for path in old.sha256s.keys() & new.sha256s.keys()
                            if old.sha256s[path] != new.sha256s[path] and path not in edited)
    lines += [f"file changed, same text: {path}" for path in same_text_file]
    status = sorted(path for path in old.statuses.keys() & new.statuses.keys() if old.statuses[path] != new.statuses[path])
    lines += [f"status changed: {path}: {old.statuses[path]} -> {new.statuses[path]}" for path in status]
    others = [(path, n) for path, n in sorted(per_document.items()) if path not in edited]
    if others:
        shown = ", ".join(f"{path} {n}" for path, n in others[:examples])
        more = f", ... and {len(others) - examples} more" if len(others) > examples else ""
        lines.append(f"mentions changed in documents with the same text: {shown}{more}")
    return lines


def _describe_edit(old: RunTables, new: RunTables, path: str) -> str:
    """'sha256 5fce6596 -> 1a2b3c4d, 1 edit, 213 -> 216 characters, first at 1042'."""
    old_text, new_text = old.texts[path] or "", new.texts[path] or ""
    edits = TextAlignment(old_text, new_text).edits()
    where = f", first at {edits[0][0]}" if edits else ""
    sha = f"sha256 {(old.sha256s.get(path) or '')[:8]} -> {(new.sha256s.get(path) or '')[:8]}, "
    return f"{sha}{len(edits)} edit{'s' if len(edits) != 1 else ''}, {len(old_text):,} -> {len(new_text):,} characters{where}"


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
    changes = diff_runs(old, new)
    print(format_diff(args.old, args.new, old, new, changes, args.examples))
    if args.gold:
        print()
        print(format_gold_comparison(args.gold, args.old, args.new))
    return len(changes)
