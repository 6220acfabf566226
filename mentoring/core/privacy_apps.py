"""The AppConfig of an app that holds something about a person (promise 3).

Each such app keeps its exporter and eraser in its own privacy.py; at startup this base adds
them to core's registry (mentoring/core/privacy.py), under the app's label unless it names
another. INSTALLED_APPS order is the registry's, so erasure runs in the same order as before.

An apps.py subclasses it as `privacy_apps.PrivacyAppConfig`, importing the module: the class
imported by name would be a second AppConfig in that apps.py, and Django would then take
neither (it picks an app's config only when the module holds exactly one).
"""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig

from mentoring.core.privacy import register


class PrivacyAppConfig(AppConfig):
    privacy_name = ""  # the app's key in an export; its label when empty

    def ready(self) -> None:
        privacy = import_module(f"{self.name}.privacy")
        register(
            self.privacy_name or self.label,
            export=privacy.export,
            erase=privacy.erase,
            identifiers=getattr(privacy, "identifiers", None),
        )
