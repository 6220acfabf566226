"""Settings for bench/events_page.py: the site's own, with one bare view added beside it.

The bare view (a constant response through the whole middleware stack) is the baseline the
event pages are measured against, on the same gunicorn server in the same run.
"""

import os

from mentoring.settings import *  # noqa: F403

ROOT_URLCONF = "bare_view_urls"
# DEBUG is off, so pages need collected static files: the bench collects them into its own
# temporary folder, never into the checkout's.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
