"""The framework's floor: the smallest Django page on the portal's own server stack.

Served by the same gunicorn command as the portal (`gunicorn benchmarks.floor:application`),
with the portal's settings and its whole middleware stack; only the URLs differ, so that the
floor is never a route of the product itself.
"""

import os

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")


@login_not_required
def floor(request):
    return HttpResponse(
        "<!DOCTYPE html><html lang='en-GB'><title>Floor</title><h1>Floor</h1></html>"
    )


urlpatterns = [path("", floor)]

application = get_wsgi_application()
settings.ROOT_URLCONF = __name__
