from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    """Rules are found by ``rules.apps.AutodiscoverRulesConfig`` (``observatory/rules.py``)."""

    name = "gealc.observatory"
    label = "observatory"
    verbose_name = _("Observatory")

    def ready(self) -> None:
        from gealc.core.http import register_last_modified
        from gealc.notifications import kinds
        from gealc.observatory.http import PUBLISHED_RESULT_PATHS, last_publication
        from gealc.observatory.notifications import KINDS

        kinds.register(*KINDS)
        # Public reads of published results change only when something is published.
        register_last_modified(PUBLISHED_RESULT_PATHS, last_publication)
