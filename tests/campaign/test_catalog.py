"""Issue #7: the Spanish catalogue is complete, keeps every placeholder, and is compiled.

An empty or fuzzy entry shows English on a Spanish page; a lost or renamed placeholder raises
KeyError (or prints the wrong value) at render time; a stale django.mo means the translations in
the .po never reach a visitor. polib reads both files, and the checks are first tried on a
catalogue made to break them.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

# %(name)s, %s, %d, %.2f, %% · {name} · HTML tags and entities · #hashtags.
PLACEHOLDER = re.compile(
    r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdfir%]|\{[^{}]*\}|</?[a-zA-Z][^>]*>|&[a-z]+;|#\w+"
)


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    """Every live entry of a catalogue; polib keeps the header apart, obsolete (#~) ones drop."""
    return [entry for entry in po if not entry.obsolete]


def label(entry: polib.POEntry) -> str:
    return repr(entry.msgid[:60])


def translations(entry: polib.POEntry | polib.MOEntry) -> dict[int, str]:
    """The msgstr of each form: {0: msgstr} for a plain entry, msgstr[n] for a plural one."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


def nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalogue header has no Plural-Forms"
    return int(match.group(1))


def unfinished(entries: list[polib.POEntry], forms: int) -> list[str]:
    """Entries a visitor would see in English: fuzzy, empty, or missing a plural form."""
    problems = []
    for entry in entries:
        wanted = range(forms) if entry.msgid_plural else range(1)
        if entry.fuzzy:
            problems.append(f"fuzzy: {label(entry)}")
        elif any(not translations(entry).get(i) for i in wanted):
            problems.append(f"empty: {label(entry)}")
    return problems


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def placeholder_mismatches(entries: list[polib.POEntry]) -> list[str]:
    problems = []
    for entry in entries:
        for index, translated in translations(entry).items():
            if not translated:
                continue
            source = entry.msgid if index == 0 or not entry.msgid_plural else entry.msgid_plural
            if placeholders(source) != placeholders(translated):
                problems.append(
                    f"{label(entry)}[{index}]: {placeholders(source)} ≠ {placeholders(translated)}"
                )
    return problems


def stale_in_mo(entries: list[polib.POEntry], mo: polib.MOFile) -> list[str]:
    """Entries whose compiled translation differs from the .po (or is missing from the .mo)."""
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    problems = []
    for entry in entries:
        wanted = translations(entry)
        if entry.fuzzy or not all(wanted.values()):
            continue  # msgfmt leaves these out on purpose; unfinished() reports them.
        found = compiled.get((entry.msgctxt, entry.msgid))
        if found is None:
            problems.append(f"{label(entry)}: the .mo does not have it")
            continue
        have = translations(found)
        for index, text in wanted.items():
            if have.get(index, "") != text:
                where = f"[{index}]" if entry.msgid_plural else ""
                problems.append(f"{label(entry)}{where}: .mo has {have.get(index, '')[:60]!r}")
    return problems


# --- The checks, on a catalogue made to break them --------------------------------------------

BROKEN = r"""
msgid ""
msgstr ""
"Plural-Forms: nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\n"

#: a.py:1
msgid "Hello %(name)s,"
msgstr "Hola, %(nombre)s:"

#, fuzzy, python-format
msgid "Tomorrow: %(title)s"
msgstr "Mañana: %(title)s"

msgid "Register"
msgstr ""

msgctxt "button"
msgid "Call <strong>988</strong>"
msgstr ""
"Llama al "
"<strong>988</strong>\n"

msgid "%(n)s seat left"
msgid_plural "%(n)s seats left"
msgstr[0] "Queda %(n)s plaza"
msgstr[1] "Quedan %(n)s plazas"
msgstr[2] ""

#~ msgid "Old"
#~ msgstr ""
"""


def test_the_catalogue_is_read_with_contexts_plurals_continuations_and_escapes() -> None:
    entries = live_entries(polib.pofile(BROKEN))
    assert [e.msgid for e in entries] == [
        "Hello %(name)s,",
        "Tomorrow: %(title)s",
        "Register",
        "Call <strong>988</strong>",
        "%(n)s seat left",
    ]
    button = entries[3]
    assert button.msgctxt == "button"
    assert translations(button) == {0: "Llama al <strong>988</strong>\n"}
    assert entries[4].msgid_plural == "%(n)s seats left"
    assert entries[1].fuzzy and not entries[0].fuzzy


def test_the_checks_catch_fuzzy_empty_and_missing_plural_forms() -> None:
    broken = polib.pofile(BROKEN)
    problems = unfinished(live_entries(broken), nplurals(broken))
    assert problems == [
        "fuzzy: 'Tomorrow: %(title)s'",
        "empty: 'Register'",
        "empty: '%(n)s seat left'",
    ]


def test_the_checks_catch_a_renamed_placeholder() -> None:
    problems = placeholder_mismatches(live_entries(polib.pofile(BROKEN)))
    assert problems == ["'Hello %(name)s,'[0]: ['%(name)s'] ≠ ['%(nombre)s']"]


def test_the_checks_catch_a_translation_the_mo_does_not_have() -> None:
    mo = polib.mofile(str(MO))
    entries = [polib.POEntry(msgid="Mentor of the Month", msgstr="Mentor del Mes")]
    assert stale_in_mo(entries, mo) == []
    entries[0].msgstr = "Mentor del mes"
    assert stale_in_mo(entries, mo) == ["'Mentor of the Month': .mo has 'Mentor del Mes'"]
    entries[0].msgid = "A sentence nobody compiled"
    assert stale_in_mo(entries, mo) == ["'A sentence nobody compiled': the .mo does not have it"]


# --- The Spanish catalogue -------------------------------------------------------------------


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(PO))


@pytest.fixture(scope="module")
def entries(po: polib.POFile) -> list[polib.POEntry]:
    found = live_entries(po)
    assert len(found) > 500, "too few entries read to be the real catalogue"
    return found


def test_every_spanish_entry_is_translated_and_none_is_fuzzy(
    po: polib.POFile, entries: list[polib.POEntry]
) -> None:
    problems = unfinished(entries, nplurals(po))
    assert not problems, "Untranslated Spanish entries:\n" + "\n".join(problems)


def test_every_spanish_entry_keeps_the_placeholders_of_its_msgid(
    entries: list[polib.POEntry],
) -> None:
    problems = placeholder_mismatches(entries)
    assert not problems, "Placeholders differ:\n" + "\n".join(problems)


def test_the_compiled_mo_matches_the_po(po: polib.POFile, entries: list[polib.POEntry]) -> None:
    mo = polib.mofile(str(MO))
    assert mo.metadata.get("Language") == "es"
    # The plural rule travels in the header: a stale one picks the wrong msgstr[n] at runtime.
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")
    problems = stale_in_mo(entries, mo)
    assert not problems, (
        "django.mo is out of date; run `manage.py compilemessages -l es`:\n" + "\n".join(problems)
    )
