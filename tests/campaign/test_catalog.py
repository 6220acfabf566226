"""Issue #7: the Spanish catalogue is complete, keeps every placeholder, and is compiled.

An empty or fuzzy entry shows English on a Spanish page; a lost or renamed placeholder raises
KeyError (or prints the wrong value) at render time; a stale django.mo means the translations in
the .po never reach a visitor. The catalogue is read with a small parser (polib is not a
dependency), and the parser and the checks are first tried on a catalogue made to break them.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

# %(name)s, %s, %d, %.2f, %% · {name} · HTML tags and entities · #hashtags.
PLACEHOLDER = re.compile(
    r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdfir%]|\{[^{}]*\}|</?[a-zA-Z][^>]*>|&[a-z]+;|#\w+"
)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def label(self) -> str:
        return repr(self.msgid[:60])


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def parse_po(text: str) -> list[Entry]:
    """Every live entry of a .po file, header excluded; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current = Entry()
    key: tuple[str, int] | None = None
    seen_msgid = False

    def finish() -> None:
        nonlocal current, key, seen_msgid
        if seen_msgid and current.msgid:
            entries.append(current)
        current, key, seen_msgid = Entry(), None, False

    for line in text.splitlines():
        if not line.strip():
            finish()
        elif line.startswith("#,"):
            if seen_msgid:
                finish()
            current.fuzzy = "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key is None:
                raise ValueError(f"continuation line outside an entry: {line!r}")
            name, index = key
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(line))
        else:
            word, _, rest = line.partition(" ")
            plural_form = re.fullmatch(r"msgstr\[(\d+)\]", word)
            if word in ("msgctxt", "msgid") and seen_msgid and key and key[0] == "msgstr":
                finish()
            if plural_form:
                key = ("msgstr", int(plural_form.group(1)))
                current.msgstr[key[1]] = _unquote(rest)
            elif word == "msgstr":
                key = ("msgstr", 0)
                current.msgstr[0] = _unquote(rest)
            elif word in ("msgid", "msgid_plural", "msgctxt"):
                key = (word, 0)
                setattr(current, word, _unquote(rest))
                seen_msgid = seen_msgid or word == "msgid"
            else:
                raise ValueError(f"unexpected line: {line!r}")
    finish()
    return entries


def nplurals(po_text: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po_text)
    assert match, "the catalogue header has no Plural-Forms"
    return int(match.group(1))


def unfinished(entries: list[Entry], forms: int) -> list[str]:
    """Entries a visitor would see in English: fuzzy, empty, or missing a plural form."""
    problems = []
    for entry in entries:
        wanted = range(forms) if entry.msgid_plural is not None else range(1)
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.label}")
        elif any(not entry.msgstr.get(i) for i in wanted):
            problems.append(f"empty: {entry.label}")
    return problems


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def placeholder_mismatches(entries: list[Entry]) -> list[str]:
    problems = []
    for entry in entries:
        for index, translated in entry.msgstr.items():
            if not translated:
                continue
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            if placeholders(source) != placeholders(translated):
                problems.append(
                    f"{entry.label}[{index}]: {placeholders(source)} ≠ {placeholders(translated)}"
                )
    return problems


def plural_samples(forms: int) -> dict[int, int]:
    """One count per plural form of the Spanish rule n == 1 ? 0 : n % 1000000 == 0 ? 1 : 2."""
    return {0: 1, 1: 1_000_000, 2: 2} if forms == 3 else {0: 1, 1: 2}


def stale_in_mo(entries: list[Entry], forms: int, mo: gettext.GNUTranslations) -> list[str]:
    """Entries whose compiled translation differs from the .po (or is missing from the .mo)."""
    problems = []
    for entry in entries:
        if entry.fuzzy or not all(entry.msgstr.values()):
            continue  # msgfmt leaves these out on purpose; unfinished() reports them.
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                compiled = mo.gettext(entry.msgid)
            else:
                compiled = mo.pgettext(entry.msgctxt, entry.msgid)
            if compiled != entry.msgstr.get(0, ""):
                problems.append(f"{entry.label}: .mo has {compiled[:60]!r}")
            continue
        for index, count in plural_samples(forms).items():
            if entry.msgctxt is None:
                compiled = mo.ngettext(entry.msgid, entry.msgid_plural, count)
            else:
                compiled = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
            if compiled != entry.msgstr.get(index, ""):
                problems.append(f"{entry.label}[{index}]: .mo has {compiled[:60]!r}")
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


def test_the_parser_reads_contexts_plurals_continuations_and_escapes() -> None:
    entries = parse_po(BROKEN)
    assert [e.msgid for e in entries] == [
        "Hello %(name)s,",
        "Tomorrow: %(title)s",
        "Register",
        "Call <strong>988</strong>",
        "%(n)s seat left",
    ]
    button = entries[3]
    assert button.msgctxt == "button"
    assert button.msgstr == {0: "Llama al <strong>988</strong>\n"}
    assert entries[4].msgid_plural == "%(n)s seats left"
    assert entries[1].fuzzy and not entries[0].fuzzy


def test_the_checks_catch_fuzzy_empty_and_missing_plural_forms() -> None:
    problems = unfinished(parse_po(BROKEN), nplurals(BROKEN))
    assert problems == [
        "fuzzy: 'Tomorrow: %(title)s'",
        "empty: 'Register'",
        "empty: '%(n)s seat left'",
    ]


def test_the_checks_catch_a_renamed_placeholder() -> None:
    problems = placeholder_mismatches(parse_po(BROKEN))
    assert problems == ["'Hello %(name)s,'[0]: ['%(name)s'] ≠ ['%(nombre)s']"]


def test_the_checks_catch_a_translation_the_mo_does_not_have() -> None:
    entries = [Entry(msgid="Mentor of the Month", msgstr={0: "Mentor del Mes"})]
    with MO.open("rb") as compiled:
        assert stale_in_mo(entries, 3, gettext.GNUTranslations(compiled)) == []
    entries[0].msgstr[0] = "Mentor del mes"
    with MO.open("rb") as compiled:
        assert stale_in_mo(entries, 3, gettext.GNUTranslations(compiled)) == [
            "'Mentor of the Month': .mo has 'Mentor del Mes'"
        ]


# --- The Spanish catalogue -------------------------------------------------------------------


@pytest.fixture(scope="module")
def po_text() -> str:
    return PO.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries(po_text: str) -> list[Entry]:
    parsed = parse_po(po_text)
    assert len(parsed) > 500, "the parser found too few entries to be reading the catalogue"
    return parsed


def test_every_spanish_entry_is_translated_and_none_is_fuzzy(
    po_text: str, entries: list[Entry]
) -> None:
    problems = unfinished(entries, nplurals(po_text))
    assert not problems, "Untranslated Spanish entries:\n" + "\n".join(problems)


def test_every_spanish_entry_keeps_the_placeholders_of_its_msgid(entries: list[Entry]) -> None:
    problems = placeholder_mismatches(entries)
    assert not problems, "Placeholders differ:\n" + "\n".join(problems)


def test_the_compiled_mo_matches_the_po(po_text: str, entries: list[Entry]) -> None:
    with MO.open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    assert mo.info().get("language") == "es"
    problems = stale_in_mo(entries, nplurals(po_text), mo)
    assert not problems, (
        "django.mo is out of date; run `manage.py compilemessages -l es`:\n" + "\n".join(problems)
    )
