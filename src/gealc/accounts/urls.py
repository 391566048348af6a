"""Addresses under ``/<lang>/accounts/``: allauth's (sign-in, sign-out, password reset,
e-mail addresses, second factors, sessions) and ours. ``login`` and
``logout`` keep the names the site's templates use."""

from allauth.account import views as allauth_views
from django.urls import include, path

from gealc.accounts import views

urlpatterns = [
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "appointments/<int:pk>/handover/",
        views.appointment_handover,
        name="appointment_handover",
    ),
    path("security-log/", views.security_log, name="security_log"),
    path("security-log.csv", views.security_log_csv, name="security_log_csv"),
    # allauth's pages, as allauth.urls lists them, but for the OpenID Connect addresses:
    # those are outside the language prefix (gealc.site.urls), one per provider.
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    path("sessions/", include("allauth.usersessions.urls")),
]
