"""Theme: light, dark or the system's choice; highlight colours stay legible on both."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from reader_app.core.model import HIGHLIGHT_COLORS
from reader_app.ui import theme
from reader_app.ui.theme import ThemeManager, colors, highlight_background, nearest_highlight_color


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def manager(qapp):
    m = ThemeManager(qapp, "light")
    yield m
    m.set_mode("light")


@pytest.mark.parametrize("dark", [False, True])
def test_highlighted_text_meets_wcag_aa(dark):
    """Body text on every highlight colour keeps at least 4.5:1 contrast (WCAG AA) in both themes."""
    ink = QColor(colors(dark).text)
    for name in HIGHLIGHT_COLORS:
        assert contrast(ink, highlight_background(name, dark)) >= 4.5, (name, dark)
    assert contrast(ink, QColor(colors(dark).base)) >= 7


def test_user_choice_sets_the_application_palette(qapp, manager):
    """Choosing Dark darkens the app palette and says so once; Light brings it back."""
    seen = []
    manager.dark_changed.connect(seen.append)
    manager.set_mode("dark")
    assert qapp.palette().color(QPalette.ColorRole.Base) == QColor(colors(True).base)
    manager.set_mode("dark")
    manager.set_mode("light")
    assert seen == [True, False]
    assert "QToolBar#mainToolbar" in qapp.styleSheet() and "$" not in qapp.styleSheet()
    with pytest.raises(ValueError, match="unknown theme 'sepia'"):
        manager.set_mode("sepia")


def test_system_mode_follows_the_platform_scheme(qapp, manager, monkeypatch):
    """In System mode a change of the platform's colour scheme flips the theme; a fixed choice ignores it."""
    manager.set_mode("system")
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert manager.dark
    manager.set_mode("light")
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not manager.dark


def test_nearest_highlight_colour_by_hue():
    """Tag colours map onto the highlight colour closest in hue."""
    assert nearest_highlight_color("#16a34a") == "green"
    assert nearest_highlight_color("#db2777") == "pink"
    assert nearest_highlight_color("#7c3aed") == "purple"
    assert nearest_highlight_color("not a colour") == "yellow"
