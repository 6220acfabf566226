"""How allauth fits this site: where people land after signing up or in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Coordinators work in the admin; everyone else starts from their dashboard.
        if request.user.is_staff:
            return reverse("admin:index")
        return reverse("me")
