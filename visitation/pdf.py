"""Accessible PDFs (PDF/UA-1) with WeasyPrint, fetching nothing but our own static files.

User text is rendered through Django templates (auto-escaped), so it can never become markup;
and even if a URL got into the document, `StaticOnlyFetcher` refuses anything that is not one of
our static files, so rendering a letter never touches the network or the file system outside
the static directories."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_BASE = "https://static.bostotte.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves `https://static.bostotte.invalid/<path>` from our static files; refuses all else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith(STATIC_BASE):
            logger.warning("pdf: refused to fetch a non-static URL")
            raise ValueError("Only our own static files may be fetched while rendering a PDF.")
        relative = url[len(STATIC_BASE):].split("?", 1)[0].split("#", 1)[0]
        if not relative or ".." in Path(relative).parts or relative.startswith("/"):
            raise ValueError("Invalid static path.")
        found = finders.find(relative)
        if not found or isinstance(found, list):
            raise ValueError("Static file not found.")
        content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": content_type})


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Danish template to a tagged PDF/UA-1 document."""
    with translation.override("da"):
        html = render_to_string(template_name, {**context, "static_base": STATIC_BASE})
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher())
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf
