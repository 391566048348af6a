"""The flow of a page that changes a versioned record: saved and on to the next page, or shown
again with the refusal and what someone else saved meanwhile."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from gealc.core.forms import Conflict, VersionedForm
from gealc.core.views import change_page


class Named(VersionedForm):
    name = forms.CharField(label="Name")


class Record(SimpleNamespace):
    def refresh_from_db(self) -> None:
        self.version, self.name = 2, "Theirs"


def _request() -> HttpRequest:
    request = RequestFactory().post("/edit/", {"name": "Mine", "expected_version": "1"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _page(shown: list[list[Conflict]]) -> object:
    def page(conflicts: list[Conflict]) -> HttpResponse:
        shown.append(conflicts)
        return HttpResponse(status=400)

    return page


def test_a_saved_change_goes_on_with_its_message() -> None:
    request, saved, shown = _request(), [], []
    form = Named(request.POST)

    response = change_page(
        request,
        form,
        Record(name="Old", version=1),
        lambda: saved.append(form.cleaned_data["name"]),
        done=("Saved.", "/next/"),
        page=_page(shown),  # type: ignore[arg-type]
    )

    assert (response.status_code, response["Location"]) == (302, "/next/")
    assert saved == ["Mine"]
    assert shown == []
    assert [str(message) for message in get_messages(request)] == ["Saved."]


def test_a_change_saved_meanwhile_is_shown_again_with_what_differs(english: None) -> None:
    request, shown = _request(), []

    def stale() -> None:
        raise ValidationError("Someone saved it.", code="stale")

    response = change_page(
        request,
        Named(request.POST),
        Record(name="Old", version=1),
        stale,
        done=("Saved.", "/next/"),
        page=_page(shown),  # type: ignore[arg-type]
    )

    assert response.status_code == 400
    assert shown == [[("Name", "Theirs", "Mine")]]
    assert list(get_messages(request)) == []


def test_an_invalid_form_is_shown_again_and_nothing_is_saved() -> None:
    request, saved, shown = _request(), [], []
    request.POST = request.POST.copy()
    request.POST["name"] = ""

    change_page(
        request,
        Named(request.POST),
        Record(name="Old", version=1),
        lambda: saved.append("called"),
        done=("Saved.", "/next/"),
        page=_page(shown),  # type: ignore[arg-type]
    )

    assert saved == []
    assert shown == [[]]
