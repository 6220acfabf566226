"""People pages: /me/, onboarding, my data, email preferences, and the links in emails."""

from django.urls import path

from mentoring.people.views import account
from mentoring.people.views import contact
from mentoring.people.views import dashboard
from mentoring.people.views import email
from mentoring.people.views import onboarding

urlpatterns = [
    path("me/", dashboard.me, name="me"),
    path("me/onboarding/", onboarding.onboarding, name="onboarding"),
    path("me/onboarding/roles/", onboarding.onboarding_roles, name="onboarding_roles"),
    path("me/onboarding/not-yet/", onboarding.onboarding_too_young, name="onboarding_too_young"),
    path("me/onboarding/<slug:step>/", onboarding.onboarding_step, name="onboarding_step"),
    path("me/export/", account.account_export, name="account_export"),
    path("me/delete/", account.account_delete, name="account_delete"),
    path("me/email/", email.email_preferences, name="email_preferences"),
    path("me/contact/", contact.contact_sharing, name="contact_sharing"),
    path("consent/<str:token>/", account.guardian_consent, name="guardian_consent"),
    path("email/unsubscribe/<str:token>/", email.email_unsubscribe, name="email_unsubscribe"),
]
