"""The report's pages from the tables: (relative path, content) pairs, no I/O.

Pages link to each other by relative paths only, so the folder works opened from disk.
Every per-document and per-entity page is capped (`Limits`); the pages say so when a cap bites.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from spacy import displacy

from pipeline.report import analysis
from pipeline.report.analysis import NAME_LABELS_IN_ORDER
from pipeline.report.charts import LABEL_COLORS, NEUTRAL, Bar, bar_chart, column_chart
from pipeline.report.tables import OutputTables
from pipeline.status import Status

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHROME_SUFFIX = " chrome"
_BLANK_LINES = re.compile(r"(?:<br>\s*){3,}")
_WEB_ADDRESS = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
MAX_MONTHS = 240
"""A timeline spanning more months than this is drawn by year."""


@dataclass(frozen=True)
class Limits:
    """Caps that keep the report usable on large corpora (10k documents and more)."""

    document_pages: int = 1000  # ok documents, in path order
    entity_pages: int = 3000  # most mentioned first
    entity_rows: int = 5000  # rows of each label's entity table
    document_rows: int = 20000  # rows of the documents table
    documents_per_entity: int = 300  # rows on an entity page
    contexts_per_entity: int = 5  # sentences quoted on an entity page
    top_entities: int = 10  # bars per label and language
    pairs: int = 100  # co-occurring pairs listed (the chart shows the first 15)
    not_ok_rows: int = 1000  # documents that are not ok, listed on the summary


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
    environment.globals["name_labels"] = NAME_LABELS_IN_ORDER
    return environment


class _Links:
    """Which documents and entities have a page, and the relative link to each from a page `depth` folders down."""

    def __init__(self, document_ids: list[str], entity_ids: list[str]):
        self.documents, self.entities = set(document_ids), set(entity_ids)

    def document(self, doc_id: str, depth: int = 0) -> str | None:
        return f"{'../' * depth}doc/{doc_id}.html" if doc_id in self.documents else None

    def entity(self, entity_id: str, depth: int = 0) -> str | None:
        return f"{'../' * depth}entity/{entity_id}.html" if entity_id in self.entities else None


def render_report(tables: OutputTables, limits: Limits = Limits()) -> Iterator[tuple[str, str]]:
    environment = _environment()
    documents = tables.documents
    mentions, chrome_left_out = analysis.article_mentions(tables.mentions)
    mentions = analysis.with_documents(mentions, documents)
    summary = analysis.entity_summary(mentions, tables.entities)
    ok_documents = documents[documents["status"] == str(Status.OK)]
    links = _Links(ok_documents["doc_id"].head(limits.document_pages).tolist(), summary["entity_id"].head(limits.entity_pages).tolist())
    names = tables.entities.set_index("entity_id")["name"]
    notes = _notes(summary, ok_documents, chrome_left_out, limits)
    languages = ok_documents["lang"].value_counts().index.tolist()

    def page(template: str, title: str, depth: int = 0, **context) -> str:
        return environment.get_template(template).render(title=title, root="../" * depth, **context)

    def top_charts(labels) -> list[tuple[str, Markup]]:
        figures = []
        for label in labels:
            for lang in languages:
                top = analysis.top_entities(mentions, label, lang, limits.top_entities)
                bars = [Bar(names.get(row.entity_id, row.entity_id), int(row.n), links.entity(row.entity_id)) for row in top.itertuples()]
                if bars:
                    figures.append((f"{label} in {lang} documents", bar_chart(bars, LABEL_COLORS[label])))
        return figures

    yield "style.css", (TEMPLATES / "style.css").read_text(encoding="utf-8")
    yield "index.html", page("index.html", "newsents report", **_summary_context(tables, mentions, summary, limits), top_charts=top_charts(NAME_LABELS_IN_ORDER), page_notes=notes)
    for label in NAME_LABELS_IN_ORDER:
        rows = summary[summary["label"] == label]
        label_notes = list(notes)
        if len(rows) > limits.entity_rows:
            label_notes.append(f"The {limits.entity_rows:,} most mentioned of {len(rows):,} {label} entities are listed; all are in entities.parquet.")
        yield f"entities-{label}.html", page(
            "entities.html", f"{label} entities", label=label, sortable_table=True, top_charts=top_charts([label]), page_notes=label_notes,
            rows=[_entity_row(row, links) for row in rows.head(limits.entity_rows).itertuples()],
        )
    yield "cooccurrence.html", page("cooccurrence.html", "Entities found together", page_notes=notes, sections=_cooccurrence_sections(mentions, names, links, limits))
    until = analysis.latest_publication(documents)
    yield "timeline.html", page("timeline.html", "Dates mentioned", page_notes=notes, sections=_timeline_sections(mentions, until),
                                until=_date(until), after=[list(row) for row in analysis.dates_after(mentions, until)] if until else [])
    document_notes = notes + ([f"The first {limits.document_rows:,} of {len(documents):,} documents are listed."] if len(documents) > limits.document_rows else [])
    rows = _document_rows(documents.head(limits.document_rows), mentions, links)
    yield "documents.html", page("documents.html", "Documents", sortable_table=True, page_notes=document_notes, rows=rows)
    yield from _entity_pages(page, tables, summary, mentions, links, limits)
    yield from _document_pages(page, ok_documents.head(limits.document_pages), tables.mentions, names, links, chrome_left_out)


def _notes(summary: pd.DataFrame, ok_documents: pd.DataFrame, chrome_left_out: bool, limits: Limits) -> list[str]:
    notes = []
    if chrome_left_out:
        notes.append("Counts are of article mentions: mentions in page chrome (footers, lists of other articles, share lines) are left out.")
    if len(ok_documents) > limits.document_pages:
        notes.append(
            f"Large corpus: pages for the first {limits.document_pages:,} of {len(ok_documents):,} ok documents (in path order) "
            f"and for the {min(limits.entity_pages, len(summary)):,} most mentioned of {len(summary):,} entities; "
            "every table is complete in the Parquet files (python -m pipeline query)."
        )
    elif len(summary) > limits.entity_pages:
        notes.append(f"Pages for the {limits.entity_pages:,} most mentioned of {len(summary):,} entities; the others are listed without a page.")
    return notes


def _summary_context(tables: OutputTables, mentions: pd.DataFrame, summary: pd.DataFrame, limits: Limits) -> dict:
    documents = tables.documents
    by_status = analysis.documents_by_language_and_status(documents)
    not_ok = analysis.documents_not_ok(documents)
    by_label = analysis.mentions_by_label_and_language(mentions)
    run = tables.run or {}
    facts = [("pipeline_version", tables.metadata["pipeline_version"])]
    if run:
        facts += [("run started", run.get("started_at", "")), ("run took", f"{run.get('seconds', 0):.1f} s")]
    facts += [(f"model ({lang})", f"{info.get('name')} {info.get('version')}") for lang, info in sorted(tables.metadata["models"].items())]
    blocks = [(key, json.dumps(tables.metadata[key], indent=2, ensure_ascii=False, sort_keys=True)) for key in ("config", "data_files")]
    return {
        "n_documents": len(documents),
        "n_ok": int((documents["status"] == str(Status.OK)).sum()),
        "n_mentions": len(mentions),
        "n_entities": len(summary),
        "documents_table": _grid(by_status, "lang"),
        "n_not_ok": len(not_ok),
        "not_ok": {
            "columns": ["path", "status", "error", "duplicate_of"],
            "rows": [[row.path, row.status, _text(row.error), _text(row.duplicate_of)] for row in not_ok.head(limits.not_ok_rows).itertuples()],
        },
        "mentions_table": _grid(by_label, "label"),
        "run_facts": facts,
        "run_blocks": blocks,
    }


def _document_rows(documents: pd.DataFrame, mentions: pd.DataFrame, links: _Links) -> list[dict]:
    counts = mentions.groupby("doc_id").size().to_dict()
    return [
        {"name": row["path"], "href": links.document(row["doc_id"]), "title": _text(row["title"]), "lang": _text(row["lang"]),
         "status": row["status"], "published": _date(row["published"]), "n_mentions": counts.get(row["doc_id"], 0)}
        for row in documents.to_dict("records")
    ]


def _grid(table: pd.DataFrame, index_name: str) -> dict:
    return {"columns": [index_name, *table.columns], "rows": [[index, *map(int, values)] for index, values in zip(table.index, table.to_numpy())]}


def _entity_row(row, links: _Links) -> dict:
    return {
        "entity_id": row.entity_id, "name": row.name, "href": links.entity(row.entity_id), "name_ru": _text(row.name_ru),
        "wikidata_id": _text(row.wikidata_id), "n_mentions": int(row.n_mentions), "n_docs": int(row.n_docs),
        "langs": row.langs, "first_published": _date(row.first_published), "last_published": _date(row.last_published),
    }


def _cooccurrence_sections(mentions: pd.DataFrame, names: pd.Series, links: _Links, limits: Limits) -> list[dict]:
    sections = []
    for title, unit, counted in (
        ("Pairs in the same document", ["doc_id"], "documents"),
        ("Pairs in the same sentence", ["doc_id", "sentence"], "sentences"),
    ):
        pairs = analysis.cooccurring_pairs(mentions, unit, names, limits.pairs)
        rows = [
            {"a": {"name": names[row.entity_a], "href": links.entity(row.entity_a)}, "b": {"name": names[row.entity_b], "href": links.entity(row.entity_b)}, "n": int(row.n)}
            for row in pairs.itertuples()
        ]
        bars = [Bar(f"{row['a']['name']} + {row['b']['name']}", row["n"]) for row in rows[:15]]
        sections.append({"title": title, "unit": counted, "caption": f"{counted} that mention both", "chart": bar_chart(bars, NEUTRAL, width=620, label_width=330), "rows": rows})
    return sections


def _timeline_sections(mentions: pd.DataFrame, until) -> list[dict]:
    """By month and by year, up to the latest publication date (`until`) when the corpus states one."""
    sections = []
    for title, period, unit in (("DATE mentions by month", "M", "month"), ("DATE mentions by year", "Y", "year")):
        counts = analysis.date_mentions_by_period(mentions, period, until)
        caption = f"mentions whose date lies within one {unit}"
        if period == "M" and len(counts) > MAX_MONTHS:
            caption += f" (chart: the last {MAX_MONTHS} months; the table has them all)"
        table = {"columns": [unit, "mentions"], "rows": [[key, n] for key, n in counts if n]}
        chart = column_chart(counts[-MAX_MONTHS:]) if counts else None
        sections.append({"title": title, "unit": unit, "caption": caption, "chart": chart, "table": table})
    return sections


def _entity_pages(page, tables: OutputTables, summary: pd.DataFrame, mentions: pd.DataFrame, links: _Links, limits: Limits) -> Iterator[tuple[str, str]]:
    per_entity = analysis.documents_per_entity(mentions[mentions["entity_id"].isin(links.entities)])
    documents_of = _rows_by(per_entity, "entity_id")
    contexts_of = _contexts(mentions[mentions["entity_id"].isin(links.entities)], links, limits.contexts_per_entity)
    titles = dict(zip(tables.documents["doc_id"], tables.documents["title"]))
    aliases = dict(zip(tables.entities["entity_id"], tables.entities["aliases"]))
    for entity in summary[summary["entity_id"].isin(links.entities)].to_dict("records"):
        entity_id, documents = entity["entity_id"], documents_of.get(entity["entity_id"], [])
        facts = [
            ("label", entity["label"]), ("name", entity["name"]), ("name_ru", _text(entity["name_ru"])),
            ("wikidata_id", _text(entity["wikidata_id"])), ("aliases", ", ".join(aliases.get(entity_id, []))),
            ("mentions", f"{entity['n_mentions']:,}"), ("documents", f"{entity['n_docs']:,}"), ("languages", entity["langs"]),
            ("entity_id", entity_id),
        ]
        notes = [f"The first {limits.documents_per_entity:,} of {len(documents):,} documents are listed."] if len(documents) > limits.documents_per_entity else []
        published = [row["published"] for row in documents if _date(row["published"])]
        months = analysis.counts_by_period(published, "M")
        if len(months) > MAX_MONTHS:
            months = analysis.counts_by_period(published, "Y")
        rows = [
            {"published": _date(row["published"]), "name": row["path"], "href": links.document(row["doc_id"], depth=1),
             "title": _text(titles.get(row["doc_id"])), "n": row["n"]}
            for row in documents[: limits.documents_per_entity]
        ]
        chart = column_chart(months) if months else None
        yield f"entity/{entity_id}.html", page("entity.html", f"{entity['name']} ({entity['label']})", depth=1, facts=facts, page_notes=notes, documents=rows, published_chart=chart, contexts=contexts_of.get(entity_id, []))


def _contexts(mentions: pd.DataFrame, links: _Links, limit: int) -> dict[str, list[dict]]:
    """The first mentions of each entity in their sentence (`mentions.context`), the mention
    itself picked out; nothing when the tables predate the context column."""
    if "context" not in mentions.columns:
        return {}
    first = mentions.sort_values(["entity_id", "path", "start_char"]).groupby("entity_id").head(limit)
    contexts: dict[str, list[dict]] = {}
    for row in first.to_dict("records"):
        context, text = _text(row["context"]), " ".join(row["text"].split())
        before, found, after = context.partition(text)
        contexts.setdefault(row["entity_id"], []).append(
            {"before": before, "text": found, "after": after if found else "", "name": row["path"], "href": links.document(row["doc_id"], depth=1)}
        )
    return contexts


def _document_pages(page, documents: pd.DataFrame, all_mentions: pd.DataFrame, names: pd.Series, links: _Links, chrome_marked: bool) -> Iterator[tuple[str, str]]:
    mentions_of = _rows_by(all_mentions[all_mentions["doc_id"].isin(set(documents["doc_id"]))].sort_values(["doc_id", "start_char"]), "doc_id")
    names = names.to_dict()
    legend = list(LABEL_COLORS.items()) + ([("chrome", NEUTRAL)] if chrome_marked else [])
    colors = {**LABEL_COLORS, **{label + CHROME_SUFFIX: NEUTRAL for label in LABEL_COLORS}}
    notes = ["Mentions in page chrome are shown grey (label + chrome) and are not counted elsewhere in the report."] if chrome_marked else []
    for row in documents.to_dict("records"):
        mentions = mentions_of.get(row["doc_id"], [])
        spans, counts = [], Counter()
        for mention in mentions:
            chrome = bool(mention.get("in_chrome"))
            span = {"start": mention["start_char"], "end": mention["end_char"], "label": mention["label"] + (CHROME_SUFFIX if chrome else "")}
            entity_id = _text(mention["entity_id"])
            if entity_id:
                counts[(entity_id, mention["label"])] += 1
                if links.entity(entity_id):
                    span |= {"kb_id": str(escape(names.get(entity_id, ""))), "kb_url": links.entity(entity_id, depth=1)}
            spans.append(span)
        highlighted = displacy.render(
            {"text": row["text"] or "", "ents": spans, "title": None}, style="ent", manual=True, page=False, jupyter=False, options={"colors": colors}
        )
        highlighted = _BLANK_LINES.sub("<br><br>", highlighted)  # scraped pages' runs of blank lines, shown as one
        entities = [
            {"label": label, "name": names.get(entity_id, entity_id), "href": links.entity(entity_id, depth=1), "n": n}
            for (entity_id, label), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        facts = [
            ("path", row["path"]), ("source", _source_link(row)), ("doc_id", row["doc_id"]), ("language", _text(row["lang"])),
            ("published", _date(row["published"])), ("characters", f"{row['n_chars']:,}"), ("encoding", _text(row["encoding"])),
            ("mentions", f"{len(mentions):,}"),
        ]
        title = row["title"] or row["path"]
        yield f"doc/{row['doc_id']}.html", page("document.html", title, depth=1, facts=facts, page_notes=notes, legend=legend, highlighted=Markup(highlighted), entities=entities)


def _source_link(document: dict) -> Markup | str:
    """The page's address (`documents.url`: its WARC record's, else its canonical link) as a link
    that opens in the browser; only http(s) addresses are links, so a scraped `javascript:` URL
    stays text. A file read from a folder has no address: its path is the fact above."""
    url = _text(document.get("url"))
    if not _WEB_ADDRESS.match(url):
        return url or "(no address: read from a file)"
    return Markup('<a class="source" href="{0}" rel="external noopener noreferrer">{0}</a>').format(url)


def _rows_by(frame: pd.DataFrame, key: str) -> dict[str, list[dict]]:
    """The frame's rows as dicts, grouped by one column, in frame order."""
    grouped: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str | list) and pd.isna(value)) else str(value)


def _date(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)[:10]
