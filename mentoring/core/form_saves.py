"""A page's valid form handed to a service, which may still refuse (a rule the form cannot see).

The refusal shows on the form, above its fields; success is said in a message, and the page then
redirects, so a reload does not send the form again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def saved(
    request: HttpRequest, form: forms.Form, save: Callable[[], object], done: StrOrPromise
) -> bool:
    """Run `save` (the service call); True and `done` said when it went through, False when the
    service refused and the form carries why."""
    try:
        save()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, done)
    return True
