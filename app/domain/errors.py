"""The one exception type services raise, carrying messages per field."""
from __future__ import annotations


class ValidationFailed(Exception):
    """Input or action refused. `errors` maps a field name to a Chinese message next to it;
    `message` is the one-line summary shown when no field applies."""

    def __init__(self, errors: dict[str, str] | None = None, message: str = ""):
        self.errors = dict(errors or {})
        self.message = message or "；".join(self.errors.values()) or "操作未完成"
        super().__init__(self.message)

    @classmethod
    def single(cls, field: str, message: str) -> "ValidationFailed":
        return cls({field: message}, message)


class NotAllowed(ValidationFailed):
    """The action is not allowed: wrong state, or the user's role does not permit it."""

    def __init__(self, message: str):
        super().__init__({}, message)


class Conflict(ValidationFailed):
    """Someone else saved the record after it was loaded; the caller keeps the user's input."""

    def __init__(self, message: str, changed_by: str = "", changed_at=None):
        super().__init__({}, message)
        self.changed_by = changed_by
        self.changed_at = changed_at


class NotFound(ValidationFailed):
    def __init__(self, message: str):
        super().__init__({}, message)


class ErrorCollector:
    """Gather every field error first, then raise once (nothing saved half-way)."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, field: str, message: str | None) -> None:
        if message and field not in self.errors:
            self.errors[field] = message

    def add(self, field: str, message: str) -> None:
        self.check(field, message)

    def raise_if_any(self, summary: str = "") -> None:
        if self.errors:
            raise ValidationFailed(self.errors, summary or "；".join(self.errors.values()))
