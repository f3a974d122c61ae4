"""PDF of a print page with WeasyPrint, reading only our own static files."""

import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages


def _static_files_fetcher():
    # WeasyPrint takes a second to import: only PDF downloads pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves /static/ URLs from the static files on disk and refuses every other URL, so
        a PDF never makes a network request (not even to the portal itself)."""

        def fetch(self, url, headers=None):
            return _fetch_static(url, URLFetcherResponse)

    return StaticFilesFetcher()


def _static_path(name):
    """The file on disk behind a static file's name, as `{% static %}` wrote it.

    In production the name is hashed (css/print.1a2b3c.css) and only the collected copy in
    STATIC_ROOT has it, so the manifest storage finds it; with plain storage (development,
    tests) the finders look in the source folders.
    """
    storage = storages[STATICFILES_STORAGE_ALIAS]
    if not isinstance(storage, ManifestFilesMixin):
        return finders.find(name)
    try:
        if storage.exists(name):
            return storage.path(name)
    except SuspiciousFileOperation:
        pass
    return None


def _fetch_static(url, response_class):
    path = unquote(urlparse(url).path)
    if not path.startswith(settings.STATIC_URL):
        raise ValueError(f"Only static files may be fetched, not {url}")
    found = _static_path(path.removeprefix(settings.STATIC_URL))
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
