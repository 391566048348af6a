"""Benchmark of the knowledge hub's unified search; figures go to benchmarks/README.md.

    .venv/bin/python benchmarks/knowledge_search.py        # PostgreSQL, gealc_bench_knowledge
    .venv/bin/python benchmarks/knowledge_search.py --size 10000 --queries 300
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/knowledge_search.py

By default it uses (and creates if missing) the scratch PostgreSQL database
``gealc_bench_knowledge`` on 127.0.0.1:5432 (its own: ``http_load.py`` recreates
``gealc_bench`` while it runs), migrates it and fills it once with ``--size`` entries of
each kind (practices, software entries, open-data sets and people; 36 countries) written in
Spanish, Portuguese, English and French with accents. It then times ``selectors.search``
(all kinds: counts per kind plus the hits, as the search page needs them) and
``GET /api/v1/search/`` through the test client, for ``--queries`` queries of one to three
words mixing languages, with and without accents. Times are wall-clock milliseconds per
query; performance is never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gealc_bench_knowledge"

WORDS = {
    "es": "educación salud gestión información tecnología ciudadanía trámites digital pública "
    "inclusión seguridad firma identidad datos abiertos compras presupuesto municipio "
    "servicios interoperabilidad plataforma gobierno electrónico escuelas rurales "
    "telemedicina catastro registro empresas transparencia participación ventanilla "
    "única nube ciberseguridad portal población mujeres jóvenes agua energía",
    "pt": "educação saúde gestão informação tecnologia cidadania serviços públicos digital "
    "inclusão segurança assinatura identidade dados abertos compras orçamento município "
    "plataforma governo eletrônico escolas rurais telemedicina cadastro registro "
    "empresas transparência participação balcão único nuvem cibersegurança população",
    "en": "education health management information technology citizenship procedures digital "
    "public inclusion security signature identity open data procurement budget "
    "municipality services interoperability platform government electronic schools "
    "rural telemedicine cadastre registry companies transparency participation cloud",
    "fr": "éducation santé gestion information technologie citoyenneté démarches numérique "
    "publique inclusion sécurité signature identité données ouvertes marchés budget "
    "commune services interopérabilité plateforme gouvernement électronique écoles "
    "rurales télémédecine cadastre registre entreprises transparence participation",
}
CODES = ("es", "pt", "en", "fr")


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    os.environ.setdefault("AXES_ENABLED", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # the settings need one
    if url.startswith("postgres"):
        _create_postgres_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)


def _create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


SYLLABLES = [
    "ca",
    "de",
    "ló",
    "ma",
    "ni",
    "pe",
    "ra",
    "so",
    "tu",
    "vi",
    "bra",
    "cre",
    "dó",
    "fi",
    "gua",
    "jo",
    "que",
    "ri",
    "sá",
    "te",
    "zu",
]
THEME_SHARE = 0.12  # share of the words of a text that come from the themed vocabulary


def _filler_words(count: int = 4000) -> list[str]:
    """Pseudo-words (with some accents) standing in for the rest of a real vocabulary, so
    that a themed word matches a realistic share of the entries rather than all of them."""
    rng = random.Random(11)
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


FILLER = _filler_words()


def _sentence(rng: random.Random, code: str, length: int) -> str:
    themed = WORDS[code].split()
    return " ".join(
        rng.choice(themed) if rng.random() < THEME_SHARE else rng.choice(FILLER)
        for _ in range(length)
    )


def _texts(
    rng: random.Random, field: str, length: int, codes: tuple[str, ...] = CODES
) -> dict[str, str]:
    return {f"{field}_{code}": _sentence(rng, code, length) for code in codes}


def _fill(size: int) -> dict[str, float]:
    """Create ``size`` rows of each kind once (skipped when present); seconds per step."""
    from gealc.knowledge import search
    from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry
    from gealc.network.demo import load_countries
    from gealc.network.models import Country, Person, normalise_for_search

    timings: dict[str, float] = {}
    rng = random.Random(20250)
    if not Country.objects.exists():
        load_countries()
    countries = list(Country.objects.all())
    builders: dict[type, Callable[[int], Any]] = {
        Practice: lambda i: Practice(
            slug=f"bench-practice-{i}",
            country=countries[i % len(countries)],
            state="published",
            original_language="es",
            is_demo=True,
            **_texts(rng, "title", 6),
            **_texts(rng, "summary", 25),
            **_texts(rng, "problem", 30, ("es", "en")),
            **_texts(rng, "solution", 30, ("es", "en")),
            **_texts(rng, "results", 20, ("es", "en")),
            technologies=["PostgreSQL", "Python"],
        ),
        SoftwareEntry: lambda i: SoftwareEntry(
            slug=f"bench-software-{i}",
            name=f"{_sentence(rng, 'es', 2)} {i}",
            url=f"https://git.example.org/bench/{i}",
            development_status="stable",
            software_type="standalone/web",
            licence="AGPL-3.0-or-later",
            maintenance_type="community",
            categories=["e-participation"],
            platforms=["web"],
            state="published",
            is_demo=True,
            **_texts(rng, "short_description", 12),
            **_texts(rng, "long_description", 40),
        ),
        OpenDataSet: lambda i: OpenDataSet(
            slug=f"bench-dataset-{i}",
            order=i,
            is_demo=True,
            **_texts(rng, "name", 4),
            **_texts(rng, "description", 20),
        ),
    }
    for model, build in builders.items():
        missing = size - model.objects.filter(is_demo=True).count()
        if missing <= 0:
            continue
        start = time.perf_counter()
        offset = model.objects.count()
        rows = [build(offset + i) for i in range(missing)]
        for row in rows:
            row.search_text = normalise_for_search(*row.search_parts())
        model.objects.bulk_create(rows, batch_size=1000)
        search.refresh_vectors(model.objects.all())
        timings[model.__name__] = time.perf_counter() - start
    missing = size - Person.objects.count()
    if missing > 0:
        start = time.perf_counter()
        people = [
            Person(
                given_name=_sentence(rng, "es", 1).title(),
                family_name=_sentence(rng, "pt", 1).title(),
                is_demo=True,
            )
            for _ in range(missing)
        ]
        for person in people:
            person.search_text = normalise_for_search(person.given_name, person.family_name)
        Person.objects.bulk_create(people, batch_size=1000)
        timings["Person"] = time.perf_counter() - start
    from django.db import connection

    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: statistics, and the visibility map and hint
        # bits without which the first searches write to every page they read.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return timings


def _queries(count: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    queries = []
    for _ in range(count):
        code = rng.choice(CODES)
        words = rng.sample(WORDS[code].split(), rng.choice((1, 1, 2, 2, 3)))
        if rng.random() < 0.3:  # typed without accents
            from gealc.network.models import normalise_for_search

            words = [normalise_for_search(word) for word in words]
        queries.append((" ".join(words), code))
    return queries


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {"p50": at(0.5), "p95": at(0.95), "max": ordered[-1], "mean": statistics.fmean(ordered)}


def _time(
    call: Callable[[str, str], Any], queries: list[tuple[str, str]]
) -> tuple[list[float], float]:
    """Wall-clock milliseconds per query, and this process's mean CPU milliseconds (Django,
    serialisation; the database's own work is in the wall-clock time only)."""
    for query, code in queries[:10]:  # warm caches and connections
        call(query, code)
    samples = []
    cpu_start = time.process_time()
    for query, code in queries:
        start = time.perf_counter()
        call(query, code)
        samples.append((time.perf_counter() - start) * 1000)
    return samples, (time.process_time() - cpu_start) * 1000 / len(queries)


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return (
        f"{nproc} vCPU, {cpu}, {memory_kb / 1024 / 1024:.1f} GiB RAM, Python "
        f"{platform.python_version()}"
    )


def _plan() -> str:
    """Whether PostgreSQL answers the practice match from the GIN index."""
    from django.db import connection

    from gealc.knowledge import search
    from gealc.knowledge.models import Practice

    if connection.vendor != "postgresql":
        return "n/a (not PostgreSQL)"
    queryset = search.match_entries(Practice.objects.all(), ["educacion", "digital"], "es")
    plan = queryset.explain()
    return "GIN index used" if "search_gin" in plan else "no index:\n" + plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries of each kind")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    _setup(url)
    from django.contrib.auth.models import User
    from django.db import connection
    from rest_framework.test import APIClient

    from gealc.knowledge import selectors
    from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry
    from gealc.network.models import Person

    fill = _fill(args.size)
    member, _ = User.objects.get_or_create(username="bench-admin", is_superuser=True)
    public = APIClient()
    signed_in = APIClient()
    signed_in.force_authenticate(member)
    queries = _queries(args.queries)
    version = (
        connection.cursor().connection.info.server_version
        if connection.vendor == "postgresql"
        else connection.Database.sqlite_version
    )
    print(f"database: {connection.vendor} {version}; machine: {_machine()}")
    print(
        "rows: "
        + ", ".join(
            f"{m.__name__} {m.objects.count()}"
            for m in (Practice, SoftwareEntry, OpenDataSet, Person)
        )
    )
    if fill:
        print("filled (s): " + ", ".join(f"{k} {v:.1f}" for k, v in fill.items()))
    print(f"plan: {_plan()}")
    sample = selectors.search(queries[0][0], viewer=member, language=queries[0][1])
    print(f"example: {queries[0][0]!r} → {sample.facets}")
    cases: dict[str, Callable[[str, str], Any]] = {
        "selector, public": lambda q, c: selectors.search(q, viewer=_anonymous(), language=c),
        "selector, member (people too)": lambda q, c: selectors.search(
            q, viewer=member, language=c
        ),
        "API, public": lambda q, c: _ok(public.get("/api/v1/search/", {"q": q, "language": c})),
        "API, member": lambda q, c: _ok(signed_in.get("/api/v1/search/", {"q": q, "language": c})),
    }
    print(f"{len(queries)} queries of 1-3 words, 30 % typed without accents (ms per query)")
    print("| case | p50 | p95 | max | mean | client CPU |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, call in cases.items():
        samples, cpu = _time(call, queries)
        figures = _percentiles(samples)
        print(
            f"| {name} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
            f"{figures['max']:.1f} | {figures['mean']:.1f} | {cpu:.1f} |"
        )
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise SystemExit(f"search API answered {response.status_code}: {response.content!r}")
    return response


if __name__ == "__main__":
    main()
