"""The portal's URL configuration plus a careless public page that shows unpublished
narratives, for the test that proves the leak test would catch it."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html_join

from actions.models import ProgressUpdate
from csp_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def careless_page(request):
    narratives = ProgressUpdate.objects.values_list("narrative")  # not .published()
    return HttpResponse(format_html_join("", "<p>{}</p>", narratives))


urlpatterns = [*portal_urlpatterns, path("careless/", careless_page)]
