"""Input files listed with a signature and read once each, the signature taken around the read
(pipeline/ingest/source.py): results are kept under what was actually read."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.ingest import source
from pipeline.ingest.source import CHANGING, READ_TRIES, list_input, local_signature, read_file
from pipeline.status import Status

TEXT = "Officials in Astana said on Monday that the plan was approved.\n"


def test_listing_gives_every_file_its_size_and_signature_in_path_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT * 2, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "b")  # a link to a folder: listed, no signature
    listed = list_input(str(tmp_path))
    assert [f.relative for f in listed] == ["a.txt", "b/two.txt", "link"]
    assert [f.size for f in listed[:2]] == [2 * len(TEXT), len(TEXT)]
    assert listed[0].signature == local_signature(tmp_path / "a.txt") and listed[2].signature is None


def test_a_signature_changes_with_the_content_mode_or_link_target_not_with_a_copy_that_keeps_them(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    first = local_signature(path)
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1))
    assert local_signature(path) != first
    second = local_signature(path)
    path.chmod(0o600)
    assert local_signature(path) != second
    link = tmp_path / "link.txt"
    link.symlink_to(path)
    assert local_signature(link) != local_signature(path)  # the link's target is part of it


def test_a_file_that_changes_while_it_is_read_is_read_again(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    original = source.read_documents
    reads = []

    def read_while_a_scraper_appends(root, relative, max_file_bytes):
        reads.append(relative)
        documents = list(original(root, relative, max_file_bytes))
        if len(reads) == 1:
            with open(path, "a", encoding="utf-8") as file:
                file.write("The minister agreed.\n")
        return documents

    monkeypatch.setattr(source, "read_documents", read_while_a_scraper_appends)
    read = read_file(tmp_path, "a.txt", 10**6)
    assert len(reads) == 2
    assert read.documents[0].text == TEXT + "The minister agreed.\n"
    assert read.signature == local_signature(path)


def test_a_file_that_keeps_changing_is_marked_and_never_kept(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    original = source.read_documents

    def read_while_it_grows(root, relative, max_file_bytes):
        documents = list(original(root, relative, max_file_bytes))
        with open(path, "a", encoding="utf-8") as file:
            file.write("More.\n")
        return documents

    monkeypatch.setattr(source, "read_documents", read_while_it_grows)
    read = read_file(Path(tmp_path), "a.txt", 10**6)
    [doc] = read.documents
    assert doc.status == Status.UNREADABLE and doc.error == CHANGING.format(tries=READ_TRIES)
    assert read.signature is None  # no later run may reuse it
