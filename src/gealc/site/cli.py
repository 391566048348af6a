"""The ``gealc`` command line.

``gealc demo``, ``gealc backup``/``restore`` and ``gealc manage`` run inside Django;
``gealc index`` runs the composite-index engine alone, without loading Django.
"""

import argparse
import os
import secrets
import sys
from pathlib import Path

USAGE = """usage: gealc <command> [options]

commands:
  demo [--port 8000]      create and migrate the local database, load the demo network,
                          print the demo accounts and serve on 127.0.0.1
  index ...               the composite-index engine (gealc index --help)
  backup FILE             write everything (database and uploaded files) to FILE
  restore FILE            restore FILE into an empty database (--trust-unsigned: even if
                          not signed with this installation's GEALC_BACKUP_KEY)
  manage ...              the Django management commands
"""


def _settings() -> None:
    """Point Django at our settings and make sure the local home exists.

    On a fresh machine ``$GEALC_HOME`` is not there yet: SQLite cannot create the directory
    of its database file, and WhiteNoise warns about a missing static root. Settings that
    would make the installation unsafe or broken stop here with their message (exit status
    1), not a traceback.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        directories = (settings.VAR_DIR, settings.STATIC_ROOT)
    except ImproperlyConfigured as error:
        print(f"gealc: {error}", file=sys.stderr)
        sys.exit(1)
    for directory in directories:
        Path(directory).mkdir(parents=True, exist_ok=True)


def _demo_secret_key() -> None:
    """The demo runs without DEBUG, as production does, so it needs a secret key: a random one
    of its own, kept in its home (readable by its owner only) so sessions survive a restart.
    """
    if os.environ.get("SECRET_KEY"):
        return
    from gealc.site.configuration import default_home

    home = Path(os.environ.get("GEALC_HOME") or default_home())
    home.mkdir(parents=True, exist_ok=True)
    key_file = home / "demo-secret-key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    os.environ["SECRET_KEY"] = key_file.read_text().strip()


def _django() -> None:
    _settings()
    import django

    django.setup()


def _demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gealc demo")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--no-serve", action="store_true", help="prepare the database and exit without serving"
    )
    args = parser.parse_args(argv)
    _demo_secret_key()
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_load")
    if not args.no_serve:
        print(f"Serving GEALC Hub (demo) at http://127.0.0.1:{args.port}/ — Ctrl-C to stop.")
        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    return 0


def _management(name: str, argv: list[str]) -> int:
    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(name, *argv)
    except CommandError as error:
        print(f"gealc {name}: {error}", file=sys.stderr)
        return 1
    return 0


def _manage(argv: list[str]) -> int:
    _settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gealc manage", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "index":
        from gealc.index.cli import main as index_main

        return index_main(rest)
    if command == "demo":
        return _demo(rest)
    if command in {"backup", "restore"}:
        return _management(command, rest)
    if command == "manage":
        return _manage(rest)
    print(f"gealc: unknown command '{command}'\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
