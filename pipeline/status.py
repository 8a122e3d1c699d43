"""Document statuses: what happened to each input file. One home for the names and their meaning."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """`documents.status`. Anything but OK means the document was not run through NER;
    `documents.error` then says why and what to do about it."""

    OK = "ok"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    EMPTY = "empty"  # no bytes or only whitespace
    BINARY = "binary"  # PDF, image, archive, NUL bytes...
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"  # permissions, broken symlink, unlistable folder
    OUTSIDE_ROOT = "outside_root"  # symlink leaving the input folder, not followed
    NOT_A_FILE = "not_a_file"  # symlinked directory, device, socket, pipe
    DUPLICATE = "duplicate"  # same bytes as an earlier file; see documents.duplicate_of
    TRUNCATED = "truncated"  # an HTML page cut off before its end (interrupted download)
    NO_TEXT = "no_text"  # an HTML page with no visible text (only scripts and markup)
    NOT_A_PAGE = "not_a_page"  # a WARC record that is no HTML or text page (request, image, redirect...)
    BROKEN_ARCHIVE = "broken_archive"  # a WARC file that cannot be read (further); see the error
    PROCESSING_FAILED = "processing_failed"  # a bug: some stage raised for this one document


SKIPS = frozenset({Status.OK, Status.UNSUPPORTED_LANGUAGE, Status.EMPTY, Status.DUPLICATE, Status.NOT_A_PAGE})
"""Statuses that are a deliberate outcome, not a failure: they do not make the exit code non-zero."""


def crash_reason(stage: str, error: Exception) -> str:
    """The `error` text of a document a stage raised on: what broke, and that it is ours to fix."""
    return f"{stage} failed ({type(error).__name__}: {error}); please report it"
