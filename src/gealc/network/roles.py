"""The roles a user holds in the network, and the groups that carry them.

Three roles are groups (``ROLE_GROUPS``); what each may do is decided by the ``rules``
predicates on group membership (``network/rules.py`` and the other apps' ``rules.py``), which
the pages, the API and the admin all ask, and the services check again on the object. The
Django model permissions a group carries are only those the admin site needs to list what the
``rules`` do not cover: the secretariat, staff, views every record of the network's apps there;
whatever it changes there goes through the services (``gealc.core.service_admin``). Being a
country member is not a group but a current appointment at one of the country's institutions
(``role_grant`` in ``services.py`` makes one).

``services.role_groups_sync`` makes the groups and their permissions equal to ``ROLE_GROUPS``:
the data migration ``network.0002_role_groups`` runs it on a fresh database, and a
``post_migrate`` receiver runs it after every ``migrate`` (and every ``flush``), so a change of
this declaration reaches existing installations with their next ``migrate``.
"""

from django.apps import apps as global_apps
from django.apps.registry import Apps

from gealc.network import rules as network_rules

# The apps whose records the secretariat reads in the admin. An app that a migration's
# historical registry does not hold yet is skipped; the post_migrate sync covers it later.
NETWORK_APPS = (
    "network",
    "measurement",
    "observatory",
    "knowledge",
    "groups",
    "agreements",
    "cooperation",
    "participation",
    "continuity",
)


def installed_network_apps(apps: Apps = global_apps) -> tuple[str, ...]:
    """The labels of ``NETWORK_APPS`` that the registry ``apps`` holds."""
    return tuple(label for label in NETWORK_APPS if label in apps.app_configs)


# Group name -> (app labels, permission actions) of the model permissions it carries.
ROLE_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    network_rules.SECRETARIAT: (NETWORK_APPS, ("view",)),
    network_rules.REVIEWER: ((), ()),
    network_rules.STAKEHOLDER: ((), ()),
}


def role_group_permission_codenames(name: str, *, apps: Apps = global_apps) -> set[tuple[str, str]]:
    """(app label, codename) of every model permission the role group ``name`` carries."""
    app_labels, actions = ROLE_GROUPS[name]
    app_labels = tuple(label for label in app_labels if label in apps.app_configs)
    return {
        (label, f"{action}_{model._meta.model_name}")
        for label in app_labels
        for model in apps.get_app_config(label).get_models()
        for action in actions
        if action in model._meta.default_permissions
    }
