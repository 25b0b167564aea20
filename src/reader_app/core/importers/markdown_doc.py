"""Markdown files: structure into blocks, inline markup out of the text and into Inline spans.

CommonMark (plus tables and ``[^label]`` footnotes) is parsed by markdown-it-py in linear time and its
tokens walked into the same block walker as HTML pages (``_markdown.py``); YAML-ish front matter gives the
metadata. A file nested too deeply for the parser is read as plain text: its formatting is lost, never its
text, and the import report says so.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from reader_app.core.errors import ImportFailed
from reader_app.core.importers._blocks import build_text
from reader_app.core.importers._markdown import TooDeep, markdown_pieces
from reader_app.core.importers.decoding import decode_text, read_source
from reader_app.core.importers.plaintext import text_pieces
from reader_app.core.model import Creator, DocumentMeta, ImportedDocument

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]+(.*))?$")

_TITLE_KEYS = ("title",)
_AUTHOR_KEYS = ("author", "authors", "creator", "creators")
_DATE_KEYS = ("date", "published", "pubdate", "publication_date")
_PUBLISHER_KEYS = ("publisher", "site", "site_name", "source_name")
_URL_KEYS = ("url", "canonical_url", "canonical", "source", "link")


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return re.sub(r"\s+#.*$", "", value).strip()  # an unquoted YAML value ends at a comment


def parse_front_matter(block: str) -> dict[str, list[str]]:
    """The simple YAML a front-matter block holds: ``key: value``, ``key: [a, b]`` and ``- item`` lists."""
    fields: dict[str, list[str]] = {}
    key = ""
    for line in block.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _FIELD.match(line)
        if m and not line[0].isspace():
            key = m.group(1).lower()
            value = (m.group(2) or "").strip()
            if value.startswith("[") and value.endswith("]"):
                fields[key] = [_scalar(v) for v in value[1:-1].split(",") if _scalar(v)]
            elif value and value not in ("|", ">", "|-", ">-"):
                fields[key] = [_scalar(value)]
            else:
                fields[key] = []
        elif key and stripped.startswith("- "):
            item = stripped[2:]
            nested = _FIELD.match(item)
            is_name = nested is not None and nested.group(1) == "name"  # - name: Jane Doe
            fields[key].append(_scalar((nested.group(2) or "") if is_name else item))
        elif key and line[0].isspace() and (m := _FIELD.match(stripped)) and m.group(1).lower() == "name":
            fields[key].append(_scalar(m.group(2) or ""))  # author:\n  name: Jane Doe
    return {k: [v for v in vs if v] for k, vs in fields.items()}


def _is_yaml_line(line: str) -> bool:
    return not line.strip() or line[0] in " \t#-" or _FIELD.match(line) is not None


def split_front_matter(text: str) -> tuple[dict[str, list[str]], str]:
    """Front-matter fields and the Markdown after them.

    A leading ``---`` is also a Markdown rule: only a block whose every line reads as YAML is taken for
    front matter, so prose between two rules is never swallowed.
    """
    m = _FRONT_MATTER.match(text)
    lines = (m.group(1) or "").split("\n") if m else []
    first = next((line for line in lines if line.strip()), "")
    # Front matter opens with a key; "- item" or prose right after a rule is Markdown.
    if not m or (first and not _FIELD.match(first)) or not all(_is_yaml_line(line) for line in lines):
        return {}, text
    return parse_front_matter(m.group(1) or ""), text[m.end():]


def _first(fields: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    for key in keys:
        if fields.get(key):
            return fields[key]
    return []


def from_markdown(text: str, path: str | os.PathLike, warnings: list[str] | None = None) -> ImportedDocument:
    """An ImportedDocument for already-decoded Markdown."""
    path = Path(path)
    warnings = list(warnings or [])
    fields, body = split_front_matter(text)
    try:
        pieces = markdown_pieces(body)
    except TooDeep as err:
        warnings.append(f"not read as Markdown ({err}); imported as plain text")
        pieces = text_pieces(body)
    canonical, blocks, inlines = build_text(pieces)
    if not blocks:
        raise ImportFailed(path, "no readable text")
    title = next(iter(_first(fields, _TITLE_KEYS)), "")
    if not title:
        h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
        title = canonical[h1.start:h1.end] if h1 else path.stem
    meta = DocumentMeta(
        title=title,
        creators=tuple(Creator(name) for name in _first(fields, _AUTHOR_KEYS)),
        published=next(iter(_first(fields, _DATE_KEYS)), ""),
        publisher=next(iter(_first(fields, _PUBLISHER_KEYS)), ""),
        url=next(iter(_first(fields, _URL_KEYS)), ""),
    )
    return ImportedDocument(
        text=canonical,
        blocks=blocks,
        meta=meta,
        format="md",
        inlines=inlines,
        source_path=str(path),
        warnings=warnings,
    )


def import_markdown(path: str | os.PathLike) -> ImportedDocument:
    """Import a ``.md``/``.markdown`` file; ImportFailed names the file and the reason when it cannot be."""
    text, warnings = decode_text(read_source(path), path)
    return from_markdown(text, path, warnings)
