from django.urls import path

from actions.views import exports as export_views
from actions.views import imports as import_views
from actions.views import partners, public

app_name = "actions"
urlpatterns = [
    path("", public.home, name="home"),
    path("plans/", public.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", public.plan_detail, name="plan_detail"),
    path(
        "plans/<slug:slug>/you-said-we-are-doing/",
        public.statement_list,
        name="statement_list",
    ),
    path("plans/<slug:slug>/themes/<int:number>/", public.theme_detail, name="theme_detail"),
    path("plans/<slug:slug>/actions/", public.action_list, name="action_list"),
    path("plans/<slug:slug>/actions/<int:number>/", public.action_detail, name="action_detail"),
    path("my-actions/", partners.my_actions, name="my_actions"),
    path("imports/", import_views.import_start, name="import_start"),
    path("imports/new-plan/", import_views.import_plan_create, name="import_plan_create"),
    path(
        "imports/template/<str:file_format>/", export_views.import_template, name="import_template"
    ),
    path("plans/<slug:slug>/import/", import_views.plan_import_upload, name="plan_import_upload"),
    path(
        "plans/<slug:slug>/import/preview/",
        import_views.plan_import_preview,
        name="plan_import_preview",
    ),
    path(
        "plans/<slug:slug>/import/confirm/",
        import_views.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path("plans/<slug:slug>/import/done/", import_views.plan_import_done, name="plan_import_done"),
    path(
        "plans/<slug:slug>/export/<str:file_format>/", export_views.plan_export, name="plan_export"
    ),
]
