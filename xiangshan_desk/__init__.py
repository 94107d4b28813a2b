"""象山县行政应诉工作台 — the Qt-free core: models, calendar, rules, statistics, documents, import, backup, CLI."""

__version__ = "0.1.0"
