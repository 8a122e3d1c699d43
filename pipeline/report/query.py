"""`python -m pipeline query`: DuckDB views over the output tables, and the example questions.

The examples live in one file, `questions.sql` beside this module: the command lists them,
the tests run them, and the README shows the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.report.tables import UnusableTables, table_paths

QUESTIONS = Path(__file__).resolve().with_name("questions.sql")
MAX_COLUMN_WIDTH = 200
"""Longer cells are cut; `mentions.context` (at most 200 characters) fits."""
_HEADER = re.compile(r"^-- ([a-z0-9-]+): (.+)$")


class QueryError(ValueError):
    """The tables are missing or the SQL is wrong: one line says which."""


@dataclass(frozen=True)
class Example:
    name: str
    question: str
    sql: str

    @property
    def text(self) -> str:
        """The example as written in questions.sql (and in the README)."""
        return f"-- {self.name}: {self.question}\n{self.sql};"


def examples() -> list[Example]:
    """The example questions of questions.sql, in file order."""
    found = []
    for block in QUESTIONS.read_text(encoding="utf-8").split("\n\n"):
        header, _, sql = block.strip().partition("\n")
        match = _HEADER.match(header)
        if match:
            found.append(Example(match[1], match[2], sql.strip().removesuffix(";")))
    return found


def connect(output_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table over its Parquet file (nothing is copied)."""
    try:
        paths = table_paths(output_dir)
    except UnusableTables as error:
        raise QueryError(str(error)) from None
    connection = duckdb.connect()
    for name, path in paths.items():
        quoted = str(path.resolve()).replace("'", "''")
        connection.execute(f"create view {name} as select * from read_parquet('{quoted}')")
    return connection


@dataclass(frozen=True)
class Answer:
    columns: list[str]
    rows: list[tuple]  # Python values: str, int, float, datetime.date, list, None


def answer(connection: duckdb.DuckDBPyConnection, sql: str) -> Answer:
    try:
        result = connection.sql(sql)
        return Answer([], []) if result is None else Answer(list(result.columns), result.fetchall())
    except duckdb.Error as error:
        raise QueryError(" ".join(str(error).split())) from None


def run_query(output_dir: Path, sql: str) -> str:
    """The answer to `sql` as a plain text table; without SQL, the views and the examples."""
    connection = connect(output_dir)
    if not sql.strip():
        return describe(connection)
    return format_table(answer(connection, sql))


def format_table(result: Answer) -> str:
    """Aligned columns (numbers to the right), one line per row, long cells cut with an ellipsis."""
    cells = [[_cell(value) for value in row] for row in result.rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(result.columns)]
    numeric = [bool(result.rows) and all(isinstance(row[i], int | float) or row[i] is None for row in result.rows) for i in range(len(widths))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)).rstrip()

    count = f"({len(cells)} row{'' if len(cells) == 1 else 's'})"
    return "\n".join([line(result.columns), line(["-" * w for w in widths]), *map(line, cells), count])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        text = "[" + ", ".join(_cell(item) for item in value) + "]"
    elif isinstance(value, float):
        text = f"{value:.4g}"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= MAX_COLUMN_WIDTH else text[: MAX_COLUMN_WIDTH - 1] + "…"


def describe(connection: duckdb.DuckDBPyConnection) -> str:
    lines = ["Views over the Parquet files (what each column means: the data dictionary in README.md):"]
    for (name,) in connection.execute("select view_name from duckdb_views() where not internal order by view_name").fetchall():
        columns = connection.execute(f"describe {name}").fetchall()
        lines.append(f"  {name}: " + ", ".join(f"{column[0]} {column[1]}" for column in columns))
    lines += ["", 'Example questions (python -m pipeline query "SQL"):', ""]
    lines += [example.text + "\n" for example in examples()]
    return "\n".join(lines).rstrip()
