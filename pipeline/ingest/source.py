"""Where the input files are, and reading each of them once, as it is.

The input is a local folder or any location fsspec can list (`s3://bucket/news`, `gs://...`,
`file:///...`; remote ones need their filesystem package, e.g. `s3fs`, and its credentials as
fsspec finds them: environment variables or fsspec's configuration files). A local path (also as
`file://`) stays a `pathlib.Path`, so symbolic links and unreadable folders keep their own rows;
a remote location is a `upath.UPath`, which the reading code uses through the same calls.

Every listed file has a *signature*: what the listing says about it without reading it (size and
modification time to the nanosecond, mode and link target for a local file; size and ETag, or
modification time, for a remote object). A later run reuses a file's results only when its
signature is the one the file had when those results were made, as `make` and `rsync` decide
what changed, so an unchanged re-run reads no input at all. The signature a result is kept under
is taken by the worker as it reads (`read_file`), before and after: a file that changed after the
folder was listed is simply read as it is now, and a file that keeps changing while it is read
is marked, never kept under a signature its bytes do not match.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.files import display_path, doc_id_for, list_input_paths, read_documents
from pipeline.records import Document
from pipeline.status import Status

READ_TRIES = 3
CHANGING = (
    "the file kept changing while it was read ({tries} tries): it is probably still being written; "
    "run again once it is complete"
)


@dataclass(frozen=True, slots=True)
class ListedFile:
    relative: str  # POSIX path below the input folder
    size: int
    signature: str | None  # None: nothing that could tell a change (not a regular file): always read


def is_remote(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


def input_root(location: str):
    """The input folder as a path object: `pathlib.Path` for a local folder, else a `UPath`."""
    if not is_remote(location):
        return Path(location.removeprefix("file://")).resolve()
    from upath import UPath  # only for remote inputs; it brings fsspec's filesystem classes

    return UPath(location)


def list_input(location: str) -> list[ListedFile]:
    """Every input file, in path order, with its size and signature."""
    root = input_root(location)
    if isinstance(root, Path):
        return [_listed_local(root, relative) for relative in list_input_paths(root)]
    base = root.path.rstrip("/")
    found = root.fs.find(base, detail=True, withdirs=False)
    listed = [
        ListedFile(name[len(base) + 1 :], int(info.get("size") or 0), remote_signature(info))
        for name, info in found.items()
        if name.startswith(base + "/")
    ]
    return sorted(listed, key=lambda listed: listed.relative)


def _listed_local(root: Path, relative: str) -> ListedFile:
    signature = local_signature(root / relative)
    return ListedFile(relative, int(signature.split(":", 1)[0]) if signature else 0, signature)


def local_signature(path: Path) -> str | None:
    """size:mtime_ns:mode, and the link's target for a symbolic link; None unless a regular file."""
    try:
        status = os.stat(path)
        link = os.readlink(path) if os.path.islink(path) else None
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    signature = f"{status.st_size}:{status.st_mtime_ns}:{status.st_mode:o}"
    return signature if link is None else f"{signature}:{link}"


def remote_signature(info: dict) -> str | None:
    """size:version of an object, from what its store's listing gives (ETag, generation, mtime)."""
    for key in ("ETag", "etag", "generation", "md5Hash", "mtime", "LastModified", "last_modified", "updated", "created"):
        if info.get(key):
            return f"{info.get('size')}:{info[key]}"
    return None


def signature_of(root, relative: str) -> str | None:
    if isinstance(root, Path):
        return local_signature(root / relative)
    try:
        return remote_signature(root.fs.info((root / relative).path))
    except OSError:
        return None


@dataclass(frozen=True)
class FileRead:
    """One input file's documents, and the signature its bytes were read under (None: the bytes
    read cannot be vouched for, so nothing may be reused from them)."""

    documents: list[Document]
    signature: str | None


def read_file(root, relative: str, max_file_bytes: int) -> FileRead:
    """The file's documents (a WARC archive's: one per record), read with the signature taken
    before and after; a file that changes while it is read is read again, and marked after
    `READ_TRIES` reads that each saw it change."""
    for _ in range(READ_TRIES):
        before = signature_of(root, relative)
        documents = list(read_documents(root, relative, max_file_bytes))
        if signature_of(root, relative) == before:
            return FileRead(documents, before)
    changing = Document(doc_id=doc_id_for(relative), path=display_path(relative), sha256=None, n_bytes=None, text=None)
    return FileRead([changing.failed(Status.UNREADABLE, CHANGING.format(tries=READ_TRIES))], None)

