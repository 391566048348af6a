from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    """Installed so that every app's URLs have the ``id`` converter, every template the
    ``page_once`` library and every query the integer lookups that refuse no number
    (``lookups``); core has no models."""

    name = "gealc.core"
    label = "core"

    def ready(self) -> None:
        from gealc.core import lookups
        from gealc.core.converters import RowId

        lookups.register()

        # URL modules are imported on the first request, after every app is ready.
        register_converter(RowId, "id")
