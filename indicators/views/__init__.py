"""Indicator pages, by family: `pages` (the list, each indicator's page, entering figures and
targets, uploading a file of figures, downloads) and `police` (importing data.police.uk
street-level files)."""

from indicators.views.pages import (
    indicator_detail,
    indicator_list,
    target_create,
    target_edit,
    value_create,
    value_delete,
    value_edit,
    value_list,
    value_upload,
    value_upload_cancel,
    value_upload_check,
    value_upload_confirm,
    values_download_csv,
    values_download_json,
)
from indicators.views.police import police_upload, police_upload_check, police_upload_confirm

__all__ = [
    "indicator_detail",
    "indicator_list",
    "police_upload",
    "police_upload_check",
    "police_upload_confirm",
    "target_create",
    "target_edit",
    "value_create",
    "value_delete",
    "value_edit",
    "value_list",
    "value_upload",
    "value_upload_cancel",
    "value_upload_check",
    "value_upload_confirm",
    "values_download_csv",
    "values_download_json",
]
