"""Django's own messages that its bokmål catalogue lacks or words stiffly. Listed here so
that `make messages` keeps them in our catalogue, where they are translated; our catalogue
comes first (LOCALE_PATHS), so these translations win."""

from django.utils.translation import gettext_lazy, ngettext_lazy

MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_lazy(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_lazy("The password is too similar to the %(verbose_name)s."),
]
