from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gealc.site import views

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("gealc.network.api_urls")),
    path("", include("gealc.measurement.api_urls")),
    path("", include("gealc.observatory.api_urls")),
    path("", include("gealc.knowledge.api_urls")),
    path("", include("gealc.groups.api_urls")),
    path("", include("gealc.cooperation.api_urls")),
    path("", include("gealc.participation.api_urls")),
    path("", include("gealc.agreements.api_urls")),
    path("", include("gealc.accounts.api_urls")),
]

# The admin signs in through the site's sign-in (throttled, with the second factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("health/", views.health, name="health"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("data/", include("gealc.observatory.download_urls")),
    # Single sign-on: one address per identity provider whatever the language, to register
    # with the provider as its redirect URI (/accounts/oidc/<id>/login/callback/).
    path("accounts/", include("allauth.socialaccount.providers.openid_connect.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("styleguide/", views.styleguide, name="styleguide"),
    # Under the prefix, so the page's language is active when set_language translates the
    # address it returns to (with no prefix it used the browser's, and the switch failed).
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("gealc.accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("gealc.network.urls")),
    path("", include("gealc.measurement.urls")),
    path("", include("gealc.observatory.urls")),
    path("", include("gealc.knowledge.urls")),
    path("", include("gealc.groups.urls")),
    path("", include("gealc.cooperation.urls")),
    path("", include("gealc.agreements.urls")),
    path("", include("gealc.notifications.urls")),
    path("", include("gealc.continuity.urls")),
    path("", include("gealc.participation.urls")),
)

handler400 = "gealc.site.views.bad_request"
handler403 = "gealc.site.views.permission_denied"
handler404 = "gealc.site.views.page_not_found"
handler500 = "gealc.site.views.server_error"
