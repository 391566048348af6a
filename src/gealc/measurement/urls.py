"""Pages of the measurement rounds: frameworks, rounds, submissions, review and history."""

from django.urls import path, re_path, register_converter

from gealc.measurement import views


class _Pattern:
    """A path converter that only matches its pattern, so that odd addresses (NUL bytes,
    very long segments) are a 404 before any query is made."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CountryCode(_Pattern):
    regex = "[A-Za-z]{3}"


class VariableCode(_Pattern):
    regex = "[a-z][a-z0-9_]{0,62}"


class FrameworkCode(_Pattern):
    regex = "[A-Za-z][A-Za-z0-9_.-]{0,39}"


class FrameworkVersionName(_Pattern):
    regex = "[0-9A-Za-z][0-9A-Za-z_.-]{0,19}"


# Prefixed names: converters are global to the project.
register_converter(CountryCode, "measurement_iso3")
register_converter(VariableCode, "measurement_code")
register_converter(FrameworkCode, "measurement_framework")
register_converter(FrameworkVersionName, "measurement_version")

SUBMISSION = "rounds/<id:pk>/<measurement_iso3:iso3>/"
# Downloads name their format in the address, as a file would (…/template.xlsx).
SUBMISSION_RE = r"^rounds/(?P<pk>[0-9]+)/(?P<iso3>[A-Za-z]{3})/"
FORMAT_RE = r"\.(?P<fmt>xlsx|csv)$"

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path(
        "frameworks/<measurement_framework:code>/<measurement_version:version>/",
        views.framework_detail,
        name="framework_detail",
    ),
    path(
        "frameworks/<measurement_framework:code>/<measurement_version:version>/spec.yaml",
        views.framework_spec,
        name="framework_spec",
    ),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<id:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<id:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<id:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<id:pk>/publish/", views.round_publish, name="round_publish"),
    path(SUBMISSION, views.submission_detail, name="submission_detail"),
    path(SUBMISSION + "history/", views.submission_history, name="submission_history"),
    path(
        SUBMISSION + "values/<measurement_code:code>/history/",
        views.value_history,
        name="value_history",
    ),
    path(
        SUBMISSION + "values/<measurement_code:code>/comments/",
        views.comment_add,
        name="comment_add",
    ),
    path(
        SUBMISSION + "values/<measurement_code:code>/evidence/",
        views.value_evidence,
        name="value_evidence",
    ),
    path(SUBMISSION + "import/", views.submission_import, name="submission_import"),
    path(SUBMISSION + "reviewer/", views.reviewer_assign, name="reviewer_assign"),
    path(
        SUBMISSION + "<measurement_code:transition>/",
        views.submission_transition,
        name="submission_transition",
    ),
    re_path(
        SUBMISSION_RE + "template" + FORMAT_RE,
        views.submission_template,
        name="submission_template",
    ),
    re_path(
        SUBMISSION_RE + "export" + FORMAT_RE, views.submission_export, name="submission_export"
    ),
]
