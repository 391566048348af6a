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
