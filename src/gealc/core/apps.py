from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    """Installed so that every app's URLs have the ``id`` converter and every template the
    ``page_once`` library; core has no models."""

    name = "gealc.core"
    label = "core"

    def ready(self) -> None:
        from gealc.core.converters import RowId

        # URL modules are imported on the first request, after every app is ready.
        register_converter(RowId, "id")
