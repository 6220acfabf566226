"""The real settings, for the Celery workers that tests/processes.py starts as processes.

Database and broker come from the environment as in production; only the mail differs: it
lands as files the test reads (tests.mail_backends.MailDrop), and the outbox's lease on a
claim can be shortened so a dead worker's email is due again in seconds.
"""

import os

from mentoring.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.mail_backends.MailDrop"  # the MAIL_DROP there
EMAIL_FILE_PATH = os.environ["PIF_MAIL_DROP"]
if "PIF_OUTBOX_LEASE_SECONDS" in os.environ:
    OUTBOX_LEASE_SECONDS = float(os.environ["PIF_OUTBOX_LEASE_SECONDS"])
