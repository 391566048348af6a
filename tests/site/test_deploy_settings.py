"""With production variables set, Django's deployment checklist finds nothing to report."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "example.org",
    "SECURE_HTTPS": "1",
    "DATABASE_URL": "postgres://gealc@db.example.org:5432/gealc",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://mailer:secret@mail.example.org:587",
    "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    "TASKS_BACKEND": "database",
    "SITE_URL": "https://example.org",
}


def _check_deploy(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """`gealc manage check --deploy` in a fresh process that sees only these settings."""
    # Only what a server would have: nothing of this test process's settings leaks in
    # (the browser tests, for one, set DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {
        name: os.environ[name]
        for name in ("PATH", "HOME", "LANG", "PYTHONPATH")
        if name in os.environ
    }
    environment.update(GEALC_HOME=str(tmp_path), **variables)
    command = [sys.executable, "-m", "gealc", "manage", "check", "--deploy"]
    return subprocess.run(
        [*command, "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, SECRET_KEY=_secret_key(), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_does_not_even_start(tmp_path: Path) -> None:
    """Production that forgets its SECRET_KEY stops before any check, naming the variable."""
    result = _check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 1
    assert result.stderr.startswith("gealc: SECRET_KEY is not set.")


def test_the_checklist_still_catches_a_weak_key_allowed_by_debug(tmp_path: Path) -> None:
    """With DEBUG on the settings accept any key, and the checklist flags both."""
    result = _check_deploy(tmp_path, **{**PRODUCTION, "DEBUG": "1"}, SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr
    assert "security.W018" in result.stderr
