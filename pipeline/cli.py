"""Command line: `python -m pipeline extract|eval|diff|report|query ...` (see --help).

Evaluation (with diff), the report and the query shell are imported only when their command runs, so an
extraction never loads them."""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import sys
from pathlib import Path

# Exit codes (the README's "Exit codes" table): 0 all documents accounted for without failure;
# 1 a worker failed as a whole (e.g. a model would not load there); 2 bad usage (arguments,
# configuration, folders, models) or another run holds the output folder: nothing was written;
# 3 some documents failed (their rows say why); 4 (`diff --fail-over N`) more than N mentions
# changed; 5 the output folder or the work area could not be written (disk full, read-only,
# permissions): nothing was published; 130 Ctrl-C and 143 SIGTERM. Whenever a run does not end
# with 0 or 3, the previous tables are unchanged and the next run reuses what was finished.
# `eval` and `diff` exit 2 with one line for a folder without tables; `eval` also when the output
# holds none of the gold's documents or a gold span does not match its document's text.
EXIT_WORKER_FAILED = 1
EXIT_USAGE = 2
EXIT_DOCUMENTS_FAILED = 3
EXIT_DIFF_OVER = 4
EXIT_STORAGE = 5
EXIT_SIGNAL_BASE = 128


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract entities from a folder of articles into Parquet tables")
    extract.add_argument("--input", required=True, help="folder of articles (read recursively), or an fsspec URL such as s3://bucket/news")
    extract.add_argument("--output", type=Path, required=True, help="folder for documents/mentions/entities.parquet")
    extract.add_argument("--config", type=Path, help="TOML file overriding models/pipeline.toml")
    extract.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    extract.add_argument("--workers", type=int, help="worker processes ([run] workers; 0 = one per core)")
    extract.add_argument("--engine", choices=["local", "dask"], help="where the work runs ([run] engine)")
    extract.add_argument("--scheduler", help="Dask scheduler address for --engine dask; none = a LocalCluster here")
    extract.add_argument("--work", dest="work_area", help="work area ([run] work_area): a folder or fsspec URL; default OUTPUT/.newsents")
    extract.add_argument("--full", action="store_true", help="process every file again instead of reusing unchanged results")
    extract.add_argument("--allow-empty", action="store_true", help="accept an empty input folder (writes empty tables)")

    evaluation = commands.add_parser("eval", help="score an output folder against a gold JSONL file")
    evaluation.add_argument("--gold", type=Path, required=True, help="gold JSONL (e.g. gold/seeds/seeds.jsonl)")
    evaluation.add_argument("--output", type=Path, required=True, help="folder written by `extract`")
    evaluation.add_argument("--errors", action="store_true", help="also list misses, false alarms and confusions")
    evaluation.add_argument("--json", type=Path, help="where to write the report (default: OUTPUT/eval.json)")
    evaluation.add_argument(
        "--exclude-boilerplate",
        action="store_true",
        help="make the variant without page-chrome mentions the primary one, and leave them out of --errors",
    )

    difference = commands.add_parser("diff", help="what changed between two output folders (for CI gates)")
    difference.add_argument("old", type=Path, help="output folder of the reference run")
    difference.add_argument("new", type=Path, help="output folder of the run to check")
    difference.add_argument("--fail-over", type=int, metavar="N", help="exit 4 when more than N mentions changed")
    difference.add_argument("--gold", type=Path, help="gold JSONL: also print both runs' P/R/F1 side by side")
    difference.add_argument("--examples", type=int, default=20, metavar="N", help="mentions listed per kind of change (default 20)")

    report = commands.add_parser("report", help="write an offline HTML report of an output folder to OUTPUT/report/")
    report.add_argument("--output", type=Path, default=Path("output"), help="folder written by `extract` (default: output)")

    query = commands.add_parser(
        "query",
        help="run SQL (DuckDB) over the tables; without SQL, list the views and example questions",
        description="Views documents, mentions and entities over OUTPUT/*.parquet. Example questions: run without SQL.",
    )
    query.add_argument("--output", type=Path, default=Path("output"), help="folder written by `extract` (default: output)")
    query.add_argument("sql", nargs="?", default="", help="one SQL statement, e.g. \"select count(*) from mentions\"")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "extract":
        return _extract(args)
    if args.command == "diff":
        return _diff(args)
    if args.command == "report":
        return _report(args)
    if args.command == "query":
        return _query(args)
    return _eval(args)


def _eval(args) -> int:
    from pipeline.evaluation.evaluate import UnscorableOutput, run_eval

    try:
        return run_eval(args)
    except (FileNotFoundError, UnscorableOutput) as error:  # no tables, no gold file, none of the gold's documents
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _extract(args) -> int:
    from dataclasses import replace

    from pipeline.config import load_config
    from pipeline.run.engines import WorkerError
    from pipeline.run.extract import UsageError, extract
    from pipeline.run.publish import LockHeld

    try:
        config = load_config(args.config)
        overrides = {key: getattr(args, key) for key in ("workers", "engine", "scheduler", "work_area") if getattr(args, key) is not None}
        if overrides.get("workers", 0) < 0:
            raise ValueError(f"--workers must be 0 or more, got {overrides['workers']}")
        config = replace(config, run=replace(config.run, **overrides))
    except (OSError, ValueError) as error:  # unreadable file, bad TOML, unknown key, bad value
        print(f"error: configuration: {error}", file=sys.stderr)
        return EXIT_USAGE
    received = []

    def interrupt(signum, frame):
        received.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        summary = extract(
            args.input, args.output, config, progress=not args.no_progress, full=args.full, allow_empty=args.allow_empty
        )
    except (UsageError, LockHeld) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # input files never raise (each gets a row): this is the output or the work area
        print(f"error: {storage_problem(error)}; nothing was published, the previous tables are unchanged", file=sys.stderr)
        return EXIT_STORAGE
    except WorkerError as error:
        print(f"error: a worker failed, nothing was published: {str(error).strip().splitlines()[-1]}", file=sys.stderr)
        return EXIT_WORKER_FAILED
    except KeyboardInterrupt:
        signum = received[0] if received else signal.SIGINT
        print(
            f"interrupted ({signal.Signals(signum).name}): the previous tables are unchanged; "
            "the next run reuses the documents already finished",
            file=sys.stderr,
        )
        return EXIT_SIGNAL_BASE + signum
    print(summary.format(), file=sys.stderr)
    return EXIT_DOCUMENTS_FAILED if summary.n_failed else 0


def storage_problem(error: OSError) -> str:
    """One line for a failed write: what happened, where, and what to do."""
    where = f" ({error.filename})" if error.filename else ""
    advice = {
        errno.ENOSPC: "the disk is full: free some space",
        errno.EDQUOT: "the disk quota is used up: free some space",
        errno.EROFS: "the file system is read-only: choose a writable output folder or work area",
        errno.EACCES: "permission denied: check the folder's permissions",
        errno.EPERM: "the operation is not permitted: check the folder's permissions and attributes",
    }.get(error.errno, f"{error.strerror or error}")
    return f"cannot write the output{where}: {advice}"


def _diff(args) -> int:
    from pipeline.evaluation.diff import run_diff

    try:
        changed = run_diff(args)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.fail_over is not None and changed > args.fail_over:
        print(f"FAIL: {changed} mentions changed, more than --fail-over {args.fail_over}", file=sys.stderr)
        return EXIT_DIFF_OVER
    return 0


def _report(args) -> int:
    from pipeline.report.build import build_report
    from pipeline.report.tables import UnusableTables

    try:
        built = build_report(args.output)
    except UnusableTables as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"report: {built.index} ({built.n_files} files, {built.n_bytes / 1e6:.1f} MB, {built.seconds:.1f} s)", file=sys.stderr)
    return 0


def _query(args) -> int:
    from pipeline.report.query import QueryError, run_query

    try:
        print(run_query(args.output, args.sql))
    except QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0
