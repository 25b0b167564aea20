"""Render the application icon from its SVG into PNG sizes, a Windows .ico and a macOS .icns.

    .venv/bin/python scripts/make_icons.py

The SVG (resources/icons/reader-app.svg) is the only hand-made file; everything else in
resources/icons/ is generated here with Qt's own SVG renderer, so no image tool is needed. The outputs are
committed because PyInstaller needs the .ico/.icns at build time and the app loads the PNGs at run time.
Run it again after editing the SVG.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "reader-app.svg"
NAME = "reader-app"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's PNG-capable icns element types and the pixel size each holds (the @2x types double a size).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"icp6", 64), (b"ic12", 64), (b"ic07", 128),
    (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512), (b"ic10", 1024),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at size×size on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"make_icons: could not encode the {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .ico holding PNG images (read by Windows Vista and later); 256 is written as 0 in the directory."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .icns: a big-endian 'icns' header, then one (type, length, PNG) element per entry."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def outputs() -> dict[Path, bytes]:
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(SVG, size) for size in sizes}
    files = {ICONS / f"{NAME}-{size}.png": pngs[size] for size in PNG_SIZES}
    files[ICONS / f"{NAME}.ico"] = ico_bytes({size: pngs[size] for size in ICO_SIZES})
    files[ICONS / f"{NAME}.icns"] = icns_bytes(pngs)
    return files


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    # Font and image plumbing inside the SVG renderer expects an application object.
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    for path, data in outputs().items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ICONS.parents[1])} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
