"""The user-facing error: a plain Chinese message, shown as is; anything else is a bug."""


class AppError(Exception):
    """A refusal the clerk can act on. ``field`` names the input it concerns, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class SchemaTooNewError(AppError):
    """The database was written by a newer program."""


class ConflictError(AppError):
    """Another clerk saved the same record since it was read (optimistic locking)."""

    def __init__(self, message: str, changes: dict | None = None) -> None:
        super().__init__(message)
        self.changes = changes or {}
