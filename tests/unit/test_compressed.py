"""Compressed input files are read as their content (`pipeline.ingest.compressed`)."""

from __future__ import annotations

import bz2
import gzip
import lzma

import pytest

from pipeline.ingest.compressed import decompressed
from pipeline.ingest.encoding import DecodeFailure
from pipeline.status import Status

PAGE = b"<!DOCTYPE html><html><head><title>Harbour news</title></head><body><p>The pier opens.</p></body></html>"


@pytest.mark.parametrize(("compress", "name"), [(gzip.compress, "page.html.gz"), (bz2.compress, "page.html.bz2"), (lzma.compress, "page.html.xz")])
def test_gzip_bzip2_and_xz_files_give_their_content_and_inner_name(compress, name):
    assert decompressed(compress(PAGE), name, 10_000) == (PAGE, "page.html")


def test_a_compressed_file_is_known_by_its_bytes_whatever_its_name():
    assert decompressed(gzip.compress(PAGE), "saved_page", 10_000) == (PAGE, "saved_page")
    assert decompressed(PAGE, "page.html.gz", 10_000) == (PAGE, "page.html.gz")  # not compressed after all


def test_a_content_over_the_cap_or_a_damaged_file_is_refused_with_a_reason():
    bomb = gzip.compress(b" " * 50_000)
    with pytest.raises(DecodeFailure) as too_large:
        decompressed(bomb, "bomb.html.gz", 10_000)
    assert too_large.value.status == Status.TOO_LARGE and "max_file_bytes" in too_large.value.reason
    with pytest.raises(DecodeFailure) as damaged:
        decompressed(gzip.compress(PAGE)[:40], "cut.html.gz", 10_000)
    assert damaged.value.status == Status.UNDECODABLE and "truncated" in damaged.value.reason
