from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from themes.views import healthz

urlpatterns = [
    path("", include("actions.urls")),
    path("dashboards/", include("reports.urls")),
    path("indicators/", include("reports.indicator_urls")),
    path("accounts/", include("themes.signin")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", login_not_required(healthz), name="healthz"),
]

handler403 = "themes.security.permission_denied"
