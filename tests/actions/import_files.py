"""Spreadsheets for the import tests, made in memory."""

import csv
import io

from openpyxl import Workbook

HEADINGS = [
    "Theme",
    "Number",
    "Action",
    "Lead partners",
    "Lead role",
    "Due date",
    "Status",
    "Round",
    "Progress narrative",
]


def csv_bytes(rows, *, encoding="utf-8", headings=HEADINGS, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if headings:
        writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, headings=HEADINGS, merge=()):
    """A workbook with `rows` under `headings`; `merge` lists ranges such as "A2:A3"."""
    workbook = Workbook()
    sheet = workbook.active
    if headings:
        sheet.append(headings)
    for row in rows:
        sheet.append(row)
    for cell_range in merge:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(
    number=1,
    *,
    theme="1. Violence",
    text=None,
    leads="",
    role="",
    due="",
    status="",
    round="",
    narrative="",
):
    """A row in HEADINGS order."""
    return [
        theme,
        str(number),
        text or f"Action {number}.",
        leads,
        role,
        due,
        status,
        round,
        narrative,
    ]


def upload(client, plan, data, name="plan.csv"):
    """Post a file to the plan's upload page, as the browser does."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("actions:plan_import_upload", args=[plan.slug]),
        {"file": SimpleUploadedFile(name, data, "text/csv")},
    )
