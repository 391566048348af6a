"""The roles a user holds in the network, for display (menus, profile, "signed in as")."""

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from gealc.network import rules as network_rules
from gealc.network import selectors


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
