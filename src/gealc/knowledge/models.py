"""The knowledge hub: practices to replicate, public software, common open-data sets and the
open-data maturity self-assessment.

Translated fields are registered in ``translation.py`` and change history in ``apps.py`` (after
modeltranslation, so the historical tables keep every language). Every entry keeps a
``search_text`` (lower-case, accent-free, every language) for the SQLite search and, on
PostgreSQL, a ``search_vector`` kept current by ``search.refresh_vector_on_save``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gealc.core.files import UploadValidator
from gealc.network.models import LANGUAGE_CODES, normalise_for_search

LANGUAGE_CHOICES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("en", _("English")),
    ("fr", _("French")),
]
CURRENCY_VALIDATOR = RegexValidator(
    r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 currency code, such as USD.")
)
ATTACHMENT_EXTENSIONS = (
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "csv",
    "txt",
    "png",
    "jpg",
    "jpeg",
)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def translations(instance: models.Model, field: str) -> list[str]:
    """The value of a translated field in every language (and the untranslated column)."""
    names = [field, *(f"{field}_{code}" for code in LANGUAGE_CODES)]
    return [str(getattr(instance, name, "") or "") for name in names]


def validate_string_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give a list of texts."), code="invalid")


#: A practice's attachments (new uploads read by ``gealc.core.files``).
validate_attachment = UploadValidator(allowed=ATTACHMENT_EXTENSIONS, max_bytes=ATTACHMENT_MAX_BYTES)


class Searchable(models.Model):
    """Fields every searchable entry shares."""

    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = normalise_for_search(*self.search_parts())
        super().save(*args, **kwargs)

    # What an entry is found by: these fields in every language, plus ``search_extras()``.
    translated_search_fields: ClassVar[tuple[str, ...]] = ()

    def search_extras(self) -> list[str]:
        return []

    def search_parts(self) -> list[str]:
        parts = self.search_extras()
        for field in self.translated_search_fields:
            parts += translations(self, field)
        return parts


class Tag(models.Model):
    """A working line of the network or a dimension of the index, used to classify practices."""

    class Kind(models.TextChoices):
        WORKING_LINE = "working_line", _("Working line")
        DIMENSION = "dimension", _("Dimension")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "order", "slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug"],
                name="knowledge_tag_unique_slug",
                violation_error_message=_("A tag of this kind already has this slug."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Practice(Searchable):
    """A case study another country can replicate."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("country"),
    )
    institutions = models.ManyToManyField(
        "network.Institution",
        blank=True,
        related_name="practices",
        verbose_name=_("institutions"),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="practices", verbose_name=_("working lines and dimensions")
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    problem = models.TextField(_("problem"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    results = models.TextField(_("results"), blank=True)
    replication_conditions = models.TextField(_("conditions for replicating it"), blank=True)
    cost_amount = models.DecimalField(
        _("cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[CURRENCY_VALIDATOR]
    )
    cost_notes = models.CharField(_("cost notes"), max_length=300, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    technologies = models.JSONField(
        _("technologies"), default=list, blank=True, validators=[validate_string_list]
    )
    contacts = models.ManyToManyField(
        "network.Person", blank=True, related_name="practices", verbose_name=_("contacts")
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="es"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="knowledge_practice_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.cost_amount is not None and not self.cost_currency:
            errors["cost_currency"] = _("Give the currency of the cost.")
        if errors:
            raise ValidationError(errors)

    translated_search_fields = ("title", "summary", "problem", "solution", "results")

    def search_extras(self) -> list[str]:
        return [str(technology) for technology in self.technologies or []]

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """Draft or returned: its country changes it and sends it for review."""
        return self.state in {self.State.DRAFT, self.State.RETURNED}


class PracticeTransition(models.Model):
    """Who moved a practice between states, when, and why (kept for ever)."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("practice")
    )
    from_state = models.CharField(_("from"), max_length=16, choices=Practice.State.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=Practice.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("practice transition")
        verbose_name_plural = _("practice transitions")

    def __str__(self) -> str:
        return f"{self.practice}: {self.from_state} → {self.to_state}"


class PracticeMetric(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="metrics", verbose_name=_("practice")
    )
    name = models.CharField(_("name"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("result metric")
        verbose_name_plural = _("result metrics")

    def __str__(self) -> str:
        return f"{self.name}: {self.value} {self.unit}".strip()


class PracticeLink(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to="knowledge/practices/%Y/", validators=[validate_attachment]
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Award(models.Model):
    """The network's excellence award given to a practice."""

    class Category(models.TextChoices):
        EXCELLENCE = "excellence", _("Excellence in digital government")
        INNOVATION = "innovation", _("Innovation")
        INCLUSION = "inclusion", _("Digital inclusion")
        OPEN_GOVERNMENT = "open_government", _("Open government and open data")
        COOPERATION = "cooperation", _("Regional cooperation")

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="awards", verbose_name=_("practice")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    title = models.CharField(_("title"), max_length=300)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year", "category"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "year", "category"],
                name="knowledge_award_once_per_year_and_category",
                violation_error_message=_(
                    "This practice already has this award for this year and category."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class SoftwareEntry(Searchable):
    """Public software described in the shape of publiccode.yml."""

    class DevelopmentStatus(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        DEVELOPMENT = "development", _("In development")
        BETA = "beta", _("Beta")
        STABLE = "stable", _("Stable")
        OBSOLETE = "obsolete", _("Obsolete")

    class SoftwareType(models.TextChoices):
        STANDALONE_MOBILE = "standalone/mobile", _("Stand-alone mobile application")
        STANDALONE_IOT = "standalone/iot", _("Stand-alone IoT software")
        STANDALONE_DESKTOP = "standalone/desktop", _("Stand-alone desktop application")
        STANDALONE_WEB = "standalone/web", _("Stand-alone web application")
        STANDALONE_BACKEND = "standalone/backend", _("Stand-alone back-end service")
        STANDALONE_OTHER = "standalone/other", _("Stand-alone software (other)")
        ADDON = "addon", _("Add-on")
        LIBRARY = "library", _("Library")
        CONFIGURATION = "configurationFiles", _("Configuration files")

    class MaintenanceType(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        CONTRACT = "contract", _("Contract")
        COMMUNITY = "community", _("Community")
        NONE = "none", _("None")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("repository"), max_length=500)
    landing_url = models.URLField(_("landing page"), max_length=500, blank=True)
    software_version = models.CharField(_("version"), max_length=60, blank=True)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    platforms = models.JSONField(
        _("platforms"), default=list, blank=True, validators=[validate_string_list]
    )
    categories = models.JSONField(
        _("categories"), default=list, blank=True, validators=[validate_string_list]
    )
    development_status = models.CharField(
        _("development status"), max_length=16, choices=DevelopmentStatus.choices
    )
    software_type = models.CharField(
        _("software type"), max_length=32, choices=SoftwareType.choices
    )
    licence = models.CharField(_("licence (SPDX)"), max_length=200)
    main_copyright_owner = models.CharField(_("main copyright owner"), max_length=300, blank=True)
    repo_owner = models.CharField(_("repository owner"), max_length=300, blank=True)
    short_description = models.CharField(_("short description"), max_length=150, blank=True)
    long_description = models.TextField(_("long description"), blank=True)
    features = models.TextField(_("features (one per line)"), blank=True)
    # publiccode.yml's description section as imported: language tag → block. Every language
    # is kept (the translated fields above hold only the site's four).
    descriptions = models.JSONField(_("descriptions per language"), default=dict, blank=True)
    maintenance_type = models.CharField(
        _("maintenance"), max_length=16, choices=MaintenanceType.choices
    )
    maintenance_contacts = models.JSONField(_("maintenance contacts"), default=list, blank=True)
    localisation_ready = models.BooleanField(_("ready for localisation"), default=False)
    available_languages = models.JSONField(
        _("available languages"), default=list, blank=True, validators=[validate_string_list]
    )
    is_based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regional_versions",
        verbose_name=_("based on"),
    )
    is_based_on_urls = models.JSONField(
        _("based on (repositories)"), default=list, blank=True, validators=[validate_string_list]
    )
    publiccode_yml = models.TextField(_("publiccode.yml as imported"), blank=True)
    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="software_entries",
        verbose_name=_("proposed by country"),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("software entry")
        verbose_name_plural = _("software entries")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from gealc.knowledge.publiccode import licence_problem

        problem = licence_problem(self.licence) if self.licence else None
        if problem:
            raise ValidationError({"licence": problem})
        if self.is_based_on_id and self.pk and self.is_based_on_id == self.pk:
            raise ValidationError({"is_based_on": _("An entry cannot be based on itself.")})

    translated_search_fields = ("short_description", "long_description", "features")

    def search_extras(self) -> list[str]:
        return [self.name, self.url, self.licence, *self.categories]

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def feature_list(self) -> list[str]:
        return [line.strip() for line in (self.features or "").splitlines() if line.strip()]

    def description_in(self, language: str) -> SoftwareDescription | None:
        """The description in ``language``, else the first language the file has, marked as a
        fallback; None when there is no description at all."""
        from gealc.knowledge.publiccode import description_key

        blocks = {k: v for k, v in (self.descriptions or {}).items() if isinstance(v, dict)}
        if not blocks:
            return self._description_from_fields(language)
        key = description_key(blocks, language.split("-")[0])
        fallback = key is None
        key = key or next(iter(blocks))
        return SoftwareDescription.from_block(key, blocks[key], fallback=fallback)

    @property
    def summary(self) -> str:
        """The short description in the active language, else in the file's first language
        (an Italian-only entry still says what it is in lists)."""
        description = self.reader_description
        return description.short if description else ""

    @property
    def reader_description(self) -> SoftwareDescription | None:
        """The description in the active language, or the one standing in for it (marked)."""
        from django.utils.translation import get_language

        return self.description_in(get_language() or "es")

    def _description_from_fields(self, language: str) -> SoftwareDescription | None:
        from gealc.core.l10n import shown_language

        short, long_text = self.short_description or "", self.long_description or ""
        if not (short or long_text or self.feature_list):
            return None
        # modeltranslation gives another language's text when the reader's has none.
        shown = shown_language(self, "short_description" if short else "long_description")
        fallback = shown != language.split("-")[0]
        return SoftwareDescription(shown, short, long_text, self.feature_list, fallback)


@dataclass(frozen=True)
class SoftwareDescription:
    """One language's description of a software entry, and whether it stands in for the
    reader's language (``is_fallback``)."""

    language: str
    short: str
    long: str
    features: list[str]
    is_fallback: bool

    @classmethod
    def from_block(cls, language: str, block: dict, *, fallback: bool) -> SoftwareDescription:
        features = block.get("features")
        return cls(
            language=language,
            short=str(block.get("shortDescription") or "").strip(),
            long=str(block.get("longDescription") or "").strip(),
            features=[str(f) for f in features if f] if isinstance(features, list) else [],
            is_fallback=fallback,
        )

    @property
    def language_name(self) -> str:
        """The language's name in the reader's language, as written mid-sentence ("italiano"
        in Portuguese), from the CLDR."""
        from gealc.core.l10n import language_name
        from gealc.knowledge.publiccode_standard import primary_language

        return language_name(primary_language(self.language) or self.language)


class SoftwareUsage(models.Model):
    class Relation(models.TextChoices):
        USES = "uses", _("Uses it")
        MAINTAINS = "maintains", _("Maintains it")
        ADAPTED = "adapted", _("Adapted it (regional version)")

    entry = models.ForeignKey(
        SoftwareEntry, on_delete=models.CASCADE, related_name="usages", verbose_name=_("software")
    )
    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        related_name="software_usages",
        verbose_name=_("country"),
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["country__iso3", "relation"]
        verbose_name = _("software usage")
        verbose_name_plural = _("software usages")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "country", "relation"],
                name="knowledge_software_usage_unique",
                violation_error_message=_("This country is already recorded with this relation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.relation} {self.entry}"


class OpenDataSet(Searchable):
    """A data set the open-data group agreed that every country publishes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("common open-data set")
        verbose_name_plural = _("common open-data sets")

    def __str__(self) -> str:
        return self.name

    translated_search_fields = ("name", "description")

    def search_extras(self) -> list[str]:
        return [self.slug]


class DatasetStatus(models.Model):
    """Where and how one country publishes one of the common data sets."""

    class Frequency(models.TextChoices):
        REAL_TIME = "real_time", _("Real time")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")
        IRREGULAR = "irregular", _("Irregular")
        UNKNOWN = "unknown", _("Unknown")

    dataset = models.ForeignKey(
        OpenDataSet, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("data set")
    )
    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        related_name="dataset_statuses",
        verbose_name=_("country"),
    )
    published = models.BooleanField(_("published"), default=False)
    url = models.URLField(_("address"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=60, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    update_frequency = models.CharField(
        _("update frequency"), max_length=16, choices=Frequency.choices, default=Frequency.UNKNOWN
    )
    machine_readable = models.BooleanField(_("machine-readable"), default=False)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["dataset__order", "country__name"]
        verbose_name = _("data set status")
        verbose_name_plural = _("data set statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "country"],
                name="knowledge_one_status_per_dataset_and_country",
                violation_error_message=_("This country already has a status for this data set."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset} — {self.country}"

    def clean(self) -> None:
        super().clean()
        if self.published and not self.url:
            raise ValidationError({"url": _("Give the address where the data set is published.")})


class MaturityAssessment(models.Model):
    """A country's open-data maturity self-assessment for a year."""

    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        related_name="maturity_assessments",
        verbose_name=_("country"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    answers = models.JSONField(_("answers"), default=dict)
    scores = models.JSONField(_("scores per dimension"), default=dict, editable=False)
    overall = models.FloatField(_("overall score"), default=0, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year", "country__name"]
        verbose_name = _("open-data maturity assessment")
        verbose_name_plural = _("open-data maturity assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year"],
                name="knowledge_one_assessment_per_country_and_year",
                violation_error_message=_("This country already has an assessment for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"

    def clean(self) -> None:
        super().clean()
        from gealc.knowledge.maturity import answer_problems

        problems = answer_problems(self.answers)
        if isinstance(problems, dict):
            problems = [f"{key}: {message}" for key, message in problems.items()]
        if problems:
            raise ValidationError({"answers": problems})
