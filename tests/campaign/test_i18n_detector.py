"""Issue #7: the English detector the Spanish page walks rely on.

A walk with a blind detector would prove nothing, so the detector is tested on its own: English
sentences are flagged, Spanish ones, names and timezones are not, untranslated msgids are caught.
"""

from __future__ import annotations

import pytest

from tests.i18n_check import Catalogue
from tests.i18n_check import catalogue
from tests.i18n_check import fragments
from tests.i18n_check import is_english

NOTHING = Catalogue.of([])

# --- The detector --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Find a mentor, become one, and join the events.",
        "You're confirmed as Judge.",
        "Thank your mentor for what they have done.",
        "Saturday, 9 January 2027",
        "Jan 9, 10:00",
        "Mentor of the Month",
        "Don't miss it",
        "You're confirmed as Recepción.",  # a Spanish name does not hide the English
    ],
)
def test_the_detector_flags_english_sentences(sentence: str) -> None:
    assert is_english(sentence, NOTHING)


@pytest.mark.parametrize(
    "sentence",
    [
        "Encuentra a alguien que te acompañe, conviértete en mentor y únete a los eventos.",
        "Estás confirmado como juez.",
        "No hay eventos en enero.",
        "Pay It Forward: una casa para el Mes Nacional de la Mentoría",
        "sábado, 9 de enero de 2027",
        "Escríbenos a hello@example.org o comparte con #ThankYourMentor",
        "Taller de currículum en la biblioteca",
        "Inicio",
        "Mentor del mes",
        "Webinar",  # a single word: left to the catalogue check
        "Atlantic/Jan Mayen",  # a timezone
    ],
)
def test_the_detector_leaves_spanish_alone(sentence: str) -> None:
    assert not is_english(sentence, NOTHING)


def test_the_detector_flags_a_label_whose_msgid_is_untranslated() -> None:
    known = Catalogue.of(["Sign up", "Step %(number)s of %(total)s", "%(n)s seat left"])
    assert is_english("Sign up", known)
    assert is_english("Step 1 of 3", known)
    assert not is_english("Regístrate", known)
    assert not is_english("Paso 1 de 3", known)
    assert not is_english("3 plazas", known)  # "%(n)s seat left" is too loose a pattern


def test_the_catalogue_reader_sees_msgids_that_would_show_in_english() -> None:
    # Read from the real catalogue, which holds these (translated) entries.
    known = catalogue()
    assert "Sign up" in known and "Log in" in known
    assert "Step 2 of 4" in known
    assert "Pay It Forward" not in known  # the brand is translated as itself


def test_the_detector_reads_visible_text_attributes_and_the_title() -> None:
    html = """<html lang="es"><head><title>Inicio · Pay It Forward</title>
    <meta property="og:description" content="Join the events of the month">
    <meta property="og:url" content="https://example.org/the-and-of">
    <script>var message = "this is for the code";</script><style>p{}</style></head>
    <body><p>Hola</p><input placeholder="Type your email here">
    <img alt="A photo of the mentors"><button aria-label="Close this menu">×</button>
    <input type="submit" value="Send it to the mentor"><input type="hidden" value="the and of">
    <select><option lang="en">English</option></select></body></html>"""
    found = fragments(html)
    assert "Inicio" in found and "Hola" in found
    assert {"Type your email here", "A photo of the mentors", "Close this menu"} <= set(found)
    assert "Send it to the mentor" in found
    assert "Join the events of the month" in found
    assert not any("the-and-of" in fragment for fragment in found)
    assert not any("code" in fragment or fragment == "the and of" for fragment in found)
    assert "English" not in found  # marked lang="en": the language's own name is correct
