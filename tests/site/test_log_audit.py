"""The suite-wide log audit (tests/log_audit.py) would see a token that escaped redaction."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from mentoring.redaction import PLACEHOLDER
from tests.log_audit import secrets_in

pytestmark = pytest.mark.django_db


def test_the_audit_finds_a_token_path_left_in_a_line() -> None:
    line = '{"message": "GET /consent/AbC123.secret/ 200 5ms"}'
    assert secrets_in(line) == ["/consent/AbC123.secret/"]


def test_the_audit_passes_a_redacted_line_and_ordinary_paths() -> None:
    line = f"GET /consent/{PLACEHOLDER} 200 and GET /events/ 200 and Not Found: /consent/"
    assert secrets_in(line) == []


def test_a_token_request_reaches_the_configured_log_redacted(client: Client, caplog) -> None:
    root = logging.getLogger()
    console = next(h for h in root.handlers if isinstance(h, logging.StreamHandler))
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    keep = Keep()
    for kept in console.filters:
        keep.addFilter(kept)
    access = logging.getLogger("mentoring.request")
    before, access.level = access.level, logging.INFO
    root.addHandler(keep)
    try:
        client.get("/consent/AbC123.secret/")
    finally:
        root.removeHandler(keep)
        access.setLevel(before)
    assert any("/consent/" in line for line in records), records
    assert secrets_in("\n".join(records)) == []
