"""The case editor (editor.py), its tabs (pages.py) and its small dialogs (dialogs.py)."""
