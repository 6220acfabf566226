"""gunicorn's settings (it reads ./gunicorn.conf.py on its own), tuned from the environment.

The access line of each request is written by the app (mentoring.logs.RequestIdMiddleware), in
the same format as every other log line and with its request id, so gunicorn's own access log
is off. Whatever gunicorn does log passes the same token redaction as the app's.
"""

import os
from typing import Any

from gunicorn.glogging import Logger

from mentoring.logs import RedactFilter

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Roughly two per core; memory is the limit (each worker loads the matching engine).
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A worker is replaced after this many requests (jittered, so not all at once): a slow leak
# in any library can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# The app is imported once, before the workers fork: a replaced worker is then a fork that
# answers at once, not a fresh import of Django and the matching engine while requests queue
# (at a few hundred requests a second that import was most of the p95). Code changes need a
# restart, not a HUP; GUNICORN_PRELOAD=0 turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Long enough that a keep-alive connection from the proxy is reused, not dropped mid-reuse.
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

_redact = RedactFilter()


class RedactingLogger(Logger):
    """gunicorn's logger, with its error log (and an access log, if turned on) redacted."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(_redact)


logger_class = RedactingLogger
