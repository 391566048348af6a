"""Observatory pages (owned by observatory-pages; a placeholder until it lands)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
