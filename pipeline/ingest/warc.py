"""WARC archives (the format of web crawls such as Common Crawl's news crawl), read as a stream
with warcio: one record at a time, so an archive of any size costs one record's memory.

Every record comes out as an `ArchiveRecord`: a page (an HTTP response or resource record whose
payload is HTML or text), or the reason it is not one, so `files.py` gives each a row.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.ingest.encoding import DecodeFailure
from pipeline.status import Status

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
_PAGE_RECORDS = ("response", "resource")
_MAGIC = b"WARC/"

UNDONE_CONTENT_ENCODINGS = frozenset({"", "identity", "gzip", "deflate"})
"""Content-Encodings whose payload warcio gives back decoded. Not Brotli (`br`): warcio's hook
needs brotlipy, a package unmaintained since 2017, and fails with the maintained `brotli`
(warcio issue #73); so a `br`, `zstd` or other page gets a row that names its encoding instead
of passing for binary junk."""


@dataclass(frozen=True)
class ArchiveRecord:
    offset: int  # byte offset of the record in the archive file (compressed, for .warc.gz)
    url: str | None  # WARC-Target-URI
    media_type: str | None  # the payload's content type, without parameters
    charset: str | None  # the charset the server declared for the payload
    payload: bytes | None  # the HTTP body, decoded from chunked/gzip transfer; None when not a page
    not_a_page: str | None = None  # why this record is no page
    too_large: bool = False  # the payload is over the size cap (not kept)
    compressed: str | None = None  # a Content-Encoding the payload is still in (not undone here)

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES


def looks_like_warc(path: Path) -> bool:
    """A WARC file by its name or by its first bytes (plain or gzip-compressed)."""
    if path.name.lower().endswith(WARC_SUFFIXES):
        return True
    with path.open("rb") as stream:  # a pathlib.Path or a remote UPath
        head = stream.read(5)
        if head.startswith(b"\x1f\x8b"):
            stream.seek(0)
            try:
                head = gzip.GzipFile(fileobj=stream).read(5)
            except (OSError, EOFError):
                return False
    return head == _MAGIC


def read_records(path: Path, max_payload_bytes: int) -> Iterator[ArchiveRecord]:
    """The archive's records in file order; a damaged archive raises DecodeFailure(broken_archive)
    after the records before the damage."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        n_read = 0
        try:
            for record in records:
                page = _classify(record, max_payload_bytes)  # before the offset: asking for it skips the payload
                yield replace(page, offset=records.get_record_offset())
                n_read += 1
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            raise DecodeFailure(
                Status.BROKEN_ARCHIVE,
                f"the WARC archive is damaged after {n_read} record(s) ({type(error).__name__}: "
                f"{' '.join(str(error).split())[:200]}); the records before it were read - "
                "re-download or repair the archive for the rest",
            ) from error


def _classify(record, max_payload_bytes: int) -> ArchiveRecord:
    offset = -1  # set by the caller
    url = record.rec_headers.get_header("WARC-Target-URI")
    kind = record.rec_type
    if kind not in _PAGE_RECORDS:
        return ArchiveRecord(offset, url, None, None, None, not_a_page=f"a WARC {kind} record, not a page")
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    if record.http_headers is not None:
        code = record.http_headers.get_statuscode() or ""
        if not code.startswith("2"):
            location = record.http_headers.get_header("Location")
            where = f" to {location}" if location else ""
            return ArchiveRecord(offset, url, None, None, None,
                                 not_a_page=f"HTTP {code} response{where}: no page content")
    media_type, charset = _content_type(headers.get_header("Content-Type"))
    if media_type not in HTML_TYPES | TEXT_TYPES:
        return ArchiveRecord(offset, url, media_type, charset, None,
                             not_a_page=f"payload of type {media_type or 'unknown'}; only HTML and text pages are read")
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding not in UNDONE_CONTENT_ENCODINGS:
        return ArchiveRecord(offset, url, media_type, charset, None, compressed=encoding)
    payload = record.content_stream().read(max_payload_bytes + 1)
    if len(payload) > max_payload_bytes:
        return ArchiveRecord(offset, url, media_type, charset, None, too_large=True)
    return ArchiveRecord(offset, url, media_type, charset, payload)


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """('text/html', 'windows-1251') from 'text/html; charset=windows-1251'."""
    if not value:
        return None, None
    media_type, *parameters = [part.strip() for part in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parameters if p.lower().startswith("charset=")), None)
    return media_type.lower() or None, charset
