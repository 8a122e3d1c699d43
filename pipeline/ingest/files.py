"""Stage 1: find every input file, read it, fingerprint it and decode it, losing nothing.

Every file under the input root yields at least one Document (a WARC archive one per record),
in sorted path order. A file
that cannot be used still yields one, with a status and an error that tells a person what
to do; later stages skip documents whose status is not `ok`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from pipeline.ingest.compressed import decompressed
from pipeline.ingest.encoding import DecodeFailure, decode_bytes
from pipeline.ingest.html import looks_like_html, read_page
from pipeline.ingest.warc import ArchiveRecord, looks_like_warc, read_records
from pipeline.records import HTML, TEXT, Document
from pipeline.status import Status, crash_reason


def doc_id_for(relative_path: str) -> str:
    """Stable id from the path relative to the input root: the same file gets the same id every run.

    The path's bytes as the file system holds them (``os.fsencode``), so a file name that is
    not valid UTF-8 still gets an id; for every other name this is its UTF-8 encoding.
    """
    return hashlib.sha256(os.fsencode(relative_path)).hexdigest()[:16]


def display_path(relative_path: str) -> str:
    """The path as valid text for the tables, one text per path: a byte of a name that is not
    UTF-8 shows as \\xNN and a backslash as \\\\, so `caf\\xe9.txt` (Latin-1 bytes) and a
    file literally named `caf\\xe9.txt` stay apart, and the name reads back with
    `os.fsdecode(codecs.escape_decode(path.encode())[0])`."""
    return os.fsencode(relative_path).replace(b"\\", b"\\\\").decode("utf-8", errors="backslashreplace")


def list_input_paths(root: Path) -> list[str]:
    """Relative POSIX paths of every entry that is not a directory, sorted; symlinked dirs are listed, not entered.

    A folder that cannot be listed is itself an entry, so it gets a row (`unreadable`)
    instead of its files silently disappearing.
    """
    paths = []
    unlistable = []
    for directory, subdirs, files in os.walk(root, followlinks=False, onerror=unlistable.append):
        base = Path(directory).relative_to(root)
        names = files + [name for name in subdirs if os.path.islink(os.path.join(directory, name))]
        paths.extend((base / name).as_posix() for name in names)
    for error in unlistable:
        if error.filename is not None and Path(error.filename) != Path(root):
            paths.append(Path(error.filename).relative_to(root).as_posix())
    return sorted(paths)


def as_duplicate(doc: Document, original: str) -> Document:
    """A usable file whose bytes an earlier file (`original`, its doc_id) already had; the run's
    reduce decides that, in listing order, over the corpus."""
    return replace(doc, duplicate_of=original).failed(
        Status.DUPLICATE, "same content as an earlier file (see duplicate_of); its entities are in that document's rows"
    )


def read_documents(root: Path, relative: str, max_file_bytes: int) -> Iterator[Document]:
    """One file's Documents (a WARC archive's: one per record, then one for the archive if it
    breaks off); never raises, whatever the file is or does while being read."""
    empty = Document(doc_id=doc_id_for(relative), path=display_path(relative), sha256=None, n_bytes=None, text=None)
    try:
        path = root / relative
        problem = _path_problem(root, path)
        if problem:
            yield empty.failed(*problem)
        elif looks_like_warc(path):
            yield from _archive_documents(path, empty, max_file_bytes)
        else:
            yield _file_document(path, empty, max_file_bytes)
    except OSError as error:  # e.g. removed or made unreadable between listing and reading
        yield empty.failed(Status.UNREADABLE, f"cannot read the file ({error.strerror or error}); check that it still exists and its permissions")
    except Exception as error:  # a bug must cost one row, not the batch
        yield empty.failed(Status.PROCESSING_FAILED, crash_reason("reading", error))


def _file_document(path: Path, empty: Document, max_file_bytes: int) -> Document:
    size = path.stat().st_size
    if size > max_file_bytes:
        return replace(empty, n_bytes=size).failed(Status.TOO_LARGE, f"file is {size:,} bytes, " + _over_cap(max_file_bytes))
    raw = path.read_bytes()
    try:
        content, name = decompressed(raw, path.name, max_file_bytes)  # a page.html.gz is its page
    except DecodeFailure as failure:
        return replace(empty, sha256=hashlib.sha256(raw).hexdigest(), n_bytes=size).failed(failure.status, failure.reason)
    doc = _content_document(empty, content, as_html=looks_like_html(content, name))
    return doc if content is raw else replace(doc, sha256=hashlib.sha256(raw).hexdigest(), n_bytes=size)


def _archive_documents(path: Path, archive: Document, max_file_bytes: int) -> Iterator[Document]:
    """One Document per WARC record, `path` and `doc_id` naming the archive and the record's offset."""
    n_records = 0
    try:
        for record in read_records(path, max_file_bytes):
            n_records += 1
            yield _record_document(archive.path, record, max_file_bytes)
    except DecodeFailure as failure:
        yield archive.failed(failure.status, failure.reason)
        return
    if n_records == 0:
        yield archive.failed(Status.EMPTY, "the WARC archive holds no records; nothing to extract")


def _record_document(archive_path: str, record: ArchiveRecord, max_file_bytes: int) -> Document:
    where = f"{archive_path}#{record.offset}"
    doc = Document(doc_id=doc_id_for(f"{where} {record.url}"), path=where, sha256=None, n_bytes=None, text=None, url=record.url)
    if record.not_a_page:
        return doc.failed(Status.NOT_A_PAGE, f"{record.not_a_page} ({record.url or 'no URL'})")
    if record.too_large:
        return doc.failed(Status.TOO_LARGE, "the record's payload is " + _over_cap(max_file_bytes))
    if record.compressed:
        return doc.failed(
            Status.BINARY,
            f"the page is stored compressed (Content-Encoding: {record.compressed}{' (Brotli)' if record.compressed == 'br' else ''}), "
            "which is not undone here (only gzip and deflate are); decompress the payloads into a new archive, or "
            f"crawl without '{record.compressed}' in Accept-Encoding ({record.url or 'no URL'})",
        )
    try:
        return _content_document(doc, record.payload, as_html=record.is_html, http_charset=record.charset)
    except Exception as error:  # a bug on one page must cost its row, not the rest of the archive
        return doc.failed(Status.PROCESSING_FAILED, crash_reason("reading", error))


def _content_document(doc: Document, raw: bytes, as_html: bool, http_charset: str | None = None) -> Document:
    """The Document for some bytes: fingerprinted, then decoded as text or read as an HTML page."""
    fingerprinted = replace(doc, sha256=hashlib.sha256(raw).hexdigest(), n_bytes=len(raw))
    try:
        if not as_html:
            decoded = decode_bytes(raw)
            return replace(fingerprinted, format=TEXT, text=decoded.text, encoding=decoded.encoding)
        page = read_page(raw, http_charset, doc.url)
    except DecodeFailure as failure:
        return replace(fingerprinted, format=HTML if as_html else None).failed(failure.status, failure.reason)
    return replace(
        fingerprinted, format=HTML, text=page.text, encoding=page.encoding, page_title=page.title,
        published=page.published, url=page.url, chrome_chars=page.dropped_chars,
    )


def _over_cap(max_file_bytes: int) -> str:
    return f"over the {max_file_bytes:,}-byte cap ([ingest] max_file_bytes); split it or raise the cap"


def _path_problem(root: Path, path: Path) -> tuple[str, str] | None:
    """Why this path is not a regular file inside the root, if it is not."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return Status.UNREADABLE, f"broken symbolic link to {os.readlink(path)}; fix or remove the link"
        if not target.is_relative_to(root):
            return Status.OUTSIDE_ROOT, "symbolic link to a file outside the input folder; not followed (copy the file in instead)"
    if not path.exists() and not path.is_symlink():
        return Status.UNREADABLE, "the file is gone: it was deleted or moved after the input folder was listed; run again"
    if path.is_dir() and not path.is_symlink():
        return Status.UNREADABLE, "cannot list this folder (permission denied?); its files were not read - check its permissions"
    if path.is_dir():
        return Status.NOT_A_FILE, "symbolic link to a directory; not followed (link or copy the files themselves)"
    if not path.is_file():
        return Status.NOT_A_FILE, "not a regular file (device, socket or pipe); only files are read"
    return None
