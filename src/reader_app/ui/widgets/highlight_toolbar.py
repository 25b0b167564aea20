"""The small floating toolbar beside a text selection or a selected highlight: colour swatches, tag, note,
and remove. It never takes focus, so the keyboard stays with the text."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QGraphicsDropShadowEffect, QHBoxLayout, QToolButton, QWidget

from ...core.model import DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS
from ..theme import colors, swatch_color

_SWATCH = 18


def swatch_icon(color: str, checked: bool = False, dark: bool = False) -> QIcon:
    """A filled circle in the colour's swatch tone; a ring around it marks the current colour."""
    pix = QPixmap(_SWATCH * 2, _SWATCH * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(swatch_color(color))
    p.drawEllipse(QRect(3, 3, _SWATCH - 6, _SWATCH - 6))
    if checked:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(colors(dark).text), 1.6))
        p.drawEllipse(QRect(1, 1, _SWATCH - 2, _SWATCH - 2))
    p.end()
    return QIcon(pix)


class HighlightToolbar(QFrame):
    color_chosen = Signal(str)
    tag_requested = Signal()
    note_requested = Signal()
    delete_requested = Signal()
    link_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("highlightToolbar")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._dark = False
        self._current = ""
        self._compact = False
        self._fitted: tuple | None = None  # what the labels were last fitted for (restyling is not free)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(5, 3, 5, 3)
        layout.setSpacing(1)
        self.swatches: dict[str, QToolButton] = {}
        for i, color in enumerate(HIGHLIGHT_COLORS, start=1):
            button = self._button("", f"{DEFAULT_COLOR_LABELS[color]} ({i})")
            button.setObjectName(f"swatch_{color}")
            button.clicked.connect(lambda _=False, c=color: self.color_chosen.emit(c))
            self.swatches[color] = button
            layout.addWidget(button)
        layout.addSpacing(6)
        self.tag_button = self._button("Tag", "Tags (T)")
        self.tag_button.clicked.connect(self.tag_requested)
        self.note_button = self._button("Note", "Note (N)")
        self.note_button.clicked.connect(self.note_requested)
        self.link_button = self._button("Link…", "Link to a cross-document note (Ctrl+Shift+L)")
        self.link_button.clicked.connect(self.link_requested)
        self.link_button.hide()  # shown once something can take the link (see enable_link)
        self.delete_button = self._button("Remove", "Remove the highlight (Del)")
        self.delete_button.clicked.connect(self.delete_requested)
        # Words where there is room, one-glyph buttons in a narrow pane.
        self._labels = {self.tag_button: ("Tag", "#"), self.note_button: ("Note", "✎"),
                        self.link_button: ("Link…", "⇄"), self.delete_button: ("Remove", "✕")}
        for b in (self.tag_button, self.note_button, self.link_button, self.delete_button):
            layout.addWidget(b)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(14)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 60))
        self.setGraphicsEffect(shadow)
        self.apply_theme(False)
        self.hide()

    def _button(self, text: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setIconSize(QSize(_SWATCH, _SWATCH))
        return b

    def apply_theme(self, dark: bool) -> None:
        self._dark = dark
        self._style()
        self._paint_swatches()

    def _style(self) -> None:
        c = colors(self._dark)
        padding = "1px 2px" if self._compact else "2px 5px"
        # Raised above the page: on a dark page the drop shadow does not show, so a lighter tone does it.
        background, hover = (c.hover, c.border) if self._dark else (c.base, c.hover)
        self.setStyleSheet(
            f"QFrame#highlightToolbar {{ background: {background}; border: 1px solid {c.border};"
            f" border-radius: 8px; }}"
            f"QToolButton {{ color: {c.text}; padding: {padding}; border-radius: 5px; border: none; }}"
            f"QToolButton:hover {{ background: {hover}; }}")

    def _fit(self, width: int) -> None:
        """Words on roomy buttons where there is space, then words on tight buttons, then glyphs."""
        key = (width, self.delete_button.isVisibleTo(self), self.link_button.isVisibleTo(self))
        if key == self._fitted:
            return
        self._fitted = key
        for tight, glyphs in ((False, False), (True, False), (True, True)):
            for button, (word, glyph) in self._labels.items():
                button.setText(glyph if glyphs else word)
            if tight != self._compact:
                self._compact = tight
                self._style()
            self.adjustSize()
            if self.width() <= width:
                return

    def enable_link(self, on: bool = True) -> None:
        """Offer "Link…" (a pane on its own has no notes to link into; the compare tools turn it on)."""
        self.link_button.setVisible(on)
        self.adjustSize()

    def set_labels(self, labels: dict[str, str]) -> None:
        """The user's names for the colours (yellow = "claim"), shown as tooltips."""
        for i, (color, button) in enumerate(self.swatches.items(), start=1):
            button.setToolTip(f"{labels.get(color, DEFAULT_COLOR_LABELS[color])} ({i})")

    def set_mode(self, current_color: str | None) -> None:
        """``None``: a text selection (swatches create a highlight). A colour: a highlight is selected
        (swatches recolour it, its colour ringed, Remove shown)."""
        self._current = current_color or ""
        self.delete_button.setVisible(current_color is not None)
        self._paint_swatches()
        self.adjustSize()

    def _paint_swatches(self) -> None:
        for color, button in self.swatches.items():
            button.setIcon(swatch_icon(color, color == self._current, self._dark))

    def place(self, first: QRect | None, last: QRect | None, bounds: QRect) -> None:
        """Show just above ``first`` (the selection's first line), or just below ``last`` (its last line)
        when there is no room above or the first line is scrolled away, never over the selection itself
        unless it fills the view; always wholly inside ``bounds``. All in the parent's coordinates."""
        self._fit(bounds.width() - 8)
        size = self.size()
        anchor = first if first is not None else last
        x = anchor.left() + anchor.width() // 2 - size.width() // 2
        room = max(0, min(4, (bounds.width() - size.width()) // 2))  # air at the edges while it fits
        x = max(bounds.left() + room, min(x, bounds.left() + bounds.width() - size.width() - room))
        above = first.top() - size.height() - 6 if first is not None else None
        below = last.bottom() + 6 if last is not None else None
        if above is not None and above >= bounds.top():
            y = above
        elif below is not None and below + size.height() <= bounds.bottom():
            y = below
        else:
            y = bounds.top() + 4  # the selection fills the view: over its top, the least read part
        self.move(x, y)
        self.show()
        self.raise_()
