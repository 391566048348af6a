from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "gealc.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from gealc.site.logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="gealc.forget_request_id")
