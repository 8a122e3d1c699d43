"""Compressed input files (`page.html.gz`, `article.txt.xz`): read as their content.

Scraped pages are often stored compressed, one file per page. A file whose first bytes are a
gzip, bzip2 or xz header is decompressed (Python's own `gzip`, `bz2`, `lzma`), never more than
the size cap, and its content is then read like any file, its name without the compression
suffix telling whether it is a page. WARC archives (`.warc.gz`) are read as archives before this.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib

from pipeline.ingest.encoding import DecodeFailure
from pipeline.status import Status

_FORMATS = (
    (b"\x1f\x8b", "gzip", lambda stream: gzip.GzipFile(fileobj=stream), (".gz", ".gzip")),
    (b"BZh", "bzip2", bz2.BZ2File, (".bz2",)),
    (b"\xfd7zXZ\x00", "xz", lzma.LZMAFile, (".xz",)),
)
COMPRESSIONS = tuple(name for _, name, _, _ in _FORMATS)
"""What is read (the README's list)."""


def decompressed(raw: bytes, name: str, max_bytes: int) -> tuple[bytes, str]:
    """(content, name without the compression suffix) of a compressed file; the bytes and name as
    they are when the file is not compressed. DecodeFailure when the content is over `max_bytes`
    (`too_large`: a small file can unpack to gigabytes) or the file is damaged (`undecodable`)."""
    for magic, kind, opener, suffixes in _FORMATS:
        if not raw.startswith(magic):
            continue
        try:
            with opener(io.BytesIO(raw)) as stream:
                content = stream.read(max_bytes + 1)
        except (OSError, EOFError, lzma.LZMAError, zlib.error) as error:
            raise DecodeFailure(
                Status.UNDECODABLE, f"the file is {kind}-compressed but cannot be decompressed ({error}); it is probably truncated - fetch or copy it again"
            ) from error
        if len(content) > max_bytes:
            raise DecodeFailure(
                Status.TOO_LARGE, f"the {kind}-compressed file holds more than {max_bytes:,} bytes ([ingest] max_file_bytes); split it or raise the cap"
            )
        lowered = name.lower()
        inner = next((name[: -len(suffix)] for suffix in suffixes if lowered.endswith(suffix)), name)
        return content, inner
    return raw, name
