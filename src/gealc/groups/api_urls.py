"""Working-group endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.groups import api

urlpatterns = [
    path("groups/", api.GroupList.as_view(), name="group-list"),
    path("plans/", api.PlanList.as_view(), name="plan-list"),
    path("commitments/", api.CommitmentList.as_view(), name="commitment-list"),
    path("meetings/", api.MeetingList.as_view(), name="meeting-list"),
    path("courses/", api.CourseList.as_view(), name="course-list"),
]
