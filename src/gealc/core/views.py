"""What every app's pages share: the flow of a page that changes a versioned record."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gealc.core.forms import Conflict, VersionedForm, VersionedRecord, save_versioned


def change_page(
    request: HttpRequest,
    form: VersionedForm,
    record: VersionedRecord,
    save: Callable[[], object],
    *,
    done: tuple[str, str],
    page: Callable[[list[Conflict]], HttpResponse],
) -> HttpResponse:
    """A change form's page: a valid form is saved through ``save`` (a service call) and the
    reader goes on to ``done`` (its message, its address); otherwise ``page`` shows the form
    again with the refusal and, when someone saved ``record`` meanwhile, what differs."""
    conflicts: list[Conflict] = []
    if form.is_bound and form.is_valid():
        refused = save_versioned(form, record, save)
        if refused is None:
            messages.success(request, done[0])
            return redirect(done[1])
        conflicts = refused.conflicts
    return page(conflicts)
