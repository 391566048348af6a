"""Pages of horizontal cooperation. Fixed words (``new``, ``queue``) come before the ids."""

from django.urls import path

from gealc.cooperation import views

urlpatterns = [
    path("cooperation/", views.request_list, name="cooperation_request_list"),
    path("cooperation/new/", views.request_create, name="cooperation_request_create"),
    path("cooperation/requests/<id:pk>/edit/", views.request_edit, name="cooperation_request_edit"),
    path("cooperation/offers/", views.offer_list, name="cooperation_offer_list"),
    path("cooperation/offers/new/", views.offer_create, name="cooperation_offer_create"),
    path("cooperation/offers/<id:pk>/end/", views.offer_end, name="cooperation_offer_end"),
    path("cooperation/offers/<id:pk>/edit/", views.offer_edit, name="cooperation_offer_edit"),
    path("cooperation/missions/<id:pk>/edit/", views.mission_edit, name="cooperation_mission_edit"),
    path("cooperation/queue/", views.queue, name="cooperation_queue"),
    path("cooperation/numbers/", views.numbers, name="cooperation_numbers"),
    path("cooperation/experts/", views.expert_list, name="cooperation_expert_list"),
    path(
        "cooperation/experts/<int:pk>/decline/",
        views.expert_decline,
        name="cooperation_expert_decline",
    ),
    path(
        "cooperation/countries/<str:iso3>/",
        views.country_record,
        name="cooperation_country",
    ),
    path("cooperation/<int:pk>/", views.request_detail, name="cooperation_request_detail"),
    path(
        "cooperation/<int:pk>/<slug:action>/",
        views.request_act,
        name="cooperation_request_act",
    ),
]
