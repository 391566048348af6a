"""How long the secretariat's "compute a run" request takes: queued for a worker (the database
task backend) against computed in the request (the immediate backend, the demo's default).

It loads the demo into a fresh SQLite database in a temporary GEALC_HOME (or uses ``--home
DIR`` if it already holds one), then for the demo round of ``--year`` posts the compute form
``--repeat`` times with each backend and prints each request's time and the run's status after
it. The first request of a process also imports the URLconf (and through it the engine), so
it is printed apart. Usage::

    .venv/bin/python benchmarks/run_request.py [--runs 10000] [--repeat 3] [--year 2024]
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time


def _measure(home: str, backend: str, year: int, runs: int, repeat: int) -> None:
    os.environ.update(GEALC_HOME=home, TASKS_BACKEND=backend)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throwaway database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from gealc.measurement.models import Round
    from gealc.observatory.models import IndexRun

    measurement_round = Round.objects.get(is_demo=True, reference_year=year)
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    form = {"round": measurement_round.pk, "uncertainty_runs": runs, "seed": 1, "title": ""}
    for attempt in range(repeat + 1):
        start = time.perf_counter()
        response = client.post("/en/observatory/runs/", form, HTTP_HOST="127.0.0.1")
        elapsed = (time.perf_counter() - start) * 1000
        run = IndexRun.objects.order_by("-pk").first()
        label = "first (imports)" if attempt == 0 else f"request {attempt}"
        status = run.status if run else "-"
        print(f"{backend:9} {label:16} {response.status_code} {elapsed:8.0f} ms  run {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--home", default="")
    parser.add_argument("--backend", default="", help=argparse.SUPPRESS)  # one child's backend
    args = parser.parse_args()
    if args.backend:
        _measure(args.home, args.backend, args.year, args.runs, args.repeat)
        return
    home = args.home or tempfile.mkdtemp(prefix="gealc-run-request-")
    gealc = os.path.join(os.path.dirname(sys.executable), "gealc")
    environment = {**os.environ, "GEALC_HOME": home}
    environment.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    if not os.path.exists(os.path.join(home, "gealc.sqlite3")):
        subprocess.run([gealc, "manage", "migrate", "-v0"], env=environment, check=True)
        subprocess.run(
            [gealc, "manage", "demo_load"], env=environment, check=True, capture_output=True
        )
    for backend in ("database", "immediate"):  # each in a fresh process: its own imports
        command = [sys.executable, __file__, "--home", home, "--backend", backend]
        command += ["--runs", str(args.runs), "--repeat", str(args.repeat)]
        command += ["--year", str(args.year)]
        subprocess.run(command, env=environment, check=True)


if __name__ == "__main__":
    main()
