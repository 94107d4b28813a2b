"""The one locator for bundled resources (templates, icons, styles, seed data)."""
from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder under the top-level ``resources`` package, e.g. ``resource("seed", "reference.json")``."""
    node = resources.files("resources")
    for part in parts:
        node = node.joinpath(part)
    return node
