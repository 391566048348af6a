"""Pages of the knowledge hub: practices, public software, open data, maturity and search.

Views parse the request, check permissions with ``rules`` (``user.has_perm``; what a page
offers now, with ``rules.test_rule``), call the selectors and services and render; every
change goes through ``gealc.knowledge.services``.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gealc.core import records
from gealc.core.forms import add_service_errors, form_status
from gealc.core.permissions import require_permission
from gealc.knowledge import charts, forms, maturity, selectors, services
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.knowledge.publiccode import PubliccodeError
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Country

PAGE_SIZE = 20
LANGUAGE_CODES = ("es", "pt", "en", "fr")


def _page(request: HttpRequest, items: QuerySet) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Practices --------------------------------------------------------------------------------


@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    form = forms.PracticeFilterForm(request.GET, options=selectors.practice_filter_options())
    filters = forms.filters_of(form)
    practices = (
        selectors.practice_list(filters, request.user)
        if filters is not None
        else Practice.objects.none()
    )
    counts = selectors.practice_map_counts(request.user)
    countries = Country.objects.filter(iso3__in=counts).order_by("name")
    per_country = [(country, counts[country.iso3]) for country in countries]
    context = {
        "form": form,
        "page_obj": _page(request, practices),
        "query_string": _query_without_page(request),
        "filtered": bool(filters),
        "per_country": per_country,
        "map": charts.practice_map(per_country),
        "can_propose": _proposable_countries(request).exists(),
    }
    return render(request, "knowledge/practice_list.html", context)


def _proposable_countries(request: HttpRequest) -> QuerySet[Country]:
    return _countries_for(request, "knowledge.add_practice")


def _countries_for(request: HttpRequest, permission: str) -> QuerySet[Country]:
    """Countries the viewer acts for with the permission: every one for the secretariat,
    otherwise those of their own that the rule allows."""
    if network_rules.runs_the_network(request.user):
        return network_selectors.country_list()
    own = network_selectors.countries_of_user(request.user)
    allowed = [c.pk for c in own if request.user.has_perm(permission, c)]
    return Country.objects.filter(pk__in=allowed).order_by("name")


def _status_editable_ids(request: HttpRequest) -> set[int]:
    """Countries whose open-data status the viewer may edit (asked per own country only:
    a member acts for their own country, the secretariat for all)."""
    user = request.user
    if network_rules.runs_the_network(user):
        return set(Country.objects.values_list("pk", flat=True))
    return {
        c.pk
        for c in network_selectors.countries_of_user(user)
        if user.has_perm("knowledge.change_datasetstatus", c)
    }


@require_GET
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_get_visible(slug, request.user)
    return render(request, "knowledge/practice_detail.html", _detail_context(request, practice))


@require_GET
def practice_attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A practice's attachment, for those who may see the practice (never from the media URL:
    a draft's documents are as private as the draft). Always a download of a declared type,
    so an uploaded file is never rendered as a page of the site."""
    attachment = selectors.practice_attachment_get_visible(slug, pk, request.user)
    return records.file_download(attachment.file)


def _detail_context(
    request: HttpRequest, practice: Practice, award_form: Any = None
) -> dict[str, Any]:
    user = request.user
    return {
        "practice": practice,
        "contacts": selectors.practice_contacts_visible(practice, user),
        "show_contacts": user.has_perm("network.view_contacts"),
        "can_edit": user.has_perm("knowledge.change_practice", practice),
        "can_submit": user.has_perm("knowledge.submit_practice", practice),
        "can_review": user.has_perm("knowledge.review_practice", practice),
        "can_award": rules.test_rule("knowledge.add_award_now", user, practice),
        "award_form": award_form or forms.AwardForm(),
        "translations": [code for code in LANGUAGE_CODES if getattr(practice, f"title_{code}", "")],
    }


def _edit_language(request: HttpRequest, practice: Practice | None) -> str:
    asked = request.GET.get("language") or request.POST.get("language")
    if asked in LANGUAGE_CODES:
        return str(asked)
    if practice is not None:
        return practice.original_language
    return (get_language() or "es")[:2]


def _practice_forms(
    request: HttpRequest,
    practice: Practice | None,
    countries: QuerySet[Country],
    language: str,
) -> tuple[forms.PracticeForm, Any, Any]:
    people = network_selectors.country_people(practice.country) if practice else None
    if request.method == "POST":
        data, files = request.POST, request.FILES
        return (
            forms.PracticeForm(data, files, language=language, countries=countries, people=people),
            forms.MetricFormSet(data, prefix="metrics"),
            forms.LinkFormSet(data, prefix="links"),
        )
    initial = forms.PracticeForm.initial_for(practice, language) if practice else {}
    if not practice:
        initial["original_language"] = language
    return (
        forms.PracticeForm(initial=initial, language=language, countries=countries, people=people),
        forms.MetricFormSet(
            prefix="metrics",
            initial=forms.metric_initial(practice.metrics.all()) if practice else None,
        ),
        forms.LinkFormSet(
            prefix="links",
            initial=[{"title": k.title, "url": k.url} for k in practice.links.all()]
            if practice
            else None,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_propose(request: HttpRequest) -> HttpResponse:
    countries = _proposable_countries(request)
    if not countries.exists():
        raise PermissionDenied
    language = _edit_language(request, None)
    form, metrics, links = _practice_forms(request, None, countries, language)
    if request.method == "POST" and _all_valid(form, metrics, links):
        try:
            with transaction.atomic():  # an attachment refused leaves no practice behind
                practice = services.practice_propose(
                    actor=request.user,
                    country=form.cleaned_data["country"],
                    data=form.data_for_service(),
                    metrics=forms.rows_of(metrics),
                    links=forms.rows_of(links),
                    **form.relations(),
                )
                _add_attachment(request, practice, form)
        except ValidationError as error:
            forms.add_practice_errors(form, metrics, links, error)
        else:
            messages.success(request, _("The practice was saved as a draft."))
            return redirect("practice_detail", slug=practice.slug)
    context = _form_context(None, form, metrics, links, language)
    status = form_status(form, metrics, links)
    return render(request, "knowledge/practice_form.html", context, status=status)


def _all_valid(*items: Any) -> bool:
    # Every form is validated (no short cut), so that each shows its own errors.
    results = [item.is_valid() for item in items]
    return all(results)


def _add_attachment(request: HttpRequest, practice: Practice, form: forms.PracticeForm) -> None:
    upload = form.cleaned_data.get("attachment_file")
    if upload is None:
        return
    title = form.cleaned_data.get("attachment_title") or upload.name
    try:
        services.practice_attachment_add(
            actor=request.user, practice=practice, title=title, file=upload
        )
    except ValidationError as error:
        # The service names the model's field; on this form it is the attachment field.
        raise ValidationError({"attachment_file": error.messages}) from error


def _form_context(
    practice: Practice | None, form: Any, metrics: Any, links: Any, language: str
) -> dict[str, Any]:
    return {
        "practice": practice,
        "form": form,
        "metrics": metrics,
        "links": links,
        "language": language,
        "language_name": dict(forms.LANGUAGE_CHOICES).get(language, language),
        "languages": forms.LANGUAGE_CHOICES,
    }


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_get_visible(slug, request.user)
    require_permission(request, "knowledge.change_practice", practice)
    language = _edit_language(request, practice)
    countries = Country.objects.filter(pk=practice.country_id)
    form, metrics, links = _practice_forms(request, practice, countries, language)
    if request.method == "POST" and _all_valid(form, metrics, links):
        try:
            _save_practice(request, practice, form, metrics, links)
        except ValidationError as error:
            forms.add_practice_errors(form, metrics, links, error)
        else:
            return redirect("practice_detail", slug=practice.slug)
    context = _form_context(practice, form, metrics, links, language)
    status = form_status(form, metrics, links)
    return render(request, "knowledge/practice_form.html", context, status=status)


def _save_practice(
    request: HttpRequest, practice: Practice, form: Any, metrics: Any, links: Any
) -> None:
    """Save the edit and, when asked, send the practice for review — both or neither."""
    with transaction.atomic():
        services.practice_update(
            actor=request.user,
            practice=practice,
            data=form.data_for_service(),
            metrics=forms.rows_of(metrics),
            links=forms.rows_of(links),
            **form.relations(),
        )
        _add_attachment(request, practice, form)
        if "submit_for_review" in request.POST:
            services.practice_submit_for_review(actor=request.user, practice=practice)
            messages.success(request, _("The practice was sent to the secretariat for review."))
        else:
            messages.success(request, _("The practice was saved."))


@login_required
@require_http_methods(["GET", "POST"])
def practice_review(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat publishes a practice or returns it to the country with a reason."""
    practice = selectors.practice_get_visible(slug, request.user)
    require_permission(request, "knowledge.review_practice", practice)
    form = forms.ReviewForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == forms.ReviewForm.PUBLISH:
                services.practice_publish(actor=request.user, practice=practice, reason=reason)
                messages.success(request, _("The practice is published."))
            else:
                services.practice_return(actor=request.user, practice=practice, reason=reason)
                messages.success(request, _("The practice was returned to the country."))
        except ValidationError as error:
            practice.refresh_from_db()
            add_service_errors(form, error)
        else:
            return redirect("practice_detail", slug=practice.slug)
    context = {"practice": practice, "form": form}
    return render(request, "knowledge/practice_review.html", context, status=form_status(form))


@login_required
@require_POST
def practice_award(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat grants the network's award to a published practice."""
    practice = selectors.practice_get_visible(slug, request.user)
    require_permission(request, "knowledge.add_award", practice)
    form = forms.AwardForm(request.POST)
    if form.is_valid():
        try:
            services.award_grant(
                actor=request.user,
                practice=practice,
                year=form.cleaned_data["year"],
                category=form.cleaned_data["category"],
                titles=form.titles(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The award was granted."))
            return redirect("practice_detail", slug=practice.slug)
    context = _detail_context(request, practice, award_form=form)
    return render(request, "knowledge/practice_detail.html", context, status=400)


# Software ---------------------------------------------------------------------------------


@require_GET
def software_list(request: HttpRequest) -> HttpResponse:
    form = forms.SoftwareFilterForm(request.GET, options=selectors.software_filter_options())
    filters = forms.filters_of(form)
    entries = selectors.software_list(filters, request.user) if filters is not None else None
    context = {
        "form": form,
        "page_obj": _page(request, entries if entries is not None else _no_software()),
        "query_string": _query_without_page(request),
        "filtered": bool(filters),
        "can_import": request.user.has_perm("knowledge.import_software"),
    }
    return render(request, "knowledge/software_list.html", context)


def _no_software() -> QuerySet:
    return SoftwareEntry.objects.none()


@require_GET
def software_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entry = selectors.software_get_visible(slug, request.user)
    return render(request, "knowledge/software_detail.html", _software_context(request, entry))


def _software_context(
    request: HttpRequest, entry: SoftwareEntry, publish_form: Any = None, usage_form: Any = None
) -> dict[str, Any]:
    user = request.user
    usages: dict[str, list[Country]] = {}
    for usage in entry.usages.all():
        usages.setdefault(usage.get_relation_display(), []).append(usage.country)
    usage_countries = _countries_for(request, "knowledge.set_software_usage")
    if usage_form is None and usage_countries.exists():
        usage_form = forms.SoftwareUsageForm(countries=usage_countries)
    return {
        "entry": entry,
        # The reader's language, or the file's first language marked as a fallback.
        "description": entry.description_in(get_language() or "es"),
        "usages": usages,
        "regional_versions": [
            version
            for version in entry.regional_versions.all()
            if user.has_perm("knowledge.view_softwareentry", version)
        ],
        "can_publish": rules.test_rule("knowledge.publish_software_now", user, entry),
        "publish_form": publish_form or forms.SoftwarePublishForm(),
        "usage_form": usage_form,
    }


def _software_page_with_errors(
    request: HttpRequest, entry: SoftwareEntry, **forms_with_errors: Any
) -> HttpResponse:
    context = _software_context(request, entry, **forms_with_errors)
    return render(request, "knowledge/software_detail.html", context, status=400)


@login_required
@require_POST
def software_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat puts an entry into the public catalogue, once it has checked it."""
    entry = selectors.software_get_visible(slug, request.user)
    require_permission(request, "knowledge.publish_software", entry)
    form = forms.SoftwarePublishForm(request.POST)
    if form.is_valid():
        try:
            services.software_publish(actor=request.user, entry=entry)
        except ValidationError as error:
            entry.refresh_from_db()  # the service set the state before the check refused it
            add_service_errors(form, error)
        else:
            messages.success(request, _("The software entry is published."))
            return redirect("software_detail", slug=entry.slug)
    return _software_page_with_errors(request, entry, publish_form=form)


@login_required
@require_POST
def software_usage(request: HttpRequest, slug: str) -> HttpResponse:
    """A country member records (or removes) their country's use of the software; the
    secretariat does it for any country."""
    entry = selectors.software_get_visible(slug, request.user)
    countries = _countries_for(request, "knowledge.set_software_usage")
    if not countries.exists():
        raise PermissionDenied
    form = forms.SoftwareUsageForm(request.POST, countries=countries)
    if form.is_valid():
        country = form.cleaned_data["country"]
        require_permission(request, "knowledge.set_software_usage", country)
        try:
            services.software_usage_set(
                actor=request.user,
                entry=entry,
                country=country,
                relation=form.cleaned_data["relation"],
                present=not form.cleaned_data["remove"],
                since=form.cleaned_data["since"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = _("The record of %(country)s was updated.") % {"country": country.name}
            messages.success(request, done)
            return redirect("software_detail", slug=entry.slug)
    return _software_page_with_errors(request, entry, usage_form=form)


@require_GET
def software_publiccode(request: HttpRequest, slug: str) -> HttpResponse:
    entry = selectors.software_get_visible(slug, request.user)
    text = services.software_export_publiccode(entry=entry)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="publiccode.yml"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def software_import(request: HttpRequest) -> HttpResponse:
    """Import a publiccode.yml file; every problem is listed with its key, nothing is kept."""
    require_permission(request, "knowledge.import_software")
    form = forms.PubliccodeImportForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    problems: list[Any] = []
    if form.is_valid():
        try:
            entry = services.software_import_publiccode(
                actor=request.user, text=form.cleaned_data["publiccode"]
            ).instance
        except PubliccodeError as error:
            problems = error.problems
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The software was imported as a draft."))
            return redirect("software_detail", slug=entry.slug)
    status = 400 if problems else 200
    return render(
        request,
        "knowledge/software_import.html",
        {"form": form, "problems": problems},
        status=status,
    )


# Open data --------------------------------------------------------------------------------


@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    matrix = selectors.dataset_matrix()
    context = {
        "matrix": matrix,
        "per_dataset": list(zip(matrix.datasets, matrix.published_per_dataset(), strict=True)),
        "editable": _status_editable_ids(request),
    }
    return render(request, "knowledge/dataset_list.html", context)


@require_GET
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = selectors.dataset_get(slug)
    statuses = {s.country_id: s for s in selectors.dataset_statuses(dataset)}
    editable = _status_editable_ids(request)
    rows = [
        (country, statuses.get(country.pk), country.pk in editable)
        for country in network_selectors.country_list()
    ]
    return render(request, "knowledge/dataset_detail.html", {"dataset": dataset, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def dataset_status_edit(request: HttpRequest, slug: str, iso3: str) -> HttpResponse:
    dataset = selectors.dataset_get(slug)
    country = network_selectors.country_get(iso3)
    require_permission(request, "knowledge.change_datasetstatus", country)
    status = selectors.dataset_status_get(dataset, country)
    if request.method == "POST":
        form = forms.DatasetStatusForm(request.POST)
        if form.is_valid():
            try:
                services.dataset_status_update(
                    actor=request.user, dataset=dataset, country=country, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The status was saved."))
                return redirect("dataset_detail", slug=dataset.slug)
    else:
        form = forms.DatasetStatusForm(initial=forms.DatasetStatusForm.initial_for(status))
    context = {"dataset": dataset, "country": country, "form": form}
    return render(request, "knowledge/dataset_status_edit.html", context, status=form_status(form))


# Maturity ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def maturity_assessment(request: HttpRequest, iso3: str) -> HttpResponse:
    """A country's latest results for anyone; the questionnaire for its own members."""
    country = network_selectors.country_get(iso3)
    can_submit = request.user.has_perm("knowledge.submit_maturity", country)
    latest = selectors.maturity_latest(country)
    if request.method == "POST" and not can_submit:
        raise PermissionDenied
    form = None
    if can_submit:
        initial = dict(latest.answers) if latest else {}
        form = forms.MaturityForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
    if form is not None and form.is_valid():
        try:
            services.maturity_submit(actor=request.user, country=country, answers=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The self-assessment was saved."))
            return redirect("maturity_assessment", iso3=country.iso3.lower())
    result = services.maturity_result(latest) if latest else None
    context = {
        "country": country,
        "form": form,
        "result": result,
        "dimensions": [
            (
                maturity.dimension_name(key),
                result.scores.get(key, 0),
                result.recommendations.get(key, ""),
            )
            for key in maturity.DIMENSIONS
        ]
        if result
        else [],
    }
    return render(request, "knowledge/maturity_assessment.html", context, status=form_status(form))


@require_GET
def maturity_comparison(request: HttpRequest) -> HttpResponse:
    comparison = selectors.maturity_comparison()
    context = {
        "comparison": comparison,
        "chart": charts.maturity_chart(comparison),
        "rows": [
            (row, [row.scores.get(key, 0) for key, _name in comparison.dimensions])
            for row in comparison.rows
        ],
        "mean": [comparison.regional_mean.get(key, 0) for key, _name in comparison.dimensions],
        "own_countries": network_selectors.countries_of_user(request.user),
    }
    return render(request, "knowledge/maturity_comparison.html", context)


# Search -----------------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET)
    query, kind = form.query()
    results = selectors.search(query, kind, request.user, get_language())
    facets = results.facet_list()
    suggested = (
        selectors.search(results.suggestion, "", request.user, get_language())
        if results.suggestion
        else None
    )
    context = {
        "form": form,
        "query": query,
        "kind": results.kind,
        "results": results,
        "facets": facets,
        "suggestion_total": suggested.total if suggested else 0,
    }
    return render(request, "knowledge/search.html", context)
