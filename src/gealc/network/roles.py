"""The roles a user holds in the network: the groups that carry them, and their names for
display (menus, profile, "signed in as").

Three roles are groups (``ROLE_GROUPS``); what each may do is decided by the ``rules``
predicates on group membership (``network/rules.py`` and the other apps' ``rules.py``). The
Django model permissions a group carries are only those the admin site needs: the secretariat,
staff, reads every record of the network's apps there (changes go through the pages, which
call the services). Being a country member is not a group but a current appointment at one of
the country's institutions (``role_grant`` in ``services.py`` makes one).

``services.role_groups_sync`` makes the groups and their permissions equal to ``ROLE_GROUPS``:
the data migration ``network.0002_role_groups`` runs it on a fresh database, and a
``post_migrate`` receiver runs it after every ``migrate`` (and every ``flush``), so a change of
this declaration reaches existing installations with their next ``migrate``.
"""

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from gealc.network import rules as network_rules
from gealc.network import selectors

# The apps whose records the secretariat reads in the admin.
NETWORK_APPS = ("network", "measurement", "observatory", "knowledge")

# Group name -> (app labels, permission actions) of the model permissions it carries.
ROLE_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    network_rules.SECRETARIAT: (NETWORK_APPS, ("view",)),
    network_rules.REVIEWER: ((), ()),
    network_rules.STAKEHOLDER: ((), ()),
}


def role_group_permission_codenames(name: str, *, apps: Apps = global_apps) -> set[tuple[str, str]]:
    """(app label, codename) of every model permission the role group ``name`` carries."""
    app_labels, actions = ROLE_GROUPS[name]
    return {
        (label, f"{action}_{model._meta.model_name}")
        for label in app_labels
        for model in apps.get_app_config(label).get_models()
        for action in actions
        if action in model._meta.default_permissions
    }


def user_roles(user: User | AnonymousUser) -> list[str]:
    """Human-readable roles, most powerful first; empty for the public."""
    if not user.is_authenticated:
        return []
    roles: list[str] = []
    if network_rules.is_administrator(user):
        roles.append(_("Administrator"))
    if network_rules.is_secretariat(user):
        roles.append(_("Technical secretariat"))
    if network_rules.is_reviewer(user):
        roles.append(_("Reviewer"))
    for country in selectors.countries_of_user(user):
        roles.append(_("Member for %(country)s") % {"country": country.name})
    if network_rules.is_stakeholder(user):
        roles.append(_("Stakeholder"))
    return roles
