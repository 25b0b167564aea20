"""HTML export: one self-contained file (inline CSS, nothing fetched) for the screen and for print.

Document text (titles, quotes, authors, URLs) is escaped; notes are rendered from Markdown and then
sanitised with nh3, so no note or document can put script, event handlers, frames or remote loads into
the page. A Content-Security-Policy that forbids scripts and every external fetch backs that up. The
same HTML is laid out by Qt for the PDF export, so the markup stays within what QTextDocument renders
(the print-only and browser-only touches degrade to nothing there).
"""
from __future__ import annotations

import functools
import re
from html import escape

import markdown as md
import nh3

from ..model import Document, Highlight
from .scope import ExportData, Group, NoteView, citation_parts, groups

# Light tints for the page, stronger swatches for chips; the same values as the reader view's theme.
HIGHLIGHT_TINTS = {"yellow": "#fbe38e", "green": "#bde8c4", "blue": "#bcd9f5", "pink": "#f6c6dc",
                   "purple": "#d9cdf4"}
SWATCHES = {"yellow": "#e8b923", "green": "#3fa65a", "blue": "#3b82c4", "pink": "#d9558f", "purple": "#8061c9"}

_TAG = re.compile(r"<[^>]*>")
_HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_SAFE_URL = re.compile(r"https?://[^\s<>\"']+")

CSS = """
body { font-family: "Source Serif 4", Georgia, "DejaVu Serif", serif; font-size: 11pt; line-height: 1.5;
       color: #1f2328; background: #ffffff; margin: 0; }
main { display: block; max-width: 46em; margin: 2em auto; padding: 0 1.2em; }
h1 { font-size: 20pt; margin: 0 0 0.2em 0; }
h2 { font-size: 15pt; margin: 1.8em 0 0.2em 0; border-bottom: 1px solid #d0d7de; padding-bottom: 0.15em; }
h3 { font-size: 12.5pt; margin: 1.5em 0 0.3em 0; }
h4 { font-size: 11pt; margin: 1.2em 0 0.3em 0; color: #57606a; }
p.summary { color: #57606a; margin-top: 0; }
p.citation { color: #3d444d; margin: 0.2em 0 1em 0; }
div.hl { margin: 0 0 1.2em 0; page-break-inside: avoid; break-inside: avoid; }
blockquote { margin: 0.4em 0 0.3em 1.2em; padding: 0; font-size: 11.5pt; }
p.meta { margin: 0.2em 0 0 1.2em; font-family: "Source Sans 3", "Segoe UI", "DejaVu Sans", sans-serif;
         font-size: 9pt; color: #57606a; }
span.chip { font-weight: bold; }
span.loc { color: #8c959f; }
span.orphan { color: #b42318; font-weight: bold; }
div.note { margin: 0.4em 0 0 1.2em; padding: 0.1em 0.8em; background-color: #f6f8fa;
           font-family: "Source Sans 3", "Segoe UI", "DejaVu Sans", sans-serif; font-size: 10pt; }
div.note p { margin: 0.4em 0; }
div.note pre { font-size: 9pt; }
div.xnote { margin: 0 0 2em 0; }
h3.passage, h4.passage { margin: 1em 0 0 0; font-family: "Source Sans 3", "Segoe UI", "DejaVu Sans", sans-serif;
            font-size: 9.5pt; font-weight: bold; color: #3d444d; }
p.empty { color: #57606a; font-style: italic; }
a[href] { color: #0b5cad; }
@page { margin: 18mm 20mm; }
@media print {
  main { max-width: none; margin: 0; padding: 0; }
  blockquote span, div.note { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a[href] { color: #1f2328; }
  h2 { page-break-after: avoid; break-after: avoid; }
}
"""

# What a note may contain after rendering: text structure, links, tables and Pygments' inline colours.
_NOTE_TAGS = {"p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "code", "pre", "blockquote", "ul", "ol",
              "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "div", "table", "thead", "tbody", "tr", "th",
              "td", "sup", "sub"}
_NOTE_ATTRIBUTES = {"a": {"href", "title"}, "span": {"style"}, "div": {"style", "class"}, "pre": {"style"},
                    "td": {"align"}, "th": {"align"}, "ol": {"start"}}
# A declaration Pygments writes ("color: #008000; font-weight: bold"); anything else (url(), expression,
# @import, escapes) is dropped with the whole attribute.
_SAFE_DECLARATION = re.compile(
    r"\s*(color|background|background-color|font-weight|font-style|text-decoration|line-height|border)"
    r"\s*:\s*[#\w\s.%-]+\s*")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        declarations = [d for d in value.split(";") if d.strip()]
        return value if all(_SAFE_DECLARATION.fullmatch(d) for d in declarations) else None
    if attribute == "class":
        return value if value == "codehilite" else None
    return value


@functools.cache
def _converter() -> md.Markdown:
    # Building a Markdown instance costs more than converting a short note; one is reset and reused.
    return md.Markdown(
        extensions=["fenced_code", "codehilite", "tables", "sane_lists"],
        extension_configs={"codehilite": {"noclasses": True, "guess_lang": False, "pygments_style": "friendly"}},
        output_format="html")


# Anything that could be Markdown (or HTML) syntax; a note without any is a plain paragraph.
_MARKUP = re.compile(r"[\\`*_\[\]<>#|~!&\n]|^\s*(?:[-+=]|\d+[.)])\s|https?:|\s{2}$")


@functools.lru_cache(maxsize=4096)  # a highlight under several tags renders its note several times
def note_html(text: str) -> str:
    """A Markdown note as safe HTML: fenced code coloured by Pygments (inline styles), then sanitised."""
    text = text.strip()
    if not _MARKUP.search(text):
        return f"<p>{escape(text, quote=False)}</p>"
    rendered = _converter().reset().convert(text)
    return nh3.clean(rendered, tags=_NOTE_TAGS, attributes=_NOTE_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow", attribute_filter=_filter_attribute,
                     strip_comments=True)


def text_html(text: str) -> str:
    """Document text, escaped, with its paragraph breaks kept."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def url_html(url: str) -> str:
    if _SAFE_URL.fullmatch(url):
        return f'<a href="{escape(url)}">{escape(url)}</a>'
    return escape(url)


def citation_html(doc: Document) -> str:
    authors, title, where = citation_parts(doc)
    parts = [escape(authors.rstrip(".")) + "." if authors else "", f"<cite>{escape(title.rstrip('.'))}</cite>.",
             escape(where.rstrip(".")) + "." if where else "", url_html(doc.url) if doc.url else ""]
    return " ".join(p for p in parts if p)


def _tag_html(data: ExportData, name: str) -> str:
    color = data.tag_color(name)
    style = f' style="color: {color}"' if _HEX.fullmatch(color) else ""
    return f"<span class=\"tag\"{style}>#{escape(name)}</span>"


def highlight_html(data: ExportData, h: Highlight, *, with_source: bool, with_title: bool = True) -> str:
    """A highlight; ``with_title=False`` where a heading right above already names the document."""
    doc = data.document(h.document_id)
    name = data.color_name(h.color)
    tint = HIGHLIGHT_TINTS.get(h.color, "#eeeeee")
    meta = [(f'<span class="chip" style="color: {SWATCHES.get(h.color, "#57606a")}">&#9632;</span> '
            f"<b>{escape(name)}</b>")]
    if h.tags:
        meta.append(" ".join(_tag_html(data, t) for t in h.tags))
    if with_source:
        authors, title, where = citation_parts(doc)
        shown = (authors, title if with_title else "", where)
        meta.append(", ".join(escape(p) for p in shown if p))
    meta.append(f'<span class="loc">{escape(doc.key)} {h.start}–{h.end}</span>')
    if h.is_orphaned:
        meta.append('<span class="orphan">orphaned: not found in the current text</span>')
    parts = [f'<div class="hl c-{escape(h.color)}">',
             f'<blockquote><span style="background-color: {tint}">{text_html(h.exact)}</span></blockquote>',
             f'<p class="meta">{" · ".join(meta)}</p>']
    note = note_html(h.note) if h.note.strip() else ""
    if _TAG.sub("", note).strip():  # a note the sanitiser emptied gets no empty box
        parts.append(f'<div class="note">{note}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def note_view_html(data: ExportData, view: NoteView, *, level: int) -> str:
    n = view.note
    count = len(view.passages)
    parts = [f'<div class="xnote"><h{level}>{escape(n.title)}</h{level}>',
             f'<p class="summary">Cross-document note · {count} linked passage{"s" if count != 1 else ""}</p>']
    if n.body.strip():
        parts.append(f'<div class="note">{note_html(n.body)}</div>')
    for i, p in enumerate(view.passages, 1):
        # A heading (one level below the note's), so the PDF keeps it on the page of its passage.
        parts.append(f'<h{level + 1} class="passage">{i}. {escape(p.relation.capitalize())} — '
                     f"{escape(p.document.title or p.document.key)}</h{level + 1}>")
        parts.append(highlight_html(data, p.highlight, with_source=True, with_title=False))
    parts.append("</div>")
    return "\n".join(parts)


def _group_html(data: ExportData, group: Group) -> str:
    if group.note is not None:
        return note_view_html(data, group.note, level=2)
    parts = [f"<section><h2>{escape(group.title)}</h2>"]
    if group.document is not None:
        parts.append(f'<p class="citation">{citation_html(group.document)}</p>')
    parts += [highlight_html(data, h, with_source=group.document is None) for h in group.highlights]
    parts.append("</section>")
    return "\n".join(parts)


def render_html(data: ExportData) -> str:
    body = [f"<h1>{escape(data.title)}</h1>", f'<p class="summary">{escape(data.summary())}</p>']
    sections = groups(data)
    if not sections and not data.notes:
        body.append('<p class="empty">Nothing to export: no highlights or notes in this selection.</p>')
    body += [_group_html(data, g) for g in sections]
    if data.notes and data.scope.group_by != "note":
        body.append("<section><h2>Cross-document notes</h2>")
        body += [note_view_html(data, v, level=3) for v in data.notes]
        body.append("</section>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Belt and braces: even if something slipped past the sanitiser, nothing runs or loads.
        ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">"),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="Reader">',
        f"<title>{escape(data.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        *body,
        "</main></body>",
        "</html>",
        "",
    ])
