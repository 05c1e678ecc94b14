"""WeasyPrint rendering shared by the handout and the application PDF: a template's HTML plus print CSS.

Where the time goes (`make bench`, the four-plan handout): about half in WeasyPrint's layout, a fifth each
in drawing and in writing the PDF, a tenth in the cascade; font subsetting (HarfBuzz) takes a few
milliseconds and the stylesheets are small. So the cures are:

- **A repeat costs no rendering.** A PDF is a pure function of its HTML, stylesheet and base URL, so it
  is cached under a hash of exactly those (the "pdfs" cache alias: Redis when `REDIS_URL` is set, shared
  by every server). The same answers under the same catalogue version on the same day give the same HTML,
  hence the same key; anything that changes what is printed (an edited application, a new catalogue, a
  new day) changes the HTML, hence the key, so an entry is never stale and never another's. The view
  still checks permissions and renders the HTML (a few milliseconds) before asking.
- **Fonts are looked up once per thread, not per PDF**: one `FontConfiguration` (fontconfig + Pango font
  map, with their caches of fonts, fallback lists and glyph coverage) per thread, reused by every render,
  and each stylesheet parsed once against it (`@font-face` rules register there).
- **WeasyPrint is imported on a process's first PDF**, not when the URLconf loads: it and the libraries it
  loads (Pango, fontconfig, HarfBuzz) hold ~26 MB that a worker serving members' pages never needs.
- The print stylesheets avoid what WeasyPrint draws slowly (a dotted border is one vector circle per
  dot) and give the page margin boxes fixed widths (otherwise each is laid out twice more, per page,
  to measure its content).
- They avoid what WeasyPrint lays out more than once: no flex (a flex item's narrowest width is found by
  laying out its Japanese text at every possible line break, i.e. at every character) and no CSS columns
  (laid out over and over to balance them): floats and inline blocks of fixed widths instead.
- Layout time follows the number of lines. The handout's matrix has four columns a quarter of the page
  wide, so a 200-character reason there is a dozen lines, often repeated in several cells: long texts are
  printed once, whole, under the table (comparisons.handout.views.table_notes).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import threading
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.http import HttpResponse

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

CACHE_ALIAS = "pdfs"
CACHE_TIMEOUT = 60 * 60  # seconds; the key changes with the content, this only bounds an entry's life

_local = threading.local()  # Pango objects are not thread-safe: each thread gets its own


def _fonts() -> FontConfiguration:
    """This thread's font configuration, created on its first PDF."""
    config = getattr(_local, "fonts", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.fonts = FontConfiguration()
        _local.stylesheets = {}
    return config


@cache
def _source(name: str) -> tuple[str, str]:
    """A print stylesheet's text (a path under static/) and its SHA-256, read once per process."""
    with open(finders.find(name), encoding="utf-8") as f:
        text = f.read()
    return text, hashlib.sha256(text.encode()).hexdigest()


def stylesheet(name: str) -> weasyprint.CSS:
    """A print stylesheet from static/, parsed once per thread against that thread's fonts."""
    import weasyprint

    fonts = _fonts()
    css = _local.stylesheets.get(name)
    if css is None:
        css = _local.stylesheets[name] = weasyprint.CSS(string=_source(name)[0], font_config=fonts)
    return css


@cache
def _weasyprint_version() -> str:
    """The installed WeasyPrint's version, read without importing it."""
    return importlib.metadata.version("weasyprint")


def cache_key(html: str, *, css: str, base_url: str, pdf_variant: str | None = None) -> str:
    """What the PDF is a function of: WeasyPrint's version, the stylesheet's content, the base URL, the PDF
    variant and the HTML (the fonts are the system's: a font package change without any other change needs
    the "pdfs" cache cleared, or an hour)."""
    digest = hashlib.sha256()
    for part in (_weasyprint_version(), _source(css)[1], base_url, pdf_variant or "", html):
        digest.update(part.encode())
        digest.update(b"\x1f")
    return f"pdf:{digest.hexdigest()}"


def render(
    html: str, *, css: str, base_url: str, cached: bool = True, pdf_variant: str | None = None
) -> bytes:
    """The PDF (bytes) of `html` with the print stylesheet `css` (a path under static/), from the cache
    when the same HTML was rendered before (`cached=False` always renders). `pdf_variant` is WeasyPrint's
    (e.g. "pdf/ua-1": a tagged PDF that screen readers can read, with its title and language).

    Only inline data (a QR code) may be loaded: nothing is fetched over the network or from disk.
    """
    key = cache_key(html, css=css, base_url=base_url, pdf_variant=pdf_variant)
    if cached and (pdf := caches[CACHE_ALIAS].get(key)) is not None:
        return pdf
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    pdf = document.write_pdf(stylesheets=[stylesheet(css)], font_config=_fonts(), pdf_variant=pdf_variant)
    if cached:
        caches[CACHE_ALIAS].set(key, pdf, CACHE_TIMEOUT)
    return pdf


def pdf_response(pdf: bytes, *, filename: str, ascii_filename: str) -> HttpResponse:
    """Shown in the browser; saved under a Japanese name (with a plain-ASCII fallback)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename=\"{ascii_filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
