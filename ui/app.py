"""The application object: one place that builds it, with Qt's own Chinese translations installed, so that every
standard dialog and button (file dialogs, 是/否, 确定/取消) speaks the clerk's language."""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = ("qtbase_zh_CN", "qt_zh_CN")


def install_translations(app: QApplication) -> list[str]:
    """Install Qt's zh_CN catalogues shipped with PySide6; returns the names loaded (kept alive on ``app``)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    keep = getattr(app, "_xiangshan_translators", [])
    for name in TRANSLATIONS:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            keep.append(translator)
            loaded.append(name)
    app._xiangshan_translators = keep
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return loaded


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName("象山县行政应诉工作台")
    app.setOrganizationName("XiangshanDesk")
    install_translations(app)
    return app
