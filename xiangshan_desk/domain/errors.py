"""The user-facing error: a plain Chinese message, shown as is; anything else is a bug."""
import os


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


def _database_failure(exc: BaseException) -> str | None:
    """The Chinese message of a database failure of a known kind (locked, read-only, disk full, damaged file,
    connection lost), or None."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "数据库正被其他同事或程序写入，等待超时。本次操作未保存，请稍后再试。"
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "数据库文件或所在文件夹是只读的，无法保存。请检查文件权限或换一个位置。"
    if "disk is full" in text or "no space" in text or "database or disk is full" in text:
        return "磁盘空间已满，本次操作未保存。请清理磁盘后再试。"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "数据库文件已损坏。请用“文件 → 备份与恢复”恢复最近的完好备份。"
    if any(words in text for words in _CONNECTION_LOST) or "connection" in text and "lost" in text:
        return f"无法连接数据库服务器，本次操作未保存（{mask_secrets(str(exc)).strip()}）。"
    return None


# How libpq and psycopg2 say that the server cannot be reached or the connection went away (a restart, a network
# cut, an administrator ending sessions): not reachable at all, closed under a running statement, or found closed
# when the next statement starts (psycopg2's InterfaceError).
_CONNECTION_LOST = ("could not connect", "connection refused", "server closed", "connection already closed",
                    "terminating connection", "no connection to the server", "could not receive data from server",
                    "could not send data to server", "ssl connection has been closed")


def database_error_message(exc: BaseException) -> str:
    """A database failure the clerk can act on, in Chinese, sorted by kind (nothing was saved by the operation)."""
    return _database_failure(exc) or f"数据库操作失败，本次操作未保存（{mask_secrets(str(exc)).strip()}）。"


_DATABASE_MODULES = ("peewee", "sqlite3", "psycopg2", "playhouse")


def known_failure(exc: BaseException) -> str | None:
    """At an operation's boundary: the Chinese message of a failure of the surroundings (the database locked, read
    only, full, damaged or unreachable; the disk full), which loses nothing and is not a bug — or None for a bug."""
    import errno
    if type(exc).__module__.split(".")[0] in _DATABASE_MODULES:
        return _database_failure(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "磁盘空间已满，本次操作未完成，已有的文件和数据没有改动。请清理磁盘后再试。"
    return None


class SchemaTooNewError(AppError):
    """The database was written by a newer program."""


class ConflictError(AppError):
    """Another clerk saved the same record since it was read (optimistic locking)."""


def describe_os_error(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """An operating-system failure in the clerk's words."""
    import errno
    where = f"：{path}" if path else (f"：{exc.filename}" if exc.filename else "")
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间已满，文件未能写完（原有文件保持不变）{where}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有写入权限，或文件正被其他程序（如 Excel、Word）打开{where}"
    if exc.errno == errno.EROFS:
        return f"该位置是只读的{where}"
    if exc.errno == errno.ENOENT:
        return f"文件或文件夹不存在{where}"
    return f"文件操作失败（{exc.strerror or exc}）{where}"
