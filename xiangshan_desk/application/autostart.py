"""开机自动启动 on Windows: a small script in the user's Startup folder that starts the program in the tray."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from xiangshan_desk.domain.errors import AppError

SCRIPT_NAME = "象山行政应诉工作台.vbs"


def supported() -> bool:
    return sys.platform == "win32"


def unsupported_reason() -> str:
    return "" if supported() else "开机自动启动只在 Windows 上提供（通过“启动”文件夹）。"


def startup_folder() -> Path:
    """%APPDATA%\\Microsoft\\Windows\\Start Menu\\Programs\\Startup: what Windows starts at the user's logon."""
    appdata = os.environ.get("APPDATA")
    if not appdata:
        raise AppError("找不到用户的 APPDATA 文件夹，无法设置开机自动启动。")
    return Path(appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"


def program_command() -> list[str]:
    """How to start this program in the tray: the packaged exe, or pythonw (no console window) with main.py."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--tray"]
    python = Path(sys.executable)
    windowless = python.with_name("pythonw.exe")
    main = Path(__file__).resolve().parents[2] / "main.py"
    return [str(windowless if windowless.exists() else python), str(main), "--tray"]


def _vbs_quote(argument: str) -> str:
    return '""' + argument.replace('"', '""') + '""' if " " in argument or not argument else argument


def script_text(command: list[str]) -> str:
    # WScript.Shell.Run starts the program without the console window a .bat would flash at logon.
    line = " ".join(_vbs_quote(a) for a in command)
    return ('\' 象山县行政应诉工作台：开机自动启动（在程序的 设置 → 提醒 中关闭）\r\n'
            'Set shell = CreateObject("WScript.Shell")\r\n'
            f'shell.Run "{line}", 1, False\r\n')


def script_path(folder: Path | None = None) -> Path:
    return (folder or startup_folder()) / SCRIPT_NAME


def is_enabled(folder: Path | None = None) -> bool:
    try:
        return script_path(folder).exists()
    except AppError:
        return False


def enable(folder: Path | None = None, command: list[str] | None = None) -> Path:
    """Write the script (UTF-16 with a BOM: Windows Script Host reads Chinese paths from that, not from UTF-8)."""
    if folder is None and not supported():
        raise AppError(unsupported_reason())
    path = script_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script_text(command or program_command()), encoding="utf-16", newline="")
    except OSError as exc:
        raise AppError(f"无法写入启动文件夹 {path.parent}：{exc.strerror or exc}") from exc
    return path


def disable(folder: Path | None = None) -> bool:
    """Remove the script; True when there was one."""
    if folder is None and not supported():
        return False
    path = script_path(folder)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise AppError(f"无法删除 {path}：{exc.strerror or exc}") from exc
    return True


def apply(wanted: bool, folder: Path | None = None) -> bool:
    """Make the Startup folder agree with the setting; returns whether autostart is now on."""
    if wanted:
        enable(folder)
        return True
    disable(folder)
    return False
