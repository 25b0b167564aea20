"""Markdown files: structure into blocks, inline markup out of the text and into Inline spans.

Python-Markdown (already a dependency) parses; its output is walked like any HTML page, so both
importers share one notion of blocks. Its raw-HTML handling is switched off: ``<script>`` in a Markdown
file is text the user sees, never markup. Known Python-Markdown behaviour kept as is: nested lists need
four spaces of indentation (two-space sub-items become siblings, nothing is lost).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import markdown

from reader_app.core.errors import ImportFailed
from reader_app.core.importers._blocks import build_text
from reader_app.core.importers._tree import pieces_from_tree
from reader_app.core.importers.decoding import decode_text, read_source
from reader_app.core.importers.html_doc import parse_html
from reader_app.core.importers.plaintext import text_pieces
from reader_app.core.model import Creator, DocumentMeta, ImportedDocument

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]+(.*))?$")
_FENCE_OPEN = re.compile(r"(~{3,}|`{3,})[^`\n]*$")  # Python-Markdown's fences start in column 0
_INDENT = re.compile(r"^[ \t>]+", re.M)
# Python-Markdown is not built for hostile input. It re-reads nested list content once per level (minutes
# for a few thousand levels), its link matching is quadratic in the "[" of one paragraph (4,000 take
# seconds), and it runs at about 3 µs a character. Past these limits a file is read as plain text: the
# formatting is lost, never the text, and the import report says so.
MAX_NESTING = 40
MAX_BRACKET_COST = 4_000_000  # sum over paragraphs of ("[" in it)²; real documents stay far below
# Each inline match rebuilds the rest of its paragraph's text: cost ~ markup characters × paragraph
# length, about 6 ns a unit. A 10 MB real document comes to ~2e8; "*a" * 100,000 to 2e10 (24 s).
MAX_INLINE_COST = 1_000_000_000
_INLINE_MARKS = "*_`[<&\\"
MAX_MARKDOWN_CHARS = 10_000_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# sane_lists: a numbered list after a bulleted one is a new list, and keeps its start number.
_EXTENSIONS = ["fenced_code", "tables", "footnotes", "sane_lists"]
_TAB_STANDIN = "\ue000"  # Python-Markdown expands tabs everywhere; code keeps them through this

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


def nesting_depth(text: str) -> int:
    """How deep lists and quotes could nest: four columns of indent or one ``>`` per level."""
    deepest = 0
    for m in _INDENT.finditer(text):
        prefix = m.group()
        depth = len(prefix.replace(">", "").expandtabs(4)) // 4 + prefix.count(">")
        deepest = max(deepest, depth)
    return deepest


def _too_costly(text: str) -> str:
    """Why Python-Markdown should not be given ``text``, or "" when it is fine."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"longer than {MAX_MARKDOWN_CHARS:,} characters"
    if nesting_depth(text) > MAX_NESTING:
        return f"lists or quotes nested more than {MAX_NESTING} levels deep"
    chunks = _BLANK_LINE.split(text)
    if "[" in text and sum(chunk.count("[") ** 2 for chunk in chunks) > MAX_BRACKET_COST:
        return "too many unmatched brackets"
    if sum(len(c) * sum(c.count(m) for m in _INLINE_MARKS) for c in chunks) > MAX_INLINE_COST:
        return "too much inline markup in single paragraphs"
    return ""


def _protect_code_tabs(text: str) -> str:
    """Swap tabs inside fenced code for a stand-in so Python-Markdown cannot expand them."""
    if "\t" not in text or _TAB_STANDIN in text:
        return text
    lines = text.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        if fence:
            if line.rstrip(" ") == fence:
                fence = ""
            else:
                lines[i] = line.replace("\t", _TAB_STANDIN)
        elif m := _FENCE_OPEN.match(line):
            fence = m.group(1)
    return "\n".join(lines)


def render(text: str) -> str:
    """Markdown → HTML with raw HTML escaped, fenced code, tables and footnotes."""
    md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(_protect_code_tabs(text))
    return html.replace(_TAB_STANDIN, "\t")


def from_markdown(text: str, path: str | os.PathLike, warnings: list[str] | None = None) -> ImportedDocument:
    """An ImportedDocument for already-decoded Markdown."""
    path = Path(path)
    warnings = list(warnings or [])
    fields, body = split_front_matter(text)
    problem = _too_costly(body)
    if not problem:
        try:
            pieces = pieces_from_tree(parse_html(render(body), path, fragment=True), footnotes=True)
        except RecursionError:
            problem = "nested too deeply"
        except ImportFailed as err:
            problem = err.reason
    if problem:
        warnings.append(f"not read as Markdown ({problem}); imported as plain text")
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
