"""Every change to the knowledge hub goes through these functions.

Each one checks the actor's permission (``PermissionDenied``), validates the whole object and
the database constraints (``ValidationError`` naming the field) and runs in one transaction,
so a refused or invalid call changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gealc.core.results import Saved
from gealc.core.services import apply_changes, authorise, save_validated, translated_fields
from gealc.core.types import AnyUser
from gealc.knowledge import maturity, publiccode
from gealc.knowledge import rules as knowledge_rules
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    PracticeAttachment,
    PracticeLink,
    PracticeMetric,
    PracticeTransition,
    SoftwareEntry,
    SoftwareUsage,
    Tag,
)
from gealc.network import selectors as network_selectors
from gealc.network.models import LANGUAGE_CODES, Country, Institution, Person

PRACTICE_FIELDS = translated_fields(
    "title", "summary", "problem", "solution", "results", "replication_conditions"
) | {
    "cost_amount",
    "cost_currency",
    "cost_notes",
    "start_date",
    "end_date",
    "technologies",
    "original_language",
}
DATASET_STATUS_FIELDS = frozenset(
    {
        "published",
        "url",
        "format",
        "licence",
        "update_frequency",
        "machine_readable",
        "last_checked",
        "notes",
    }
)
OPEN_DATASET_FIELDS = translated_fields("name", "description") | {"order", "active"}
TAG_FIELDS = translated_fields("name") | {"kind", "slug", "order"}


def unique_slug(model: type[models.Model], text: str, exclude_pk: int | None = None) -> str:
    """A slug from the text, numbered if taken (``firma-digital``, ``firma-digital-2`` …)."""
    base = slugify(text)[:100] or "entry"
    slug, number = base, 1
    others = model._default_manager.exclude(pk=exclude_pk)  # type: ignore[attr-defined]
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# Tags -------------------------------------------------------------------------------------


@transaction.atomic
def tag_create(
    *, actor: AnyUser, kind: str, slug: str, names: Mapping[str, str], order: int = 0
) -> Tag:
    authorise(actor, "knowledge.add_opendataset")
    tag = Tag(kind=kind, slug=slug, order=order)
    for code, name in names.items():
        setattr(tag, f"name_{code}", name)
    return save_validated(tag, actor)


@transaction.atomic
def tag_update(*, actor: AnyUser, tag: Tag, data: Mapping[str, Any]) -> Tag:
    authorise(actor, "knowledge.add_opendataset")
    return save_validated(apply_changes(tag, data, TAG_FIELDS), actor)


# Practices --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricInput:
    name: str
    value: Any
    unit: str = ""
    year: int | None = None


@dataclass(frozen=True)
class LinkInput:
    title: str
    url: str


def _check_country_of(items: Iterable[Institution | Person], country: Country, field: str) -> None:
    for item in items:
        if isinstance(item, Institution) and item.country_id != country.pk:
            raise ValidationError(
                {
                    field: _("%(name)s is not an institution of %(country)s.")
                    % {"name": item, "country": country}
                }
            )


def _set_relations(
    practice: Practice,
    *,
    tags: Iterable[Tag] | None,
    institutions: Iterable[Institution] | None,
    contacts: Iterable[Person] | None,
    metrics: Sequence[MetricInput] | None,
    links: Sequence[LinkInput] | None,
) -> None:
    if institutions is not None:
        institutions = list(institutions)
        _check_country_of(institutions, practice.country, "institutions")
        practice.institutions.set(institutions)
    if tags is not None:
        practice.tags.set(list(tags))
    if contacts is not None:
        practice.contacts.set(list(contacts))
    if metrics is not None:
        _replace_children(
            practice,
            PracticeMetric,
            "metrics",
            [
                PracticeMetric(
                    practice=practice, name=m.name, value=m.value, unit=m.unit, year=m.year
                )
                for m in metrics
            ],
        )
    if links is not None:
        _replace_children(
            practice,
            PracticeLink,
            "links",
            [PracticeLink(practice=practice, title=link.title, url=link.url) for link in links],
        )


def _replace_children(
    practice: Practice, model: type[models.Model], field: str, children: list[Any]
) -> None:
    errors: dict[str, list[str]] = {}
    for index, child in enumerate(children):
        try:
            child.full_clean(exclude=["practice"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"{field}[{index}].{name}"] = messages
    if errors:
        raise ValidationError(errors)
    model._default_manager.filter(practice=practice).delete()  # type: ignore[attr-defined]
    for child in children:
        child.save()


def _record(practice: Practice, actor: AnyUser, to_state: str, reason: str = "") -> None:
    PracticeTransition.objects.create(
        practice=practice,
        from_state=practice.state,
        to_state=to_state,
        actor=actor if actor.is_authenticated else None,
        reason=reason,
    )
    practice.state = to_state


@transaction.atomic
def practice_propose(
    *,
    actor: AnyUser,
    country: Country,
    data: Mapping[str, Any],
    tags: Iterable[Tag] = (),
    institutions: Iterable[Institution] = (),
    contacts: Iterable[Person] = (),
    metrics: Sequence[MetricInput] = (),
    links: Sequence[LinkInput] = (),
    is_demo: bool = False,
) -> Practice:
    """A new practice of the country, as a draft its members can complete."""
    authorise(actor, "knowledge.add_practice", country)
    practice = apply_changes(Practice(country=country, is_demo=is_demo), data, PRACTICE_FIELDS)
    title = (
        data.get("title")
        or data.get(f"title_{practice.original_language}")
        or next((data[f"title_{c}"] for c in LANGUAGE_CODES if data.get(f"title_{c}")), "")
    )
    if not title:
        raise ValidationError({"title": _("Give the practice a title.")})
    practice.slug = unique_slug(Practice, title)
    practice.created_by = actor if actor.is_authenticated else None
    save_validated(practice, actor)
    _set_relations(
        practice,
        tags=tags,
        institutions=institutions,
        contacts=contacts,
        metrics=metrics,
        links=links,
    )
    return practice


@transaction.atomic
def practice_update(
    *,
    actor: AnyUser,
    practice: Practice,
    data: Mapping[str, Any],
    tags: Iterable[Tag] | None = None,
    institutions: Iterable[Institution] | None = None,
    contacts: Iterable[Person] | None = None,
    metrics: Sequence[MetricInput] | None = None,
    links: Sequence[LinkInput] | None = None,
) -> Practice:
    authorise(actor, "knowledge.change_practice", practice)
    save_validated(apply_changes(practice, data, PRACTICE_FIELDS), actor)
    _set_relations(
        practice,
        tags=tags,
        institutions=institutions,
        contacts=contacts,
        metrics=metrics,
        links=links,
    )
    return practice


@transaction.atomic
def practice_attachment_add(
    *, actor: AnyUser, practice: Practice, title: str, file: File
) -> PracticeAttachment:
    authorise(actor, "knowledge.change_practice", practice)
    attachment = PracticeAttachment(practice=practice, title=title, file=file)
    return save_validated(attachment, actor)


def _transition(
    actor: AnyUser,
    practice: Practice,
    permission: str,
    allowed_from: set[str],
    to_state: str,
    reason: str = "",
) -> Practice:
    authorise(actor, permission, practice)
    if practice.state not in allowed_from:
        raise ValidationError(
            {
                "state": _("A practice that is “%(state)s” cannot move to “%(target)s”.")
                % {
                    "state": practice.get_state_display(),
                    "target": Practice.State(to_state).label,
                }
            }
        )
    _record(practice, actor, to_state, reason)
    if to_state == Practice.State.PUBLISHED:
        practice.published_at = timezone.now()
    return save_validated(practice, actor)


@transaction.atomic
def practice_submit_for_review(*, actor: AnyUser, practice: Practice) -> Practice:
    return _transition(
        actor,
        practice,
        "knowledge.submit_practice",
        {Practice.State.DRAFT, Practice.State.RETURNED},
        Practice.State.IN_REVIEW,
    )


@transaction.atomic
def practice_publish(*, actor: AnyUser, practice: Practice, reason: str = "") -> Practice:
    """The secretariat publishes a practice it reviewed (or its own draft)."""
    return _transition(
        actor,
        practice,
        "knowledge.review_practice",
        {Practice.State.IN_REVIEW, Practice.State.DRAFT},
        Practice.State.PUBLISHED,
        reason,
    )


@transaction.atomic
def practice_return(*, actor: AnyUser, practice: Practice, reason: str) -> Practice:
    if not (reason or "").strip():
        authorise(actor, "knowledge.review_practice", practice)
        raise ValidationError({"reason": _("Say what the country should change.")})
    return _transition(
        actor,
        practice,
        "knowledge.review_practice",
        {Practice.State.IN_REVIEW, Practice.State.PUBLISHED},
        Practice.State.RETURNED,
        reason,
    )


@transaction.atomic
def award_grant(
    *,
    actor: AnyUser,
    practice: Practice,
    year: int,
    category: str,
    titles: Mapping[str, str],
    is_demo: bool = False,
) -> Award:
    authorise(actor, "knowledge.add_award", practice)
    if not knowledge_rules.is_published.test(actor, practice):
        raise ValidationError({"practice": _("Only a published practice can be awarded.")})
    award = Award(practice=practice, year=year, category=category, is_demo=is_demo)
    for code, title in titles.items():
        setattr(award, f"title_{code}", title)
    return save_validated(award, actor)


# Public software --------------------------------------------------------------------------


def _match_based_on(entry: SoftwareEntry, urls: list[str]) -> None:
    if not urls:
        entry.is_based_on = None
        return
    normalised = {url.rstrip("/").removesuffix(".git") for url in urls}
    for candidate in SoftwareEntry.objects.exclude(pk=entry.pk).only("pk", "url"):
        if candidate.url.rstrip("/").removesuffix(".git") in normalised:
            entry.is_based_on = candidate
            return
    entry.is_based_on = None


@transaction.atomic
def software_import_publiccode(
    *, actor: AnyUser, text: str | bytes, country: Country | None = None, is_demo: bool = False
) -> Saved[SoftwareEntry]:
    """Create or update (same repository address) an entry from a publiccode.yml file; says
    which it did.

    All or nothing: ``publiccode.PubliccodeError`` lists every problem with its key path.
    A member imports for their own country; the entry stays a draft until the secretariat
    publishes it.
    """
    authorise(actor, "knowledge.import_software")
    if country is None:
        country = network_selectors.countries_of_user(actor).first()
    if country is not None:
        authorise(actor, "knowledge.set_software_usage", country)
    parsed = publiccode.parse(text)
    entry = SoftwareEntry.objects.filter(url=parsed.fields["url"]).first()
    if entry is not None:
        authorise(actor, "knowledge.change_softwareentry", entry)
    else:
        entry = SoftwareEntry(
            country=country, is_demo=is_demo, created_by=actor if actor.is_authenticated else None
        )
        entry.slug = unique_slug(SoftwareEntry, parsed.fields["name"])
    for name, value in parsed.fields.items():
        setattr(entry, name, value)
    entry.is_based_on_urls = parsed.is_based_on_urls
    entry.publiccode_yml = text.decode("utf-8-sig") if isinstance(text, bytes) else text
    _match_based_on(entry, parsed.is_based_on_urls)
    created = entry.pk is None
    return Saved(save_validated(entry, actor), created=created)


def software_export_publiccode(*, entry: SoftwareEntry) -> str:
    return publiccode.export(entry)


@transaction.atomic
def software_publish(*, actor: AnyUser, entry: SoftwareEntry) -> SoftwareEntry:
    authorise(actor, "knowledge.publish_software", entry)
    entry.state = SoftwareEntry.State.PUBLISHED
    return save_validated(entry, actor)


@transaction.atomic
def software_usage_set(
    *,
    actor: AnyUser,
    entry: SoftwareEntry,
    country: Country,
    relation: str,
    present: bool = True,
    since: datetime.date | None = None,
    is_demo: bool = False,
) -> SoftwareUsage | None:
    """Record (or with ``present=False`` remove) that a country uses, maintains or adapted
    the software. Members speak for their own country only."""
    authorise(actor, "knowledge.set_software_usage", country)
    if relation not in SoftwareUsage.Relation.values:
        raise ValidationError({"relation": _("Choose uses, maintains or adapted.")})
    existing = SoftwareUsage.objects.filter(entry=entry, country=country, relation=relation)
    if not present:
        existing.delete()
        return None
    usage = existing.first() or SoftwareUsage(
        entry=entry, country=country, relation=relation, is_demo=is_demo
    )
    usage.since = since or usage.since
    return save_validated(usage, actor)


# Open data --------------------------------------------------------------------------------


@transaction.atomic
def dataset_create(
    *,
    actor: AnyUser,
    slug: str,
    names: Mapping[str, str],
    descriptions: Mapping[str, str] | None = None,
    order: int = 0,
    is_demo: bool = False,
) -> OpenDataSet:
    authorise(actor, "knowledge.add_opendataset")
    dataset = OpenDataSet(slug=slug, order=order, is_demo=is_demo)
    for code, name in names.items():
        setattr(dataset, f"name_{code}", name)
    for code, text in (descriptions or {}).items():
        setattr(dataset, f"description_{code}", text)
    return save_validated(dataset, actor)


@transaction.atomic
def dataset_update(*, actor: AnyUser, dataset: OpenDataSet, data: Mapping[str, Any]) -> OpenDataSet:
    authorise(actor, "knowledge.change_opendataset", dataset)
    return save_validated(apply_changes(dataset, data, OPEN_DATASET_FIELDS), actor)


@transaction.atomic
def dataset_status_update(
    *,
    actor: AnyUser,
    dataset: OpenDataSet,
    country: Country,
    data: Mapping[str, Any],
    is_demo: bool = False,
) -> DatasetStatus:
    """Where and how the country publishes the data set (created on first update)."""
    authorise(actor, "knowledge.change_datasetstatus", country)
    status = DatasetStatus.objects.filter(dataset=dataset, country=country).first()
    if status is None:
        status = DatasetStatus(dataset=dataset, country=country, is_demo=is_demo)
    return save_validated(apply_changes(status, data, DATASET_STATUS_FIELDS), actor)


# Maturity self-assessment -----------------------------------------------------------------


@dataclass(frozen=True)
class MaturityResult:
    assessment: MaturityAssessment
    scores: dict[str, float]
    overall: float
    recommendations: dict[str, str]


def maturity_result(assessment: MaturityAssessment, language: str | None = None) -> MaturityResult:
    scores = {key: float(value) for key, value in assessment.scores.items()}
    return MaturityResult(
        assessment=assessment,
        scores=scores,
        overall=assessment.overall,
        recommendations={
            key: maturity.recommendation(key, value, language) for key, value in scores.items()
        },
    )


@transaction.atomic
def maturity_submit(
    *,
    actor: AnyUser,
    country: Country,
    answers: Mapping[str, Any],
    year: int | None = None,
    is_demo: bool = False,
) -> MaturityResult:
    """Save the country's answers for the year (replacing earlier ones) and score them."""
    authorise(actor, "knowledge.submit_maturity", country)
    answers = dict(answers)
    problems = maturity.answer_problems(answers)
    if problems:
        if isinstance(problems, list):
            raise ValidationError({"answers": problems})
        raise ValidationError({f"answers.{key}": message for key, message in problems.items()})
    answers = {key: int(value) for key, value in answers.items()}
    year = year or timezone.localdate().year
    assessment = MaturityAssessment.objects.filter(country=country, year=year).first()
    assessment = assessment or MaturityAssessment(country=country, year=year, is_demo=is_demo)
    assessment.answers = answers
    assessment.scores = maturity.scores(answers)
    assessment.overall = maturity.overall(assessment.scores)
    assessment.submitted_by = actor if actor.is_authenticated else None
    save_validated(assessment, actor)
    return maturity_result(assessment)
