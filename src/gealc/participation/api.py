"""Participation's API: consultations with their questions and the public contributions
(read, by anyone), and answering a question (a verified stakeholder or a member of the
network, signed in or with a token; anonymous writes are refused). Filters are validated (a
bad one is a 400 naming it); lists are paginated."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gealc.core import filters
from gealc.core.api import answer_example, list_example, request_example
from gealc.core.permissions import require_permission
from gealc.participation import selectors, services
from gealc.participation.models import Consultation, Contribution, Question
from gealc.participation.serializers import (
    AnswerSerializer,
    ConsultationDetailSerializer,
    ConsultationSerializer,
    ContributionSerializer,
)

CONSULTATION_FILTERS = (
    filters.choice("phase", _("Phase of the consultation"), Consultation.Phase.values),
    filters.choice("subject", _("What the consultation is on"), Consultation.Subject.values),
)
CONTRIBUTION_FILTERS = (filters.whole_number("question", _("Id of a question")),)

CONSULTATION_EXAMPLE = {
    "slug": "framework-2026-draft",
    "title": "Borrador del marco 2026",
    "description": "Comente cada dimensión e indicador del borrador.",
    "subject": "framework",
    "subject_name": "GEALC-DGI 2026.1",
    "phase": "open",
    "opens_at": "2026-03-01T12:00:00Z",
    "closes_at": "2026-04-30T23:59:00Z",
    "time_zone": "America/Montevideo",
    "languages": ["es", "en"],
    "summary_published_at": None,
    "is_demo": True,
}
QUESTION_EXAMPLE = {
    "id": 7,
    "order": 1,
    "kind": "single",
    "text": "¿Qué debería priorizar la red?",
    "help_text": "",
    "dimension": None,
    "indicator": None,
    "options": [
        {"id": 21, "order": 1, "label": "Identidad digital"},
        {"id": 22, "order": 2, "label": "Interoperabilidad"},
    ],
}
CONTRIBUTION_EXAMPLE = {
    "id": 42,
    "consultation": "framework-2026-draft",
    "question": 7,
    "in_reply_to": None,
    "author": {
        "name": "Ana Civic",
        "sector": "civil_society",
        "country": "URY",
        "organisation": "Civic Tech Uruguay",
        "organisation_verified": True,
    },
    "language": "es",
    "text": "La identidad digital <strong>primero</strong>.",
    "text_plain": "La identidad digital primero.",
    "choices": [21],
    "chosen": ["Identidad digital"],
    "scale": None,
    "created_at": "2026-03-02T14:05:00Z",
    "updated_at": "2026-03-02T14:05:00Z",
}


@list_example(CONSULTATION_EXAMPLE)
@extend_schema(parameters=filters.parameters(CONSULTATION_FILTERS))
class ConsultationList(generics.ListAPIView):
    """Public consultations (announced, open, closed, or with their summary published)."""

    serializer_class = ConsultationSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(CONSULTATION_FILTERS, self.request.query_params)
        consultations = selectors.consultations_visible(self.request.user)
        if params.get("phase"):
            consultations = consultations.filter(phase=params["phase"])
        if params.get("subject"):
            consultations = consultations.filter(subject=params["subject"])
        return consultations.order_by("-opens_at", "slug")


@answer_example(
    {**CONSULTATION_EXAMPLE, "synthesis": "", "response": "", "questions": [QUESTION_EXAMPLE]}
)
class ConsultationDetail(generics.RetrieveAPIView):
    """A consultation with its questions and their options."""

    serializer_class = ConsultationDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Consultation:
        return selectors.consultation_get(self.kwargs["slug"], self.request.user)


@list_example(CONTRIBUTION_EXAMPLE)
@extend_schema(parameters=filters.parameters(CONTRIBUTION_FILTERS))
class ContributionList(generics.ListAPIView):
    """The visible contributions to a consultation (answers and the network's replies)."""

    serializer_class = ContributionSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(CONTRIBUTION_FILTERS, self.request.query_params)
        consultation = selectors.consultation_get(self.kwargs["slug"], self.request.user)
        items = selectors.public_contributions(consultation).prefetch_related("question__options")
        if params.get("question"):
            items = items.filter(question_id=params["question"])
        return items


@answer_example(CONTRIBUTION_EXAMPLE)
class ContributionDetail(generics.RetrieveAPIView):
    """One visible contribution to the consultation; a hidden one is not found."""

    serializer_class = ContributionSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Contribution:
        return get_object_or_404(
            selectors.public_contributions(),
            pk=self.kwargs["pk"],
            question__consultation__slug=self.kwargs["slug"],
        )


class QuestionAnswer(APIView):
    """Answer a question, or change one's answer until the consultation closes (a verified
    stakeholder or a member of the network; once per question)."""

    serializer_class = AnswerSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=AnswerSerializer,
        responses={201: ContributionSerializer, 200: ContributionSerializer},
    )
    @answer_example(CONTRIBUTION_EXAMPLE, status="201")
    @answer_example(CONTRIBUTION_EXAMPLE)
    @request_example({"language": "es", "text": "La identidad digital primero.", "choices": [21]})
    def post(self, request: Request, slug: str, pk: int) -> Response:
        consultation = selectors.consultation_get(slug, request.user)
        question = get_object_or_404(Question, pk=pk, consultation=consultation)
        require_permission(request, "participation.contribute", consultation)
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved = services.contribution_submit(
                actor=request.user, question=question, **body.validated_data
            )
        except services.RateLimited as refusal:
            raise Throttled(wait=refusal.wait, detail=str(refusal)) from None
        answer = status.HTTP_201_CREATED if saved.created else status.HTTP_200_OK
        return Response(ContributionSerializer(saved.instance).data, status=answer)
