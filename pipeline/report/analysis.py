"""What the report shows, computed from the tables: plain functions over DataFrames, no I/O."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from pipeline.labels import DATE, LABELS, NAME_LABELS
from pipeline.status import Status

NAME_LABELS_IN_ORDER = tuple(label for label in LABELS if label in NAME_LABELS)
NO_LANGUAGE = "-"


def article_mentions(mentions: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The mentions the report counts, and whether page chrome was left out: when the tables
    mark chrome (`mentions.in_chrome`), only article mentions count; otherwise all of them."""
    if "in_chrome" not in mentions.columns:
        return mentions, False
    return mentions[~mentions["in_chrome"].fillna(False).astype(bool)], True


def with_documents(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Mentions with their document's language (`doc_lang`), path and publication date."""
    columns = documents[["doc_id", "lang", "path", "published"]].rename(columns={"lang": "doc_lang"})
    joined = mentions.merge(columns, on="doc_id", how="left", validate="many_to_one")
    joined["doc_lang"] = joined["doc_lang"].fillna(NO_LANGUAGE)
    return joined


def documents_by_language_and_status(documents: pd.DataFrame) -> pd.DataFrame:
    """Rows: languages; columns: statuses (in `Status` order) and `total`."""
    table = pd.crosstab(documents["lang"].fillna(NO_LANGUAGE), documents["status"])
    table = table[[status for status in map(str, Status) if status in table.columns]]
    table["total"] = table.sum(axis=1)
    return table


def documents_not_ok(documents: pd.DataFrame) -> pd.DataFrame:
    return documents.loc[documents["status"] != str(Status.OK), ["doc_id", "path", "status", "error", "duplicate_of"]]


def mentions_by_label_and_language(mentions: pd.DataFrame) -> pd.DataFrame:
    """Rows: labels in schema order; columns: document languages and `total`."""
    table = pd.crosstab(mentions["label"], mentions["doc_lang"])
    table = table.reindex([label for label in LABELS if label in table.index])
    table["total"] = table.sum(axis=1)
    return table


def entity_summary(mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """One row per entity with counted mentions: the entities table's names and ids, with counts,
    document languages and first/last publication date from the mentions the report counts;
    most mentioned first (ties by name, so the order is stable)."""
    named = mentions[mentions["entity_id"].notna()]
    by_entity = named.groupby("entity_id")
    published = pd.to_datetime(named["published"])
    stats = pd.DataFrame(
        {
            "n_mentions": by_entity.size(),
            "n_docs": by_entity["doc_id"].nunique(),
            "first_published": published.groupby(named["entity_id"]).min(),
            "last_published": published.groupby(named["entity_id"]).max(),
        }
    )
    langs = named[["entity_id", "doc_lang"]].drop_duplicates().sort_values(["entity_id", "doc_lang"])
    stats["langs"] = langs.groupby("entity_id")["doc_lang"].agg(", ".join)
    names = entities[["entity_id", "label", "name", "name_ru", "wikidata_id"]].set_index("entity_id")
    summary = names.join(stats, how="inner").reset_index()
    return summary.sort_values(["n_mentions", "name", "entity_id"], ascending=[False, True, True], ignore_index=True)


def top_entities(mentions: pd.DataFrame, label: str, doc_lang: str, limit: int) -> pd.DataFrame:
    """The most mentioned entities of one label in documents of one language: entity_id, n."""
    chosen = mentions[(mentions["label"] == label) & (mentions["doc_lang"] == doc_lang) & mentions["entity_id"].notna()]
    counts = chosen.groupby("entity_id").size().rename("n").reset_index()
    return counts.sort_values(["n", "entity_id"], ascending=[False, True]).head(limit)


def cooccurring_pairs(mentions: pd.DataFrame, unit: list[str], names: pd.Series, limit: int) -> pd.DataFrame:
    """Entity pairs found together in the same unit (["doc_id"] or ["doc_id", "sentence"]):
    entity_a, entity_b (a's name sorts first), n = how many units hold both; most frequent first."""
    present = mentions.loc[mentions["entity_id"].notna(), [*unit, "entity_id"]].drop_duplicates()
    if present.empty:
        return pd.DataFrame(columns=["entity_a", "entity_b", "n"])
    codes, ids = pd.factorize(present["entity_id"])
    rank = names.reindex(ids).fillna("").rank(method="first").to_numpy()  # a pair is ordered by its names
    units = pd.DataFrame({"unit": present.groupby(unit, sort=False).ngroup().to_numpy(), "rank": rank[codes].astype("int32")})
    pairs = units.merge(units, on="unit", suffixes=("_a", "_b"))
    pairs = pairs[pairs["rank_a"] < pairs["rank_b"]]
    counts = pairs.groupby(["rank_a", "rank_b"]).size().rename("n").reset_index()
    counts = counts.sort_values(["n", "rank_a", "rank_b"], ascending=[False, True, True]).head(limit)
    by_rank = pd.Series(ids, index=rank.astype("int32"))
    return pd.DataFrame(
        {"entity_a": by_rank[counts["rank_a"]].to_numpy(), "entity_b": by_rank[counts["rank_b"]].to_numpy(), "n": counts["n"].to_numpy()}
    )


def date_mentions_by_period(mentions: pd.DataFrame, period: str, until: datetime.date | None = None) -> list[tuple[str, int]]:
    """DATE mentions per calendar month (`period="M"`) or year (`"Y"`), counting only the dates
    whose whole period lies in one month (or year): `2016` is not put in January; with `until`,
    only the dates that start by then (`dates_after` counts the others)."""
    dates = _valued_dates(mentions)
    return counts_by_period(
        (start for start, end in zip(dates["date_start"], dates["date_end"])
         if _period(start, period) == _period(end, period) and (until is None or start <= until)), period
    )


def dates_after(mentions: pd.DataFrame, until: datetime.date) -> list[tuple[str, int]]:
    """DATE mentions whose period starts after `until` (plans, forecasts, misread numbers), by the
    year they start in."""
    dates = _valued_dates(mentions)
    counts = Counter(start.year for start in dates["date_start"] if start > until)
    return [(f"{year:04d}", counts[year]) for year in sorted(counts)]


def latest_publication(documents: pd.DataFrame) -> datetime.date | None:
    """The latest `published` date of the corpus's ok documents; None when none states one."""
    published = documents.loc[documents["status"] == str(Status.OK), "published"].dropna()
    return None if published.empty else pd.Timestamp(published.max()).date()


def _valued_dates(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[(mentions["label"] == DATE) & mentions["date_start"].notna() & mentions["date_end"].notna()]


def counts_by_period(dates: Iterable[datetime.date], period: str) -> list[tuple[str, int]]:
    """How many dates fall in each month ("M", keys like "2016-11") or year ("Y", "2016"), in
    order; every period between the first and the last is present, with 0 where there is nothing."""
    counts = Counter(_period(date, period) for date in dates)
    if not counts:
        return []
    (first_year, first_month), (last_year, last_month) = min(counts), max(counts)
    every = [(year, month) for year in range(first_year, last_year + 1) for month in (range(1, 13) if period == "M" else [0])]
    every = [key for key in every if (first_year, first_month) <= key <= (last_year, last_month)]
    return [(f"{year:04d}-{month:02d}" if period == "M" else f"{year:04d}", counts.get((year, month), 0)) for year, month in every]


def _period(date: datetime.date, period: str) -> tuple[int, int]:
    return (date.year, date.month if period == "M" else 0)


def documents_per_entity(mentions: pd.DataFrame) -> pd.DataFrame:
    """entity_id, doc_id, path, published, n (mentions of the entity in that document),
    each entity's documents in publication order (undated last), then by path."""
    named = mentions[mentions["entity_id"].notna()]
    grouped = named.groupby(["entity_id", "doc_id", "path"], dropna=False).agg(
        published=("published", "first"), n=("doc_id", "size")
    )
    return grouped.reset_index().sort_values(["entity_id", "published", "path"], na_position="last", ignore_index=True)
