"""The evidence matrix as CSV (a grid of counts, or one row per quote), Markdown and JSON.

Citations and cell escaping come from the exporters (``exporters/scope.py``, ``markdown.py``,
``csv_export.py``), so a matrix export cites and quotes exactly like every other export.
"""
from __future__ import annotations

import csv
import io

from ..exporters.csv_export import BOM, neutralise
from ..exporters.markdown import block_quote, citation_line, escape
from ..exporters.scope import citation
from .matrix import EvidenceMatrix

QUOTE_HEADER = ["tag", "document", "title", "citation", "highlight", "start", "end", "quote", "status"]


def _writer(out: io.StringIO):
    return csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def to_csv(matrix: EvidenceMatrix, *, bom: bool = False) -> str:
    """Counts: a header of document keys, then a row per tag with its total."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(["tag", *(neutralise(d.key) for d in matrix.documents), "total"])
    for t in matrix.tags:
        writer.writerow([neutralise(t.name), *(matrix.count(t.id, d.id) for d in matrix.documents),
                         matrix.row_total(t.id)])
    return (BOM if bom else "") + out.getvalue()


def to_quotes_csv(matrix: EvidenceMatrix, *, bom: bool = False) -> str:
    """Every cell's quotes: one row per (tag, highlight), with the document's citation."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(QUOTE_HEADER)
    for t in matrix.tags:
        for d in matrix.documents:
            for h in matrix.quotes(t.id, d.id):
                writer.writerow([neutralise(t.name), neutralise(d.key), neutralise(d.title),
                                 neutralise(citation(d)), h.id, h.start, h.end, neutralise(h.exact), h.status])
    return (BOM if bom else "") + out.getvalue()


def _cell(text: str) -> str:
    return escape(" ".join(text.split())).replace("|", "\\|")


def to_markdown(matrix: EvidenceMatrix, *, title: str = "Evidence matrix") -> str:
    """A table of counts (tags × documents), then each non-empty cell's quotes with their citation."""
    lines = [f"# {escape(title)}", ""]
    if not matrix.tags or not matrix.documents:
        lines.append("No tagged highlights yet: tag passages to see which sources speak to which theme.")
        return "\n".join(lines) + "\n"
    lines.append("| Tag | " + " | ".join(f"`{d.key}`" for d in matrix.documents) + " | Total |")
    lines.append("|---|" + "---:|" * len(matrix.documents) + "---:|")
    for t in matrix.tags:
        counts = [str(matrix.count(t.id, d.id) or "·") for d in matrix.documents]
        lines.append(f"| {_cell(t.name)} | " + " | ".join(counts) + f" | {matrix.row_total(t.id)} |")
    lines += ["", "Sources:", ""]
    lines += [f"- `{d.key}`: {citation_line(d)}" for d in matrix.documents]
    for t in matrix.tags:
        if not matrix.row_total(t.id):
            continue
        lines += ["", f"## {escape(t.name)}"]
        for d in matrix.documents:
            quotes = matrix.quotes(t.id, d.id)
            if not quotes:
                continue
            lines += ["", f"### {escape(d.title or d.key)} ({len(quotes)})", ""]
            for h in quotes:
                orphan = " — *orphaned: the passage was not found in the current text*" if h.is_orphaned else ""
                lines += block_quote(h.exact)
                lines += [">", f"> — {citation_line(d)} `{d.key}@{h.start}-{h.end}`{orphan}", ""]
            lines.pop()
    return "\n".join(lines) + "\n"


def to_json(matrix: EvidenceMatrix) -> dict:
    return {
        "documents": [{"id": d.id, "key": d.key, "title": d.title, "citation": citation(d)}
                      for d in matrix.documents],
        "tags": [{"id": t.id, "name": t.name, "color": t.color, "total": matrix.row_total(t.id)}
                 for t in matrix.tags],
        "cells": [
            {"tag": t.name, "document": d.key, "count": matrix.count(t.id, d.id),
             "quotes": [{"highlight": h.id, "start": h.start, "end": h.end, "quote": h.exact, "status": h.status}
                        for h in matrix.quotes(t.id, d.id)]}
            for t in matrix.tags for d in matrix.documents
        ],
    }
