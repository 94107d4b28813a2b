"""Real file-system conditions for the data-safety tests: a small file system that fills up, and a read-only folder.

Both need to mount (root on Linux, e.g. the CI container); where that is impossible the test is skipped, never
faked. A folder made read-only with chmod does not stop root, so as root a read-only bind mount is used."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip() or result.returncode})")


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def _can_mount() -> None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root on Linux")


@contextlib.contextmanager
def small_filesystem(folder: Path, size_kb: int):
    """``folder`` becomes a tmpfs of ``size_kb`` KB for the block."""
    _can_mount()
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _umount(folder)


def fill(folder: Path, leave_bytes: int = 0) -> None:
    """Fill the file system of ``folder`` until at most ``leave_bytes`` are free."""
    index = 0
    while True:
        free = shutil.disk_usage(folder).free
        if free <= leave_bytes:
            return
        try:
            with open(folder / f"filler{index}", "wb") as handle:
                handle.write(b"\0" * max(free - leave_bytes, 1))
        except OSError:
            return
        index += 1


@contextlib.contextmanager
def read_only(path: Path):
    """``path`` (a file, or a folder and the files in it) cannot be written for the block, by this process and its
    children: a read-only bind mount as root, chmod otherwise."""
    if os.name != "posix":
        pytest.skip("read-only files are tested on Linux")
    if os.geteuid() == 0:
        _mount("--bind", str(path), str(path))
        try:
            _mount("-o", "remount,ro,bind", str(path))
            yield path
        finally:
            _umount(path)
        return
    paths = [path, *path.iterdir()] if path.is_dir() else [path]
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield path
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
