"""Form helpers shared by every app, and the forms of accounts and users."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO, and 24.11.2026 typed by hand works too."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(**kwargs) -> forms.DateField:
    return forms.DateField(widget=DateInput(), input_formats=DATE_INPUT_FORMATS, **kwargs)


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError({field: message}) on the form, next to the field.

    The form keeps everything that was typed, so nothing is lost.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)


def submit(request, form: forms.BaseForm, save, *, success: str):
    """On a POST whose form is valid, call `save(form.cleaned_data)` (a service) and say
    `success`; a ValidationError from the service goes onto the form's fields. Returns what
    `save` returned, or None when the form is to be shown (again)."""
    from django.contrib import messages

    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, success)
    return result


def use_date_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
            field.input_formats = DATE_INPUT_FORMATS


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. The user should change it after first login."),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not a common password."),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    in_sami_area = forms.BooleanField(label=_("In the Sámi administrative area"), required=False)
    participant_rules = forms.CharField(
        label=_("Local rules for participants"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "For example how to report absence, opening hours and whom to call. Shown to "
            "participants on «My page» under their rights and duties."
        ),
    )


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def norwegian_sort_key(text) -> str:
    """Sort as Norwegian does: … x y z æ ø å."""
    return str(text).lower().translate(_NORWEGIAN_ORDER)


LANGUAGE_FIELDS = ("language", "preferred_language", "interpreter_language")


def tidy_choices(form: forms.BaseForm) -> None:
    """An empty choice reads «—» rather than Django's dashes; languages come in
    alphabetical order in the user's language."""
    for name, field in form.fields.items():
        choices = getattr(field, "choices", None)
        if not choices or isinstance(field, forms.ModelChoiceField):
            if isinstance(field, forms.ModelChoiceField) and field.empty_label:
                field.empty_label = "—"
            continue
        choices = list(choices)
        blank = [c for c in choices if c[0] == ""]
        rest = [c for c in choices if c[0] != ""]
        if name in LANGUAGE_FIELDS:
            rest.sort(key=lambda c: norwegian_sort_key(c[1]))
        field.choices = [("", "—")] * bool(blank) + rest
