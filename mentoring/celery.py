"""The Celery app: `celery -A mentoring worker` and `celery -A mentoring beat`.

All configuration comes from Django settings (the CELERY_* names), so the worker, beat and web
processes always agree.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
