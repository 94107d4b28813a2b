"""Bundled resources: templates, icons, styles and seed data (located with importlib.resources)."""
