from django.urls import path

from actions.views import partners, public
from actions.views.documents import document_download

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
    path("documents/<int:pk>/", document_download, name="document_download"),
]
