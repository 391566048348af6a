"""The network directory: countries, their institutions and officials, partner organisations and
the governance bodies of the network.

Translated fields (``name``, ``description``, ``biography``) are registered in
``translation.py``; change history is registered in ``apps.py`` after translation so that the
historical tables also keep every language column.
"""

import datetime
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("es", "pt", "en", "fr")


def normalise_for_search(*parts: str | None) -> str:
    """Lower-case, accent-free text so that "Mexico" finds "México" on every database.

    Control characters become spaces: PostgreSQL refuses a NUL in any query parameter.
    """
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        " " if unicodedata.category(char) == "Cc" else char
        for char in decomposed
        if not unicodedata.combining(char)
    )


def _translations(instance: models.Model, field: str) -> list[str]:
    """The value of a translated field in every language (and the untranslated column)."""
    names = [field, *(f"{field}_{code}" for code in LANGUAGE_CODES)]
    return [getattr(instance, name, "") or "" for name in names]


def validate_language_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give the languages as a list of codes."), code="invalid")
    unknown = sorted(set(value) - set(LANGUAGE_CODES))
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s. Use es, pt, en or fr."),
            code="invalid",
            params={"codes": ", ".join(unknown)},
        )


class CurrentQuerySet(models.QuerySet):
    """Rows with a ``start`` and an optional ``end`` (null = still running)."""

    def current(self, on: datetime.date | None = None) -> "CurrentQuerySet":
        day = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def ended(self, on: datetime.date | None = None) -> "CurrentQuerySet":
        day = on or timezone.localdate()
        return self.filter(end__lt=day)


class Country(models.Model):
    class Subregion(models.TextChoices):
        SOUTH_AMERICA = "south_america", _("South America")
        CENTRAL_AMERICA_MEXICO = "central_america_mexico", _("Central America and Mexico")
        CARIBBEAN = "caribbean", _("Caribbean")
        EUROPE = "europe", _("Europe")

    class Membership(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    iso3 = models.CharField(
        _("ISO 3166-1 alpha-3 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use three upper-case letters, such as URY."))],
    )
    iso_numeric = models.CharField(
        _("ISO 3166-1 numeric code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{3}$", _("Use three digits, such as 858."))],
    )
    name = models.CharField(_("name"), max_length=200)
    subregion = models.CharField(_("subregion"), max_length=32, choices=Subregion.choices)
    membership = models.CharField(
        _("membership"), max_length=16, choices=Membership.choices, default=Membership.MEMBER
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.iso3 = (self.iso3 or "").upper()
        self.search_text = normalise_for_search(self.iso3, *_translations(self, "name"))
        super().save(*args, **kwargs)


class Institution(models.Model):
    class Kind(models.TextChoices):
        DIGITAL_GOVERNMENT_AUTHORITY = (
            "digital_government_authority",
            _("Digital-government authority"),
        )
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        REGULATOR = "regulator", _("Regulator")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent institution"),
    )
    is_national_authority = models.BooleanField(
        _("national digital-government authority"), default=False
    )
    # Optimistic concurrency: every update increments it; an edit based on an older version
    # is refused instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(is_national_authority=True),
                name="network_one_national_authority_per_country",
                violation_error_message=_(
                    "This country already has a national digital-government authority."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = normalise_for_search(self.acronym, *_translations(self, "name"))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An institution cannot be its own parent.")})
        if self.country_id is not None and self.parent.country_id != self.country_id:
            raise ValidationError(
                {"parent": _("The parent institution must be in the same country.")}
            )


class Person(models.Model):
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_list],
        help_text=_("Codes of the languages the person works in: es, pt, en, fr."),
    )
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("The person agreed to show their profile to the public."),
    )
    biography = models.TextField(_("biography"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = normalise_for_search(self.given_name, self.family_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Appointment(models.Model):
    """A person holding a role at an institution; ended, never deleted, so history survives."""

    class Role(models.TextChoices):
        HEAD_OF_AUTHORITY = "head_of_authority", _("Head of authority")
        DELEGATE = "delegate", _("Delegate")
        ALTERNATE = "alternate", _("Alternate delegate")
        FOCAL_POINT = "focal_point", _("Focal point")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("institution"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    working_line = models.CharField(
        _("working line"),
        max_length=200,
        blank=True,
        help_text=_("Required for focal points, e.g. measurement or open data."),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "role"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="network_appointment_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["person", "institution", "role"],
                condition=Q(end__isnull=True),
                name="network_one_open_appointment_per_role",
                violation_error_message=_(
                    "This person already holds this role at this institution."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.institution}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.role == self.Role.FOCAL_POINT and not self.working_line.strip():
            errors["working_line"] = _("A focal point needs a working line.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date cannot be before the start date.")
        if not errors and self._overlaps_another():
            errors["start"] = _(
                "This person already holds this role at this institution during these dates."
            )
        if errors:
            raise ValidationError(errors)

    def _overlaps_another(self) -> bool:
        if not (self.start and self.person_id and self.institution_id and self.role):
            return False
        others = Appointment.objects.filter(
            person_id=self.person_id, institution_id=self.institution_id, role=self.role
        ).exclude(pk=self.pk)
        others = others.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        if self.end is not None:
            others = others.filter(start__lte=self.end)
        return others.exists()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MULTILATERAL = "multilateral", _("Multilateral organisation")
        DONOR = "donor", _("Donor")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        ACADEMIA = "academia", _("Academia")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        TECHNICAL_COMMUNITY = "technical_community", _("Technical community")
        GOVERNMENT_NETWORK = "government_network", _("Government network")

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="organisations", verbose_name=_("countries")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class GovernanceBody(models.Model):
    class Code(models.TextChoices):
        MEMBERS_ASSEMBLY = "members_assembly", _("Members' assembly")
        EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
        PRESIDENCY = "presidency", _("Presidency")
        TECHNICAL_SECRETARIAT = "technical_secretariat", _("Technical secretariat")

    code = models.SlugField(_("code"), max_length=40, unique=True, choices=Code.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.name


class Mandate(models.Model):
    """A seat in a governance body held by a country (or, for a secretariat, an organisation)."""

    class Seat(models.TextChoices):
        PRESIDENT = "president", _("President")
        VICE_PRESIDENT = "vice_president", _("Vice-president")
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")

    body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("governance body"),
    )
    seat = models.CharField(_("seat"), max_length=32, choices=Seat.choices, default=Seat.MEMBER)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("person"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["body__position", "-start", "seat"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="network_mandate_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(country__isnull=False, organisation__isnull=True)
                    | Q(country__isnull=True, organisation__isnull=False)
                ),
                name="network_mandate_country_xor_organisation",
                violation_error_message=_(
                    "A mandate is held either by a country or by an organisation, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} — {self.get_seat_display()}: {self.holder}"

    @property
    def holder(self) -> "Country | Organisation | None":
        return self.country or self.organisation

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})
        if (self.country_id is None) == (self.organisation_id is None):
            raise ValidationError(
                {"country": _("Choose either a country or an organisation as the holder.")}
            )
