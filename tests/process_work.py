"""Module-level work for tests/test_processes.py: application.processes runs a function in a spawned child, which
imports it by name (a function defined inside a test could not be sent)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from xiangshan_desk.application.outputs import save_atomically, writable
from xiangshan_desk.domain.errors import AppError


def process_id() -> int:
    return os.getpid()


def write_after_steps(path: str, steps: int, progress) -> Path:
    """Report ``steps`` steps (10 ms each), then write the file the way every export does."""
    for step in range(steps):
        progress(step, steps)
        time.sleep(0.01)
    progress(steps, steps)
    return save_atomically(path, lambda temporary: temporary.write_text("完成", encoding="utf-8"), "测试文件")


def refuse(message: str) -> None:
    raise AppError(message, "字段")


def fail() -> None:
    {}["没有这一项"]


def replaced(text: str) -> str:
    return writable(text)


def summed(items: list[int], factor: int) -> tuple[int, int, int]:
    return len(items), sum(items) * factor, os.getpid()
