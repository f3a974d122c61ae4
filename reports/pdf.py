"""PDF of a print page with WeasyPrint, reading only our own static files."""

import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders


def _static_files_fetcher():
    # WeasyPrint takes a second to import: only PDF downloads pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves /static/ URLs from the static files on disk and refuses every other URL, so
        a PDF never makes a network request (not even to the portal itself)."""

        def fetch(self, url, headers=None):
            return _fetch_static(url, URLFetcherResponse)

    return StaticFilesFetcher()


def _fetch_static(url, response_class):
    path = unquote(urlparse(url).path)
    if not path.startswith(settings.STATIC_URL):
        raise ValueError(f"Only static files may be fetched, not {url}")
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    if not found:
        raise ValueError(f"No static file at {path}")
    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
    # WeasyPrint closes the file once it has read it.
    return response_class(url, open(found, "rb"), headers={"Content-Type": content_type})


def pdf_document(html, *, base_url):
    """`html` laid out in pages by WeasyPrint; relative links resolve against `base_url`."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_static_files_fetcher()).render()


def pdf_from_html(html, *, base_url):
    """PDF bytes of `html`."""
    return pdf_document(html, base_url=base_url).write_pdf()
