"""The Finnish and Swedish catalogues are complete, current and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import kokous

PACKAGE = Path(kokous.__file__).resolve().parent
LANGUAGES = ["fi", "sv"]

EXTRACT = """
import sys
import django
from django.conf import settings
from django.core.management import call_command
settings.configure(LOCALE_PATHS=[sys.argv[1]], USE_I18N=True)
django.setup()
call_command("makemessages", locale=["fi"], no_location=True, verbosity=0)
"""


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    po = catalogue(language)
    path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert path.is_file(), "run `make messages` to compile the catalogues"
    mo = polib.mofile(str(path))
    compiled = {key(entry): (entry.msgstr, entry.msgstr_plural) for entry in mo if entry.msgid}
    source = {
        key(entry): (entry.msgstr, entry.msgstr_plural)
        for entry in po.translated_entries()
        if entry.msgid
    }
    assert compiled == source, "run `make messages` to compile the catalogues"


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the strings afresh (gettext's xgettext) and compare with the catalogues."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install Debian's gettext (deps/apt-test.txt)")
    code = tmp_path / "kokous"
    shutil.copytree(PACKAGE, code, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (tmp_path / "locale").mkdir()
    subprocess.run([sys.executable, "-c", EXTRACT, str(tmp_path / "locale")], cwd=code, check=True)
    fresh = polib.pofile(str(tmp_path / "locale" / "fi" / "LC_MESSAGES" / "django.po"))
    wanted = {key(entry) for entry in fresh if entry.msgid}
    for language in LANGUAGES:
        have = {key(entry) for entry in catalogue(language) if not entry.obsolete}
        missing = sorted(wanted - have, key=str)
        assert not missing, f"not in the {language} catalogue (run `make messages`): {missing}"
