"""The one locator for bundled resources (Word templates, icons, Qt translations, seed data)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder under the top-level ``resources`` package, e.g. ``resource("seed", "reference.json")``."""
    from importlib import resources       # when first needed: opening a seeded database needs no resource
    node = resources.files("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def resource_file(*parts: str) -> Path:
    """The same as a path on disk, for what start-up reads (Qt's translator wants a file name): the resources
    package is a folder wherever the program runs — the source tree, an installed wheel, the PyInstaller bundle
    (packaging/xiangshan_desk.spec puts it in ``_internal/resources``) — so start-up need not load
    ``importlib.resources`` (~4 ms) for it."""
    import resources
    return Path(resources.__file__).parent.joinpath(*parts)
