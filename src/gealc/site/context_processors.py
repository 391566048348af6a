from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest

from gealc.network import selectors as network_selectors


def site(request: HttpRequest) -> dict[str, object]:
    """What every page needs: the languages for the switcher and whether demo data is shown."""
    return {
        "LANGUAGES_SWITCH": settings.LANGUAGES,
        "demo_data_present": _demo_data_present(),
    }


def _demo_data_present() -> bool:
    # Error pages use this too: with the database down they render without the demo banner
    # (they show no data) rather than failing themselves.
    try:
        return network_selectors.demo_data_present()
    except DatabaseError:
        return False
