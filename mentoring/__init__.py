"""The site package and the people app: users, profiles, programs, safeguards, campaign pages."""

from mentoring.celery import app as celery_app

__all__ = ("celery_app",)
