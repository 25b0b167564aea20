"""Bytes to text for every importer: which encodings are accepted and what counts as binary.

Order of trust: a byte-order mark, then UTF-8, then an encoding the file itself declares (HTML), then
Windows-1252 as the one declared fallback. Anything decoded other than by BOM or UTF-8 is reported back
as a warning so the import report can say so; nothing is guessed silently.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from reader_app.core.errors import ImportFailed

CP1252_WARNING = "decoded as Windows-1252 because it is not valid UTF-8"

# Share of control characters above which "text" is really binary. Real text has almost none; a few
# stray ones (an ESC, a DOS end-of-file mark) should not cost the user an import.
CONTROL_RATIO = 0.02

_BOMS = (
    # UTF-32 first: its little-endian BOM begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# C0 controls other than tab/newline/CR/VT/FF, and DEL. 0x1A is the DOS end-of-file mark.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# The same in decoded text, plus C1 controls and the two non-characters lxml refuses.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Every line or paragraph separator becomes "\n" so offsets agree with what any later split sees.
# (A regex, not str.translate: translate walks a 100 KB text character by character in Python-level
# mapping lookups, ~4 ms a document, while the regex finds nothing to do in a fraction of that.)
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
# A declared Latin-1 is in practice Windows-1252 (the WHATWG encoding standard maps them the same way).
_DECLARED_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}


def human_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".removesuffix(".0") + " MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f}".removesuffix(".0") + " kB"
    return f"{n} bytes"


def _too_big(path: Path, size: int, limit: int) -> ImportFailed:
    got, allowed = human_size(size), human_size(limit)
    if got == allowed:  # rounding hid the difference; exact counts make the message make sense
        got, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    return ImportFailed(path, f"file is {got}; the limit is {allowed}")


def read_source(path: str | os.PathLike, max_bytes: int | None = None) -> bytes:
    """The file's bytes, or ImportFailed saying why they cannot be imported."""
    if max_bytes is None:
        # The package owns the limit so callers and tests change it in one place.
        from reader_app.core import importers

        max_bytes = importers.MAX_BYTES
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ImportFailed(p, "no such file") from None
    except OSError as e:
        raise ImportFailed(p, f"cannot read the file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFailed(p, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        # Opening a FIFO or a device could block forever or never end.
        raise ImportFailed(p, "not a regular file")
    if st.st_size > max_bytes:
        raise _too_big(p, st.st_size, max_bytes)
    try:
        with open(p, "rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as e:
        raise ImportFailed(p, f"cannot read the file ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise _too_big(p, len(data), max_bytes)
    if not data:
        raise ImportFailed(p, "the file is empty")
    return data


def _binary_controls(count: int) -> str:
    return f"contains {count:,} control characters, so it is a binary file, not text"


def _looks_like_bomless_utf16(data: bytes) -> bool:
    half = len(data) // 2
    if half == 0:
        return False
    even, odd = data[0::2].count(0), data[1::2].count(0)
    return min(even, odd) == 0 and max(even, odd) > half * 0.3


def _binary_reason(data: bytes) -> str | None:
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            return "looks like UTF-16 text without a byte-order mark; save it as UTF-8 and import it again"
        return "contains NUL bytes, so it is a binary file, not text"
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > len(data) * CONTROL_RATIO:
        return _binary_controls(controls)
    return None


def _normalise_declared(name: str | None) -> str | None:
    if not name:
        return None
    try:
        canonical = codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None
    if canonical.startswith(("utf-16", "utf-32", "utf-8")):
        return None  # already tried (or impossible without NULs / a BOM)
    return _DECLARED_ALIASES.get(canonical, canonical)


def _decode(data: bytes, path: Path, declared: str | None) -> tuple[str, list[str]]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise ImportFailed(
                    path,
                    f"starts with a {label} byte-order mark but is not valid {label} "
                    f"({e.reason} at byte {e.start})",
                ) from None
            if "\x00" in text:
                raise ImportFailed(path, "contains NUL characters, so it is a binary file, not text")
            controls = len(_CONTROL_CHARS.findall(text))
            if controls > len(text) * CONTROL_RATIO:
                raise ImportFailed(path, _binary_controls(controls))
            return text, []
    reason = _binary_reason(data.rstrip(b"\x1a"))
    if reason:
        raise ImportFailed(path, reason)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as e:
        utf8_error = e
    codec = _normalise_declared(declared)
    if codec and codec != "cp1252":
        try:
            text = data.decode(codec)
            note = f"decoded as {declared.strip()} (declared in the file) because it is not valid UTF-8"
            return text, [note]
        except UnicodeDecodeError:
            pass  # the declaration lies; fall through to the documented fallback
    try:
        return data.decode("cp1252"), [CP1252_WARNING]
    except UnicodeDecodeError as e:
        raise ImportFailed(
            path,
            f"cannot be decoded: not valid UTF-8 (byte 0x{data[utf8_error.start]:02X} at position "
            f"{utf8_error.start}) and not Windows-1252 either "
            f"(byte 0x{data[e.start]:02X} at position {e.start})",
        ) from None


def decode_text(data: bytes, path: str | os.PathLike, declared: str | None = None) -> tuple[str, list[str]]:
    """Text with "\\n" line ends and no BOM, plus warnings for the import report.

    ``declared`` is an encoding the file names for itself (an HTML ``<meta charset>``); it is used only
    when the bytes are not UTF-8.
    """
    path = Path(path)
    text, warnings = _decode(data, path, declared)
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    text = text.removeprefix("\ufeff").rstrip("\x1a")
    text, removed = _CONTROL_CHARS.subn("", text)
    if removed:
        plural = "s" if removed != 1 else ""
        warnings.append(f"removed {removed:,} control character{plural} that cannot be shown")
    return text, warnings
