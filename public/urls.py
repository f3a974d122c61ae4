from django.urls import path

from public import feeds
from public.views import info, opendata, pages

app_name = "public"
urlpatterns = [
    path("", pages.home, name="home"),
    path("plans/", pages.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", pages.plan_detail, name="plan_detail"),
    path(
        "plans/<slug:slug>/you-said-we-are-doing/",
        pages.statement_list,
        name="statement_list",
    ),
    path("plans/<slug:slug>/themes/<int:number>/", pages.theme_detail, name="theme_detail"),
    path("plans/<slug:slug>/actions/", pages.action_list, name="action_list"),
    path("plans/<slug:slug>/actions/<int:number>/", pages.action_detail, name="action_detail"),
    path("plans/<slug:slug>/actions.csv", opendata.action_list_csv, name="action_list_csv"),
    path("plans/<slug:slug>/actions.json", opendata.action_list_json, name="action_list_json"),
    path("plans/<slug:slug>/feed/", feeds.plan_feed, name="plan_feed"),
    path("plans/<slug:slug>/themes/<int:number>/feed/", feeds.theme_feed, name="theme_feed"),
    path("open-data/", opendata.open_data, name="open_data"),
    path("what-the-statuses-mean/", info.status_list, name="status_list"),
    path("accessibility/", info.accessibility, name="accessibility"),
    path("privacy/", info.privacy, name="privacy"),
    path("cookies/", info.cookies, name="cookies"),
    path("contact/", info.contact, name="contact"),
    path("partnership.css", info.partnership_css, name="partnership_css"),
    path("favicon.svg", info.favicon, name="favicon"),
    path("logo/", info.logo, name="logo"),
    path("sitemap.xml", opendata.sitemap, name="sitemap"),
    path("robots.txt", opendata.robots_txt, name="robots_txt"),
]
