from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("download/values.csv", views.values_download_csv, name="values_download_csv"),
    path("download/values.json", views.values_download_json, name="values_download_json"),
    path("police/upload/", views.police_upload, name="police_upload"),
    path("police/upload/check/", views.police_upload_check, name="police_upload_check"),
    path("police/upload/confirm/", views.police_upload_confirm, name="police_upload_confirm"),
    path("<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:slug>/figures/", views.value_list, name="value_list"),
    path("<slug:slug>/figures/add/", views.value_create, name="value_create"),
    path("<slug:slug>/figures/<int:pk>/edit/", views.value_edit, name="value_edit"),
    path("<slug:slug>/figures/<int:pk>/delete/", views.value_delete, name="value_delete"),
    path("<slug:slug>/figures/upload/", views.value_upload, name="value_upload"),
    path("<slug:slug>/figures/upload/check/", views.value_upload_check, name="value_upload_check"),
    path(
        "<slug:slug>/figures/upload/confirm/",
        views.value_upload_confirm,
        name="value_upload_confirm",
    ),
    path(
        "<slug:slug>/figures/upload/cancel/", views.value_upload_cancel, name="value_upload_cancel"
    ),
    path("<slug:slug>/targets/add/", views.target_create, name="target_create"),
    path("<slug:slug>/targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
]
