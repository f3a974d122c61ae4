"""Requests refused before any view reads them: bodies by their declared size, and query
strings holding characters no database can compare.

Django only limits the fields of a form it has already read (DATA_UPLOAD_MAX_MEMORY_SIZE);
a file part is written to a temporary file whatever its size. This middleware answers 413
from the Content-Length header alone, so an oversized upload is never read: nobody signed in
may send more than ANONYMOUS_REQUEST_MAX_BYTES (sign-in and password forms are tiny), a
signed-in user no more than REQUEST_MAX_BYTES (the largest document, with room for the form).
The reverse proxy should refuse larger bodies first (docs/deployment.md).
"""

from django.conf import settings
from django.shortcuts import render


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_size_limit_middleware(get_response):
    """Answer 413 to a request whose body is larger than its sender may send. Listed after
    AuthenticationMiddleware (which reads no body), so the limit can depend on who is signed
    in and the refusal page can show the usual layout."""

    def middleware(request):
        length = _declared_length(request)
        if length > settings.ANONYMOUS_REQUEST_MAX_BYTES:
            signed_in = request.user.is_authenticated
            limit = (
                settings.REQUEST_MAX_BYTES if signed_in else settings.ANONYMOUS_REQUEST_MAX_BYTES
            )
            if length > limit:
                return render(request, "413.html", {"limit": limit}, status=413)
        return get_response(request)

    return middleware


def query_string_guard_middleware(get_response):
    """Answer 400 to a query string with a NUL character in it: PostgreSQL refuses NUL in
    any text it is given, so a filter such as `?indicator=%00` would otherwise fail as a
    server error wherever a view passes a parameter to a query."""

    def middleware(request):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            return render(request, "400.html", status=400)
        return get_response(request)

    return middleware
