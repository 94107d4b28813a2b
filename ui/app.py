"""The application object: one place that builds it, with Qt's own Chinese translations installed, so that every
standard dialog and button (file dialogs, 是/否, 确定/取消) speaks the clerk's language."""
from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from xiangshan_desk.application.locate import resource_file

TRANSLATIONS = ("qtbase_zh_CN", "qt_zh_CN")
# Our additions for what Qt's catalogue leaves in English (the file dialog's 查找范围, 文件类型, 文件夹 …):
# resources/translations/ADDITIONS.ts, compiled to .qm. Installed last, so Qt asks it first.
ADDITIONS = "qt_additions_zh_CN"


def install_translations(app: QApplication) -> list[str]:
    """Install Qt's zh_CN catalogues shipped with PySide6, then our additions; returns the names loaded (the
    translators are kept alive on ``app``)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for translator in getattr(app, "_xiangshan_translators", []):
        app.removeTranslator(translator)          # installed again: the same catalogues, not a second copy
    loaded, keep = [], []
    for name, where in [(name, folder) for name in TRANSLATIONS] + [(ADDITIONS, None)]:
        translator = QTranslator(app)
        if where is None:
            found = translator.load(str(resource_file("translations", f"{ADDITIONS}.qm")))
        else:
            found = translator.load(name, where)
        if found:
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
    logging.getLogger(__name__).info("Qt translations loaded: %s", ", ".join(install_translations(app)))
    from ui.operations import collect_on_the_ui_thread
    collect_on_the_ui_thread(app)
    return app
