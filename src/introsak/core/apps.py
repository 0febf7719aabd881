from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "introsak.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the permission policy with django-rules.
        from . import permissions  # noqa: F401
