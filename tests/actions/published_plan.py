"""The 2018–19 business plan laid out as it was published, built from the seed data: a title
and an introduction above the headings "No.", "Key actions and major projects", "Partnership
Leads", "Linked document" and "Progress", and a section row naming each theme."""

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed_plans.json"
HEADINGS = [
    "No.",
    "Key actions and major projects",
    "Partnership \nLeads",
    "Linked document",
    "Progress",
]


def published_rows():
    """The table's rows as the council's copy has them, title rows first."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    partners = {partner["slug"]: partner["name"] for partner in seed["partners"]}
    plan = next(p for p in seed["plans"] if p["slug"] == "business-plan-2018-19")
    themes = {theme["number"]: theme["title"] for theme in plan["themes"]}
    rows = [
        ["Year two business plan – 2018-19", None, None, None, None],
        [plan["summary"], None, None, None, None],
        [None] * 5,
        HEADINGS,
    ]
    theme = None
    for action in plan["actions"]:
        if action["theme"] != theme:
            theme = action["theme"]
            rows.append([themes[theme], None, None, None, None])
        leads = [action["lead_role"]] if action["lead_role"] else []
        names = [partners[slug] for slug in action["leads"]]
        if action["contact"] and names:
            # As published: "Kate Delaney, Community Safety Partnership".
            names[0] = f"{action['contact']['name']}, {names[0]}"
        leads += names
        progress = "\n\n".join(update["text"] for update in action["updates"])
        documents = "\n".join(document["title"] for document in action["documents"])
        rows.append([f"{action['number']}.", action["text"], "\n".join(leads), documents, progress])
    return rows


def published_xlsx(*, cover_sheet=True):
    """The table as a workbook, after a cover sheet; each section row merged across."""
    workbook = Workbook()
    sheet = workbook.active
    if cover_sheet:
        sheet.title = "Cover"
        sheet.append(["Luton Community Safety Partnership"])
        sheet.append(["Year two business plan"])
        sheet = workbook.create_sheet("Business plan")
    for number, row in enumerate(published_rows(), start=1):
        sheet.append(row)
        if row[0] and not row[1] and number > 4:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=5)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def published_csv():
    """The table as Excel saves "CSV" on Windows: Windows-1252."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(published_rows())
    return buffer.getvalue().replace("\u2011", "-").encode("cp1252")
