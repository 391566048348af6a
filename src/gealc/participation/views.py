"""Pages of participation: consultations and their questions, answering and editing, the
threads, reports, the summary (page, PDF, open data), the stakeholder's registration and
profile, organisations, and the secretariat's review.

Views parse the request, check permissions with ``rules``, call the selectors and services
and render; every change goes through ``gealc.participation.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gealc.core.forms import add_service_errors, form_status
from gealc.core.pdf import render_pdf
from gealc.core.permissions import require_permission
from gealc.participation import charts, exports, forms, selectors, services
from gealc.participation.models import (
    Consultation,
    Contribution,
    Question,
    Stakeholder,
    StakeholderOrganisation,
)

RATE_LIMITED = 429


# Consultations ----------------------------------------------------------------------------


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    context = {
        "phases": selectors.consultations_by_phase(request.user),
        "stakeholder": selectors.stakeholder_of(request.user),
        "can_manage": request.user.has_perm("participation.manage_consultation"),
    }
    return render(request, "participation/consultation_list.html", context)


def _answer_forms(
    request: HttpRequest, consultation: Consultation, bound: forms.AnswerForm | None
) -> dict[int, forms.AnswerForm]:
    """An answer form per question for someone who may contribute now (their own answer
    filled in); the form just submitted, with its errors, in its place."""
    user = request.user
    if not consultation.accepts_contributions or not user.has_perm(
        "participation.contribute", consultation
    ):
        return {}
    answers = selectors.own_answers(user, consultation)
    result = {}
    for question in selectors.questions_of(consultation):
        if bound is not None and bound.question.pk == question.pk:
            result[question.pk] = bound
            continue
        initial = forms.AnswerForm.initial_for(question, answers.get(question.pk))
        result[question.pk] = forms.AnswerForm(question=question, initial=initial)
    return result


def _detail(
    request: HttpRequest,
    consultation: Consultation,
    bound: forms.AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    answer_forms = _answer_forms(request, consultation, bound)
    contributions = list(selectors.contributions_shown(user, consultation))
    questions = [
        (
            question,
            answer_forms.get(question.pk),
            [c for c in contributions if c.question_id == question.pk],
        )
        for question in selectors.questions_of(consultation)
    ]
    context = {
        "consultation": consultation,
        "questions": questions,
        "own": selectors.own_answers(user, consultation),
        "follows": selectors.follows(user, consultation),
        "stakeholder": selectors.stakeholder_of(user),
        "can_contribute": user.has_perm("participation.contribute", consultation),
        "can_manage": user.has_perm("participation.manage_consultation", consultation),
        "can_reply": user.has_perm("participation.reply") and consultation.accepts_contributions,
        "can_report": user.is_authenticated,
        "can_moderate": user.has_perm("participation.moderate"),
        "reply_form": forms.ReplyForm(),
        "report_form": forms.ReportForm(),
    }
    return render(request, "participation/consultation_detail.html", context, status=status)


@require_GET
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, selectors.consultation_get(slug, request.user))


@require_POST
@login_required
def question_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(slug, request.user)
    question = get_object_or_404(Question, pk=pk, consultation=consultation)
    require_permission(request, "participation.contribute", consultation)
    form = forms.AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return _detail(request, consultation, form, status=form_status(form))
    try:
        services.contribution_submit(actor=request.user, question=question, **form.answer())
    except services.RateLimited as refusal:
        messages.error(request, str(refusal))
        return _detail(request, consultation, status=RATE_LIMITED)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # about the consultation: the form may be gone
            messages.error(request, " ".join(error.messages))
        add_service_errors(form, error, rename={"choices": _choices_field(question)})
        return _detail(request, consultation, form, status=400)
    messages.success(request, _("Your answer is saved. You can change it until the close."))
    return redirect(f"{reverse('consultation_detail', args=[slug])}#question-{question.pk}")


def _choices_field(question: Question) -> str:
    return "choice" if question.kind == Question.Kind.SINGLE else "choices"


@require_POST
@login_required
def consultation_follow(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_get(slug, request.user)
    follow = request.POST.get("follow") == "1"
    services.consultation_follow(actor=request.user, consultation=consultation, follow=follow)
    if follow:
        messages.success(request, _("You follow this consultation."))
    else:
        messages.success(request, _("You no longer follow this consultation."))
    return redirect("consultation_detail", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    """The secretariat drafts a consultation with its questions; only it sees the draft."""
    require_permission(request, "participation.manage_consultation")
    return _consultation_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_get(slug, request.user)
    require_permission(request, "participation.manage_consultation", consultation)
    if consultation.is_closed or consultation.has_summary:
        messages.error(request, _("A closed consultation no longer changes."))
        return redirect("consultation_detail", slug=slug)
    return _consultation_form(request, consultation)


def _consultation_form(request: HttpRequest, consultation: Consultation | None) -> HttpResponse:
    """Both or neither: the consultation and its questions are saved in one transaction (the
    services'), and a refusal is shown on the field, the question row or the form's top."""
    posted = request.POST if request.method == "POST" else None
    initial = forms.ConsultationForm.initial_for(consultation) if consultation else None
    form = forms.ConsultationForm(
        posted, initial=initial, user=request.user, creating=consultation is None
    )
    questions = forms.question_formset(consultation, posted)
    if posted is not None and form.is_valid() and questions.is_valid():
        try:
            consultation = _consultation_save(request, consultation, form, questions)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect("consultation_detail", slug=consultation.slug)
    context = {"consultation": consultation, "form": form, "questions": questions}
    status = form_status(form, questions)
    return render(request, "participation/consultation_form.html", context, status=status)


def _consultation_save(
    request: HttpRequest, consultation: Consultation | None, form: Any, questions: Any
) -> Consultation:
    inputs = forms.question_inputs(questions)
    if consultation is None:
        return services.consultation_create(
            actor=request.user,
            data=form.data_for_service(),
            subject=form.cleaned_data["subject"],
            subject_object=form.subject_object(),
            questions=inputs,
        )
    return services.consultation_update(
        actor=request.user,
        consultation=consultation,
        data=form.data_for_service(),
        questions=inputs,
    )


PHASE_SERVICES = {
    "announce": services.consultation_announce,
    "open": services.consultation_open,
    "close": services.consultation_close,
}


@require_POST
@login_required
def consultation_phase(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_get(slug, request.user)
    require_permission(request, "participation.manage_consultation", consultation)
    service = PHASE_SERVICES.get(request.POST.get("action", ""))
    if service is None:
        messages.error(request, _("Choose announce, open or close."))
        return redirect("consultation_detail", slug=slug)
    if _act(request, lambda: service(actor=request.user, consultation=consultation)):
        phase = consultation.get_phase_display()
        messages.success(request, _("The consultation is now: %(phase)s.") % {"phase": phase})
    return redirect("consultation_detail", slug=slug)


def _act(request: HttpRequest, action: Callable[[], object], done: str = "") -> bool:
    """Run a secretariat's decision (a phase, a moderation, a verification); its refusal, or
    ``done``, is told on the page the browser goes back to. True when it was done."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if done:
        messages.success(request, done)
    return True


# Contributions and their threads ----------------------------------------------------------


def _contribution_page(
    request: HttpRequest, contribution: Contribution, status: int = 200
) -> HttpResponse:
    consultation = contribution.question.consultation
    user = request.user
    context = {
        "contribution": contribution,
        "consultation": consultation,
        "replies": [
            reply
            for reply in contribution.replies.select_related("author__organisation")
            if user.has_perm("participation.view_contribution", reply)
        ],
        "can_reply": user.has_perm("participation.reply")
        and consultation.accepts_contributions
        and not contribution.is_reply,
        "can_report": user.is_authenticated and contribution.is_visible,
        "can_moderate": user.has_perm("participation.moderate"),
        "reply_form": forms.ReplyForm(initial={"language": forms.language_initial()}),
        "report_form": forms.ReportForm(),
        "reason_form": forms.ReasonForm(),
    }
    return render(request, "participation/contribution_detail.html", context, status=status)


@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contribution_page(request, selectors.contribution_get(pk, request.user))


def _back(contribution: Contribution) -> HttpResponse:
    return redirect("contribution_detail", pk=contribution.pk)


def _refuse(
    request: HttpRequest, contribution: Contribution, message: str, status: int
) -> HttpResponse:
    """The contribution's page again with the refusal, and the status that says why."""
    messages.error(request, message)
    return _contribution_page(request, contribution, status)


@require_POST
@login_required
def contribution_reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = selectors.contribution_get(pk, request.user)
    require_permission(request, "participation.reply", parent)
    form = forms.ReplyForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _refuse(request, parent, message, 400)
    try:
        services.contribution_reply(actor=request.user, parent=parent, **form.cleaned_data)
    except services.RateLimited as refusal:
        return _refuse(request, parent, str(refusal), RATE_LIMITED)
    except ValidationError as error:
        return _refuse(request, parent, " ".join(error.messages), 400)
    messages.success(request, _("Your reply is published."))
    return _back(parent)


@require_POST
@login_required
def contribution_report(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_get(pk, request.user)
    form = forms.ReportForm(request.POST)
    if not form.is_valid():
        return _refuse(request, contribution, _("Choose why you report it."), 400)
    try:
        services.contribution_report(
            actor=request.user, contribution=contribution, **form.cleaned_data
        )
    except services.RateLimited as refusal:
        return _refuse(request, contribution, str(refusal), RATE_LIMITED)
    except ValidationError as error:
        return _refuse(request, contribution, " ".join(error.messages), 400)
    messages.success(request, _("Thank you: the secretariat will review it."))
    contribution.refresh_from_db()
    if contribution.is_hidden:
        return redirect("consultation_detail", slug=contribution.question.consultation.slug)
    return _back(contribution)


@require_POST
@login_required
def contribution_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_get(pk, request.user)
    require_permission(request, "participation.moderate", contribution)
    form = forms.ReasonForm(request.POST)
    hide = request.POST.get("action") == "hide"
    service = services.contribution_hide if hide else services.contribution_restore
    if not form.is_valid():
        messages.error(request, _("Say why."))
        return _back(contribution)
    reason = form.cleaned_data["reason"]
    done = _("The contribution is hidden.") if hide else _("The contribution is shown.")
    _act(
        request, lambda: service(actor=request.user, contribution=contribution, reason=reason), done
    )
    return _back(contribution)


# Summary ----------------------------------------------------------------------------------


def _summary_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    consultation = selectors.consultation_get(slug, request.user)
    manages = request.user.has_perm("participation.manage_consultation", consultation)
    if not consultation.has_summary and not (manages and consultation.is_closed):
        raise Http404(_("The summary of this consultation is not published yet."))
    summary = selectors.consultation_summary(consultation)
    count_charts = [
        charts.count_chart(_("Participants by sector"), _("Sector"), summary.by_sector),
        charts.count_chart(_("Participants by country"), _("Country"), summary.by_country),
        charts.count_chart(_("Answers by language"), _("Language"), summary.by_language),
    ]
    return {
        "consultation": consultation,
        "summary": summary,
        "count_charts": [chart for chart in count_charts if chart is not None],
        "results": [(result, charts.result_chart(result)) for result in summary.results],
        "manages": manages,
        "demo": consultation.is_demo,
    }


@require_http_methods(["GET", "POST"])
def consultation_summary(request: HttpRequest, slug: str) -> HttpResponse:
    context = _summary_context(request, slug)
    consultation = context["consultation"]
    form = None
    if context["manages"] and consultation.is_closed:
        form = forms.SummaryForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.consultation_publish_summary(
                    actor=request.user, consultation=consultation, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error, rename={"synthesis": "synthesis_en"})
            else:
                messages.success(request, _("The summary is published."))
                return redirect("consultation_summary", slug=slug)
    elif request.method == "POST":
        raise PermissionDenied
    context["form"] = form
    return render(request, "participation/summary.html", context, status=form_status(form))


@require_GET
def consultation_summary_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    context = _summary_context(request, slug)
    html = render_to_string("participation/includes/summary_body.html", context, request=request)
    title = _("Summary of the consultation: %(title)s") % {"title": context["consultation"]}
    address = request.build_absolute_uri(reverse("consultation_summary", args=[slug]))
    response = HttpResponse(render_pdf({"title": title, "html": html, "header": title}, address))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = f'inline; filename="{slug}-summary.pdf"'
    return response


@require_GET
def consultation_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """The visible contributions as open data, once the consultation has closed."""
    consultation = selectors.consultation_get(slug, request.user)
    if not (consultation.is_closed or consultation.has_summary):
        raise Http404(_("Contributions are published as data once the consultation closes."))
    rows = selectors.export_rows(consultation)
    if extension == "csv":
        body, content_type = exports.contributions_csv(rows), "text/csv; charset=utf-8"
    else:
        body = exports.contributions_json(rows, consultation=slug)
        content_type = "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slug}-contributions.{extension}"'
    return response


# Stakeholders -----------------------------------------------------------------------------


class StakeholderSignupView(SignupView):
    """allauth's sign-up, open here for stakeholders (the site's other sign-ups stay closed:
    officials get an account from an invitation)."""

    form_class = forms.StakeholderSignupForm
    template_name = "participation/signup.html"

    def is_open(self) -> bool:
        return True

    def get_form_class(self) -> type[forms.StakeholderSignupForm]:
        return forms.StakeholderSignupForm


stakeholder_signup = StakeholderSignupView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_profile(request: HttpRequest) -> HttpResponse:
    stakeholder = selectors.stakeholder_of(request.user)
    form = None
    if stakeholder is None:
        form = forms.ProfileForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                form.register(request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: the secretariat will verify you."))
                return redirect("stakeholder_profile")
    context = {"stakeholder": stakeholder, "form": form}
    return render(request, "participation/profile.html", context, status=form_status(form))


@login_required
@require_POST
def stakeholder_leave(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm that you want to leave."))
        return redirect("stakeholder_profile")
    services.stakeholder_leave(actor=request.user)
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("You have left. Your personal data are erased."))
    return redirect("consultation_list")


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, people = selectors.organisation_page(pk)
    context = {"organisation": organisation, "people": people}
    return render(request, "participation/organisation_detail.html", context)


@require_GET
def stakeholder_public(request: HttpRequest, pk: int) -> HttpResponse:
    person, answers = selectors.stakeholder_public(pk)
    context = {"person": person, "answers": answers}
    return render(request, "participation/stakeholder_public.html", context)


@login_required
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """The secretariat's queue: registrations to verify and contributions reported."""
    require_permission(request, "participation.moderate")
    context = {
        "stakeholders": selectors.stakeholders_pending(),
        "organisations": selectors.organisations_pending(),
        "contributions": selectors.contributions_to_review(),
    }
    return render(request, "participation/review.html", context)


# The secretariat verifies a person or an organisation, or rejects them with a reason.
REVIEW_SERVICES: dict[type, tuple[Callable[..., object], Callable[..., object]]] = {
    Stakeholder: (services.stakeholder_verify, services.stakeholder_reject),
    StakeholderOrganisation: (services.organisation_verify, services.organisation_reject),
}


def _review_decision(request: HttpRequest, item: Stakeholder | StakeholderOrganisation) -> None:
    require_permission(request, "participation.verify_stakeholder", item)
    verify, reject = REVIEW_SERVICES[type(item)]
    target = {"stakeholder" if isinstance(item, Stakeholder) else "organisation": item}
    if request.POST.get("action") == "verify":
        _act(request, lambda: verify(actor=request.user, **target), _("Verified."))
    else:
        reason = request.POST.get("reason", "")
        _act(request, lambda: reject(actor=request.user, reason=reason, **target), _("Rejected."))


@login_required
@require_POST
def stakeholder_review(request: HttpRequest, pk: int) -> HttpResponse:
    _review_decision(request, get_object_or_404(Stakeholder, pk=pk))
    return redirect("participation_review")


@login_required
@require_POST
def organisation_review(request: HttpRequest, pk: int) -> HttpResponse:
    _review_decision(request, get_object_or_404(StakeholderOrganisation, pk=pk))
    return redirect("participation_review")
