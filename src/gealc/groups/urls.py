"""Pages of the working groups. Fixed words (``report``, ``feed``) come before the slugs and
codes they would match."""

from django.urls import path

from gealc.groups import edit_views, views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", edit_views.group_create, name="group_create"),
    path("groups/documents/<id:pk>/", views.document_download, name="group_document"),
    path("groups/memberships/<id:pk>/end/", edit_views.membership_end, name="membership_end"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/edit/", edit_views.group_update, name="group_update"),
    path("groups/<slug:slug>/documents/new/", edit_views.document_add, name="group_document_add"),
    path("groups/<slug:slug>/members/new/", edit_views.membership_add, name="membership_add"),
    path("groups/<slug:slug>/report/<int:year>/", views.group_report, name="group_report"),
    path(
        "groups/<slug:slug>/report/<int:year>/pdf/",
        views.group_report_pdf,
        name="group_report_pdf",
    ),
    path("plan/", views.plan, name="plan"),
    path("plan/new/", edit_views.plan_create, name="plan_create"),
    path("plan/<int:year>/", views.plan, name="plan_year"),
    path(
        "plan/<int:year>/commitments/new/",
        edit_views.commitment_create,
        name="commitment_create",
    ),
    path("plan/commitments/<id:pk>/close/", edit_views.commitment_close, name="commitment_close"),
    path("plan/milestones/<id:pk>/done/", edit_views.milestone_done, name="milestone_done"),
    path("plan/commitments/<id:pk>/", views.commitment_detail, name="commitment_detail"),
    path("plan/progress/<id:pk>/review/", views.progress_review, name="progress_review"),
    path("plan/progress/<id:pk>/evidence/", views.progress_evidence, name="progress_evidence"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", edit_views.meeting_schedule, name="meeting_schedule"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", edit_views.meeting_update, name="meeting_update"),
    path(
        "meetings/<id:pk>/documents/new/",
        edit_views.meeting_document_add,
        name="meeting_document_add",
    ),
    path(
        "meetings/<id:pk>/attendance/",
        edit_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("meetings/<id:pk>/register/", views.meeting_register, name="meeting_register"),
    path("meetings/<id:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/network.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/groups/<slug:slug>.ics", views.calendar_group_feed, name="calendar_group_feed"),
    path(
        "calendar/personal/<str:token>.ics",
        views.calendar_personal_feed,
        name="calendar_personal_feed",
    ),
    path("training/", views.course_list, name="course_list"),
    path("training/new/", edit_views.course_create, name="course_create"),
    path("training/report/", views.training_report, name="training_report"),
    path("training/verify/", views.certificate_verify, name="certificate_verify"),
    path("training/certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "training/certificates/<str:code>/revoke/",
        edit_views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("training/editions/<id:pk>/", edit_views.edition_detail, name="edition_detail"),
    path("training/editions/<id:pk>/edit/", edit_views.edition_update, name="edition_update"),
    path("training/editions/<id:pk>/enrol/", edit_views.edition_enrol, name="edition_enrol"),
    path(
        "training/enrolments/<id:pk>/record/",
        edit_views.enrolment_record,
        name="enrolment_record",
    ),
    path(
        "training/enrolments/<id:pk>/certificate/",
        edit_views.certificate_issue,
        name="certificate_issue",
    ),
    path("training/<slug:slug>/edit/", edit_views.course_update, name="course_update"),
    path("training/<slug:slug>/editions/new/", edit_views.edition_create, name="edition_create"),
    path("training/<slug:slug>/", views.course_detail, name="course_detail"),
]
