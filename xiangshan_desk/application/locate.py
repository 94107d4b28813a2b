"""The one locator for bundled resources (Word templates, icons, Qt translations, seed data)."""
from __future__ import annotations

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
