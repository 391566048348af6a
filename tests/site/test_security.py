"""Security headers, CSRF on forms and login throttling, through the real middleware stack."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gealc.core.middleware import content_security_policy, csp_update

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
PASSWORD = "a-long-password-42"


@pytest.fixture
def member() -> User:
    return User.objects.create_user("delegate-test", "d@example.org", PASSWORD)


@pytest.mark.parametrize("path", [LOGIN, "/health/", "/api/v1/schema/"])
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy


def test_api_docs_load_nothing_from_other_sites(client: Client) -> None:
    """Swagger UI comes from our static files and its start-up script is a separate file."""
    page = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in page.replace(" ", "")
    assert "http://" not in page
    assert "https://" not in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_csp_update_widens_the_policy_for_one_view() -> None:
    @csp_update(script_src=["'unsafe-eval'"], worker_src=["blob:"])
    def view() -> object:
        from django.http import HttpResponse

        return HttpResponse()

    extra = view()._gealc_csp_update
    policy = content_security_policy(extra)
    assert "script-src 'self' 'unsafe-eval';" in policy
    assert "worker-src blob:" in policy
    assert "unsafe-eval" not in content_security_policy()


def test_form_post_without_csrf_token_is_refused_with_a_clear_message(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"login": member.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "security token is missing or expired" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_form_post_with_csrf_token_is_accepted(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    response = client.post(
        LOGIN, {"login": member.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_repeated_wrong_passwords_lock_the_login(client: Client, member: User) -> None:
    for _attempt in range(5):
        response = client.post(LOGIN, {"login": member.username, "password": "wrong"})
    response = client.post(LOGIN, {"login": member.username, "password": "wrong"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()

    response = client.post(LOGIN, {"login": member.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_wrong_passwords_do_not_lock(client: Client, member: User) -> None:
    for _attempt in range(3):
        response = client.post(LOGIN, {"login": member.username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"login": member.username, "password": PASSWORD})
    assert response.status_code == 302
