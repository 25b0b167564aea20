"""Errors a user can read and act on. Each names the file or value and the reason."""
from __future__ import annotations


class ReaderError(Exception):
    """Base of every error the app reports to the user instead of treating as a bug."""


class ImportFailed(ReaderError):
    """A file could not be imported; nothing of it was stored."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StoreError(ReaderError):
    """The library file cannot be used as asked."""


class LibraryTooNew(StoreError):
    def __init__(self, path: str, found: int, supported: int):
        self.path, self.found, self.supported = str(path), found, supported
        super().__init__(
            f"{path}: this library was written by a newer version of Reader (schema {found}; this app "
            f"understands up to {supported}). It has been left untouched; update Reader to open it."
        )


class LibraryLocked(StoreError):
    def __init__(self, path: str):
        self.path = str(path)
        super().__init__(
            f"{path}: the library is busy (another program holds a write lock). Nothing was changed; "
            "try again in a moment."
        )


class NotALibrary(StoreError):
    def __init__(self, path: str, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: not a usable Reader library: {reason}")


class ReadOnlyLibrary(StoreError):
    def __init__(self, path: str):
        self.path = str(path)
        super().__init__(f"{path}: the library is read-only; changes cannot be saved.")


class NotFound(ReaderError):
    """A document, highlight, tag or note named by the user does not exist."""


class InvalidValue(ReaderError):
    """A value given by the user is not acceptable (unknown colour, empty tag name, bad range)."""
