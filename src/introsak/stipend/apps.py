from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StipendConfig(AppConfig):
    name = "introsak.stipend"
    label = "stipend"
    verbose_name = _("Stipend")
