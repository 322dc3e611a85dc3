"""The one domain error type that services raise, and model validation turned into it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


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
        first = next(iter(errors.values()))[0] if errors else _("Invalid input.")
        super().__init__(first)
        self.errors = errors


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    """Django's ValidationError as `{field: [messages]}` (`__all__` for the row as a whole)."""
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def full_clean(
    instance: models.Model, *, exclude: list[str] | None = None, validate_unique: bool = False
) -> None:
    """Model validation (fields, `clean()`, constraints) as an `InvalidInput` domain error.

    Unique checks are off unless asked for: most services look the row up themselves, and the
    database's own constraint is the final word under concurrency.
    """
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as exc:
        raise InvalidInput(validation_messages(exc)) from exc


def field_errors(instance: models.Model, fields: list[str]) -> dict[str, list[str]]:
    """The named fields of an unsaved row checked by the model's own field rules (max length,
    format, choices, blank), as `{field: [messages]}`; empty when all are fine."""
    others = [f.name for f in instance._meta.fields if f.name not in fields]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as exc:
        return validation_messages(exc)
    return {}


def as_domain_error(exc: Exception) -> DomainError:
    """Any refusal a page or endpoint may catch (a domain error or Django's validation error)."""
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, ValidationError):
        return InvalidInput(validation_messages(exc))
    raise TypeError(f"not a refusal: {exc!r}")
