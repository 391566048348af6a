"""Observatory API routes (owned by observatory-api; a placeholder until it lands)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
