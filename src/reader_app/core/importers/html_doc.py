"""HTML files: the article's main text and what the page says about itself.

Parsed with lxml's HTML parser with networking off; nothing is fetched and no script runs. The text
comes from the page's ``<article>``, ``<main>`` or ``role=main`` element when there is one, else from
the body, minus navigation, forms, embedded objects and hidden elements.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
from lxml import etree

from reader_app.core.errors import ImportFailed
from reader_app.core.importers._blocks import build_text
from reader_app.core.importers._tree import pieces_from_tree
from reader_app.core.importers.decoding import decode_text, read_source
from reader_app.core.model import Creator, DocumentMeta, ImportedDocument

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")  # lxml refuses str input that carries one
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_SPACES = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CLUTTER_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar".split()
)
_SECTIONING = frozenset({"article", "main", "section"})
# A chosen <article>/<main> this much shorter than the body is probably a teaser, not the text; taking
# the body then costs some clutter, where trusting the teaser would lose the article.
_MIN_MAIN_SHARE = 0.2

_TITLE_KEYS = ("og:title", "twitter:title", "citation_title", "dc.title")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "citation_author", "parsely-author", "byl")
_DATE_KEYS = (
    "date", "article:published_time", "dc.date", "dc.date.issued", "dcterms.date",
    "citation_publication_date", "citation_date", "datepublished", "pubdate", "publish-date",
    "publication_date", "parsely-pub-date",
)
_PUBLISHER_KEYS = ("og:site_name", "publisher", "dc.publisher", "citation_publisher")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")


def _collapse(s: str | None) -> str:
    return _SPACES.sub(" ", s or "").strip()


def declared_charset(data: bytes) -> str | None:
    """The encoding a page names in its first bytes (``<meta charset>`` or http-equiv), if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def parse_html(text: str, path: str | os.PathLike, *, fragment: bool = False):
    """An lxml tree, or ImportFailed when the parser gave up part-way (it would silently drop the rest)."""
    # A parser per call: each keeps its own error log, and imports may run on several threads.
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=True, recover=True
    )
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        if fragment:
            root = lxml.html.fragment_fromstring(text, create_parent="div", parser=parser)
        else:
            root = lxml.html.document_fromstring(text, parser=parser)
    except etree.ParserError:
        raise ImportFailed(path, "no readable text") from None
    except (etree.XMLSyntaxError, ValueError) as e:
        raise ImportFailed(path, f"the HTML cannot be read ({e})") from None
    for err in parser.error_log:
        if "excessive depth" in err.message.lower():
            raise ImportFailed(
                path,
                "elements are nested deeper than the HTML reader allows (over 2,048 levels); "
                "nothing was imported",
            )
        if err.level_name == "FATAL":
            raise ImportFailed(path, f"the HTML cannot be read in full ({_collapse(err.message)})")
    return root


def _meta_values(doc) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = _collapse(el.get("content"))
        if key and content:
            values.setdefault(key, []).append(content)
    return values


def _first(values: dict[str, list[str]], keys: tuple[str, ...]) -> str:
    for key in keys:
        if values.get(key):
            return values[key][0]
    return ""


def _without_site(title: str, site: str) -> str:
    """"Headline | Site" → "Headline" when the site is known; other titles stay as they are."""
    if not site:
        return title
    for sep in _TITLE_SEPARATORS:
        if title.endswith(sep + site) and len(title) > len(sep + site):
            return title[: -len(sep + site)].strip()
        if title.startswith(site + sep) and len(title) > len(site + sep):
            return title[len(site + sep):].strip()
    return title


def _creators(values: dict[str, list[str]], main) -> tuple[Creator, ...]:
    names: list[str] = []
    for key in _AUTHOR_KEYS:
        names = [v for v in values.get(key, []) if "://" not in v and not v.startswith("www.")]
        if names:
            break
    if not names:
        links = (a for a in main.iter("a") if "author" in (a.get("rel") or "").split())
        names = [_collapse(a.text_content()) for a in links]
    seen, creators = set(), []
    for name in names:
        name = re.sub(r"^by\s+", "", name, flags=re.I).strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            creators.append(Creator(name))
    return tuple(creators)


def _canonical_url(doc, values: dict[str, list[str]]) -> str:
    for el in doc.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split():
            href = (el.get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                return href
    og = _first(values, ("og:url",))
    return og if og.lower().startswith(("http://", "https://")) else ""


def _published(values: dict[str, list[str]], main) -> str:
    stated = _first(values, _DATE_KEYS)
    if stated:
        return stated
    for el in main.iter("time"):
        if el.get("datetime"):
            return el.get("datetime").strip()
    return ""


def _text_length(el) -> int:
    return int(el.xpath("string-length(normalize-space(.))"))  # in libxml2: no big Python strings


def main_element(doc):
    """The element holding the article.

    The longest ``<article>``, else ``<main>`` or ``role=main``, else the body.
    """
    body = doc.find("body")
    if body is None:
        body = doc
    candidates = doc.xpath("//article") or doc.xpath("//main") or doc.xpath("//*[@role='main']")
    if not candidates:
        return body
    best = max(candidates, key=_text_length)
    if _text_length(best) < _text_length(body) * _MIN_MAIN_SHARE:
        return body
    return best


def _is_clutter(el) -> bool:
    """Page furniture that is not the article, decided per element while walking."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "footer":
        return True
    if tag == "header" and not any(a.tag in _SECTIONING for a in el.iterancestors()):
        return True  # the site banner; an article's own header holds its title and byline
    if tag == "form" and not any(True for _ in el.iter("article", "main", "h1", "h2")):
        return True  # whole-page forms (ASP.NET wraps everything in one) are kept
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if _CLUTTER_ROLES.intersection((el.get("role") or "").lower().split()):
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def from_html(text: str, path: str | os.PathLike, warnings: list[str] | None = None) -> ImportedDocument:
    """An ImportedDocument for already-decoded HTML."""
    path = Path(path)
    doc = parse_html(text, path)
    values = _meta_values(doc)
    main = main_element(doc)
    url = _canonical_url(doc, values)
    pieces = pieces_from_tree(main, skip=_is_clutter, base_url=url)
    canonical, blocks, inlines = build_text(pieces)
    if not blocks:
        raise ImportFailed(path, "no readable text")
    publisher = _first(values, _PUBLISHER_KEYS)
    title_el = doc.find(".//title")
    page_title = _collapse(title_el.text_content()) if title_el is not None else ""
    title = _first(values, _TITLE_KEYS) or _without_site(page_title, publisher)
    if not title:
        h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
        title = canonical[h1.start:h1.end] if h1 else path.stem
    meta = DocumentMeta(
        title=title,
        creators=_creators(values, main),
        publisher=publisher,
        published=_published(values, main),
        url=url,
    )
    return ImportedDocument(
        text=canonical,
        blocks=blocks,
        meta=meta,
        format="html",
        inlines=inlines,
        source_path=str(path),
        warnings=list(warnings or []),
    )


def import_html(path: str | os.PathLike) -> ImportedDocument:
    """Import an ``.html``/``.htm`` file; ImportFailed names the file and the reason when it cannot be."""
    data = read_source(path)
    text, warnings = decode_text(data, path, declared_charset(data))
    return from_html(text, path, warnings)
