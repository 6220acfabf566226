"""Plain-text emails read as typed: no HTML entities, whatever the template forgot to say."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import engines

from mentoring.core.mail import build_templated

TYPED = 'Science & "Arts" <club>'


def test_plain_text_parts_and_subjects_are_not_html_escaped() -> None:
    # The kick-off template has no {% autoescape off %}: the engine for text must not escape.
    message = build_templated(
        to="ana@example.org",
        template="email/relationships/kickoff",
        context={"match": SimpleNamespace(program=TYPED), "why": TYPED, "path": "/m/1/"},
    )
    assert TYPED in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body


def test_pages_and_html_parts_keep_the_sites_escaping() -> None:
    build_templated(to="ana@example.org", template="email/relationships/nudge", context={})
    page = engines["django"].from_string("{{ typed }}").render({"typed": TYPED})
    assert page == "Science &amp; &quot;Arts&quot; &lt;club&gt;"
