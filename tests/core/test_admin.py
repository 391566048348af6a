"""The admin base classes: what they refuse even to a superuser; every admin of ours that shows
a history shows it read only."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import Group, User
from django.test import RequestFactory

from gealc.core.admin import HistoryAdmin, NeverDeletedAdmin, ReadOnlyAdmin


@pytest.fixture
def request_of_a_superuser(db: None):
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser("root")
    return request


def test_never_deleted_refuses_deletion_only(request_of_a_superuser):
    model_admin = NeverDeletedAdmin(Group, AdminSite())

    assert not model_admin.has_delete_permission(request_of_a_superuser)
    assert model_admin.has_add_permission(request_of_a_superuser)
    assert model_admin.has_change_permission(request_of_a_superuser)


def test_read_only_refuses_add_change_and_delete_but_shows(request_of_a_superuser):
    model_admin = ReadOnlyAdmin(Group, AdminSite())

    assert not model_admin.has_add_permission(request_of_a_superuser)
    assert not model_admin.has_change_permission(request_of_a_superuser)
    assert not model_admin.has_delete_permission(request_of_a_superuser)
    assert model_admin.has_view_permission(request_of_a_superuser)


def test_every_history_in_the_admin_is_read_only() -> None:
    """simple-history's own admin saves a past version with a form no service sees."""
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    saving_history = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    }
    assert saving_history == set()


def test_every_admin_of_ours_reads_its_address_safely() -> None:
    from django.contrib import admin

    from gealc.core.admin import AddressInitialAdmin

    unsafe = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("gealc.")
        and not isinstance(model_admin, AddressInitialAdmin)
    }
    assert unsafe == set()


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("knowledge/datasetstatus", "country=<script>"),
        ("network/institution", "country=abc&parent=1.5"),
        ("network/mandate", "person=x&country=99999999999999999999999"),
        ("knowledge/practice", "country=%27"),
    ],
)
def test_an_add_page_drops_an_initial_value_that_cannot_be_an_id(
    request_of_a_superuser, client, page: str, query: str
) -> None:
    """Django's autocomplete widget looked such a value up: a 500."""
    client.force_login(request_of_a_superuser.user)

    response = client.get(f"/en/admin/{page}/add/?{query}")

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<form", 1)[1]


@pytest.mark.parametrize("page", ["measurement/submission", "observatory/indexrun"])
def test_an_admin_list_filtered_by_an_id_no_row_can_have_lists_nothing(
    request_of_a_superuser, client, page: str
) -> None:
    client.force_login(request_of_a_superuser.user)

    response = client.get(f"/en/admin/{page}/?round=99999999999999999999999")

    assert response.status_code in (200, 302)  # Django sends a filter it cannot apply to ?e=1
