"""Fixtures the core tests share."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mail_backends import FAILING


@pytest.fixture
def failing_smtp(settings: Any) -> None:
    settings.EMAIL_BACKEND = FAILING  # every send raises, as an SMTP server that is down would
