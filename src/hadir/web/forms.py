from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hadir.imports.models import ImportKind


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What does the file contain?"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: object, can_import_units: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not can_import_units:
            kind_field = cast(forms.ChoiceField, self.fields["kind"])
            kind_field.choices = [(ImportKind.EMPLOYEES, ImportKind.EMPLOYEES.label)]
