"""The bundled articles: read ``seeds/manifest.json`` and turn each raw web text into a document.

The app's canonical text rule: blocks are joined by exactly one ``"\\n"``, each stripped of leading and
trailing whitespace, blank lines collapsed. The copied web texts carry one paragraph per line (however
indented), so here every non-blank source line is one block. Nothing else is dropped, so every word of
the source survives in order. Web furniture is *marked* (block kind "clutter"), never removed, so
hiding it in the view cannot shift highlight offsets.

Which line is clutter, a byline or a heading is decided by the manifest's per-publisher rule table
(data), not by code here; this module only applies the rules and the few structure rules that hold for
every seed (the title line, the printed date, ``[n]`` footnotes and their markers).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from reader_app.core.errors import ImportFailed
from reader_app.core.model import Block, Creator, DocumentMeta, ImportedDocument, Inline

MANIFEST_NAME = "manifest.json"
SEED_KINDS = ("interview", "analysis", "commentary")
CREATOR_ROLES = ("author", "interviewer", "interviewee", "editor")
# Rules may only assign kinds a plain-text line can carry; titles and footnotes are found structurally.
RULE_KINDS = ("clutter", "byline", "heading", "paragraph", "quote")

_FOOTNOTE_MARK = re.compile(r"\[(\d+)\]")  # both a note's leading label and an in-text marker
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAIN_TITLE_LEVEL = 1
_SUBTITLE_LEVEL = 2


@dataclass(frozen=True)
class LineRule:
    """Give every paragraph that wholly matches ``pattern`` the block ``kind`` (and heading level)."""

    kind: str
    pattern: re.Pattern[str]
    level: int = 0
    why: str = ""


@dataclass(frozen=True)
class RegionRule:
    """Mark a run of paragraphs: from one matching ``start`` up to, not including, one matching ``until``.

    For stretches whose lines have nothing in common, such as reader comments.
    ``until`` of None runs to the end of the text.
    """

    kind: str
    start: re.Pattern[str]
    until: re.Pattern[str] | None
    why: str = ""


@dataclass(frozen=True)
class SeedEntry:
    """One manifest entry: where the text is, what it says about itself, and how to structure it."""

    key: str
    file: str
    title: str
    creators: tuple[Creator, ...]
    publisher: str
    published: str
    kind: str
    language: str
    source_note: str
    subtitle: str = ""
    url: str = ""
    rules: tuple[LineRule, ...] = ()  # the seed's own rules first, then the common ones
    regions: tuple[RegionRule, ...] = ()

    @property
    def meta(self) -> DocumentMeta:
        return DocumentMeta(
            title=self.title,
            creators=self.creators,
            publisher=self.publisher,
            published=self.published,
            url=self.url,
            kind=self.kind,
            key=self.key,
        )


# ---------------------------------------------------------------------------------------------- manifest


def load_manifest(seeds_dir: Path) -> list[SeedEntry]:
    """Read and check the manifest; a broken one fails loudly, naming the file and what is wrong.

    The bundled seeds are part of the app, so a missing file, a duplicate key or a bad pattern is a
    packaging bug that should surface at once rather than as a half-imported library.
    """
    seeds_dir = Path(seeds_dir)
    path = seeds_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the seed manifest ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(str(path), f"the seed manifest is not valid UTF-8 JSON ({exc})") from exc

    where = _Where(str(path))
    if not isinstance(data, dict) or not isinstance(data.get("seeds"), list):
        where.fail("expected an object with a 'seeds' list")
    common = tuple(_line_rule(r, where.at("common_rules")) for r in _list(data, "common_rules", where))
    entries: list[SeedEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["seeds"]):
        entry = _entry(raw, common, where.at(f"seeds[{i}]"))
        if entry.key in seen:
            where.fail(f"duplicate seed key {entry.key!r}")
        seen.add(entry.key)
        if not (seeds_dir / entry.file).is_file():
            where.fail(f"seed {entry.key!r} names a missing file {entry.file!r}")
        entries.append(entry)
    return entries


class _Where:
    """Builds error messages that point into the manifest (``seeds[2].creators``)."""

    def __init__(self, path: str, trail: str = ""):
        self.path, self.trail = path, trail

    def at(self, part: str) -> _Where:
        return _Where(self.path, f"{self.trail}.{part}" if self.trail else part)

    def fail(self, reason: str) -> NoReturn:
        raise ImportFailed(self.path, f"{self.trail}: {reason}" if self.trail else reason)


def _str(obj: dict, name: str, where: _Where, *, required: bool = True) -> str:
    value = obj.get(name, None if required else "")
    if not isinstance(value, str):
        where.fail(f"'{name}' must be a string")
    return value


def _list(obj: dict, name: str, where: _Where) -> list:
    value = obj.get(name, [])
    if not isinstance(value, list):
        where.fail(f"'{name}' must be a list")
    return value


def _pattern(text: str, where: _Where) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        where.fail(f"bad pattern {text!r}: {exc}")


def _kind(obj: dict, where: _Where) -> str:
    kind = _str(obj, "kind", where)
    if kind not in RULE_KINDS:
        where.fail(f"rule kind {kind!r} is not one of {', '.join(RULE_KINDS)}")
    return kind


def _line_rule(raw: object, where: _Where) -> LineRule:
    if not isinstance(raw, dict):
        where.fail("a rule must be an object")
    level = raw.get("level", 0)
    if not isinstance(level, int) or not 0 <= level <= 6:
        where.fail("'level' must be an integer 0-6")
    kind = _kind(raw, where)
    pattern = _pattern(_str(raw, "match", where), where)
    return LineRule(kind, pattern, level, _str(raw, "why", where, required=False))


def _region_rule(raw: object, where: _Where) -> RegionRule:
    if not isinstance(raw, dict):
        where.fail("a region must be an object")
    until = _str(raw, "until", where, required=False)
    return RegionRule(
        kind=_kind(raw, where),
        start=_pattern(_str(raw, "from", where), where),
        until=_pattern(until, where) if until else None,
        why=_str(raw, "why", where, required=False),
    )


def _entry(raw: object, common: tuple[LineRule, ...], where: _Where) -> SeedEntry:
    if not isinstance(raw, dict):
        where.fail("a seed must be an object")
    key = _str(raw, "key", where)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
        where.fail(f"key {key!r} must be a lowercase slug")
    file = _str(raw, "file", where)
    if Path(file).name != file:
        where.fail(f"file {file!r} must be a plain file name inside the seeds folder")
    kind = _str(raw, "kind", where)
    if kind not in SEED_KINDS:
        where.fail(f"kind {kind!r} is not one of {', '.join(SEED_KINDS)}")
    creators = []
    for j, c in enumerate(_list(raw, "creators", where)):
        at = where.at(f"creators[{j}]")
        if not isinstance(c, dict):
            at.fail("a creator must be an object with 'name' and 'role'")
        role = _str(c, "role", at)
        if role not in CREATOR_ROLES:
            at.fail(f"role {role!r} is not one of {', '.join(CREATOR_ROLES)}")
        creators.append(Creator(_str(c, "name", at), role))
    title = _str(raw, "title", where)
    if not title.strip():
        where.fail("'title' must not be empty")
    own = tuple(_line_rule(r, where.at(f"rules[{j}]")) for j, r in enumerate(_list(raw, "rules", where)))
    regions = tuple(
        _region_rule(r, where.at(f"regions[{j}]")) for j, r in enumerate(_list(raw, "regions", where))
    )
    return SeedEntry(
        key=key,
        file=file,
        title=title,
        creators=tuple(creators),
        publisher=_str(raw, "publisher", where),
        published=_str(raw, "published", where),
        kind=kind,
        language=_str(raw, "language", where),
        source_note=_str(raw, "source_note", where),
        subtitle=_str(raw, "subtitle", where, required=False),
        url=_str(raw, "url", where, required=False),
        rules=own + common,
        regions=regions,
    )


# ------------------------------------------------------------------------------------------------ import


def import_seed(entry: SeedEntry, seeds_dir: Path) -> ImportedDocument:
    """Build the canonical text, blocks and footnote markers of one bundled article."""
    path = Path(seeds_dir) / entry.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the seed text ({exc.strerror or exc})") from exc
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(str(path), f"the seed text is not valid UTF-8 ({exc})") from exc
    source = source.removeprefix("\ufeff")

    paragraphs = [s for s in (line.strip() for line in _LINE_BREAK.split(source)) if s]
    roles, warnings = _classify(paragraphs, entry)

    blocks: list[Block] = []
    pos = 0
    for para, (kind, level, label) in zip(paragraphs, roles):
        blocks.append(Block(pos, pos + len(para), kind, level, label))
        pos += len(para) + 1
    text = "\n".join(paragraphs)
    inlines = _footnote_refs(text, blocks)
    warnings += _footnote_warnings(blocks, inlines)
    return ImportedDocument(
        text=text,
        blocks=blocks,
        meta=entry.meta,
        format="seed",
        inlines=inlines,
        source_path=str(path),
        warnings=warnings,
    )


def _classify(paragraphs: list[str], entry: SeedEntry) -> tuple[list[tuple[str, int, str]], list[str]]:
    """Decide each paragraph's (kind, level, footnote label).

    Order matters: an open region wins (a reader comment may look like anything); then the title, whose
    later repeats are page furniture; then the date the manifest says is printed; then the rule table;
    then ``[n] …`` footnotes; the rest is body text.
    """
    roles: list[tuple[str, int, str]] = []
    open_region: RegionRule | None = None
    title_seen = False
    for para in paragraphs:
        if open_region is not None and open_region.until is not None and open_region.until.fullmatch(para):
            open_region = None
        if open_region is None:
            open_region = next((r for r in entry.regions if r.start.fullmatch(para)), None)
        if open_region is not None:
            roles.append((open_region.kind, 0, ""))
            continue
        if para == entry.title:
            roles.append(("clutter", 0, "") if title_seen else ("title", _MAIN_TITLE_LEVEL, ""))
            title_seen = True
            continue
        if entry.subtitle and para == entry.subtitle:
            roles.append(("title", _SUBTITLE_LEVEL, ""))
            continue
        if entry.published and para == entry.published:
            roles.append(("byline", 0, ""))
            continue
        rule = next((r for r in entry.rules if r.pattern.fullmatch(para)), None)
        if rule is not None:
            roles.append((rule.kind, rule.level if rule.kind == "heading" else 0, ""))
            continue
        note = _FOOTNOTE_MARK.match(para)
        if note is not None:
            roles.append(("footnote", 0, note.group(1)))
            continue
        roles.append(("paragraph", 0, ""))
    warnings = [] if title_seen else [f"the title {entry.title!r} does not appear as a line of the text"]
    return roles, warnings


def _footnote_refs(text: str, blocks: list[Block]) -> list[Inline]:
    """Every ``[n]`` outside clutter is a marker; a footnote's own leading label is not."""
    inlines: list[Inline] = []
    for block in blocks:
        if block.kind == "clutter":
            continue
        start = block.start
        if block.kind == "footnote":
            start += len(f"[{block.label}]")
        for m in _FOOTNOTE_MARK.finditer(text, start, block.end):
            inlines.append(Inline(m.start(), m.end(), "footnote_ref", m.group(1)))
    return inlines


def _footnote_warnings(blocks: list[Block], inlines: list[Inline]) -> list[str]:
    """Say when markers and notes do not pair up, so a bad source is noticed instead of rendered wrong."""
    labels = [b.label for b in blocks if b.kind == "footnote"]
    refs = {i.target for i in inlines if i.kind == "footnote_ref"}
    warnings = [f"footnote marker [{t}] has no note" for t in sorted(refs - set(labels), key=int)]
    warnings += [f"note [{t}] has no marker in the text" for t in sorted(set(labels) - refs, key=int)]
    dupes = sorted({t for t in labels if labels.count(t) > 1}, key=int)
    warnings += [f"note [{t}] appears more than once" for t in dupes]
    return warnings
