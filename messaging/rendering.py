"""Rendering of message templates: `{placeholder}` in plain text, nothing else.

Pure (no Django, no database). Like `str.format` but safe for text HR writes: a placeholder is
a bare name (no attribute or index access, no format spec or conversion), `{{` and `}}` are
literal braces, and every name must belong to the kind's placeholders. Values are plain text;
control characters in them (a newline typed into a name) never reach a header or break a line
they should not: single-line values lose them, multi-line values keep only their newlines.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping

_FORMATTER = string.Formatter()
_SPACES = re.compile(r"[ \t]+")
# The characters of Unicode categories Cc, Zl and Zp, all of them (one regex pass instead of a
# category lookup per character: a bulk action renders a thousand messages at once).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class TemplateSyntaxError(ValueError):
    """A template that cannot be rendered; the message says what to fix."""


def one_line(value: str) -> str:
    """`value` without control characters (each becomes a space) or doubled spaces."""
    return _SPACES.sub(" ", _CONTROLS.sub(" ", value)).strip()


def multi_line(value: str) -> str:
    """`value` with its line breaks as `\\n` and no other control character."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(one_line(line) if line.strip() else "" for line in lines)


def placeholders(text: str) -> list[str]:
    """The placeholder names used in `text`, in order; TemplateSyntaxError when malformed."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise TemplateSyntaxError(
            f"Unbalanced brace: write {{{{ and }}}} for a literal brace ({exc})."
        ) from exc
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name or not name.isidentifier() or spec or conversion:
            shown = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            raise TemplateSyntaxError(
                f"{shown} is not a placeholder: use a plain name like {{name}}."
            )
        names.append(name)
    return names


def unknown_placeholders(text: str, allowed: Collection[str]) -> list[str]:
    """The names in `text` that are not in `allowed` (each once, in order)."""
    return list(dict.fromkeys(n for n in placeholders(text) if n not in allowed))


def render(text: str, context: Mapping[str, str], *, multiline: Collection[str] = ()) -> str:
    """`text` with each placeholder replaced by its value from `context` (missing: empty)."""
    out = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(text):
        out.append(literal)
        if name is None:
            continue
        value = str(context.get(name, ""))
        out.append(multi_line(value) if name in multiline else one_line(value))
    return "".join(out)


def render_subject(text: str, context: Mapping[str, str]) -> str:
    """A subject is one line whatever its template or values hold (a header cannot break)."""
    return one_line(render(text, context))
