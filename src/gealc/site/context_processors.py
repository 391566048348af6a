from django.conf import settings
from django.http import HttpRequest

from gealc.network import selectors as network_selectors


def site(request: HttpRequest) -> dict[str, object]:
    """What every page needs: the languages for the switcher and whether demo data is shown."""
    return {
        "LANGUAGES_SWITCH": settings.LANGUAGES,
        "demo_data_present": network_selectors.demo_data_present(),
    }
