"""Each user changes their own password (an employee's first login uses the starting
password the operator handed over)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hadir.accounts.models import User
from hadir.accounts.services import user_password_change


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """A changed password ends every session of the account, this one included (Django
    checks the password's hash on each request): whoever knew the starting password is
    out, and the user logs in again with the new one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(user=user, new_password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password is changed. Log in again with the new one."))
        return redirect("home")  # now logged out: home sends them to the login page
    return render(request, "accounts/password_change.html", {"form": form})
