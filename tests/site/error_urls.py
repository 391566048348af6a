"""The site's URLs plus views that fail on purpose, to exercise the error handlers."""

from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import path
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gealc.site.urls import urlpatterns as site_urlpatterns


def page_crash(request: HttpRequest) -> NoReturn:
    raise RuntimeError("a bug")


def page_forbidden(request: HttpRequest) -> NoReturn:
    raise PermissionDenied


class Address(serializers.Serializer):
    city = serializers.CharField()


class Registration(serializers.Serializer):
    name = serializers.CharField()
    address = Address()
    tags = serializers.ListField(child=serializers.IntegerField())
    offices = Address(many=True, required=False)


class Failing(APIView):
    """POST {"raise": ...} raises what a service or a selector would."""

    permission_classes = [permissions.AllowAny]

    def post(self, request: Request) -> Response:
        what = request.data.get("raise")
        problems: dict[str, Any] = {
            "field": ValidationError({"end": "The end must be after the start."}),
            "plain": ValidationError("The mandate overlaps another one."),
            "model": ValidationError({"__all__": ["Another appointment holds this role."]}),
            "forbidden": PermissionDenied("Only members of this country may change it."),
            "missing": Http404("No such institution."),
            "crash": RuntimeError("a bug"),
        }
        if what in problems:
            raise problems[what]
        Registration(data=request.data).is_valid(raise_exception=True)
        return Response({"ok": True})


urlpatterns = [
    path("boom/", page_crash),
    path("forbidden/", page_forbidden),
    path("api/v1/test-failing/", Failing.as_view()),
    *site_urlpatterns,
]

handler400 = "gealc.site.views.bad_request"
handler403 = "gealc.site.views.permission_denied"
handler404 = "gealc.site.views.page_not_found"
handler500 = "gealc.site.views.server_error"
