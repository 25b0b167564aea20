"""Markdown export: YAML front matter (read by Obsidian and other note tools), a citation per source,
each highlight as a block quote with its colour, tags and note, and the cross-document notes with their
linked passages. The output depends only on the data and the given date, so the same export twice is
byte-identical.
"""
from __future__ import annotations

import json
import re

from ..model import Document, Highlight
from .scope import ExportData, Group, NoteView, citation, citation_parts, groups

# Only what would change the rendering of a quoted sentence is escaped, so the raw file stays close to
# the exact quote: footnote marks like "[1]" or a lone "<" stay as they are.
_RULES = [
    (re.compile(r"\\(?=[!-/:-@\[-`{-~])"), r"\\\\"),  # a backslash that would escape the next char
    (re.compile(r"([`*])"), r"\\\1"),
    (re.compile(r"(?<!\w)_|_(?!\w)"), r"\\_"),  # intraword underscores never emphasise
    (re.compile(r"\[(?=\^|[^\]]*\][(\[:])"), r"\\["),  # link, reference or footnote syntax
    (re.compile(r"<(?=[A-Za-z/!?])"), r"\\<"),  # HTML tags and autolinks
    (re.compile(r"&(?=#?\w+;)"), r"\\&"),  # entities
    (re.compile(r"~~"), r"\\~\\~"),
]
_LINE_START = re.compile(r"^([ \t]*)([#>+\-=]|\d+[.)])(?=\s|$)", re.MULTILINE)
_ANY_SPECIAL = re.compile(r"[\\`*_\[<&~#>+\-=\d]")


def _escape_marker(m: re.Match) -> str:
    marker = m.group(2)
    # "1." becomes "1\." (a backslash before the digit would not stop the list)
    return m.group(1) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)


def escape(text: str) -> str:
    """Make document text render literally (line starts included)."""
    if not _ANY_SPECIAL.search(text):
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _LINE_START.sub(_escape_marker, text)


# Fenced blocks and inline code spans, where "<" is shown as written and never parsed as HTML.
_CODE = re.compile(r"(^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\2[^\n]*$|`+[^`\n]+`+)", re.MULTILINE | re.DOTALL)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def defuse_html(markdown_text: str) -> str:
    """A note's Markdown as written, except that raw HTML tags outside code become inert text
    (``&lt;script>`` renders as "<script>"): a Markdown viewer would otherwise run them."""
    out, at = [], 0
    for m in _CODE.finditer(markdown_text):
        out.append(_TAG_START.sub("&lt;", markdown_text[at:m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(_TAG_START.sub("&lt;", markdown_text[at:]))
    return "".join(out)


def tag_token(name: str) -> str:
    """A tag as Obsidian accepts it: no spaces or punctuation other than ``_ - /``."""
    token = re.sub(r"[^\w/-]+", "-", re.sub(r"['’]", "", name.strip())).strip("-")
    if not token or token.isdigit():
        token = f"tag-{token}" if token else "tag"
    return token


def _yaml(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, escapes included.
    return json.dumps(value, ensure_ascii=False)


def front_matter(data: ExportData) -> list[str]:
    lines = ["---", f"title: {_yaml(data.title)}"]
    if data.date:
        lines.append(f"date: {data.date}")
    tags = list(dict.fromkeys(tag_token(t) for t in data.tag_names))
    if tags:
        lines.append("tags:")
        lines += [f"  - {_yaml(t)}" for t in tags]
    if data.documents:
        lines.append("sources:")
        lines += [f"  - {_yaml(citation(d))}" for d in data.documents]
    lines += [f"highlights: {len(data.highlights)}", f"notes: {len(data.notes)}", "generator: Reader", "---"]
    return lines


def block_quote(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in escape(text).split("\n")]


def _source_line(data: ExportData, doc_id: int, *, with_title: bool) -> str:
    doc = data.document(doc_id)
    authors, title, where = citation_parts(doc)
    bits = [escape(authors)] if authors else []
    if with_title:
        bits.append(f"*{escape(title)}*")
    if where:
        bits.append(escape(where))
    return ", ".join(bits)


def _url(url: str) -> str:
    # Only a plain web address becomes an autolink; anything else is shown as (escaped) text.
    if re.fullmatch(r"https?://[^\s<>\"']+", url):
        return f"<{url}>"
    return escape(url)


def citation_line(doc: Document) -> str:
    """``Authors. *Title*. Publisher, date. <URL>``"""
    authors, title, where = citation_parts(doc)
    parts = [escape(authors.rstrip(".")) + "." if authors else "", f"*{escape(title.rstrip('.'))}*.",
             escape(where.rstrip(".")) + "." if where else "", _url(doc.url)]
    return " ".join(p for p in parts if p)


def highlight_lines(data: ExportData, h: Highlight, *, with_source: bool, with_title: bool = True) -> list[str]:
    """A highlight; ``with_title=False`` where a heading right above already names the document."""
    meta = [f"**{escape(data.color_name(h.color))}**"]
    if h.tags:
        meta.append(" ".join(f"#{tag_token(t)}" for t in h.tags))
    if with_source:
        meta.append(_source_line(data, h.document_id, with_title=with_title))
    meta.append(f"`{data.document(h.document_id).key}@{h.start}-{h.end}`")
    if h.is_orphaned:
        meta.append("orphaned: the passage was not found in the current text")
    lines = block_quote(h.exact) + ["", " · ".join(meta)]
    if h.note.strip():
        lines += ["", defuse_html(h.note.strip())]
    return lines + [""]


def _group_lines(data: ExportData, group: Group) -> list[str]:
    lines = [f"## {escape(group.title)}", ""]
    if group.document is not None:
        lines += [citation_line(group.document), ""]
    if group.note is not None:
        return note_lines(data, group.note, level=2)
    for h in group.highlights:
        lines += highlight_lines(data, h, with_source=group.document is None)
    return lines


def note_lines(data: ExportData, view: NoteView, *, level: int) -> list[str]:
    n = view.note
    mark = "#" * level
    count = len(view.passages)
    lines = [f"{mark} {escape(n.title)}", "",
             f"*Cross-document note · {count} linked passage{'s' if count != 1 else ''}*", ""]
    if n.body.strip():
        lines += [defuse_html(n.body.strip()), ""]
    for i, p in enumerate(view.passages, 1):
        lines += [f"{mark}# {i}. {escape(p.relation.capitalize())} — {escape(p.document.title or p.document.key)}",
                  ""]
        lines += highlight_lines(data, p.highlight, with_source=True, with_title=False)
    return lines


def render_markdown(data: ExportData) -> str:
    lines = front_matter(data) + ["", f"# {escape(data.title)}", ""]
    lines += [data.summary(), ""]
    sections = groups(data)
    if not sections and not data.notes:
        lines += ["*Nothing to export: no highlights or notes in this selection.*", ""]
    for group in sections:
        lines += _group_lines(data, group)
    if data.notes and data.scope.group_by != "note":
        lines += ["## Cross-document notes", ""]
        for view in data.notes:
            lines += note_lines(data, view, level=3)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
