"""Draws the application icon (resources/icons/app.png and app.ico). Run once; the files are committed."""
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath

app = QGuiApplication(sys.argv[:1])
icons = Path(__file__).resolve().parent.parent / "resources" / "icons"
icons.mkdir(parents=True, exist_ok=True)
for size in (256,):
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(8, 8, size - 16, size - 16), size * 0.18, size * 0.18)
    painter.fillPath(path, QColor("#1f4e8c"))
    painter.setPen(QColor("#ffffff"))
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(int(size * 0.56))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, -size * 0.04, size, size), Qt.AlignmentFlag.AlignCenter, "诉")
    painter.setPen(QColor("#f2c14e"))
    small = QFont(font)
    small.setPixelSize(int(size * 0.14))
    painter.setFont(small)
    painter.drawText(QRectF(0, size * 0.70, size, size * 0.22), Qt.AlignmentFlag.AlignCenter, "象山")
    painter.end()
    image.save(str(icons / "app.png"))
    image.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation) \
        .save(str(icons / "app.ico"))
print(icons)
