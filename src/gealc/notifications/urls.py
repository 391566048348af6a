from django.urls import path

from gealc.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("notifications/failed/", views.delivery_failed_list, name="delivery_failed_list"),
    path("notifications/failed/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
