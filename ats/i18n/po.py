"""A small .po reader: entries with their msgid, translations, flags and source locations.

Enough for checking completeness (GNU gettext writes the files; we only read them) and for
filling translations in: `render` writes an entry back in the layout msgmerge uses."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    locations: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # every "#" line but flags, kept as is
    line: int = 0  # where the entry starts in the .po file

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def untranslated(self) -> bool:
        return not self.msgstr or any(not text for text in self.msgstr.values())

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text else ""


def parse(text: str) -> list[Entry]:
    """Every entry but obsolete ones (`#~`), header included, in file order."""
    entries: list[Entry] = []
    current = Entry()
    last: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal current, started, last
        if started:
            entries.append(current)
        current, started, last = Entry(), False, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if started and last is not None:
                finish()
            if not current.line:
                current.line = number
            if line.startswith("#,"):
                current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            else:
                if line.startswith("#:"):
                    current.locations += line[2:].split()
                current.comments.append(raw)
            continue
        if not current.line:
            current.line = number
        started = True
        if line.startswith('"'):
            value = _unquote(line)
            if last is None:
                continue
            kind, index = last
            if kind == "msgid":
                current.msgid += value
            elif kind == "msgid_plural":
                current.msgid_plural += value
            elif kind == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + value
            else:
                current.msgstr[index] = current.msgstr.get(index, "") + value
            continue
        keyword, _space, rest = line.partition(" ")
        value = _unquote(rest.strip())
        if keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            current.msgstr[index] = value
            last = ("msgstr", index)
        elif keyword == "msgstr":
            current.msgstr[0] = value
            last = ("msgstr", 0)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            setattr(current, keyword, value)
            last = (keyword, 0)
    finish()
    return entries


def read(path: Path) -> list[Entry]:
    return parse(path.read_text(encoding="utf-8"))


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    )
    return f'"{escaped}"'


def _field(keyword: str, text: str) -> list[str]:
    if "\n" not in text.rstrip("\n") and len(text) < 70:
        return [f"{keyword} {_quote(text)}"]
    parts = text.split("\n")
    pieces = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return [f'{keyword} ""', *(_quote(p) for p in pieces)]


def render(entry: Entry) -> str:
    lines = list(entry.comments)
    flags = sorted(entry.flags)
    if flags:
        # msgmerge writes the flags after the locations and translator comments.
        lines.append("#, " + ", ".join(flags))
    if entry.msgctxt is not None:
        lines += _field("msgctxt", entry.msgctxt)
    lines += _field("msgid", entry.msgid)
    if entry.msgid_plural:
        lines += _field("msgid_plural", entry.msgid_plural)
        for index in sorted(entry.msgstr) or [0]:
            lines += _field(f"msgstr[{index}]", entry.msgstr.get(index, ""))
    else:
        lines += _field("msgstr", entry.msgstr.get(0, ""))
    return "\n".join(lines) + "\n"


def write(path: Path, entries: list[Entry]) -> None:
    path.write_text("\n".join(render(e) for e in entries), encoding="utf-8")
