"""A health report of a library: SQLite's own checks plus the app's invariants."""
from __future__ import annotations

from dataclasses import dataclass, field

from .store import Library


@dataclass
class IntegrityReport:
    documents: int = 0
    highlights: int = 0
    orphaned: int = 0
    tags: int = 0
    notes: int = 0
    note_links: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [
            f"documents: {self.documents}",
            f"highlights: {self.highlights} ({self.orphaned} orphaned)",
            f"tags: {self.tags}",
            f"notes: {self.notes} ({self.note_links} linked passages)",
        ]
        out += [f"problem: {p}" for p in self.problems] or ["no problems found"]
        return out


def check(lib: Library) -> IntegrityReport:
    conn = lib.conn
    report = IntegrityReport()
    count = lambda sql: conn.execute(sql).fetchone()[0]
    report.documents = count("SELECT count(*) FROM documents")
    report.highlights = count("SELECT count(*) FROM highlights")
    report.orphaned = count("SELECT count(*) FROM highlights WHERE status = 'orphaned'")
    report.tags = count("SELECT count(*) FROM tags")
    report.notes = count("SELECT count(*) FROM notes")
    report.note_links = count("SELECT count(*) FROM note_links")
    result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        report.problems += [f"SQLite integrity: {r}" for r in result[:20]]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        report.problems.append(f"{table} row {rowid} points at a missing {parent} row")
    # The FTS5 self-check is phrased as an INSERT, which a read-only connection refuses.
    for table in () if lib.readonly else ("chunks_fts", "annotations_fts"):
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except Exception as exc:
            report.problems.append(f"search index {table}: {exc}")
    texts: dict[int, str] = {}
    for hid, doc_id, start, end, exact in conn.execute(
            'SELECT id, document_id, start, "end", exact FROM highlights WHERE status = \'anchored\''):
        text = texts.setdefault(doc_id, lib.documents.text(doc_id))
        if text[start:end] != exact:
            report.problems.append(f"highlight {hid} no longer matches its quote at {start}–{end}")
    return report
