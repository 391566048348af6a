"""Measurement endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.measurement import api

SUBMISSION = "rounds/<id:pk>/submissions/<str:iso3>/"

urlpatterns = [
    path("frameworks/", api.FrameworkList.as_view(), name="framework-list"),
    path(
        "frameworks/<str:code>/<str:version>/spec/",
        api.FrameworkSpec.as_view(),
        name="framework-spec",
    ),
    path("rounds/", api.RoundList.as_view(), name="round-list"),
    path("rounds/<id:pk>/", api.RoundDetail.as_view(), name="round-detail"),
    path(
        "rounds/<id:pk>/submissions/",
        api.RoundSubmissionList.as_view(),
        name="round-submission-list",
    ),
    path(SUBMISSION, api.SubmissionDetail.as_view(), name="submission-detail"),
    path(f"{SUBMISSION}values/", api.SubmissionValues.as_view(), name="submission-values"),
    path(f"{SUBMISSION}values/<str:code>/", api.SubmissionValue.as_view(), name="submission-value"),
    path(f"{SUBMISSION}submit/", api.SubmissionSubmit.as_view(), name="submission-submit"),
    path(f"{SUBMISSION}return/", api.SubmissionReturn.as_view(), name="submission-return"),
    path(f"{SUBMISSION}validate/", api.SubmissionValidate.as_view(), name="submission-validate"),
    path(f"{SUBMISSION}publish/", api.SubmissionPublish.as_view(), name="submission-publish"),
    path(f"{SUBMISSION}comments/", api.SubmissionComments.as_view(), name="submission-comments"),
    path(f"{SUBMISSION}import/", api.SubmissionImport.as_view(), name="submission-import"),
    path(
        f"{SUBMISSION}validation/", api.SubmissionValidation.as_view(), name="submission-validation"
    ),
    path(f"{SUBMISSION}export/", api.SubmissionExport.as_view(), name="submission-export"),
    path(f"{SUBMISSION}template/", api.SubmissionTemplate.as_view(), name="submission-template"),
]
