from django.urls import path

from reports.views import dashboards, exports, performance, rounds

app_name = "reports"
urlpatterns = [
    path("", dashboards.dashboard_index, name="dashboard_index"),
    path("plans/<slug:slug>/", dashboards.plan_dashboard, name="plan_dashboard"),
    path("plans/<slug:slug>/actions/", dashboards.action_list, name="action_list"),
    path("plans/<slug:slug>/actions.csv", exports.action_export_csv, name="action_export_csv"),
    path("plans/<slug:slug>/actions.xlsx", exports.action_export_xlsx, name="action_export_xlsx"),
    path(
        "plans/<slug:slug>/themes/<int:number>/",
        dashboards.theme_dashboard,
        name="theme_dashboard",
    ),
    path(
        "plans/<slug:slug>/partners/<slug:partner_slug>/",
        dashboards.partner_dashboard,
        name="partner_dashboard",
    ),
    path(
        "plans/<slug:slug>/performance/",
        performance.performance_page,
        name="performance_page",
    ),
    path(
        "plans/<slug:slug>/performance.pdf",
        performance.performance_pdf,
        name="performance_pdf",
    ),
    path(
        "plans/<slug:slug>/themes/<int:number>/performance/",
        performance.performance_page,
        name="theme_performance_page",
    ),
    path(
        "plans/<slug:slug>/themes/<int:number>/performance.pdf",
        performance.performance_pdf,
        name="theme_performance_pdf",
    ),
    path(
        "rounds/<int:pk>/commentary/",
        performance.commentary_edit,
        name="commentary_edit",
    ),
    path(
        "rounds/<int:pk>/close/confirm/",
        rounds.round_close_confirm,
        name="round_close_confirm",
    ),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
]
