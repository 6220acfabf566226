"""Issue #18: the Spanish catalogue has a translation for every string the site marks.

makemessages extracts the strings from the source as it is now, into a throwaway locale
directory (the committed catalogue is not touched), and each one must have a Spanish
translation in locale/es/LC_MESSAGES/django.po that is not fuzzy. A string someone marked but
nobody translated fails here, before a Spanish reader meets it in English.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import require

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The site's source. makemessages writes into any `locale` folder under the folder it runs in,
# so it runs in a temporary folder that links to these and has a locale folder of its own.
SOURCE = ("mentoring", "matching", "events", "templates")


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _translated(entry: polib.POEntry) -> bool:
    if entry.fuzzy or entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_every_marked_string_has_a_spanish_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # makemessages drives GNU gettext's xgettext; .ci/run installs it, so CI never skips this.
    has_gettext = shutil.which("xgettext") is not None
    require(has_gettext, "needs GNU gettext (xgettext)", "REQUIRE_SERVICES")
    for name in SOURCE:
        (tmp_path / name).symlink_to(Path(settings.BASE_DIR) / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["es"], symlinks=True, verbosity=0)
    extracted = polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert len(extracted) > 500, "makemessages found almost nothing: is it reading the source?"
    ours = {_key(entry): entry for entry in polib.pofile(str(CATALOGUE))}
    missing = [
        entry.msgid
        for entry in extracted
        if (found := ours.get(_key(entry))) is None or not _translated(found)
    ]
    assert not missing, f"{len(missing)} strings without Spanish:\n" + "\n".join(
        repr(msgid) for msgid in missing
    )
