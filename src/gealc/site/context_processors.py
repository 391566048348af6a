from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from gealc.network import selectors as network_selectors


def site(request: HttpRequest) -> dict[str, object]:
    """What every page needs: the languages for the switcher and whether demo data is shown."""
    return {
        "LANGUAGES_SWITCH": settings.LANGUAGES,
        "language_links": language_links(request),
        "demo_data_present": _demo_data_present(),
    }


def language_links(request: HttpRequest) -> list[dict[str, object]]:
    """This page in every language: plain links (the address's prefix sets the language), so
    switching needs no form, no cookie and no JavaScript, and a page can be shared as is."""
    current = get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links


def _demo_data_present() -> bool:
    # Error pages use this too: with the database down they render without the demo banner
    # (they show no data) rather than failing themselves.
    try:
        return network_selectors.demo_data_present()
    except DatabaseError:
        return False
