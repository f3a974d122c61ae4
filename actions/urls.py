from django.urls import path

from actions.views import accounts as account_views
from actions.views import exports as export_views
from actions.views import history, partners, review, rounds, site
from actions.views import imports as import_views
from actions.views.documents import document_download

app_name = "actions"
urlpatterns = [
    path("start/", partners.start_page, name="start_page"),
    path("manage/partnership/", site.partnership_edit, name="partnership_edit"),
    path("manage/pages/<slug:kind>/", site.publicpage_edit, name="publicpage_edit"),
    path("my-actions/", partners.my_actions, name="my_actions"),
    path("manage/actions/<int:pk>/", partners.action_manage, name="action_manage"),
    path("manage/actions/<int:pk>/edit/", partners.action_edit, name="action_edit"),
    path("manage/actions/<int:pk>/updates/new/", partners.update_create, name="update_create"),
    path("manage/actions/<int:pk>/history/", history.action_history, name="action_history"),
    path(
        "manage/actions/<int:pk>/history/<int:history_id>/restore/",
        history.action_restore,
        name="action_restore",
    ),
    path("manage/updates/<int:pk>/edit/", partners.update_edit, name="update_edit"),
    path("manage/updates/<int:pk>/review/", review.update_review, name="update_review"),
    path("manage/updates/<int:pk>/correct/", review.update_correct, name="update_correct"),
    path("manage/updates/<int:pk>/history/", history.update_history, name="update_history"),
    path(
        "manage/updates/<int:pk>/history/<int:history_id>/restore/",
        history.update_restore,
        name="update_restore",
    ),
    path("manage/reviews/", review.review_list, name="review_list"),
    path("manage/accounts/", account_views.account_list, name="account_list"),
    path("manage/accounts/invite/", account_views.account_invite, name="account_invite"),
    path("manage/accounts/<int:pk>/edit/", account_views.account_edit, name="account_edit"),
    path(
        "manage/accounts/<int:pk>/invite/",
        account_views.account_invite_resend,
        name="account_invite_resend",
    ),
    path(
        "manage/accounts/<int:pk>/deactivate/",
        account_views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "manage/accounts/<int:pk>/two-factor/reset/",
        account_views.account_two_factor_reset,
        name="account_two_factor_reset",
    ),
    path(
        "manage/accounts/<int:pk>/reactivate/",
        account_views.account_reactivate,
        name="account_reactivate",
    ),
    path("manage/plans/<slug:slug>/rounds/", rounds.round_list, name="round_list"),
    path("manage/plans/<slug:slug>/rounds/new/", rounds.round_create, name="round_create"),
    path("manage/plans/<slug:slug>/this-round/", partners.update_bulk, name="update_bulk"),
    path("manage/rounds/", rounds.round_index, name="round_index"),
    path("manage/rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
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
    path("documents/<int:pk>/", document_download, name="document_download"),
]
