from django.urls import path

from gealc.continuity import views

urlpatterns = [
    path("countries/<str:iso3>/dossier/", views.dossier, name="dossier"),
    path("countries/<str:iso3>/first-90-days/", views.first_days, name="first_days"),
    path("countries/<str:iso3>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path(
        "countries/<str:iso3>/dossier/welcome/<slug:step>/",
        views.welcome_step,
        name="welcome_step",
    ),
    path("welcomes/", views.welcome_list, name="welcome_list"),
    path("welcomes/open/<int:pk>/", views.welcome_open, name="welcome_open"),
]
