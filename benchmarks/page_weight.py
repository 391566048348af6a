"""Page weight: what each public page costs a first-time reader on the wire.

    DEBUG=1 GEALC_HOME=var .venv/bin/python benchmarks/page_weight.py [--languages es,pt,en,fr]

Needs a database with the demo loaded (``gealc demo`` or ``gealc manage demo_load``). Asks
each public page as an anonymous browser does (``Accept-Encoding: gzip``) through Django's
test client, then adds every stylesheet, script and font the page links to, each as a
gzip-capable server sends it (whitenoise serves the compressed copy; a woff2 font is
compressed already). A page body the view does not compress itself is counted gzipped as the
front server would send it, and flagged. Prints a Markdown table; the budget is 100 kB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 100 * 1024
PAGES = (
    "/{lang}/",
    "/{lang}/observatory/",
    "/{lang}/observatory/countries/ury/",
    "/{lang}/observatory/methodology/",
    "/{lang}/countries/",
    "/{lang}/countries/ury/",
    "/{lang}/directory/",
    "/{lang}/governance/",
    "/{lang}/organisations/",
    "/{lang}/rounds/",
    "/{lang}/practices/",
    "/{lang}/software/",
    "/{lang}/open-data/",
    "/{lang}/styleguide/",
)
# Assets a page asks for at once: stylesheets, fonts preloaded, scripts (not media="print").
ASSET = re.compile(
    rb'<(?:link[^>]*rel="(?:stylesheet|preload)"(?![^>]*media="print")[^>]*href|script[^>]*src)'
    rb'="([^"]+)"'
)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def asset_bytes(url: str) -> int:
    """The bytes a gzip-capable client receives for a static file."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    name = url.removeprefix(staticfiles_storage.base_url).split("?")[0]
    path = finders.find(name)
    if path is None:
        raise SystemExit(f"static file not found: {url}")
    data = Path(path).read_bytes()
    return len(data) if name.endswith(".woff2") else len(gzip.compress(data, 6))


def weigh(path: str) -> tuple[int, int, int, bool]:
    """(page bytes, asset bytes, status, whether the view compressed the page itself)."""
    from django.test import Client

    response = Client().get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_HOST="localhost")
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    body = response.content
    compressed_by_view = response.get("Content-Encoding") == "gzip"
    html = gzip.decompress(body) if compressed_by_view else body
    page = len(body) if compressed_by_view else len(gzip.compress(body, 6))
    assets = sum(asset_bytes(url.decode()) for url in dict.fromkeys(ASSET.findall(html)))
    return page, assets, response.status_code, compressed_by_view


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="es,pt,en,fr")
    args = parser.parse_args()
    setup()
    print("| page | language | status | page (gzip) | CSS, JS, font | total | under 100 kB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    worst = 0
    for template in PAGES:
        for language in args.languages.split(","):
            path = template.format(lang=language)
            page, assets, status, by_view = weigh(path)
            total = page + assets
            worst = max(worst, total)
            mark = "" if by_view else " †"
            print(
                f"| `{path}` | {language} | {status} | {page:,}{mark} | {assets:,} | {total:,} "
                f"| {'yes' if total < BUDGET else '**no**'} |"
            )
    print(f"\nHeaviest: {worst:,} bytes. † compressed by the front server, not the view.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
