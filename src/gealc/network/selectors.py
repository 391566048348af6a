"""Reads of the network directory used by views, the API and other apps.

Nothing here decides permissions except through ``user.has_perm`` (the predicates live in
``rules.py``); selectors that depend on the viewer take it as ``viewer``.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gealc.core.types import AnyUser
from gealc.network.models import (
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
    normalise_for_search,
)

# Enough for a page of results per kind; the directory asks people to refine beyond that.
DIRECTORY_LIMIT = 50


def demo_data_present() -> bool:
    return Institution.objects.filter(is_demo=True).exists()


def home_summary() -> dict[str, object]:
    """Key figures for the home page."""
    members = Country.objects.filter(membership=Country.Membership.MEMBER).count()
    observers = Country.objects.filter(membership=Country.Membership.OBSERVER).count()
    return {
        "member_countries": members,
        "observer_countries": observers,
        "institutions": Institution.objects.count(),
        "current_appointments": Appointment.objects.current().count(),
        "open_mandates": Mandate.objects.current().count(),
        "organisations": Organisation.objects.count(),
    }


def countries_of_user(user: AnyUser, *, roles: Iterable[str] | None = None) -> QuerySet[Country]:
    """The countries where the user's person holds a current appointment (in one of
    ``roles``, or any role)."""
    if not user.is_authenticated:
        return Country.objects.none()
    serving = Appointment.objects.current().filter(person__user=user)
    if roles is not None:
        serving = serving.filter(role__in=roles)
    return Country.objects.filter(pk__in=serving.values("institution__country"))


def country_list(
    *, membership: str | None = None, subregion: str | None = None
) -> QuerySet[Country]:
    """Members then observers, by subregion and name; optionally of one membership or one
    subregion (their codes)."""
    countries = Country.objects.order_by("membership", "subregion", "name")
    if membership:
        countries = countries.filter(membership=membership)
    if subregion:
        countries = countries.filter(subregion=subregion)
    return countries


@dataclass(frozen=True)
class SubregionGroup:
    subregion: str
    label: str
    countries: list[Country]


def countries_by_subregion(membership: str | None = None) -> list[SubregionGroup]:
    """Countries grouped by subregion, in the order of ``Country.Subregion``."""
    countries = Country.objects.all()
    if membership:
        countries = countries.filter(membership=membership)
    groups: dict[str, list[Country]] = {value: [] for value in Country.Subregion.values}
    for country in countries:
        groups[country.subregion].append(country)
    labels = dict(Country.Subregion.choices)
    return [
        SubregionGroup(value, str(labels[value]), members)
        for value, members in groups.items()
        if members
    ]


def _code(text: str | None) -> str | None:
    """A code from a URL or query string, upper-cased; None if it cannot be a code at all."""
    code = (text or "").strip().upper()
    return code if re.fullmatch(r"[A-Z0-9_]{1,40}", code) else None


def country_get(iso3: str) -> Country:
    """The country with that alpha-3 code in any case; 404 otherwise."""
    code = _code(iso3)
    country = Country.objects.filter(iso3=code).first() if code and len(code) == 3 else None
    if country is None:
        raise Http404(_("No country with the code %(code)s.") % {"code": iso3})
    return country


def country_institutions(country: Country) -> QuerySet[Institution]:
    return country.institutions.order_by("-is_national_authority", "name")


def country_people(country: Country) -> QuerySet[Person]:
    """Everyone who has held any role in the country's institutions (to choose from, e.g.
    when recording a new government)."""
    served = Appointment.objects.filter(institution__country=country).values("person")
    return Person.objects.filter(pk__in=served)


def institution_get(pk: int) -> Institution:
    """The institution with its country; 404 otherwise."""
    institution = Institution.objects.select_related("country").filter(pk=pk).first()
    if institution is None:
        raise Http404(_("No such institution."))
    return institution


def country_national_authority(country: Country) -> Institution | None:
    return country.institutions.filter(is_national_authority=True).first()


def country_current_appointments(
    country: Country, *roles: str, on: datetime.date | None = None
) -> QuerySet[Appointment]:
    appointments = Appointment.objects.current(on).filter(institution__country=country)
    if roles:
        appointments = appointments.filter(role__in=roles)
    return appointments.select_related("person", "institution").order_by(
        "role", "person__family_name"
    )


def country_current_head(country: Country) -> Appointment | None:
    return country_current_appointments(country, Appointment.Role.HEAD_OF_AUTHORITY).first()


def country_delegates(country: Country) -> QuerySet[Appointment]:
    """Current delegates and alternates."""
    return country_current_appointments(
        country, Appointment.Role.DELEGATE, Appointment.Role.ALTERNATE
    )


def country_focal_points(country: Country) -> QuerySet[Appointment]:
    return country_current_appointments(country, Appointment.Role.FOCAL_POINT)


def country_seats(country: Country) -> QuerySet[Mandate]:
    """Seats the country currently holds in governance bodies."""
    return Mandate.objects.current().filter(country=country).select_related("body", "person")


@dataclass(frozen=True)
class RoleHistory:
    role: str
    label: str
    appointments: list[Appointment]


def role_history(country: Country) -> list[RoleHistory]:
    """Who held each role in the country's institutions, newest first, ended ones included."""
    appointments = (
        Appointment.objects.filter(institution__country=country)
        .select_related("person", "institution")
        .order_by("-start", "-pk")
    )
    by_role: dict[str, list[Appointment]] = {value: [] for value in Appointment.Role.values}
    for appointment in appointments:
        by_role[appointment.role].append(appointment)
    labels = dict(Appointment.Role.choices)
    return [RoleHistory(role, str(labels[role]), items) for role, items in by_role.items()]


def people_visible_to(viewer: AnyUser) -> QuerySet[Person]:
    """Everyone for network members; otherwise people with a public profile."""
    people = Person.objects.all()
    if not viewer.has_perm("network.view_contacts"):
        people = people.filter(public_profile=True)
    return people


def person_list(
    viewer: AnyUser,
    *,
    country: str | None = None,
    current: bool | None = None,
    q: str = "",
) -> QuerySet[Person]:
    """The people the viewer may see, optionally only those who hold an appointment today
    (``current``; false: who hold none), who served in a country (alpha-3; with ``current``,
    who serve there today), and whose names contain every word of ``q`` (case and accents
    ignored)."""
    people = people_visible_to(viewer)
    serving = Appointment.objects.current()
    if current is False:
        people = people.exclude(pk__in=serving.values("person"))
    appointments = serving if current else Appointment.objects.all()
    if country:
        appointments = appointments.filter(institution__country__iso3=country.upper())
    if country or current:
        people = people.filter(pk__in=appointments.values("person"))
    return _matching(people, normalise_for_search(q).split())


def person_get_visible(pk: int, viewer: AnyUser) -> Person:
    """The person if the viewer may see them; 404 otherwise (their existence is not revealed)."""
    person = Person.objects.filter(pk=pk).first()
    if person is None or not viewer.has_perm("network.view_person", person):
        raise Http404(_("No such person."))
    return person


def person_current_appointments(person: Person) -> QuerySet[Appointment]:
    return (
        Appointment.objects.current().filter(person=person).select_related("institution__country")
    )


@dataclass
class DirectoryResults:
    query: str
    people: list[Person] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    show_contacts: bool = False

    @property
    def count(self) -> int:
        return len(self.people) + len(self.institutions) + len(self.countries)


def _matching(queryset: QuerySet, terms: list[str]) -> QuerySet:
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def directory_search(query: str, viewer: AnyUser) -> DirectoryResults:
    """People, institutions and countries whose names contain every word of the query,
    ignoring case and accents ("mexico" finds "México").

    The public sees people who serve in a current appointment or chose a public profile;
    network members see everyone and their contact details.
    """
    terms = normalise_for_search(query).split()
    show_contacts = bool(viewer.has_perm("network.view_contacts"))
    results = DirectoryResults(query=query, show_contacts=show_contacts)
    if not terms:
        return results
    people = Person.objects.all()
    if not show_contacts:
        serving = Appointment.objects.current().values("person")
        people = people.filter(Q(public_profile=True) | Q(pk__in=serving))
    current = Appointment.objects.current().select_related("institution__country")
    people = _matching(people, terms).prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )
    results.people = list(people[:DIRECTORY_LIMIT])
    institutions = _matching(Institution.objects.select_related("country"), terms)
    results.institutions = list(institutions[:DIRECTORY_LIMIT])
    results.countries = list(_matching(Country.objects.all(), terms)[:DIRECTORY_LIMIT])
    return results


@dataclass(frozen=True)
class BodyMandates:
    body: GovernanceBody
    current: list[Mandate]
    past: list[Mandate]


def governance_overview(on: datetime.date | None = None) -> list[BodyMandates]:
    """Every governance body with its current and past mandates (newest first)."""
    mandates = Mandate.objects.select_related("country", "organisation", "person").order_by(
        "-start", "seat"
    )
    current_ids = set(Mandate.objects.current(on).values_list("pk", flat=True))
    overview = []
    for body in GovernanceBody.objects.prefetch_related(
        Prefetch("mandates", queryset=mandates, to_attr="all_mandates")
    ):
        current = [mandate for mandate in body.all_mandates if mandate.pk in current_ids]
        past = [mandate for mandate in body.all_mandates if mandate.pk not in current_ids]
        overview.append(BodyMandates(body, current, past))
    return overview


def organisation_list(
    *, kind: str | None = None, country: str | None = None
) -> QuerySet[Organisation]:
    """Partner organisations by name; optionally of one kind, or working with one country
    (alpha-3)."""
    organisations = Organisation.objects.prefetch_related("countries")
    if kind:
        organisations = organisations.filter(kind=kind)
    if country:
        organisations = organisations.filter(countries__iso3=country.upper()).distinct()
    return organisations


def governance_body_list(*, code: str | None = None) -> QuerySet[GovernanceBody]:
    """The governance bodies in their order; optionally only the one with that code."""
    bodies = GovernanceBody.objects.all()
    return bodies.filter(code=code) if code else bodies


def institution_list(country: str | None = None) -> QuerySet[Institution]:
    """All institutions, or those of the country with that alpha-3 code (any case)."""
    institutions = Institution.objects.select_related("country", "parent")
    if country is not None:
        institutions = institutions.filter(country__iso3=_code(country) or "")
    return institutions


def appointment_list(country: str | None = None, *, current: bool = False) -> QuerySet[Appointment]:
    """Appointments newest first, optionally of one country (alpha-3) or only current ones."""
    appointments = Appointment.objects.select_related("person", "institution__country")
    if current:
        appointments = appointments.current()
    if country is not None:
        appointments = appointments.filter(institution__country__iso3=_code(country) or "")
    return appointments.order_by("-start", "pk")


def mandate_list(body: str | None = None, *, current: bool = False) -> QuerySet[Mandate]:
    """Mandates by body, newest first, optionally of one body (its code) or only current."""
    mandates = Mandate.objects.select_related("body", "country", "person")
    if current:
        mandates = mandates.current()
    if body is not None:
        mandates = mandates.filter(body__code=(_code(body) or "").lower())
    return mandates.order_by("body__position", "-start", "pk")


# The language to write to someone in -----------------------------------------------------


def _site_language(languages: object) -> str:
    """The first of the languages if the site offers it, else the site's default language."""
    if isinstance(languages, list) and languages and languages[0] in dict(settings.LANGUAGES):
        return str(languages[0])
    return str(settings.LANGUAGE_CODE)


def person_language(person: Person | None) -> str:
    """The language to write to the person in: the first they work in (``Person.languages``)
    when the site offers it, else the site's default (``LANGUAGE_CODE``)."""
    return _site_language(person.languages if person else None)


def users_languages(users: Iterable[User]) -> dict[int, str]:
    """The language to write to each user in, by user id, in one query: that of the person
    linked to the account (see ``person_language``); the site's default for an account
    without a person.

    Sessions do not record a language (pages carry it in their URL prefix), so a user's
    last-used language is not known here.
    """
    ids = {user.pk for user in users}
    languages = dict(Person.objects.filter(user__in=ids).values_list("user_id", "languages"))
    return {pk: _site_language(languages.get(pk)) for pk in ids}
