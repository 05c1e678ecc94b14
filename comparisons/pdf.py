"""WeasyPrint rendering shared by the handout and the application PDF: a template's HTML plus print CSS."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

import weasyprint
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from weasyprint.urls import URLFetcher


@cache
def stylesheet(name: str) -> weasyprint.CSS:
    """A print stylesheet from static/, parsed once per process."""
    with open(finders.find(name), encoding="utf-8") as f:
        return weasyprint.CSS(string=f.read())


def render(html: str, *, css: str, base_url: str) -> bytes:
    # Only inline data (a QR code) may be loaded: nothing is fetched over the network or from disk.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet(css)])


def pdf_response(pdf: bytes, *, filename: str, ascii_filename: str) -> HttpResponse:
    """Shown in the browser; saved under a Japanese name (with a plain-ASCII fallback)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename=\"{ascii_filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
