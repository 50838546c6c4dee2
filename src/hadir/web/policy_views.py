"""The region's attendance policy: everyone with a region role reads it, BKD edits it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.attendance.inputs import policy_set
from hadir.rules import DayCode, bundled_policy_text
from hadir.schedules.models import PolicyDocument
from hadir.schedules.services import PolicyRejected, policy_save


class PolicyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Policy file"),
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false", "class": "mono"}),
    )
    note = forms.CharField(label=gettext_lazy("What changed and why"), max_length=200)


@login_required
def policy_page(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.all_units or request.user.is_superuser):
        raise PermissionDenied
    can_edit = scope.has_role(Role.BKD_ADMIN) or request.user.is_superuser
    current = PolicyDocument.objects.select_related("created_by").first()
    text = current.text if current else bundled_policy_text("default")
    form = PolicyForm(request.POST or None, initial={"text": text})
    errors: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                policy_save(
                    text=form.cleaned_data["text"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except PolicyRejected as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(
                    request,
                    _("The policy is saved and in force. Months it changes are recomputed."),
                )
                return redirect("policy")
    return render(
        request,
        "web/policy.html",
        {
            "form": form,
            "errors": errors,
            "can_edit": can_edit,
            "current": current,
            "versions": [
                {
                    "effective_from": str(v.effective_from),
                    "late_bands": ", ".join(str(edge) for edge in v.late_band_edges),
                    "tk_pct": v.deduction_pct.get(DayCode.TK, 0),
                    "cap_pct": v.monthly_cap_pct,
                    "window_days": v.request_window.days,
                }
                for v in policy_set().versions
            ],
            "history": PolicyDocument.objects.select_related("created_by")[:10],
        },
    )
