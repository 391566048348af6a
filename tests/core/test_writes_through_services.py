"""Every write to the database is a service: a test that reads the source and fails on a write
anywhere else.

Pages, API, admin, imports, commands and demo loading all change data by calling a
``services.py`` function, so that its permission check, validation, history and notifications
apply whoever asks. This walks every module of ``gealc`` (migrations aside) and reports each
call that writes through the ORM outside a ``services.py``:

- ``.create(``, ``.bulk_create(``, ``.bulk_update(``, ``.get_or_create(``,
  ``.update_or_create(`` — whatever they are called on;
- ``.save(`` and ``.delete(`` — a model, a model form or a serializer (which save a model),
  or a query set; not a file storage, a workbook, the cache or numpy, which share the names,
  and not ``super().save()`` in a model's own ``save``, which is what a save is;
- ``.update(`` on a query set (``….objects…``, ``….filter(…)``, a name holding one) — not a
  ``dict``, ``set`` or hash, which share the name.

It is a reading of names, not of types: a write through a variable whose name hides a query
set escapes it, which review catches. The few writes that must live elsewhere are listed in
``ALLOWED`` with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gealc

from .source_walking import find_in_file

SOURCE = Path(gealc.__file__).parent

ALWAYS_WRITES = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
SAVE_OR_DELETE = {"save", "delete"}
# Receivers of .save()/.delete() that are not models: file storages, openpyxl workbooks,
# Django's cache, numpy.
NOT_MODELS = {"default_storage", "storage", "workbook", "cache", "np", "numpy"}
QUERY_METHODS = {
    "objects",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "order_by",
    "using",
    "none",
}

# (module path under gealc/, function) -> why this write is not a service's.
ALLOWED: dict[tuple[str, str], str] = {
    ("accounts/audit.py", "event_record"): (
        "the security log, one line per sign-in or role change, written by signal receivers "
        "for what the services and allauth did: a record of events, like the change history"
    ),
    ("knowledge/search.py", "refresh_vectors"): (
        "the full-text search column, recomputed by the post_save signal after a service "
        "saved the row: an index of what the service wrote, not a change of data"
    ),
}


def _receiver_names(node: ast.expr) -> list[str]:
    """The attribute and variable names along a receiver (``a.b.filter(…)`` → a, b, filter)."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.append(node.id)
            return names[::-1]


def _is_queryset(names: list[str]) -> bool:
    return any(
        name in QUERY_METHODS or "queryset" in name.lower() or name.endswith("_set")
        for name in names
    )


def writes(call: ast.Call) -> bool:
    """Whether the call writes through the ORM, by the rules in the module's docstring."""
    if not isinstance(call.func, ast.Attribute):
        return False
    method, receiver = call.func.attr, call.func.value
    if method in ALWAYS_WRITES:
        return True
    names = _receiver_names(receiver)
    if method in SAVE_OR_DELETE:
        is_super = isinstance(receiver, ast.Call) and names == ["super"]
        return not is_super and not (names and names[-1] in NOT_MODELS | {"np"})
    if method == "update":
        return _is_queryset(names)
    return False


def _writes(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and writes(node)


def offenders(root: Path = SOURCE) -> list[str]:
    """``path:line function: call`` for every write outside services, migrations and ALLOWED."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if path.name == "services.py" or "migrations" in path.parts:
            continue
        found += [
            f"{relative}:{line} {function}: {call}"
            for line, function, call in find_in_file(path, _writes)
            if (relative, function) not in ALLOWED
        ]
    return found


def test_every_write_is_a_service() -> None:
    assert offenders() == []


def test_the_allow_list_names_writes_that_exist() -> None:
    """An entry whose write was moved into a service is removed, not left to excuse another."""
    stale = []
    for relative, function in ALLOWED:
        if not any(name == function for _l, name, _c in find_in_file(SOURCE / relative, _writes)):
            stale.append((relative, function))
    assert stale == []


def _calls(source: str) -> list[bool]:
    return [writes(node) for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]


def test_the_finder_tells_orm_writes_from_their_namesakes() -> None:
    """It must fail on the writes it is for, or it would pass on anything."""
    for write in (
        "Country.objects.create(iso3='URY')",
        "instance.save()",
        "form.save()",
        "Country.objects.filter(pk=1).update(name='x')",
        "queryset.update(search_vector=1)",
        "person.appointment_set.update(end=None)",
        "Tag.objects.all().delete()",
        "Group.objects.get_or_create(name='x')",
        "EgdiValue.objects.bulk_create([])",
    ):
        assert _calls(write)[0], write
    for namesake in (
        "context.update(a=1)",
        "digest.update(b'x')",
        "default_storage.save('a', f)",
        "default_storage.delete('a')",
        "workbook.save(buffer)",
        "cache.delete('key')",
        "np.delete(x, 1)",
        "super().save(*args, **kwargs)",
    ):
        assert not _calls(namesake)[0], namesake


# The admin writes without a ``.save(`` in our source (ModelAdmin.save_model does it), so it is
# checked by asking every admin of ours what it offers a superuser.


def _admins_writing_around_services() -> set[str]:
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    from gealc.core.service_admin import ServiceAdmin

    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    found = set()
    for model, model_admin in admin.site._registry.items():
        if not type(model_admin).__module__.startswith("gealc.") or isinstance(
            model_admin, ServiceAdmin
        ):
            continue
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            found.add(model._meta.label)
    return found


# Django's account form (name, e-mail, password, active): an account is Django's, not a record
# of ours, and its roles are read only there (``gealc.accounts.admin``).
DJANGO_ACCOUNT_FORM = {"auth.User"}


def test_every_admin_of_ours_writes_through_services() -> None:
    """An admin of ours is a ``ServiceAdmin`` or offers no add, change or delete."""
    assert _admins_writing_around_services() == DJANGO_ACCOUNT_FORM
