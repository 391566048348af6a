"""Every change to the network directory goes through these functions.

Each one checks the actor's permission (``PermissionDenied``), validates the whole object and
the database constraints (``ValidationError`` naming the field) and runs in one transaction,
so a refused or invalid call changes nothing. ``countries_load``, ``role_groups_sync`` and
``demo_account_ensure`` are the exceptions to the first rule: they install what must exist
before anyone can act (the network's countries, the role groups, the demo's first
administrator), as ``migrate`` and ``createsuperuser`` do, and take no actor.
"""

import csv
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import IO, Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gealc.core import l10n
from gealc.core.services import (
    apply_changes,
    authorise,
    locked_unchanged,
    save_validated,
    translated_fields,
)
from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network import selectors, signals
from gealc.network.models import (
    LANGUAGE_CODES,
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
)
from gealc.network.roles import ROLE_GROUPS, installed_network_apps, role_group_permission_codenames

COUNTRY_FIELDS = translated_fields("name") | {"subregion", "membership", "member_since"}
INSTITUTION_FIELDS = translated_fields("name", "description") | {
    "acronym",
    "kind",
    "website",
    "parent",
    "is_national_authority",
}
ORGANISATION_FIELDS = translated_fields("name", "acronym", "description") | {"kind", "website"}
GOVERNANCE_BODY_FIELDS = translated_fields("name", "description") | {"position"}
PERSON_FIELDS = translated_fields("biography") | {
    "given_name",
    "family_name",
    "email",
    "phone",
    "languages",
    "public_profile",
    "user",
}


# Countries --------------------------------------------------------------------------------


@transaction.atomic
def country_update(*, actor: AnyUser, country: Country, data: Mapping[str, Any]) -> Country:
    authorise(actor, "network.change_country", country)
    return save_validated(apply_changes(country, data, COUNTRY_FIELDS), actor)


# Institutions -----------------------------------------------------------------------------


@transaction.atomic
def institution_create(
    *,
    actor: AnyUser,
    country: Country,
    name: str,
    kind: str = Institution.Kind.OTHER,
    acronym: str = "",
    website: str = "",
    description: str = "",
    parent: Institution | None = None,
    is_national_authority: bool = False,
    is_demo: bool = False,
) -> Institution:
    authorise(actor, "network.add_institution", country)
    institution = Institution(
        country=country,
        name=name,
        kind=kind,
        acronym=acronym,
        website=website,
        description=description,
        parent=parent,
        is_national_authority=is_national_authority,
        is_demo=is_demo,
    )
    return save_validated(institution, actor)


@transaction.atomic
def institution_update(
    *,
    actor: AnyUser,
    institution: Institution,
    expected_version: int,
    data: Mapping[str, Any],
) -> Institution:
    """Change an institution unless someone else changed it since ``expected_version``."""
    authorise(actor, "network.change_institution", institution)
    current = locked_unchanged(
        institution,
        expected_version,
        _(
            "This institution was changed by someone else since you opened it. "
            "Review the current values and apply your change again."
        ),
    )
    if "parent" in data and data["parent"] is not None:
        data = {**data, "parent": _same_country_parent(current, data["parent"])}
    apply_changes(current, data, INSTITUTION_FIELDS)
    save_validated(current, actor)
    institution.refresh_from_db()
    return institution


def _same_country_parent(institution: Institution, parent: Institution) -> Institution:
    if parent.pk == institution.pk:
        raise ValidationError({"parent": _("An institution cannot be its own parent.")})
    return parent


# People -----------------------------------------------------------------------------------


@transaction.atomic
def person_create(
    *,
    actor: AnyUser,
    given_name: str,
    family_name: str,
    email: str = "",
    phone: str = "",
    languages: Sequence[str] = (),
    public_profile: bool = False,
    biography: str = "",
    user: User | None = None,
    is_demo: bool = False,
) -> Person:
    authorise(actor, "network.add_person")
    person = Person(
        given_name=given_name,
        family_name=family_name,
        email=email,
        phone=phone,
        languages=list(languages),
        public_profile=public_profile,
        biography=biography,
        user=user,
        is_demo=is_demo,
    )
    return save_validated(person, actor)


@transaction.atomic
def person_update(*, actor: AnyUser, person: Person, data: Mapping[str, Any]) -> Person:
    authorise(actor, "network.change_person", person)
    if "user" in data and not network_rules.runs_the_network(actor):
        raise PermissionDenied(_("Only the secretariat links people to user accounts."))
    return save_validated(apply_changes(person, data, PERSON_FIELDS), actor)


@transaction.atomic
def person_forget(*, actor: AnyUser, person: Person) -> Person:
    """A person who leaves the platform: their name and appointments stay, the public record of
    the offices they held; their account is unlinked and what they gave of themselves
    (e-mail, phone, biography, their consent to a public profile) is erased, in the change
    history too. The person themselves may ask it; otherwise it needs ``change_person``."""
    if person.user_id is None or person.user_id != actor.pk:
        authorise(actor, "network.change_person", person)
    person.user = None
    person.email = person.phone = person.biography = ""
    person.public_profile = False
    save_validated(person, actor)
    Person.history.filter(id=person.pk).update(  # type: ignore[attr-defined]
        email="", phone="", biography="", user=None
    )
    return person


# Appointments -----------------------------------------------------------------------------


@transaction.atomic
def appointment_start(
    *,
    actor: AnyUser,
    person: Person,
    institution: Institution,
    role: str,
    start: datetime.date,
    working_line: str = "",
    is_demo: bool = False,
) -> Appointment:
    authorise(actor, "network.add_appointment", institution)
    appointment = Appointment(
        person=person,
        institution=institution,
        role=role,
        start=start,
        working_line=working_line,
        is_demo=is_demo,
    )
    return save_validated(appointment, actor)


@transaction.atomic
def appointment_end(
    *, actor: AnyUser, appointment: Appointment, end: datetime.date, reason: str = ""
) -> Appointment:
    """End an appointment on ``end`` (the last day held). Appointments are never deleted."""
    authorise(actor, "network.change_appointment", appointment)
    return _end_appointment(actor=actor, appointment=appointment, end=end, reason=reason)


def _end_appointment(
    *, actor: AnyUser, appointment: Appointment, end: datetime.date, reason: str
) -> Appointment:
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if current.end is not None:
        raise ValidationError({"end": _("This appointment has already ended.")})
    current.end = end
    current.end_reason = reason
    save_validated(current, actor)
    appointment.refresh_from_db()
    signals.appointment_ended.send(sender=Appointment, appointment=appointment, actor=actor)
    return appointment


@dataclass(frozen=True)
class NewAppointment:
    """One appointment of a new government: an existing person, or a new one by name."""

    role: str
    person: Person | None = None
    given_name: str = ""
    family_name: str = ""
    email: str = ""
    institution: Institution | None = None  # default: the national authority
    working_line: str = ""


@dataclass(frozen=True)
class Transition:
    ended: list[Appointment]
    started: list[Appointment]


@transaction.atomic
def government_transition(
    *,
    actor: AnyUser,
    country: Country,
    date: datetime.date,
    ended_reason: str,
    new_appointments: Iterable[NewAppointment] = (),
    is_demo: bool = False,
) -> Transition:
    """A change of government: every current appointment in the country's institutions ends
    the day before ``date`` and the new ones start on ``date``, all or nothing."""
    authorise(actor, "network.record_transition", country)
    if not ended_reason.strip():
        raise ValidationError({"ended_reason": _("Say why the appointments end.")})
    if date <= datetime.date.min:  # the day before would not exist
        raise ValidationError({"date": _("Give a real date for the change of government.")})
    running = list(
        Appointment.objects.select_for_update()
        .filter(institution__country=country, end__isnull=True)
        .order_by("pk")
    )
    last_day = date - datetime.timedelta(days=1)
    too_recent = [appointment for appointment in running if appointment.start > last_day]
    if too_recent:
        raise ValidationError(
            {
                "date": _("The change must come after %(start)s, when %(person)s started.")
                % {"start": too_recent[0].start.isoformat(), "person": too_recent[0].person}
            }
        )
    # Authorised once, above: the actor's own appointment may be among those ending, and
    # that must not stop them from recording the new team in the same change.
    ended = [
        _end_appointment(actor=actor, appointment=item, end=last_day, reason=ended_reason)
        for item in running
    ]
    started = [
        _start_new(actor=actor, country=country, date=date, new=new, index=index, is_demo=is_demo)
        for index, new in enumerate(new_appointments)
    ]
    return Transition(ended=ended, started=started)


def _start_new(
    *,
    actor: AnyUser,
    country: Country,
    date: datetime.date,
    new: NewAppointment,
    index: int,
    is_demo: bool,
) -> Appointment:
    """Start one appointment of a transition; errors name the row (``new_appointments.2.role``)."""
    try:
        institution = new.institution or _national_authority(country)
        if institution.country_id != country.pk:
            raise ValidationError(
                {
                    "institution": _("The institution must be in %(country)s.")
                    % {"country": country.name}
                }
            )
        person = new.person or save_validated(
            Person(
                given_name=new.given_name,
                family_name=new.family_name,
                email=new.email,
                is_demo=is_demo,
            ),
            actor,
        )
        appointment = Appointment(
            person=person,
            institution=institution,
            role=new.role,
            start=date,
            working_line=new.working_line,
            is_demo=is_demo,
        )
        return save_validated(appointment, actor)
    except ValidationError as error:
        raise ValidationError(
            {
                f"new_appointments.{index}.{name}": messages
                for name, messages in error.message_dict.items()
            }
        ) from error


def _national_authority(country: Country) -> Institution:
    institution = country.institutions.filter(is_national_authority=True).first()
    if institution is None:
        raise ValidationError(
            {
                "institution": _("%(country)s has no national authority; choose an institution.")
                % {"country": country.name}
            }
        )
    return institution


# Governance -------------------------------------------------------------------------------


@transaction.atomic
def mandate_start(
    *,
    actor: AnyUser,
    body: GovernanceBody,
    start: datetime.date,
    seat: str = Mandate.Seat.MEMBER,
    country: Country | None = None,
    organisation: Organisation | None = None,
    person: Person | None = None,
    end: datetime.date | None = None,
    is_demo: bool = False,
) -> Mandate:
    authorise(actor, "network.add_mandate")
    mandate = Mandate(
        body=body,
        seat=seat,
        country=country,
        organisation=organisation,
        person=person,
        start=start,
        end=end,
        is_demo=is_demo,
    )
    return save_validated(mandate, actor)


@transaction.atomic
def mandate_end(*, actor: AnyUser, mandate: Mandate, end: datetime.date) -> Mandate:
    authorise(actor, "network.change_mandate", mandate)
    current = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if current.end is not None:
        raise ValidationError({"end": _("This mandate has already ended.")})
    current.end = end
    save_validated(current, actor)
    mandate.refresh_from_db()
    return mandate


# Organisations ----------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    actor: AnyUser,
    name: str,
    kind: str,
    acronym: str = "",
    website: str = "",
    description: str = "",
    countries: Iterable[Country] = (),
    is_demo: bool = False,
) -> Organisation:
    authorise(actor, "network.add_organisation")
    organisation = Organisation(
        name=name,
        kind=kind,
        acronym=acronym,
        website=website,
        description=description,
        is_demo=is_demo,
    )
    save_validated(organisation, actor)
    organisation.countries.set(countries)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: AnyUser,
    organisation: Organisation,
    data: Mapping[str, Any],
    countries: Iterable[Country] | None = None,
) -> Organisation:
    """Change an organisation's fields, and the countries it works in when given."""
    authorise(actor, "network.change_organisation", organisation)
    save_validated(apply_changes(organisation, data, ORGANISATION_FIELDS), actor)
    if countries is not None:
        organisation.countries.set(countries)
    return organisation


# Governance bodies ------------------------------------------------------------------------


@transaction.atomic
def governance_body_create(*, actor: AnyUser, code: str, data: Mapping[str, Any]) -> GovernanceBody:
    """One of the network's bodies (``GovernanceBody.Code``), named in ``data``."""
    authorise(actor, "network.add_governancebody")
    body = apply_changes(GovernanceBody(code=code), data, GOVERNANCE_BODY_FIELDS)
    return save_validated(body, actor)


@transaction.atomic
def governance_body_update(
    *, actor: AnyUser, body: GovernanceBody, data: Mapping[str, Any]
) -> GovernanceBody:
    authorise(actor, "network.change_governancebody", body)
    return save_validated(apply_changes(body, data, GOVERNANCE_BODY_FIELDS), actor)


# Roles ------------------------------------------------------------------------------------

# A country member holds a current appointment at one of the country's institutions; the
# other roles are groups (``roles.ROLE_GROUPS``).
MEMBER = "member"
ROLES = (*ROLE_GROUPS, MEMBER)


def role_groups_sync(*, apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the role groups and set their model permissions to exactly ``ROLE_GROUPS``.

    Idempotent. It takes an app registry so that the data migration can pass its historical
    one. Django creates model permissions only after ``migrate``, so they are created first.
    """
    for label in installed_network_apps(apps):
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module; create_permissions skips those.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = models_module
    group_model = apps.get_model("auth", "Group")
    permissions = apps.get_model("auth", "Permission").objects.using(using)
    for name in ROLE_GROUPS:
        group, _created = group_model.objects.using(using).get_or_create(name=name)
        wanted = role_group_permission_codenames(name, apps=apps)
        group.permissions.set(
            permission
            for permission in permissions.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        )


@transaction.atomic
def demo_account_ensure(
    *, username: str, email: str, password: str, superuser: bool = False
) -> User:
    """A demo account with this e-mail and password (a superuser and staff when asked), made
    or corrected; nothing is written when it already is so.

    It makes the demo's first administrator, before any account exists (as
    ``createsuperuser`` does), so it takes no actor; the demo grants the other accounts'
    roles with ``role_grant``, as that administrator.
    """
    user = User.objects.filter(username=username).first() or User(username=username)
    wanted = {"email": email, "is_active": True, "is_superuser": superuser}
    if superuser:
        wanted["is_staff"] = True
    changed = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
    for name, value in wanted.items():
        setattr(user, name, value)
    if user.pk is None or not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.full_clean(exclude=["password"])
        user.save()
    return user


def _check_role(role: str, country: Country | None) -> None:
    if role not in ROLES:
        raise ValidationError(
            {
                "role": _("Unknown role “%(role)s”; the roles are: %(roles)s.")
                % {"role": role, "roles": ", ".join(ROLES)}
            }
        )
    if role == MEMBER and country is None:
        raise ValidationError({"country": _("A country member needs a country.")})
    if role != MEMBER and country is not None:
        raise ValidationError({"country": _("Only a country member has a country.")})


@transaction.atomic
def role_grant(
    *,
    actor: AnyUser,
    user: User,
    role: str,
    country: Country | None = None,
    appointment_role: str = Appointment.Role.DELEGATE,
    working_line: str = "",
    start: datetime.date | None = None,
) -> bool:
    """Give ``user`` a role; False when they already held it.

    A country member is appointed (``appointment_role``, from ``start``, today by default) at
    the country's national authority, through their person in the directory, which is
    created from the account when there is none. The secretariat also becomes staff (the
    admin site).
    """
    _check_role(role, country)
    authorise(actor, "network.grant_role", role)
    if country is not None:
        return _member_appoint(
            actor=actor,
            user=user,
            country=country,
            role=appointment_role,
            working_line=working_line,
            start=start or timezone.localdate(),
        )
    if user.groups.filter(name=role).exists():
        return False
    user.groups.add(Group.objects.get(name=role))
    if role == network_rules.SECRETARIAT and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return True


def _member_appoint(
    *,
    actor: AnyUser,
    user: User,
    country: Country,
    role: str,
    working_line: str,
    start: datetime.date,
) -> bool:
    authority = _national_authority(country)
    if selectors.countries_of_user(user).filter(pk=country.pk).exists():
        return False
    person = Person.objects.filter(user=user).first() or person_create(
        actor=actor,
        given_name=user.first_name or user.username,
        family_name=user.last_name or user.username,
        email=user.email,
        user=user,
    )
    appointment_start(
        actor=actor,
        person=person,
        institution=authority,
        role=role,
        start=start,
        working_line=working_line,
    )
    return True


@transaction.atomic
def role_revoke(*, actor: AnyUser, user: User, role: str, country: Country | None = None) -> bool:
    """Take a role from ``user``; False when they did not hold it.

    A country member's current appointments in the country end yesterday, so the membership
    stops at once (an appointment that started today can only end today: it stops tonight).
    The secretariat loses staff status unless the user is an administrator.
    """
    _check_role(role, country)
    authorise(actor, "network.grant_role", role)
    if country is not None:
        appointments = Appointment.objects.current().filter(
            person__user=user, institution__country=country
        )
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        for appointment in appointments:
            end = max(yesterday, appointment.start)
            _end_appointment(
                actor=actor, appointment=appointment, end=end, reason=_("Role revoked")
            )
        return bool(appointments)
    group = user.groups.filter(name=role).first()
    if group is None:
        return False
    user.groups.remove(group)
    if role == network_rules.SECRETARIAT and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return True


# Installing the network's countries -------------------------------------------------------

COUNTRY_FILE_REQUIRED = ("iso3", "iso_numeric", "subregion", "membership", "name_es")
COUNTRY_FILE_OPTIONAL = ("name_pt", "name_en", "name_fr", "member_since")
SHIPPED_COUNTRIES = "data/countries.csv"


@dataclass(frozen=True)
class CountriesLoaded:
    """What ``countries_load`` did; ``countries`` maps every ISO3 code of the file."""

    countries: dict[str, Country]
    created: int
    updated: int
    authorities_created: int


@transaction.atomic
def countries_load(
    *, source: IO[str] | None = None, with_authorities: bool = True
) -> CountriesLoaded:
    """Install the network's countries from a CSV file (the shipped ``data/countries.csv``
    by default), all or nothing; a second load of the same file changes nothing.

    It runs at installation, before any account exists (like ``migrate``), so it takes no
    actor. Countries absent from the file are kept: submissions and history refer to them.
    With ``with_authorities`` every country without a national authority gets one named after
    the country, for the secretariat to rename: a country member is appointed there.
    A bad file raises one ``ValidationError`` listing every problem by line and column.
    """
    if source is None:
        shipped = resources.files("gealc.network").joinpath(SHIPPED_COUNTRIES)
        with shipped.open(encoding="utf-8") as handle:
            return countries_load(source=handle, with_authorities=with_authorities)
    rows = _country_rows(source)
    countries: dict[str, Country] = {}
    changes = {"created": 0, "updated": 0}
    problems: list[str] = []
    for line, row in rows:
        iso3 = row["iso3"].strip().upper()
        if iso3 in countries:
            problems.append(
                _line_problem(line, "iso3", _("%(iso3)s appears twice.") % {"iso3": iso3})
            )
            continue
        country, change, errors = _country_upsert(line, iso3, row)
        problems += errors
        if country is not None:
            countries[iso3] = country
            changes[change] = changes.get(change, 0) + 1
    if problems:
        raise ValidationError(problems)
    authorities = [_authority_ensure(c) for c in countries.values()] if with_authorities else []
    return CountriesLoaded(countries, changes["created"], changes["updated"], sum(authorities))


def _country_rows(source: IO[str]) -> list[tuple[int, dict[str, str]]]:
    """The file's rows with their line numbers, after checking the header."""
    reader = csv.DictReader(source)
    columns = [name.strip() for name in reader.fieldnames or ()]
    missing = [name for name in COUNTRY_FILE_REQUIRED if name not in columns]
    if missing:
        raise ValidationError(
            _("The countries file lacks the columns %(missing)s (line 1).")
            % {"missing": ", ".join(missing)}
        )
    unknown = [n for n in columns if n not in COUNTRY_FILE_REQUIRED + COUNTRY_FILE_OPTIONAL]
    if unknown:
        raise ValidationError(
            _(
                "The countries file has unknown columns %(unknown)s (line 1); "
                "the columns are %(columns)s."
            )
            % {
                "unknown": ", ".join(unknown),
                "columns": ", ".join(COUNTRY_FILE_REQUIRED + COUNTRY_FILE_OPTIONAL),
            }
        )
    reader.fieldnames = columns
    rows = []
    for row in reader:
        # A short row has None values; a long one keeps its extra cells under the key None.
        if None in row or None in row.values():
            raise ValidationError(
                _("Line %(line)s does not have the %(columns)s cells of the header.")
                % {"line": reader.line_num, "columns": len(columns)}
            )
        rows.append((reader.line_num, row))
    if not rows:
        raise ValidationError(_("The countries file has no rows."))
    return rows


def _line_problem(line: int, column: str, message: str) -> str:
    return _("Line %(line)s, column %(column)s: %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


def _country_upsert(
    line: int, iso3: str, row: Mapping[str, str]
) -> tuple[Country | None, str, list[str]]:
    """Create or update one country from its row, writing only what changed; the country,
    "created", "updated" or "unchanged", and the row's problems (then nothing is written)."""
    values: dict[str, Any] = {
        name: row[name].strip() for name in row if name not in ("iso3", "member_since")
    }
    if "member_since" in row:
        values["member_since"] = row["member_since"].strip() or None
    country = Country.objects.filter(iso3=iso3).first()
    # A name neither the file nor the country has comes from the CLDR, so that no page shows
    # the Spanish name in its stead.
    for code, cldr_name in l10n.country_names(iso3).items():
        column = f"name_{code}"
        if code != "es" and not values.get(column) and not getattr(country, column, ""):
            values[column] = cldr_name
    change = "created" if country is None else "updated"
    if country is None:
        country = Country(iso3=iso3)
    elif all(str(getattr(country, n) or "") == str(v or "") for n, v in values.items()):
        return country, "unchanged", []
    # The untranslated ``name`` is the default language's (Spanish) name; modeltranslation
    # writes a plain ``name`` into the active language's column, hence the override.
    with translation.override("es"):
        country.name = values["name_es"]
    for name, value in values.items():
        setattr(country, name, value)
    errors = _country_errors(country)
    if errors:
        return (
            None,
            change,
            [
                _line_problem(line, column, message)
                for column, messages in errors.items()
                for message in messages
            ],
        )
    country._history_user = None
    country.save()
    return country, change, []


def _country_errors(country: Country) -> dict[str, list[str]]:
    """Every problem of the country's fields, by column of the file."""
    try:
        country.full_clean()
        errors: dict[str, list[str]] = {}
    except ValidationError as error:
        errors = dict(error.message_dict)
    errors.pop("name", None)  # it is name_es, checked below
    if not country.name_es:  # ``name`` itself would fall back to another language
        errors["name_es"] = [_("This field cannot be blank.")]
    return errors


def _authority_ensure(country: Country) -> bool:
    """Give the country a national authority named after it, when it has none yet."""
    if country.institutions.filter(is_national_authority=True).exists():
        return False
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            names[f"name_{code}"] = _("National digital-government authority — %(country)s") % {
                "country": getattr(country, f"name_{code}") or country.name
            }
    institution = Institution(
        country=country,
        kind=Institution.Kind.DIGITAL_GOVERNMENT_AUTHORITY,
        is_national_authority=True,
        name=names["name_es"],
        **names,
    )
    institution.full_clean()
    institution.save()
    return True
