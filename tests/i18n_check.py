"""Finds English left on a page that should read in Spanish.

One detector for the page walk (Django test client) and the Chromium journeys, so both fail on
the same sentences. It reads a page's HTML: text outside <script>/<style>, the <title>, and the
attributes a person sees or hears (placeholder, aria-label, title, alt, submit button values),
and the description and Open Graph texts that search results and share previews show.

A fragment counts as English when
- it contains two or more English function words and more of them than Spanish words
  (heuristic: catches strings nobody wrapped for translation), or
- it names an English month or weekday (dates formatted with a hard-coded English format), or
- it is exactly an English msgid of our Spanish catalogue whose translation differs or is
  missing (catches the short labels the heuristic cannot: "Sign up", "Register").

Text in an element marked with another language (lang="en") is left alone: naming a language in
its own tongue in the language switcher is correct, not a missed translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"

# Words that are English and never (or almost never) Spanish. "a", "en", "no", "de", "me" are
# left out on purpose: they are Spanish words too.
ENGLISH_WORDS = _words(
    "the and you your to of for with is are this that we our will be have has on in an or it "
    "not can here more who what when how"
)
CONTRACTED = _words("you we it don can won isn aren i that there here what let")
SPANISH_WORDS = _words(
    "el la los las del que y para con por una un es su sus tu tus se al lo como este esta "
    "estos estas ese esa nuestro nuestra nuestros nuestras usted ustedes puedes puede aquí más "
    "cuando quién qué cómo dónde tiene tienen hay ser sin sobre entre hasta desde muy también "
    "mentora mentoría mentorías evento eventos inscripción cuenta correo contraseña"
)
SPANISH_LETTERS = re.compile(r"[áéíóúñü¿¡]", re.IGNORECASE)
ENGLISH_DATES = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Jan|Feb|Apr|Aug|Sept|Dec|Mon|Tue|Wed|Thu|Fri)\b"
)
# Names that stay as they are in every language.
ALLOWED = ("Pay It Forward", "988 Suicide & Crisis Lifeline")
TIMEZONE = re.compile(r"[A-Z][A-Za-z]+/[\w ./+-]+")
NOISE = re.compile(r"\S+@\S+|https?://\S+|#\w+")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\s*[\n·|•]\s*")

VISIBLE_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
SHOWN_META = {"description", "og:title", "og:description", "og:site_name"}
# <code> and <kbd> hold what a program reads or a person types (a CSV column, "en;es"): the
# same in every language, never a missed translation.
SKIPPED_TAGS = {"script", "style", "template", "code", "kbd"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """Collects text nodes and visible attributes, skipping scripts and other-language parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        # One entry per open element: True when its content is to be ignored.
        self._stack: list[tuple[str, bool]] = []

    @property
    def _ignoring(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        lang = values.get("lang", "")
        ignore = (
            self._ignoring
            or tag in SKIPPED_TAGS
            or bool(lang and not lang.lower().startswith("es") and tag != "html")
        )
        if not ignore:
            self.texts += [values[name] for name in VISIBLE_ATTRIBUTES if values.get(name)]
            # What search results and share previews show of the page.
            if tag == "meta" and values.get("name", values.get("property")) in SHOWN_META:
                self.texts.append(values.get("content", ""))
            kind = values.get("type", "").lower()
            if tag in ("input", "button") and kind in ("submit", "button", "reset"):
                self.texts.append(values.get("value", ""))
        if tag not in VOID_TAGS:
            self._stack.append((tag, ignore))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        # Tolerate unclosed elements (<p>, <li>): unwind to the matching open tag.
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._ignoring:
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [" ".join(text.split()) for text in parser.texts if text.strip()]


def fragments(html: str) -> list[str]:
    """Sentences and labels, one per entry, whitespace collapsed."""
    found = []
    for text in visible_texts(html):
        found += [part.strip() for part in SENTENCE_END.split(text) if part.strip()]
    return found


PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass(frozen=True)
class Catalogue:
    """English fragments that must not show on a Spanish page: exact ones, and a pattern for
    those with placeholders ("Step %(number)s of %(total)s" matches "Step 1 of 3")."""

    exact: frozenset[str]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, msgids: Iterable[str]) -> Catalogue:
        exact, patterns = set(), []
        for msgid in msgids:
            msgid = " ".join(msgid.replace("%%", "%").split())
            if not msgid or "<" in msgid:  # HTML splits into several text nodes: heuristic's job
                continue
            for part in SENTENCE_END.split(msgid):
                if not PLACEHOLDER.search(part):
                    exact.add(part.strip())
                # Only placeholders and a word would match too much: ask for two real words.
                elif len(WORD.findall(PLACEHOLDER.sub(" ", part))) >= 2:
                    pieces = PLACEHOLDER.split(part.strip())
                    patterns.append(".+?".join(re.escape(piece) for piece in pieces))
        pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        return cls(frozenset(exact - {""}), pattern)

    def __contains__(self, fragment: str) -> bool:
        return fragment in self.exact or bool(self.pattern and self.pattern.fullmatch(fragment))


@cache
def catalogue(path: Path = CATALOGUE) -> Catalogue:
    """msgids (and plurals) of our Spanish catalogue whose translation is missing, fuzzy or
    different from the msgid: if one shows on a Spanish page, a translation did not apply."""
    msgids, same = [], set()
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if entry.fuzzy or msgstr != entry.msgid:
            msgids += [entry.msgid, entry.msgid_plural]
        else:
            same.add(entry.msgid)
    # One context may translate a word as itself ("Hindi" as a label) and another not ("hindi"
    # inside a sentence): the word itself is then Spanish.
    return Catalogue.of(msgid for msgid in msgids if msgid not in same)


def is_english(fragment: str, known: Catalogue | None = None) -> bool:
    if fragment in (catalogue() if known is None else known):
        return True
    if TIMEZONE.fullmatch(fragment):  # "Atlantic/Jan Mayen" is a place, not a date
        return False
    text = fragment
    for name in ALLOWED:
        text = text.replace(name, " ")
    text = NOISE.sub(" ", text)
    if ENGLISH_DATES.search(text):
        return True
    words = [word.lower() for word in WORD.findall(text)]
    english = sum(_weight(word) for word in words)
    # Spanish words outvote English ones: a Spanish name ("Recepción") inside an English
    # sentence must not hide it, and an English title quoted in a Spanish one is data.
    spanish = sum(word in SPANISH_WORDS or bool(SPANISH_LETTERS.search(word)) for word in words)
    return english >= 2 and english > spanish


def _weight(word: str) -> int:
    """A function word counts once; a contraction ("you're", "don't") is two of them."""
    if "'" in word or "’" in word:
        return 2 if word.split("'")[0].split("’")[0] in CONTRACTED else 0
    return int(word in ENGLISH_WORDS)


def english_fragments(html: str) -> list[str]:
    """Every fragment of the page that reads as English, in page order, without repeats."""
    found: list[str] = []
    for fragment in fragments(html):
        if is_english(fragment) and fragment not in found:
            found.append(fragment)
    return found
