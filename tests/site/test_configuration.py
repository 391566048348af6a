"""Settings are checked as they are read: an unsafe or broken value stops the start with a
message naming the variable; a fresh production-configured installation starts with a key."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from gealc.site import configuration

STRONG_KEY = "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"


def test_without_debug_a_missing_key_is_refused_with_the_variable_named() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^SECRET_KEY is not set\. With DEBUG off"):
        configuration.secret_key("", debug=False)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x" * 49, "has only 49 characters"),
        ("django-insecure-" + "q1w2e3r4t5" * 5, "starts with “django-insecure-”"),
        ("abcd" * 20, "has fewer than 5 different characters"),
    ],
)
def test_without_debug_a_weak_key_is_refused(key: str, reason: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=f"^SECRET_KEY {reason}"):
        configuration.secret_key(key, debug=False)


def test_a_strong_key_is_used_and_debug_allows_a_development_key() -> None:
    assert configuration.secret_key(STRONG_KEY, debug=False) == STRONG_KEY
    assert configuration.secret_key("short", debug=True) == "short"
    assert configuration.secret_key("", debug=True) == configuration.DEVELOPMENT_SECRET_KEY


def test_an_unknown_tasks_backend_names_the_variable_and_the_choices() -> None:
    assert configuration.tasks_backend("database") == "django_tasks_db.DatabaseBackend"
    with pytest.raises(
        ImproperlyConfigured, match="TASKS_BACKEND is “databse”; it must be one of: database"
    ):
        configuration.tasks_backend("databse")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://gealc@db/gealc", "DATABASE_URL has the scheme “mysql”"),
        ("nonsense", "DATABASE_URL has the scheme “\\(none\\)”"),
        ("postgres://gealc:pw@db:port/gealc", "DATABASE_URL is not a valid URL: its port"),
        ("postgres://gealc:pw@db:5432/", "DATABASE_URL names no database"),
        ("sqlite://", "DATABASE_URL names no database"),
    ],
)
def test_a_bad_database_url_is_refused_without_repeating_it(
    url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        configuration.database(environ.Env(), default="sqlite:////tmp/x.sqlite3")
    assert "pw" not in str(refused.value)


def test_good_urls_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://gealc:pw@db:5432/gealc")
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://user:pw@smtp.example.org:587")
    env = environ.Env()

    assert configuration.database(env, default="")["ENGINE"] == "django.db.backends.postgresql"
    assert configuration.cache(env, default="")["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert configuration.email(env, default="")["EMAIL_PORT"] == 587


@pytest.mark.parametrize(
    ("variable", "url", "message"),
    [
        ("CACHE_URL", "memcache", "CACHE_URL is not a valid URL: the scheme “\\(none\\)”"),
        ("CACHE_URL", "mongo://x", "CACHE_URL is not a valid URL: the scheme “mongo”"),
        ("EMAIL_URL", "smtp://user:pw@smtp:port", "EMAIL_URL is not a valid URL: its port"),
        ("EMAIL_URL", "pigeon://coop", "EMAIL_URL is not a valid URL: the scheme “pigeon”"),
    ],
)
def test_bad_cache_and_email_urls_are_refused(
    variable: str, url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, url)
    read = configuration.cache if variable == "CACHE_URL" else configuration.email
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        read(environ.Env(), default="")
    assert "pw" not in str(refused.value)


def test_admins_are_read_and_a_bad_entry_is_named() -> None:
    assert configuration.admins(["Ana Pérez <ana@example.org>", "ops@example.org"]) == [
        ("Ana Pérez", "ana@example.org"),
        ("ops@example.org", "ops@example.org"),
    ]
    with pytest.raises(ImproperlyConfigured, match="ADMINS: entry 2 \\(“ops”\\)"):
        configuration.admins(["ana@example.org", "ops"])


def test_the_default_home_does_not_depend_on_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert configuration.default_home() == tmp_path / "data" / "gealc"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert configuration.default_home() == Path.home() / ".local" / "share" / "gealc"


# A fresh installation, configured for production, in processes of its own -----------------

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "hub.example.org",
    "SECURE_HTTPS": "1",
    "CACHE_URL": "locmemcache://gealc",
    "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
    "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    "TASKS_BACKEND": "database",
    "ADMINS": "Ops <ops@example.org>",
    "SITE_URL": "https://hub.example.org",
}


def _gealc(home: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """`gealc ...` with only what a server would have: no variable of this test process."""
    environment = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ
    }
    environment.update(GEALC_HOME=str(home), **variables)
    return subprocess.run(
        [sys.executable, "-m", "gealc", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_fresh_production_install_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    database = tmp_path / "hub.sqlite3"

    result = _gealc(
        tmp_path, "manage", "migrate", DATABASE_URL=f"sqlite:///{database}", **PRODUCTION
    )

    assert result.returncode == 1
    assert result.stderr.startswith("gealc: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
    assert not database.exists()


def test_a_fresh_production_install_starts_with_a_key(tmp_path: Path) -> None:
    database = tmp_path / "hub.sqlite3"
    variables = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": STRONG_KEY}

    checked = _gealc(
        tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING", **variables
    )
    migrated = _gealc(tmp_path, "manage", "migrate", "--no-input", **variables)

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout
    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as connection:
        groups = connection.execute("SELECT name FROM auth_group ORDER BY name").fetchall()
    assert groups == [("reviewer",), ("secretariat",), ("stakeholder",)]


def test_log_level_is_a_level_name() -> None:
    assert configuration.log_level("info") == "INFO"
    with pytest.raises(ImproperlyConfigured, match="LOG_LEVEL is “loud”; it must be one of: DEBUG"):
        configuration.log_level("loud")
