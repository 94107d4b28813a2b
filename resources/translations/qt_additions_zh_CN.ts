<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- What Qt's zh_CN catalogue (qtbase_zh_CN.qm, shipped with PySide6) leaves in English in Qt's own file dialog:
     Qt 6 changed these source texts or moved them to new contexts (QFileIconProvider became
     QAbstractFileIconProvider), so the shipped catalogue misses them. ui/app.py installs the compiled file after
     Qt's catalogues, so that it is asked first. After editing, compile it:
         pyside6-lrelease resources/translations/qt_additions_zh_CN.ts -qm resources/translations/qt_additions_zh_CN.qm
     (tests/test_ui_language.py checks that the .qm is up to date and that the dialog has no English left). -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>查找范围(&amp;L)：</translation></message>
    <message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
    <message><source>Directory</source><translation>目录</translation></message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message><source>Drive</source><translation>驱动器</translation></message>
    <message><source>Folder</source><translation>文件夹</translation></message>
    <message><source>File Folder</source><translation>文件夹</translation></message>
    <message><source>Alias</source><translation>别名</translation></message>
    <message><source>Shortcut</source><translation>快捷方式</translation></message>
    <message><source>File</source><translation>文件</translation></message>
    <message><source>%1 File</source><translation>%1 文件</translation></message>
    <message><source>Unknown</source><translation>未知</translation></message>
</context>
<context>
    <name>QFileSystemModel</name>
    <!-- the catalogue's 体积 (volume) is not the word Windows uses for a file's size -->
    <message><source>Size</source><translation>大小</translation></message>
</context>
</TS>
