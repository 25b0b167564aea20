"""File importers: a path in, an ImportedDocument (canonical text, blocks, metadata) out.

Every failure the user can act on is an ImportFailed naming the file and the reason; anything else
escaping from here is a bug. Pure Python: nothing in this package imports Qt.
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from reader_app.core.errors import ImportFailed
from reader_app.core.model import ImportedDocument

# Read by decoding.read_source at call time, so changing it here (tests, a setting) takes effect.
MAX_BYTES = 50_000_000

from reader_app.core.importers.decoding import decode_text  # noqa: E402
from reader_app.core.importers.html_doc import import_html  # noqa: E402
from reader_app.core.importers.markdown_doc import import_markdown  # noqa: E402
from reader_app.core.importers.plaintext import import_text  # noqa: E402

IMPORTERS: dict[str, Callable[[Path], ImportedDocument]] = {
    ".txt": import_text,
    ".text": import_text,
    ".md": import_markdown,
    ".markdown": import_markdown,
    ".html": import_html,
    ".htm": import_html,
}
SUPPORTED_SUFFIXES = tuple(IMPORTERS)

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "content_hash",
    "decode_text",
    "import_file",
    "import_html",
    "import_markdown",
    "import_text",
    "is_supported",
    "iter_import_paths",
]


def is_supported(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in IMPORTERS


def import_file(path: str | os.PathLike) -> ImportedDocument:
    """Import one file by its suffix; raises ImportFailed (and only that) when it cannot be imported."""
    path = Path(path)
    suffix = path.suffix.lower()
    importer = IMPORTERS.get(suffix)
    if importer is None:
        if path.is_dir():
            raise ImportFailed(path, "is a folder, not a file")
        what = f"'{suffix}'" if suffix else "(the name has no extension)"
        raise ImportFailed(path, f"unsupported file type {what} (supported: .txt, .md, .html)")
    return importer(path)


def content_hash(text: str) -> str:
    """SHA-256 (hex) of canonical text: the same content imported twice is recognised by it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _is_hidden(entry: os.DirEntry) -> bool:
    if entry.name.startswith("."):
        return True
    try:
        attrs = entry.stat(follow_symlinks=False).st_file_attributes  # Windows only
    except (AttributeError, OSError):
        return False
    return bool(attrs & stat.FILE_ATTRIBUTE_HIDDEN)


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, hidden files and folders left out; symlinked folders not followed."""
    found: list[Path] = []
    pending = [folder]
    while pending:  # explicit stack: folder depth must not be bounded by Python's recursion limit
        current = pending.pop()
        try:
            with os.scandir(current) as it:
                entries = [e for e in it if not _is_hidden(e)]
        except OSError:
            found.append(current)  # import_file will say why it cannot be read
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            (pending if is_dir else found).append(Path(entry.path))
    return sorted(found, key=lambda p: ([part.casefold() for part in p.relative_to(folder).parts], p.parts))


def iter_import_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to import for what the user picked: folders expanded recursively.

    Unsupported and unreadable files stay in the list so the import report can name each one; a file
    reached twice is listed once.
    """
    result: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        for item in _walk(path) if path.is_dir() else [path]:
            key = Path(os.path.abspath(item))
            if key not in seen:
                seen.add(key)
                result.append(item)
    return result
