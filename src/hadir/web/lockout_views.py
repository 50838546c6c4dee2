"""The locked-accounts page: operators (their units' employees) and Diskominfo (everyone)
see who is locked out after too many wrong passwords and unlock them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from hadir.accounts.lockouts import account_unlock, locked_accounts, lockout_may_manage

UNLOCKED = gettext_noop("%(name)s can log in again.")


@login_required
def lockout_list(request: HttpRequest) -> HttpResponse:
    if not lockout_may_manage(request.user):
        raise Http404
    rows = locked_accounts(request.user)
    return render(request, "web/lockouts.html", {"rows": rows})


@login_required
@require_POST
def lockout_unlock(request: HttpRequest) -> HttpResponse:
    if not lockout_may_manage(request.user):
        raise Http404
    username = request.POST.get("username", "")
    account_unlock(actor=request.user, username=username)
    messages.success(request, _(UNLOCKED) % {"name": username})
    return redirect("lockout-list")
