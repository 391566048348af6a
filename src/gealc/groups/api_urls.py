"""Working-group endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.groups import api

urlpatterns = [
    path("groups/", api.GroupList.as_view(), name="group-list"),
    path("groups/<slug:slug>/", api.GroupDetail.as_view(), name="group-detail"),
    path("plans/", api.PlanList.as_view(), name="plan-list"),
    path("plans/<int:year>/", api.PlanDetail.as_view(), name="plan-detail"),
    path("commitments/", api.CommitmentList.as_view(), name="commitment-list"),
    path("commitments/<id:pk>/", api.CommitmentDetail.as_view(), name="commitment-detail"),
    path("meetings/", api.MeetingList.as_view(), name="meeting-list"),
    path("meetings/<id:pk>/", api.MeetingDetail.as_view(), name="meeting-detail"),
    path("courses/", api.CourseList.as_view(), name="course-list"),
    path("courses/<slug:slug>/", api.CourseDetail.as_view(), name="course-detail"),
]
