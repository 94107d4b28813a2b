"""The user-facing error: a plain Chinese message, shown as is; anything else is a bug."""


class AppError(Exception):
    """A refusal the clerk can act on. ``field`` names the input it concerns, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


def mask_secrets(text: str) -> str:
    """A connection address without its password: postgresql://user:secret@host → postgresql://user:***@host."""
    import re
    return re.sub(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def database_error_message(exc: BaseException) -> str:
    """A database failure the clerk can act on, in Chinese, sorted by kind (nothing was saved by the operation)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "数据库正被其他同事或程序写入，等待超时。本次操作未保存，请稍后再试。"
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "数据库文件或所在文件夹是只读的，无法保存。请检查文件权限或换一个位置。"
    if "disk is full" in text or "no space" in text or "database or disk is full" in text:
        return "磁盘空间已满，本次操作未保存。请清理磁盘后再试。"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "数据库文件已损坏。请用“文件 → 备份与恢复”恢复最近的完好备份。"
    if "could not connect" in text or "connection refused" in text or "server closed" in text \
            or "connection" in text and "lost" in text:
        return f"无法连接数据库服务器，本次操作未保存（{mask_secrets(str(exc)).strip()}）。"
    return f"数据库操作失败，本次操作未保存（{mask_secrets(str(exc)).strip()}）。"


class SchemaTooNewError(AppError):
    """The database was written by a newer program."""


class ConflictError(AppError):
    """Another clerk saved the same record since it was read (optimistic locking)."""

    def __init__(self, message: str, changes: dict | None = None) -> None:
        super().__init__(message)
        self.changes = changes or {}
