"""HTTP load on published results: gunicorn + PostgreSQL, driven by wrk.

    .venv/bin/python benchmarks/http_load.py [--duration 10] [--connections 32] [--workers 2]
        [--threads 1] [--reuse-database] [--database gealc_bench] [--rounds 1]

Creates (or recreates) the PostgreSQL database ``gealc_bench`` (or ``--database``), migrates
it, loads the demo (with its published indexes, the latest with 10,000 uncertainty runs) and
collects the static files; starts gunicorn on 127.0.0.1 and, for each target (the overview
page, a country profile, the scores of the published run through the API), measures
requests/s and the p50/p99 latency with wrk next to the same bytes served as a static file by
the same gunicorn through whitenoise (the ceiling), ``--rounds`` times side by side (on a
shared machine the load moves between measurements: each pair is one row). Prints a Markdown
table with the ratio to the ceiling and the load average; stops gunicorn at the end. Needs
wrk (Debian's package; installed with apt-get when missing and possible).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "gealc_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
TARGETS = {
    "overview page": ("/en/observatory/", "html"),
    "country profile (URY)": ("/en/observatory/countries/URY/", "html"),
    "API: run scores": ("/api/v1/runs/{run}/scores/", "json"),
}


@dataclass
class Figures:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def environment(static_root: Path, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gealc.site.settings",
        "DATABASE_URL": f"{SERVER}/{database}",
        "STATIC_ROOT": str(static_root),
        "GEALC_HOME": str(static_root.parent),
        "CONN_MAX_AGE": "60",
        "DEBUG": "0",
        # Without DEBUG the settings need a key: a random one for the run.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        # The load generator is one anonymous client: it must not be throttled.
        "API_ANON_RATE": "100000000/hour",
        "LOG_LEVEL": "ERROR",
    }


def manage(env: dict[str, str], *args: str) -> str:
    command = [PYTHON, "-m", "django", *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def prepare_database(env: dict[str, str], database: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    manage(env, "migrate", "--noinput")
    started = time.perf_counter()
    manage(env, "demo_load")
    print(f"demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    manage(env, "collectstatic", "--noinput")


def published_run_id(env: dict[str, str]) -> int:
    code = (
        "from gealc.observatory.selectors import latest_published_run;"
        "print(latest_published_run().pk)"
    )
    return int(manage(env, "shell", "--no-imports", "-c", code).split()[-1])


def start_gunicorn(env: dict[str, str], workers: int, threads: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "gealc.site.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/health/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def fetch(path: str) -> bytes:
    with urllib.request.urlopen(f"{BASE}{path}", timeout=30) as response:
        return response.read()


def wrk(path: str, duration: int, connections: int) -> Figures:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", f"{BASE}{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: .*", output)
    if socket_errors:
        print(f"  {path}: {socket_errors.group(0)}", flush=True)
    return Figures(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        p99_ms=_milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        errors=int(errors.group(1)) if errors else 0,
    )


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    # One process per core, one request at a time each: the fastest on two cores (see README).
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="per worker (gthread)")
    parser.add_argument(
        "--reuse-database", action="store_true", help="keep the database of an earlier run"
    )
    parser.add_argument("--rounds", type=int, default=1, help="measurements of each target")
    parser.add_argument(
        "--database",
        default=DATABASE,
        type=lambda name: re.fullmatch(r"[a-z_][a-z0-9_]*", name).group(0),
        help="the PostgreSQL database to (re)create and serve",
    )
    args = parser.parse_args()
    ensure_wrk()
    home = Path(tempfile.mkdtemp(prefix="gealc-http-load-"))
    static_root = home / "static"
    env = environment(static_root, args.database)
    sys.path.insert(0, str(ROOT / "src"))
    if args.reuse_database:
        manage(env, "collectstatic", "--noinput")
    else:
        prepare_database(env, args.database)
    paths = {name: path.format(run=published_run_id(env)) for name, (path, _) in TARGETS.items()}
    server = start_gunicorn(env, args.workers, args.threads)
    try:
        bodies = {name: fetch(path) for name, path in paths.items()}  # also warms the caches
    finally:
        stop(server)
    # The ceiling: the same bytes as static files (whitenoise indexes them when it starts).
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    static = {}
    for number, (name, body) in enumerate(bodies.items()):
        filename = f"bench/target{number}.{TARGETS[name][1]}"
        (static_root / filename).write_bytes(body)
        static[name] = f"/static/{filename}"
    server = start_gunicorn(env, args.workers, args.threads)
    rows: list[Row] = []
    try:
        for path in paths.values():
            fetch(path)  # this server's caches
        for _round in range(args.rounds):
            for name, path in paths.items():
                dynamic = wrk(path, args.duration, args.connections)
                ceiling = wrk(static[name], args.duration, args.connections)
                load = os.getloadavg()[0]  # the last minute's, measured with the pair
                rows.append((name, len(bodies[name]), dynamic, ceiling, load))
    finally:
        stop(server)
        shutil.rmtree(home, ignore_errors=True)
    report(rows, args)
    return 0


Row = tuple[str, int, Figures, Figures, float]


def report(rows: list[Row], args: argparse.Namespace) -> None:
    print(
        f"\n{args.connections} connections, {args.duration} s each, gunicorn "
        f"{args.workers} gthread workers x {args.threads} threads, PostgreSQL, wrk -t2\n"
    )
    print(
        "| target | bytes | req/s | p50 ms | p99 ms | static req/s | static p50 ms "
        "| static p99 ms | ratio to static | non-2xx | load average |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, size, dynamic, ceiling, load in rows:
        ratio = dynamic.requests_per_second / ceiling.requests_per_second
        print(
            f"| {name} | {size:,} | {dynamic.requests_per_second:,.0f} | {dynamic.p50_ms:.1f} "
            f"| {dynamic.p99_ms:.1f} | {ceiling.requests_per_second:,.0f} "
            f"| {ceiling.p50_ms:.1f} | {ceiling.p99_ms:.1f} | {ratio:.2f} "
            f"| {dynamic.errors + ceiling.errors} | {load:.1f} |"
        )


if __name__ == "__main__":
    sys.exit(main())
