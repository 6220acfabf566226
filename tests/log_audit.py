"""Issue #12: nothing secret in any log. Every log line of the whole suite run is written, as
production writes it (JSON, through the configured filters), to a file; when the run ends, the
file is read for a token URL whose secret part is still there.

Registered from tests/conftest.py as a session fixture, so it covers every test of `make test`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentoring.logs import JsonFormatter
from mentoring.redaction import PLACEHOLDER
from mentoring.redaction import secret_routes

_PATH = re.compile(r"/[^\s\"'?#<>\\]*")


def secrets_in(text: str) -> list[str]:
    """Every token path in `text` whose secret was not replaced by the placeholder."""
    found = []
    routes = secret_routes()
    for path in _PATH.findall(text):
        for route in routes:
            secret = route.match(path, 1)
            if secret and path[secret.end() :] and not path[secret.end() :].startswith(PLACEHOLDER):
                found.append(path)
    return found


@pytest.fixture(scope="session", autouse=True)
def _no_secret_in_the_logs_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    root = logging.getLogger()
    console = next((h for h in root.handlers if isinstance(h, logging.StreamHandler)), None)
    log = Path(tmp_path_factory.mktemp("logs")) / "run.log"
    handler = logging.FileHandler(log, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    for kept in console.filters if console else []:
        handler.addFilter(kept)
    access = logging.getLogger("mentoring.request")
    before = access.level
    access.setLevel(logging.INFO)  # the access line of every request, as production logs it
    root.addHandler(handler)
    yield
    root.removeHandler(handler)
    access.setLevel(before)
    handler.close()
    leaked = secrets_in(log.read_text(encoding="utf-8"))
    assert not leaked, f"secret tokens in the run's logs ({log}): {sorted(set(leaked))[:10]}"
