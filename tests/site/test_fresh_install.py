"""A fresh, empty, production-configured install is usable end to end without the demo.

Every step runs in its own process, exactly as the README's "First set-up" lines say, on an
empty SQLite file under a temporary ``GEALC_HOME`` with ``DEBUG=0`` and a proper
``SECRET_KEY``: migrate, network_load, createsuperuser, framework_import, accounts added in
the admin site, role_grant; then the secretariat opens a round on its page and the country
member sees their country's submission (and not another country's). Signing in is on the
real pages: the administrator and the secretariat enrol a second factor first, and an official
invited by the secretariat sets a password from the e-mailed link and signs in.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import gealc.measurement

FRAMEWORK = Path(gealc.measurement.__file__).parent / "data" / "gealc-dgi-2025.1.yaml"
PASSWORD = "a-long-test-password-4711"

# Run by ``gealc manage shell -c``: the pages, through Django's test client on the real
# production settings (the host is one of ALLOWED_HOSTS); each prints one JSON object.
# Until invitations exist (issue 17), the administrator adds accounts in the admin site.
ACCOUNTS = """
import json
import os
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

def client_of(username):
    client = Client(HTTP_HOST="hub.example.org")
    client.force_login(User.objects.get(username=username))
    return client

admin = client_of("admin")
added = {}
for username in ("sofia", "carla"):
    response = admin.post(reverse("admin:auth_user_add"), {
        "username": username, "usable_password": "true",
        "password1": os.environ["DJANGO_SUPERUSER_PASSWORD"],
        "password2": os.environ["DJANGO_SUPERUSER_PASSWORD"],
    })
    added[username] = User.objects.filter(username=username).exists()
print(json.dumps({"added": added}))
"""

# Signing in on the real pages: the administrator and the secretariat are held until they
# enrol a second factor (a TOTP code computed here, as an authenticator app would); then the
# secretariat invites an official of the directory, who sets a password from the e-mailed
# link and signs in. ``setup_test_environment`` keeps e-mail in ``mail.outbox``.
SIGN_IN = """
import base64, hashlib, hmac, json, os, re, time
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.test.utils import setup_test_environment
from gealc.network import services as network
from gealc.network.models import Country

setup_test_environment()
PASSWORD = os.environ["DJANGO_SUPERUSER_PASSWORD"]
ACTIVATE = "/en/accounts/2fa/totp/activate/"

def code(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, int(time.time() // 30).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 15
    number = int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF
    return "%06d" % (number % 1000000)

def sign_in_and_enrol(username):
    client = Client(HTTP_HOST="hub.example.org")
    signed = client.post("/en/accounts/login/", {"login": username, "password": PASSWORD})
    held = client.get("/en/countries/")["Location"]
    client.post(client.get(ACTIVATE)["Location"], {"password": PASSWORD})  # reauthenticate
    enrolled = client.post(ACTIVATE, {"code": code(client.get(ACTIVATE).context["form"].secret)})
    after = client.get("/en/countries/").status_code
    return client, [signed.status_code, held, enrolled.status_code, after]

"""

ADMIN_SIGNS_IN = (
    SIGN_IN
    + """
print(json.dumps(sign_in_and_enrol("admin")[1]))
"""
)

SECRETARIAT_INVITES = (
    SIGN_IN
    + """
sofia, sofia_steps = sign_in_and_enrol("sofia")
dora = network.person_create(
    actor=User.objects.get(username="sofia"), given_name="Dora", family_name="Delgado",
    email="dora@example.org",
)
invited = sofia.post("/en/accounts/invitations/", {
    "person": dora.pk, "role": "member", "country": Country.objects.get(iso3="URY").pk,
    "appointment_role": "delegate",
})
link = re.search(r"https?://[^/]+(/\\S+)", mail.outbox[-1].body).group(1)
accepted = Client(HTTP_HOST="hub.example.org").post(
    link, {"username": "dora", "password": PASSWORD, "password_again": PASSWORD}
)
again = Client(HTTP_HOST="hub.example.org").get(link)
dora_client = Client(HTTP_HOST="hub.example.org")
dora_in = dora_client.post("/en/accounts/login/", {"login": "dora", "password": PASSWORD})
print(json.dumps({
    "sofia": sofia_steps, "invited": invited.status_code,
    "accepted": accepted.status_code, "again": again.status_code,
    "dora": [dora_in.status_code, dora_client.get("/en/countries/").status_code],
}))
"""
)

OPEN_AND_SEE = """
import json
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from gealc.measurement.models import FrameworkVersion, Round
from gealc.network.models import Country

def client_of(username):
    client = Client(HTTP_HOST="hub.example.org")
    client.force_login(User.objects.get(username=username))
    return client

members = Country.objects.filter(membership="member").values_list("pk", flat=True)
opened = client_of("sofia").post(reverse("round_create"), {
    "framework_version": FrameworkVersion.objects.get(code="GEALC-DGI").pk,
    "reference_year": 2025, "opens_on": "2025-03-01", "closes_on": "2025-06-30",
    "countries": list(members),
})
the_round = Round.objects.get()
carla = client_of("carla")
def page(iso3):
    url = reverse("submission_detail", kwargs={"pk": the_round.pk, "iso3": iso3})
    return carla.get(url).status_code
print(json.dumps({
    "opened": opened.status_code,
    "submissions": the_round.submissions.count(),
    "members": len(members),
    "own": page("URY"),
    "other": page("ARG"),
}))
"""

# Signed in (302), held at the second-factor enrolment, enrolled (302), then let through.
HELD_THEN_ENROLLED = [302, "/en/accounts/2fa/totp/activate/", 302, 200]


def _environment(home: Path) -> dict[str, str]:
    """Only what a server would have, production values, and the first administrator."""
    environment = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "PYTHONPATH")
        if name in os.environ
    }
    return environment | {
        "GEALC_HOME": str(home),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hub.example.org",
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_EMAIL": "admin@example.org",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }


def _manage(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "gealc", "manage", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"gealc manage {args[0]}:\n{result.stdout}{result.stderr}"
    return result.stdout


def test_a_fresh_production_install_is_usable_without_the_demo(tmp_path: Path) -> None:
    environment = _environment(tmp_path)
    assert not any(tmp_path.iterdir())
    _manage(environment, "migrate", "--noinput")
    assert "36 national authorities created" in _manage(environment, "network_load")
    _manage(environment, "createsuperuser", "--noinput")
    assert "Imported" in _manage(environment, "framework_import", str(FRAMEWORK))
    admin = json.loads(_manage(environment, "shell", "--no-imports", "-c", ADMIN_SIGNS_IN))
    assert admin == HELD_THEN_ENROLLED
    added = json.loads(_manage(environment, "shell", "--no-imports", "-c", ACCOUNTS))
    assert added == {"added": {"sofia": True, "carla": True}}
    assert "now has" in _manage(
        environment, "role_grant", "sofia", "secretariat", "--actor", "admin"
    )
    granted = _manage(
        environment, "role_grant", "carla", "member", "--country", "URY", "--actor", "sofia"
    )
    assert granted.strip() == "carla now has the role member of URY."
    signed_in = json.loads(_manage(environment, "shell", "--no-imports", "-c", SECRETARIAT_INVITES))
    assert signed_in == {
        "sofia": HELD_THEN_ENROLLED,
        "invited": 302,
        "accepted": 302,
        "again": 410,  # the link works once
        "dora": [302, 200],
    }
    seen = json.loads(_manage(environment, "shell", "--no-imports", "-c", OPEN_AND_SEE))
    assert seen["opened"] == 302  # to the new round's page
    assert seen["submissions"] == seen["members"] > 0
    assert (seen["own"], seen["other"]) == (200, 404)
    assert (tmp_path / "gealc.sqlite3").is_file()  # the empty file it started from, now used
