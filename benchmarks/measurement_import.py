"""Benchmarks of measurement imports and round validation; figures go to benchmarks/README.md.

    .venv/bin/python benchmarks/measurement_import.py                    # 100,000 values
    .venv/bin/python benchmarks/measurement_import.py --values 10000     # a quicker run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gealc_dev \\
        .venv/bin/python benchmarks/measurement_import.py

One submission of a synthetic framework with ``--values`` variables holds that many values in
one spreadsheet (the shipped GEALC-DGI has about thirty; a sub-national framework could have
thousands). Cases, each timed once, wall clock:

- ``template``: generate the XLSX template (protected sheet, data validation);
- ``parse``: read and check every cell of the filled-in XLSX / CSV (no database writes);
- ``dry run``: parse + compare with the stored values (what the import would change);
- ``import``: the real all-or-nothing import through ``services.values_save_many`` (every
  value validated with ``full_clean``, history recorded), first creating every value from
  the XLSX, then changing every value from the CSV;
- ``validate round``: ``selectors.round_validation_reports`` for a round of ``--countries``
  countries with every value filled in (one report per submission).

Peak memory: ``tracemalloc`` peak of the parse step alone (Python allocations), and the
process's ``ru_maxrss`` at the end. The database is a throw-away test database (SQLite file
in a temporary directory by default; with ``DATABASE_URL`` a ``test_…`` database on that
server, dropped at the end). Performance is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import platform
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _setup_django(workdir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    os.environ.setdefault("GEALC_HOME", workdir)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # the settings need one
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    import django

    django.setup()


def timed(label: str, results: list[tuple[str, float, str]], call: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    outcome = call()
    seconds = time.perf_counter() - start
    results.append((label, seconds, ""))
    print(f"{label:<48} {seconds:9.2f} s", flush=True)
    return outcome


def _framework(admin: Any, variables: int) -> Any:
    """A framework with one real variable (for the indicator) and ``variables - 1`` more."""
    from gealc.measurement import services
    from gealc.measurement.models import Variable

    names = {code: f"Variable {code}" for code in ("es", "pt", "en", "fr")}
    document = {
        "framework": {
            "code": "BENCH",
            "version": f"{variables}",
            "name": names,
            "variables": [{"code": "v000000", "name": names, "type": "number", "min": 0}],
            "dimensions": [
                {
                    "code": "d",
                    "name": names,
                    "indicators": [{"code": "i", "name": names, "formula": "v000000"}],
                }
            ],
        }
    }
    framework = services.framework_import(actor=admin, document=document)
    # Setup, not measured: thousands of variables are faster to create in bulk.
    Variable.objects.bulk_create(
        [
            Variable(
                framework=framework,
                code=f"v{number:06d}",
                name_en=f"Variable {number}",
                name=f"Variable {number}",
                value_type=Variable.ValueType.PERCENTAGE if number % 2 else "number",
                min_value=0,
                max_value=None if number % 2 == 0 else 100,
            )
            for number in range(1, variables)
        ],
        batch_size=5000,
    )
    return framework


def _countries(count: int) -> list[Any]:
    from gealc.network.models import Country

    return [
        Country.objects.get_or_create(
            iso3=f"Z{number // 26:01d}{chr(65 + number % 26)}"[:3].upper(),
            defaults={
                "iso_numeric": f"{900 + number:03d}"[-3:],
                "name_en": f"Benchland {number}",
                "name_es": f"Benchlandia {number}",
                "subregion": Country.Subregion.SOUTH_AMERICA,
                "membership": Country.Membership.MEMBER,
            },
        )[0]
        for number in range(count)
    ]


def _number(code: str, shift: int = 0) -> str:
    return str((int(code[1:]) * 7 + shift) % 100)


def _filled_xlsx(codes: list[str]) -> bytes:
    from openpyxl import Workbook

    from gealc.measurement.spreadsheets import XLSX_COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Values")
    sheet.append(list(XLSX_COLUMNS))
    for code in codes:
        sheet.append([code, "", "", "", float(_number(code)), "reported", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _filled_csv(codes: list[str], shift: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["variable", "value", "status", "evidence_url", "comment"])
    for code in codes:
        writer.writerow([code, _number(code, shift), "reported", "", ""])
    return buffer.getvalue().encode("utf-8-sig")


def _parse_peak(data: bytes, framework: Any) -> float:
    from gealc.measurement import imports

    tracemalloc.start()
    imports.parse_file(data, imports.variable_specs(framework), imports.status_keys())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def _fill_round(round_: Any, codes: list[str]) -> int:
    """Setup, not measured: every value of every submission, in bulk."""
    from gealc.measurement.models import Value, Variable

    variables = dict(
        Variable.objects.filter(framework=round_.framework_version).values_list("code", "pk")
    )
    rows = [
        Value(
            submission=submission,
            variable_id=variables[code],
            value=Decimal(_number(code, submission.pk)),
        )
        for submission in round_.submissions.all()
        for code in codes
    ]
    Value.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def run(values: int, countries: int) -> None:
    from django.contrib.auth.models import User

    from gealc.measurement import imports, selectors, services, spreadsheets
    from gealc.measurement.models import Value

    results: list[tuple[str, float, str]] = []
    admin = User.objects.create_superuser("bench", "bench@example.org", "x")
    framework = _framework(admin, values)
    [country, *others] = _countries(max(countries, 1))
    measurement_round = services.round_open(
        actor=admin,
        framework_version=framework,
        reference_year=2025,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        countries=[country],
    )
    submission = measurement_round.submissions.get()
    codes = sorted(imports.variable_specs(framework))
    print(f"{len(codes):,} variables; database {os.environ['DATABASE_URL'].split(':')[0]}")

    template = timed(
        f"template: XLSX of {len(codes):,} rows",
        results,
        lambda: spreadsheets.submission_template_xlsx(submission, language="en"),
    )
    print(f"  template size {len(template) / 1e6:.1f} MB")
    xlsx = _filled_xlsx(codes)
    csv_data = _filled_csv(codes, shift=1)
    print(f"  filled XLSX {len(xlsx) / 1e6:.1f} MB, CSV {len(csv_data) / 1e6:.1f} MB")
    specs, statuses = imports.variable_specs(framework), imports.status_keys()
    for label, data in (("XLSX", xlsx), ("CSV", csv_data)):
        report = timed(
            f"parse + check {label}", results, lambda d=data: imports.parse_file(d, specs, statuses)
        )
        assert report.ok, report.problems[:3]
        assert len(report.rows) == len(codes)
        print(f"  tracemalloc peak of parsing {label}: {_parse_peak(data, framework):.0f} MB")

    def import_(data: bytes, dry_run: bool) -> imports.ImportReport:
        submission.refresh_from_db()
        return imports.submission_import(
            actor=admin,
            submission=submission,
            upload=data,
            expected_version=submission.lock_version,
            dry_run=dry_run,
        )

    report = timed("dry run XLSX (parse + diff)", results, lambda: import_(xlsx, True))
    assert len(report.changes) == len(codes)
    report = timed("import XLSX: create every value", results, lambda: import_(xlsx, False))
    assert report.saved, report.problems[:3] or report.conflict
    report = timed("import CSV: change every value", results, lambda: import_(csv_data, False))
    assert report.saved, report.problems[:3] or report.conflict
    assert Value.objects.filter(submission=submission).count() == len(codes)
    for label, seconds, _ in results:
        if label.startswith(("import", "parse", "dry")):
            print(f"  {label}: {len(codes) / seconds:,.0f} values/s")

    per_country = max(len(codes) // max(countries, 1), 1)
    round_framework = _framework(admin, per_country)
    big_round = services.round_open(
        actor=admin,
        framework_version=round_framework,
        reference_year=2026,
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 12, 31),
        countries=[country, *others],
    )
    filled = _fill_round(big_round, sorted(imports.variable_specs(round_framework)))
    reports = timed(
        f"validate round: {countries} countries x {per_country:,} values ({filled:,})",
        results,
        lambda: selectors.round_validation_reports(big_round),
    )
    print(f"  {len(reports)} reports, {sum(len(r.errors) for r in reports.values()):,} errors")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory (ru_maxrss): {maxrss:.0f} MB")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs"
    print(f"machine: {machine}, Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--values", type=int, default=100_000)
    parser.add_argument("--countries", type=int, default=33)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        _setup_django(workdir)
        from django.conf import settings
        from django.db import connection

        settings.GEALC_MAX_IMPORT_ROWS = max(arguments.values, 100_000)
        settings.GEALC_MAX_UPLOAD_BYTES = max(settings.GEALC_MAX_UPLOAD_BYTES, 50 * 1024 * 1024)
        test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            print(f"test database {test_database}")
            run(arguments.values, arguments.countries)
        finally:
            connection.creation.destroy_test_db(test_database, verbosity=0)


if __name__ == "__main__":
    main()
