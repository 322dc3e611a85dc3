"""manage.py check_translations: lists untranslated and fuzzy entries with their source, and a
.mo that does not match its .po; passes on a complete catalogue (the committed one)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ats.i18n import po

pytestmark = pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext")

CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: templates/careers/apply.html:5
msgid "Application"
msgstr "申请"

#: applications/forms.py:22
msgid "Move to"
msgstr ""

#: applications/forms.py:24
#, fuzzy, python-format
msgid "Moved %(n)s"
msgstr "已移动 %(n)s"

#: templates/hr/job_list.html:9
msgid "%(n)s application"
msgid_plural "%(n)s applications"
msgstr[0] "共 %(n)s 份申请"
"""


def _locale(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(text, encoding="utf-8")
    return folder


def _compile(folder: Path) -> None:
    command = ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")]
    subprocess.run(command, check=True)  # noqa: S603, S607 - gettext's own tool, our own files


def test_reader_sees_translations_flags_plurals_and_locations():
    entries = [e for e in po.parse(CATALOGUE) if not e.is_header]
    assert [e.msgid for e in entries if e.untranslated] == ["Move to"]
    assert [e.msgid for e in entries if e.fuzzy] == ["Moved %(n)s"]
    plural = entries[-1]
    assert plural.msgid_plural == "%(n)s applications" and plural.msgstr == {0: "共 %(n)s 份申请"}
    assert entries[1].locations == ["applications/forms.py:22"]


def test_written_back_the_catalogue_reads_the_same():
    entries = po.parse(CATALOGUE)
    again = po.parse("\n".join(po.render(e) for e in entries))
    assert [(e.msgid, e.msgstr, e.flags) for e in again] == [
        (e.msgid, e.msgstr, e.flags) for e in entries
    ]


def test_check_lists_untranslated_and_fuzzy_with_their_source(tmp_path, settings, capsys):
    folder = _locale(tmp_path, CATALOGUE)
    _compile(folder)
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match="2 translation problem"):
        call_command("check_translations", no_makemessages=True)
    err = capsys.readouterr().err
    assert "untranslated: 'Move to'" in err and "applications/forms.py:22" in err
    assert "fuzzy: 'Moved %(n)s'" in err


def test_check_fails_on_a_stale_mo_and_passes_once_compiled(tmp_path, settings, capsys):
    complete = CATALOGUE.replace(
        'msgstr ""\n\n#: applications/forms.py:24\n#, fuzzy, ',
        'msgstr "移至"\n\n#: applications/forms.py:24\n#, ',
    )
    folder = _locale(tmp_path, complete)
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match="1 translation problem"):
        call_command("check_translations", no_makemessages=True)
    assert "missing:" in capsys.readouterr().err
    _compile(folder)
    (folder / "django.po").write_text(complete.replace("移至", "移到"), encoding="utf-8")
    with pytest.raises(CommandError, match="1 translation problem"):
        call_command("check_translations", no_makemessages=True)
    assert "stale:" in capsys.readouterr().err
    call_command("check_translations", no_makemessages=True, compile=True)
    assert "complete" in capsys.readouterr().out


def test_the_committed_catalogue_is_complete_and_compiled(capsys):
    call_command("check_translations", no_makemessages=True)
    assert "0 untranslated, 0 fuzzy" in capsys.readouterr().out
