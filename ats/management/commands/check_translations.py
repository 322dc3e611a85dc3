"""Fails when the Simplified Chinese catalogue is incomplete: after `makemessages` (both the
django and the djangojs domains, into the tree), any entry without a translation or marked
fuzzy is listed with its source file:line, and any compiled .mo that does not match its .po."""

import gettext
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ats.i18n import po

LOCALE = "zh_Hans"
DOMAINS = ("django", "djangojs")
# Never ours to translate: the virtualenv, generated files, vendored JavaScript, benchmarks.
IGNORE = [".venv", "venv", "var", "node_modules", "static/vendor", "bench", "build", "dist"]


class Command(BaseCommand):
    help = "Update the zh_Hans catalogues and fail on untranslated or fuzzy entries or a stale .mo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--compile",
            action="store_true",
            help="Compile the .mo files first (after translating), then check.",
        )
        parser.add_argument(
            "--no-makemessages",
            action="store_true",
            help="Check the catalogues as they are, without extracting the strings again.",
        )

    def handle(self, *args: object, **options: object) -> None:
        locale_dir = Path(settings.LOCALE_PATHS[0]) / LOCALE / "LC_MESSAGES"
        if not options["no_makemessages"]:
            for domain in DOMAINS:
                call_command(
                    "makemessages",
                    locale=[LOCALE],
                    domain=domain,
                    ignore_patterns=IGNORE,
                    no_obsolete=True,
                    verbosity=0,
                )
        if options["compile"]:
            call_command("compilemessages", locale=[LOCALE], ignore_patterns=IGNORE, verbosity=0)
        problems: list[str] = []
        counts: list[str] = []
        for domain in DOMAINS:
            po_path = locale_dir / f"{domain}.po"
            if not po_path.exists():
                continue  # no string of this domain is marked (djangojs: no JS text yet)
            entries = [e for e in po.read(po_path) if not e.is_header]
            missing = [e for e in entries if e.untranslated]
            fuzzy = [e for e in entries if e.fuzzy and not e.untranslated]
            counts.append(
                f"{domain}: {len(entries)} entries, {len(missing)} untranslated, {len(fuzzy)} fuzzy"
            )
            problems += [self._describe(po_path, e, "untranslated") for e in missing]
            problems += [self._describe(po_path, e, "fuzzy") for e in fuzzy]
            stale = self._mo_problem(po_path)
            if stale:
                problems.append(stale)
        for line in counts:
            self.stdout.write(line)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(
                f"{len(problems)} translation problem(s) in locale/{LOCALE}: translate the entries "
                "above (no fuzzy flag left), then `make translations` compiles the .mo files."
            )
        self.stdout.write(self.style.SUCCESS(f"locale/{LOCALE}: complete, .mo files up to date"))

    @staticmethod
    def _describe(po_path: Path, entry: po.Entry, problem: str) -> str:
        where = ", ".join(entry.locations) or f"{po_path}:{entry.line}"
        context = f" [context {entry.msgctxt!r}]" if entry.msgctxt is not None else ""
        return f"{problem}: {entry.msgid!r}{context}\n    at {where}  ({po_path.name}:{entry.line})"

    @staticmethod
    def _mo_problem(po_path: Path) -> str | None:
        """The committed .mo must hold exactly what msgfmt makes of the .po (compared as
        catalogues, so that another gettext version's byte layout does not matter)."""
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            return f"missing: {mo_path} (run `make translations`)"
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "fresh.mo"
            subprocess.run(["msgfmt", "-o", str(fresh), str(po_path)], check=True)  # noqa: S603, S607
            with fresh.open("rb") as new, mo_path.open("rb") as old:
                same = (
                    gettext.GNUTranslations(new)._catalog  # type: ignore[attr-defined]
                    == gettext.GNUTranslations(old)._catalog  # type: ignore[attr-defined]
                )
        return (
            None
            if same
            else f"stale: {mo_path} does not match {po_path.name} (run `make translations`)"
        )
