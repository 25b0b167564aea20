"""The library store: SQLite file, migrations and repositories (no Qt)."""
from .library import ENV_LIBRARY, Library, default_library_path

__all__ = ["ENV_LIBRARY", "Library", "default_library_path"]
