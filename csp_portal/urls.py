from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from portal.views import healthz

urlpatterns = [
    path("", include("public.urls")),
    path("", include("actions.urls")),
    path("dashboards/", include("reports.urls")),
    path("indicators/", include("indicators.urls")),
    path("accounts/", include("accounts.signin")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", login_not_required(healthz), name="healthz"),
]

handler403 = "accounts.security.permission_denied"
