"""Reading and checking the settings that come from the environment.

``settings.py`` calls these while it loads, so an installation that would be unsafe or broken
stops at once — before it serves a request or runs a command — with an
``ImproperlyConfigured`` that names the variable and says what to do. Messages never repeat a
URL (it may hold a password): only its scheme.
"""

import os
import warnings
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

MINIMUM_SECRET_KEY_LENGTH = 50
INSECURE_PREFIX = "django-insecure-"
# Only with DEBUG on (development on one's own machine); ``gealc demo`` makes a key of its own.
DEVELOPMENT_SECRET_KEY = INSECURE_PREFIX + "development-only-never-in-production-0123456789"
NEW_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"

TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
# The database engines the platform is built and tested on.
DATABASE_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")


def default_home() -> Path:
    """Where the local database and files live without ``GEALC_HOME``: the user's data
    directory (``$XDG_DATA_HOME/gealc``, ``~/.local/share/gealc``), the same whatever the
    working directory of the command."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "gealc"


def secret_key(value: str, *, debug: bool) -> str:
    """``SECRET_KEY``, refused when missing or weak unless DEBUG is on."""
    if not value and debug:
        return DEVELOPMENT_SECRET_KEY
    if not value:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off GEALC Hub needs its own secret key: set "
            f"SECRET_KEY to at least {MINIMUM_SECRET_KEY_LENGTH} random characters, e.g. the "
            f"output of `{NEW_KEY_HINT}` (or DEBUG=1 on a development machine only)."
        )
    weakness = _secret_key_weakness(value)
    if weakness and not debug:
        raise ImproperlyConfigured(
            f"SECRET_KEY {weakness}. Set it to at least {MINIMUM_SECRET_KEY_LENGTH} random "
            f"characters, e.g. the output of `{NEW_KEY_HINT}`."
        )
    return value


def _secret_key_weakness(value: str) -> str:
    """What Django's deployment check (security.W009) would object to, if anything."""
    if value.startswith(INSECURE_PREFIX):
        return f"starts with “{INSECURE_PREFIX}”, Django's mark of a generated, public key"
    if len(value) < MINIMUM_SECRET_KEY_LENGTH:
        return f"has only {len(value)} characters"
    if len(set(value)) < 5:
        return "has fewer than 5 different characters"
    return ""


def tasks_backend(name: str) -> str:
    """The django-tasks backend class that ``TASKS_BACKEND`` names."""
    if name not in TASKS_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND is “{name}”; it must be one of: {', '.join(sorted(TASKS_BACKENDS))}."
        )
    return TASKS_BACKENDS[name]


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level(name: str) -> str:
    """``LOG_LEVEL``, one of Python's level names (any case)."""
    if name.upper() not in LOG_LEVELS:
        raise ImproperlyConfigured(
            f"LOG_LEVEL is “{name}”; it must be one of: {', '.join(LOG_LEVELS)}."
        )
    return name.upper()


def _scheme(url: str) -> str:
    return url.split("://", 1)[0] if "://" in url else "(none)"


def _url(env: environ.Env, variable: str, default: str, reader: str, example: str) -> Any:
    """``env.db_url``/``cache_url``/``email_url`` with a message naming the variable."""
    try:
        # django-environ warns about an unknown engine by printing the parsed URL, password
        # included; the check below says the same without it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(env, reader)(variable, default=default)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        scheme = _scheme(os.environ.get(variable, default))
        reason = (
            "its port is not a number"
            if isinstance(error, ValueError)
            else (f"the scheme “{scheme}” is not known")
        )
        raise ImproperlyConfigured(
            f"{variable} is not a valid URL: {reason}. Example: {example}"
        ) from None


def database(env: environ.Env, default: str) -> dict[str, Any]:
    """``DATABASE_URL``: PostgreSQL or SQLite, with a database name."""
    example = "postgres://gealc:secret@db.example.org:5432/gealc or sqlite:////srv/gealc/db"
    config: dict[str, Any] = _url(env, "DATABASE_URL", default, "db_url", example)
    scheme = _scheme(os.environ.get("DATABASE_URL", default))
    if config.get("ENGINE") not in DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL has the scheme “{scheme}”; GEALC Hub runs on PostgreSQL "
            f"(postgres://…) or SQLite (sqlite:///…). Example: {example}"
        )
    if config["NAME"] in ("", ":memory:"):
        raise ImproperlyConfigured(
            f"DATABASE_URL names no database (or an in-memory one). Example: {example}"
        )
    return config


def cache(env: environ.Env, default: str) -> dict[str, Any]:
    example = "redis://127.0.0.1:6379/1"
    config: dict[str, Any] = _url(env, "CACHE_URL", default, "cache_url", example)
    return config


def email(env: environ.Env, default: str) -> dict[str, Any]:
    example = "smtp+tls://user:password@smtp.example.org:587"
    config: dict[str, Any] = _url(env, "EMAIL_URL", default, "email_url", example)
    return config


def admins(value: list[str]) -> list[tuple[str, str]]:
    """``ADMINS``: comma-separated addresses, each ``name@example.org`` or
    ``Name <name@example.org>``; errors are mailed to them."""
    people = []
    for position, entry in enumerate(value, start=1):
        name, address = parseaddr(entry)
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"ADMINS: entry {position} (“{entry}”) is not an e-mail address; write "
                "e.g. ADMINS='Ana Pérez <ana@example.org>,ops@example.org'."
            ) from None
        people.append((name or address, address))
    return people
