"""The portal's URL configuration plus one public page that is not on the public list, for
the test that proves the URL walk catches such a page."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from csp_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def new_public_page(request):
    return HttpResponse("Anyone can read this.")


urlpatterns = [
    *portal_urlpatterns,
    path("new-public-page/", new_public_page, name="new_public_page"),
]
