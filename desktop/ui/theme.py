"""Look and feel: the system palette, the bundled stylesheet and SVG icons, loaded once."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from desktop import paths

_ICON_SIZES = (16, 20, 24, 32, 48)


def apply_theme(app: QApplication) -> None:
    """Keep the platform's palette (light or dark) and add the small bundled stylesheet."""
    app.setWindowIcon(app_icon())
    style = paths.resource("style.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


@cache
def app_icon() -> QIcon:
    return QIcon(str(paths.resource("icons/chancery.svg")))


def icon(name: str) -> QIcon:
    """A monochrome icon from ``resources/icons/NAME.svg``, drawn in the palette's text colour."""
    palette = QGuiApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    return _icon(name, normal, disabled)


@cache
def _svg(name: str) -> str:
    path = paths.resource(f"icons/{name}.svg")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@cache
def _icon(name: str, colour: str, disabled: str) -> QIcon:
    result = QIcon()
    source = _svg(name)
    if not source:
        return result
    ratio = 2.0  # crisp on high-density screens, downscaled cleanly elsewhere
    for mode, tint in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Disabled, disabled)):
        renderer = QSvgRenderer(QByteArray(source.replace("currentColor", tint).encode()))
        for size in _ICON_SIZES:
            pixmap = QPixmap(QSize(size, size) * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            result.addPixmap(pixmap, mode)
    return result
