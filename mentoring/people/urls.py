"""People pages: /me/, onboarding, my data, email preferences, and the links in emails."""

from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import include
from django.urls import path

from mentoring.people.views import account
from mentoring.people.views import contact
from mentoring.people.views import dashboard
from mentoring.people.views import email
from mentoring.people.views import onboarding

# Onboarding: its start, choosing roles, the too-young stop, then each step by name.
onboarding_pages = [
    path("", onboarding.onboarding, name="onboarding"),
    path("roles/", onboarding.onboarding_roles, name="onboarding_roles"),
    path("not-yet/", onboarding.onboarding_too_young, name="onboarding_too_young"),
    path("<slug:step>/", onboarding.onboarding_step, name="onboarding_step"),
]

# A person's own pages: /me/ itself, onboarding, their data, their email and contact choices.
my_pages: list[URLPattern | URLResolver] = [
    path("", dashboard.me, name="me"),
    path("onboarding/", include(onboarding_pages)),
    path("export/", account.account_export, name="account_export"),
    path("delete/", account.account_delete, name="account_delete"),
    path("email/", email.email_preferences, name="email_preferences"),
    path("contact/", contact.contact_sharing, name="contact_sharing"),
]

urlpatterns = [
    path("me/", include(my_pages)),
    # The links in emails: a guardian's consent, one-click unsubscribe.
    path("consent/<str:token>/", account.guardian_consent, name="guardian_consent"),
    path("email/unsubscribe/<str:token>/", email.email_unsubscribe, name="email_unsubscribe"),
]
