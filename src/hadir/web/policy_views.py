"""The region's attendance policy: everyone with a region role reads it, BKD edits it.

BKD edits the newest version as a form (or the raw file, for experts), sees what the change
does to last month's recap, then saves. Saving rules equal to the ones in force does nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.attendance.inputs import policy_set
from hadir.attendance.policy_preview import preview_on_month, previous_month
from hadir.rules import DayCode, bundled_policy_text, load_policy_file
from hadir.rules.policy_file import PolicyFileError
from hadir.schedules.models import PolicyDocument
from hadir.schedules.services import PolicyRejected, policy_save
from hadir.web import policy_form


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
    current_text = current.text if current else bundled_policy_text("default")
    values = policy_form.latest_values(current_text)[1]
    fields = policy_form.build_fields(values)
    mode = request.POST.get("mode", "raw")
    text = current_text
    errors: list[str] = []
    preview: dict[str, Any] | None = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if mode == "form":
            typed = policy_form.read_post(request.POST, fields)
            fields = policy_form.build_fields(typed)
            text = policy_form.text_with_latest(current_text, typed)
        else:
            text = request.POST.get("text", "")
        result = load_policy_file(text)
        if not result.ok:
            errors = _errors(result.errors, fields if mode == "form" else None)
        elif request.POST.get("step") == "preview":
            preview = _preview(result.policy_set, text)
        elif not request.POST.get("note", "").strip() and result.policy_set != policy_set():
            errors = [_("Write what changed and why, then save again.")]
            preview = _preview(result.policy_set, text)
        else:
            return _save(request, text)
    form = PolicyForm(initial={"text": text})
    return render(
        request,
        "web/policy.html",
        {
            "form": form,
            "mode": mode,
            "groups": policy_form.fields_by_group(fields),
            "errors": errors,
            "preview": preview,
            "can_edit": can_edit,
            "current": current,
            "versions": _versions(),
            "history": PolicyDocument.objects.select_related("created_by")[:10],
        },
    )


def _errors(
    problems: tuple[PolicyFileError, ...], fields: list[policy_form.Field] | None
) -> list[str]:
    if fields is None:
        return [str(problem) for problem in problems]
    return policy_form.attach_errors(fields, problems)


def _preview(new: Any, text: str) -> dict[str, Any]:
    month = previous_month(timezone.localdate())
    unchanged = new == policy_set()
    return {
        "text": text,
        "month": month,
        "unchanged": unchanged,
        "result": None if unchanged else preview_on_month(new, month),
    }


def _save(request: HttpRequest, text: str) -> HttpResponse:
    try:
        saved = policy_save(text=text, note=request.POST.get("note", ""), actor=request.user)
    except PolicyRejected as exc:  # checked just before; only a race gets here
        messages.error(request, "; ".join(str(e) for e in exc.errors))
        return redirect("policy")
    if saved is None:
        messages.info(request, _("Nothing changed: the rules are the same as those in force."))
    else:
        messages.success(
            request, _("The policy is saved and in force. Months it changes are recomputed.")
        )
    return redirect("policy")


def _versions() -> list[dict[str, Any]]:
    return [
        {
            "effective_from": date(v.effective_from.year, v.effective_from.month, 1),
            "late_bands": ", ".join(str(edge) for edge in v.late_band_edges),
            "tk_pct": v.deduction_pct.get(DayCode.TK, 0),
            "cap_pct": v.monthly_cap_pct,
            "window_days": v.request_window.days,
        }
        for v in policy_set().versions
    ]
