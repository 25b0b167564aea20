"""Light and dark reading palettes, highlight colours that stay legible in both, and the app stylesheet.

The theme either follows the system's colour scheme (``QStyleHints.colorScheme``) or a user choice. One
``ThemeManager`` applies it to the whole application and says when darkness changes, so widgets that
paint their own colours (highlights, swatches) can repaint.
"""
from __future__ import annotations

from dataclasses import dataclass
from string import Template

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ..core.model import HIGHLIGHT_COLORS

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEME_MODES = (SYSTEM, LIGHT, DARK)


@dataclass(frozen=True)
class Colors:
    window: str  # chrome: toolbars, sidebars
    base: str  # the reading surface and list backgrounds
    text: str
    muted: str  # secondary text: authors, dates, counts
    border: str
    accent: str  # selection, focus, links
    accent_text: str  # text on the accent colour
    hover: str
    chip: str  # tag chip background


LIGHT_COLORS = Colors(window="#f3f1ec", base="#fbfaf7", text="#1f2328", muted="#676b72", border="#dcd8cf",
                      accent="#2f6690", accent_text="#ffffff", hover="#ebe7de", chip="#e8e4da")
DARK_COLORS = Colors(window="#1b1c1f", base="#222327", text="#e4e1da", muted="#9b9ea5", border="#35373c",
                     accent="#6fa3cf", accent_text="#0f1720", hover="#2c2e33", chip="#34363c")

# Backgrounds behind highlighted text. Light: pale tints under dark ink. Dark: deep, muted tones under
# light ink; saturated pastels would glare and wash the text out on a dark page.
_HIGHLIGHTS = {
    False: {"yellow": "#fbe38e", "green": "#bde8c4", "blue": "#bcd9f5", "pink": "#f6c6dc", "purple": "#d9cdf4"},
    True: {"yellow": "#6a5716", "green": "#2d5a37", "blue": "#284a6e", "pink": "#6e2f4c", "purple": "#4b3b77"},
}
# Fully saturated versions for small swatches, where a tint would be too faint to tell apart.
_SWATCHES = {"yellow": "#e8b923", "green": "#3fa65a", "blue": "#3b82c4", "pink": "#d9558f", "purple": "#8061c9"}


def colors(dark: bool) -> Colors:
    return DARK_COLORS if dark else LIGHT_COLORS


def highlight_background(color: str, dark: bool) -> QColor:
    """The background of text highlighted in ``color`` (a name from HIGHLIGHT_COLORS)."""
    return QColor(_HIGHLIGHTS[dark].get(color, _HIGHLIGHTS[dark]["yellow"]))


def swatch_color(color: str) -> QColor:
    return QColor(_SWATCHES.get(color, _SWATCHES["yellow"]))


def nearest_highlight_color(hex_color: str) -> str:
    """The highlight colour closest in hue to an arbitrary colour (a tag's), for "colour follows tag"."""
    wanted = QColor(hex_color)
    if not wanted.isValid() or wanted.hsvHue() < 0:
        return HIGHLIGHT_COLORS[0]

    def distance(name: str) -> int:
        diff = abs(swatch_color(name).hsvHue() - wanted.hsvHue())
        return min(diff, 360 - diff)

    return min(HIGHLIGHT_COLORS, key=distance)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def build_palette(dark: bool) -> QPalette:
    c = colors(dark)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base, QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.window,
        QPalette.ColorRole.ButtonText: c.text, QPalette.ColorRole.ToolTipBase: c.base,
        QPalette.ColorRole.ToolTipText: c.text, QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Highlight: c.accent, QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.Link: c.accent, QPalette.ColorRole.Mid: c.border, QPalette.ColorRole.Midlight: c.hover,
        QPalette.ColorRole.Light: c.base, QPalette.ColorRole.Dark: c.border, QPalette.ColorRole.BrightText: c.text,
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return pal


def stylesheet(dark: bool) -> str:
    from ..paths import resources_dir

    folder = resources_dir()
    template = (folder / "styles" / "app.qss").read_text(encoding="utf-8")
    values = dict(vars(colors(dark)))
    values["check_icon"] = (folder / "icons" / f"check-{'dark' if dark else 'light'}.svg").as_posix()
    return Template(template).substitute(values)  # a misspelt name fails loudly


class ThemeManager(QObject):
    """Applies the chosen theme to the application; ``dark_changed`` fires when darkness flips."""

    dark_changed = Signal(bool)
    # Before the new palette and stylesheet land: restyling re-wraps text without moving scroll bars, so
    # whoever keeps a reading position reads it here (see Desk.hold_positions).
    about_to_change = Signal(bool)

    def __init__(self, app: QApplication, mode: str = SYSTEM, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._mode = mode if mode in THEME_MODES else SYSTEM
        self._dark: bool | None = None
        app.setStyle("Fusion")  # the native styles ignore parts of a custom palette
        app.styleHints().colorSchemeChanged.connect(self._system_changed)
        self._apply()

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def dark(self) -> bool:
        return bool(self._dark)

    def set_mode(self, mode: str) -> None:
        if mode not in THEME_MODES:
            raise ValueError(f"unknown theme {mode!r} (choose from {', '.join(THEME_MODES)})")
        self._mode = mode
        self._apply()

    def _system_changed(self, _scheme) -> None:
        if self._mode == SYSTEM:
            self._apply()

    def _apply(self) -> None:
        dark = system_is_dark() if self._mode == SYSTEM else self._mode == DARK
        if dark == self._dark:
            return
        self._dark = dark
        self.about_to_change.emit(dark)
        self._app.setPalette(build_palette(dark))
        self._app.setStyleSheet(stylesheet(dark))
        self.dark_changed.emit(dark)
