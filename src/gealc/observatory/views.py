"""Observatory pages: "the network in numbers" for everyone, run pages for the secretariat.

Public pages show the latest published run. Their content (figures, SVG charts, tables) is
rendered once per published generation and language and kept in the cache: serving a page
reads one cache entry, never the scores and never the engine; a publication changes the
generation (``cache.published_generation``) so no stale page is served. The cached part
holds nothing personal (no CSRF token, no user name): the site layout around it is rendered
per request. Run pages (compute, preview, publish, correct) are never cached. Computing is a
task (``tasks.compute_run``): the compute and correct views queue the run and redirect to its
page, which polls a small status fragment (htmx, every 2 s) while it is queued or computing,
and refreshes itself without JavaScript (``<meta http-equiv="refresh">`` and a link).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache as django_cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from gealc.charts import Chart
from gealc.core.forms import add_service_errors, form_status
from gealc.core.middleware import csp_update
from gealc.core.permissions import require_permission
from gealc.observatory import cache, pages, pdf, selectors, services, tasks
from gealc.observatory.forms import (
    CompareForm,
    ComputeForm,
    CorrectionForm,
    PublishForm,
)
from gealc.observatory.http import mark_shareable
from gealc.observatory.models import IndexRun

PAGE_SECONDS = 24 * 3600  # a new publication changes the key long before this
PROGRESS_SECONDS = 2  # how often a queued or computing run's page asks for its status
PDF_QUEUE_SECONDS = 300  # a profile's PDF is asked of the workers at most this often
LAYOUT = "observatory/layout.html"
# The optional interactive chart view (vega-embed) compiles expressions with Function.
interactive_charts = csp_update(script_src=["'unsafe-eval'"])


# Cached public pages ------------------------------------------------------------------------


def shareable_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that shows only published results: its answer to an anonymous reader is
    marked for ``PublishedResponseMiddleware`` to serve every anonymous reader of the same
    address until the next publication (with an ETag of its body, for 304s)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not request.user.is_authenticated:
            if not response.has_header("ETag"):
                digest = hashlib.sha256(response.content).hexdigest()[:32]
                response["ETag"] = quote_etag(digest)
            mark_shareable(response)
        return response

    return wrapper


def _cached(parts: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """The cached value for this generation and language, built (and stored) when missing.
    A build that finds nothing (None, a 404) is not stored: junk addresses fill no cache."""
    key = cache.cache_key("page", get_language(), *parts)
    value = django_cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            django_cache.set(key, value, PAGE_SECONDS)
    return value


def _fragment(template: str, context: dict[str, Any], title: str) -> dict[str, Any]:
    return {"title": title, "html": render_to_string(template, context)}


def _page(request: HttpRequest, fragment: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, LAYOUT, fragment, status=status)


def _published() -> bool:
    """Whether anything is published (cached too: every public page would ask)."""
    latest = _cached(
        ("latest",), lambda: {"id": getattr(selectors.latest_published_run(), "pk", 0)}
    )
    return bool(latest["id"])


def _run() -> IndexRun:
    run = selectors.latest_published_run()
    if run is None:
        raise Http404(_("Nothing has been published yet."))
    return run


def _nothing_published(request: HttpRequest) -> HttpResponse:
    fragment = _fragment("observatory/empty.html", {}, _("The network in numbers"))
    return _page(request, fragment)


def region_at_a_glance() -> dict[str, Any] | None:
    """The home page's summary of the latest published index: its ``html`` and whether it
    is demo data (``is_demo``); None before the first publication. Cached like the pages."""
    if not _published():
        return None

    def build() -> dict[str, Any]:
        context = pages.at_a_glance(_run())
        html = render_to_string("observatory/includes/at_a_glance.html", context)
        return {"html": html, "is_demo": context["is_demo"]}

    glance: dict[str, Any] = _cached(("home",), build)
    return glance


@shareable_page
@require_safe
@gzip_page
@interactive_charts
def overview(request: HttpRequest) -> HttpResponse:
    if not _published():
        return _nothing_published(request)

    def build() -> dict[str, Any]:
        context = pages.overview(_run())
        return _fragment("observatory/overview.html", context, _("The network in numbers"))

    return _page(request, _cached(("overview",), build))


@shareable_page
@require_safe
@gzip_page
@interactive_charts
def country(request: HttpRequest, iso3: str) -> HttpResponse:
    return _page(request, _country_fragment(iso3))


def _country_fragment(iso3: str) -> dict[str, Any]:
    code = _code(iso3)
    if not _published():
        raise Http404

    def build() -> dict[str, Any] | None:
        try:
            context = pages.country(_run(), code)
        except ObjectDoesNotExist:
            return None
        return _fragment("observatory/country.html", context, context["country"].name)

    fragment = _cached(("country", code), build)
    if fragment is None:
        raise Http404(_("No published scores for this country."))
    return fragment


def _code(text: str) -> str:
    code = (text or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise Http404
    return code


@require_safe
def country_pdf(request: HttpRequest, iso3: str) -> HttpResponse:
    """The profile's PDF once a worker has rendered it; until then a page that says it is
    being prepared (202), asking for it once per publication, country and language."""
    fragment = _country_fragment(iso3)  # a 404 for a country without published scores
    code, language = _code(iso3), get_language()
    name = pdf.profile_pdf_name(code, language)
    queued_key = cache.cache_key("pdf-queued", code, language)
    if not default_storage.exists(name) and django_cache.add(queued_key, 1, PDF_QUEUE_SECONDS):
        address = request.build_absolute_uri().removesuffix("profile.pdf")
        tasks.render_profile_pdf.enqueue(iso3=code, language=language, address=address)
    if not default_storage.exists(name):  # the immediate backend has rendered it by now
        context = {"country": fragment["title"], "address": request.get_full_path()}
        pending = _fragment("observatory/pdf_pending.html", context, fragment["title"])
        return _page(request, pending, status=202)
    with default_storage.open(name) as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{code.lower()}-{language}.pdf"'
    return response


@require_safe
@gzip_page
@interactive_charts
def compare(request: HttpRequest) -> HttpResponse:
    if not _published():
        return _nothing_published(request)
    choices = _cached(("compare-choices",), lambda: {"list": pages.compare_choices(_run())})
    form = CompareForm(request.GET or None, choices=choices["list"])
    codes = form.codes() if form.is_bound else []
    result: dict[str, Any] | None = None
    if codes:
        result = _cached(("compare", ",".join(codes)), lambda: _compare_result(codes))
        if "errors" in result:
            add_service_errors(form, ValidationError({"countries": result["errors"]}))
            result = None
    title = _("Compare countries")
    context = {"form": form, "result": result, "title": title}
    return render(request, "observatory/compare.html", context, status=200)


def _compare_result(codes: list[str]) -> dict[str, Any]:
    try:
        context = pages.compare(_run(), codes)
    except ValidationError as error:
        return {"errors": error.message_dict.get("countries", error.messages)}
    return {"html": render_to_string("observatory/includes/compare_result.html", context)}


@shareable_page
@require_safe
@gzip_page
@interactive_charts
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    if not _published() or len(code) > 63:
        raise Http404

    def build() -> dict[str, Any] | None:
        try:
            context = pages.indicator(_run(), code)
        except ObjectDoesNotExist:
            return None
        return _fragment("observatory/indicator.html", context, context["indicator"].name)

    fragment = _cached(("indicator", code), build)
    if fragment is None:
        raise Http404(_("No such indicator in the published index."))
    return _page(request, fragment)


@shareable_page
@require_safe
@gzip_page
def methodology(request: HttpRequest) -> HttpResponse:
    if not _published():
        return _nothing_published(request)

    def build() -> dict[str, Any]:
        context = pages.methodology(_run())
        return _fragment("observatory/methodology.html", context, _("Methodology"))

    return _page(request, _cached(("methodology",), build))


@shareable_page
@require_safe
@gzip_page
def downloads_page(request: HttpRequest) -> HttpResponse:
    def build() -> dict[str, Any]:
        context = pages.downloads(request.build_absolute_uri)
        return _fragment("observatory/downloads.html", context, _("Open data downloads"))

    # The citation names the full address, so the page is kept per host.
    return _page(request, _cached(("downloads", request.get_host(), request.is_secure()), build))


@require_safe
@gzip_page
def chart_spec(
    request: HttpRequest, name: str, iso3: str | None = None, code: str | None = None
) -> HttpResponse:
    """A chart's Vega-Lite spec as JSON, for the optional interactive view and for reuse."""
    if not _published():
        raise Http404
    if iso3 is not None:
        iso3 = _code(iso3)
    if code is not None and len(code) > 63:
        raise Http404

    def build() -> dict[str, Any] | None:
        try:
            chart = _page_charts(iso3, code).get(name)
        except ObjectDoesNotExist:
            return None
        return chart.browser_spec if chart else None

    spec = _cached(("chart", name, iso3, code), build)
    if spec is None:
        raise Http404(_("No such chart."))
    return JsonResponse(spec, json_dumps_params={"ensure_ascii": False})


def _page_charts(iso3: str | None, code: str | None) -> dict[str, Chart]:
    run = _run()
    if iso3 is not None:
        context = pages.country(run, iso3)
        names = ("profile", "history", "egdi")
    elif code is not None:
        context = pages.indicator(run, code)
        names = ("distribution",)
    else:
        context = pages.overview(run)
        names = ("map", "rank", "dimension", "averages", "trend")
    return {name: context.get(f"{name}_chart") for name in names if context.get(f"{name}_chart")}


# Run pages (the secretariat) ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require_permission(request, "observatory.compute_indexrun")
    form = ComputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_compute(
                actor=request.user,
                round=form.cleaned_data["round"],
                uncertainty_runs=form.cleaned_data["uncertainty_runs"],
                seed=form.cleaned_data["seed"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _say_where_the_run_is(request, run)
            return redirect("run_detail", pk=run.pk)
    runs = selectors.runs_visible_to(request.user).select_related("created_by", "published_by")
    context = {"runs": list(runs), "form": form}
    return render(request, "observatory/run_list.html", context, status=form_status(form))


def _say_where_the_run_is(request: HttpRequest, run: IndexRun) -> None:
    """The message after asking for a computation: with a worker the run is still queued."""
    if run.is_pending:
        messages.info(
            request, _("The run is queued for computation; this page shows its progress.")
        )
    elif run.is_failed:
        messages.error(request, _("The run could not be computed; this page says why."))
    else:
        messages.success(request, _("The run was computed. Check it before publishing."))


def _visible_run(request: HttpRequest, pk: int) -> IndexRun:
    try:
        return selectors.run_get(pk, request.user)
    except IndexRun.DoesNotExist:
        raise Http404 from None


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.runs_fail_abandoned()  # a run whose worker died shows as failed, retryable
    run = _visible_run(request, pk)
    return _run_detail(request, run, PublishForm(), CorrectionForm())


@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's status as a fragment, polled by htmx every 2 s while it is queued or
    computing; once it is done, htmx is told to reload the whole page to show the result."""
    services.runs_fail_abandoned()
    run = _visible_run(request, pk)
    require_permission(request, "observatory.view_preview")
    response = render(request, "observatory/includes/run_progress.html", _progress(run))
    if not run.is_pending:
        response["HX-Refresh"] = "true"
    return response


def _progress(run: IndexRun) -> dict[str, Any]:
    return {"run": run, "refresh_seconds": PROGRESS_SECONDS}


def _run_detail(
    request: HttpRequest, run: IndexRun, publish_form: PublishForm, correct_form: CorrectionForm
) -> HttpResponse:
    user = request.user
    context = {
        **(pages.run_detail(run) if run.is_computed else pages.run_context(run)),
        **_progress(run),
        "computed": run.is_computed,
        "publish_form": publish_form,
        "correct_form": correct_form,
        "can_publish": rules.test_rule("observatory.publish_indexrun_now", user, run),
        "can_correct": rules.test_rule("observatory.correct_indexrun_now", user, run),
        "can_retry": rules.test_rule("observatory.retry_indexrun_now", user, run),
        "can_discard": rules.test_rule("observatory.discard_indexrun_now", user, run),
    }
    status = 400 if publish_form.errors or correct_form.errors else 200
    return render(request, "observatory/run_detail.html", context, status=status)


@require_POST
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    require_permission(request, "observatory.compute_indexrun", run.round)
    try:
        run = services.run_retry(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _say_where_the_run_is(request, run)
    return redirect("run_detail", pk=run.pk)


@require_POST
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    require_permission(request, "observatory.discard_indexrun", run)
    try:
        services.run_discard(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("run_detail", pk=run.pk)
    messages.success(request, _("The run was discarded."))
    return redirect("run_list")


@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    require_permission(request, "observatory.publish_indexrun", run)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.run_publish(actor=request.user, run=run)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The run is published."))
            return redirect("run_detail", pk=run.pk)
    return _run_detail(request, run, form, CorrectionForm())


@require_POST
def run_correct(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    require_permission(request, "observatory.correct_indexrun", run)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = services.run_correct(
                actor=request.user,
                run=run,
                changelog=form.cleaned_data["changelog"],
                uncertainty_runs=form.cleaned_data["uncertainty_runs"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _say_where_the_run_is(request, correction)
            return redirect(reverse("run_detail", kwargs={"pk": correction.pk}))
    return _run_detail(request, run, PublishForm(), form)
