"""Small per-library settings stored as JSON values (colour labels, relation names)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..model import DEFAULT_COLOR_LABELS, RELATIONS

if TYPE_CHECKING:
    from .library import Library


class SettingsRepo:
    def __init__(self, lib: Library):
        self._lib = lib

    def get(self, key: str, default: Any = None) -> Any:
        row = self._lib.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        with self._lib.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
            )

    def color_labels(self) -> dict[str, str]:
        """Colour name → the user's meaning for it (yellow = "claim")."""
        labels = dict(DEFAULT_COLOR_LABELS)
        labels.update(self.get("color_labels", {}))
        return labels

    def set_color_label(self, color: str, label: str) -> None:
        from ..errors import InvalidValue

        if color not in DEFAULT_COLOR_LABELS:
            raise InvalidValue(f"unknown colour {color!r} (choose from {', '.join(DEFAULT_COLOR_LABELS)})")
        current = self.get("color_labels", {})
        current[color] = label.strip() or DEFAULT_COLOR_LABELS[color]
        self.set("color_labels", current)

    def relations(self) -> list[str]:
        return list(self.get("relations", list(RELATIONS)))

    def set_relations(self, names: list[str]) -> None:
        cleaned = [n.strip() for n in names if n.strip()]
        self.set("relations", cleaned or list(RELATIONS))
