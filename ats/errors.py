"""The one domain error type that services raise and the API and pages translate."""


class DomainError(Exception):
    """A business rule refused an action. `code` is stable for clients; `message` is for people."""

    code = "invalid"
    status_code = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class ConflictError(DomainError):
    """Someone else changed the row first (stale version, concurrent move)."""

    code = "conflict"
    status_code = 409


class InvalidInput(DomainError):
    """Several fields are wrong at once; `errors` maps each field to its messages."""

    code = "invalid"

    def __init__(self, errors: dict[str, list[str]]):
        first = next(iter(errors.values()))[0] if errors else "Invalid input."
        super().__init__(first)
        self.errors = errors
