from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.exports import plan_export_rows, rows_to_csv, rows_to_xlsx
from themes.models import Plan


class Command(BaseCommand):
    help = (
        "Export a plan's actions and progress in the import format (docs/import-format.md), "
        "as CSV (to standard output or a file) or as an Excel workbook (.xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The slug of the plan to export.")
        parser.add_argument(
            "--output", type=Path, help="The file to write; .xlsx makes a workbook."
        )
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], help="csv or xlsx (default: from --output)."
        )

    def handle(self, *args, plan, output, format, **options):
        plan_obj = Plan.objects.filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"There is no plan with the slug “{plan}”.")
        file_format = format or ("xlsx" if output and output.suffix == ".xlsx" else "csv")
        if file_format == "xlsx" and output is None:
            raise CommandError("An .xlsx export needs --output FILE.")
        rows = plan_export_rows(plan_obj)
        content = rows_to_xlsx(rows) if file_format == "xlsx" else rows_to_csv(rows)
        if output is None:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        actions = len({row[1] for row in rows[1:]})
        self.stdout.write(f"Exported {actions} actions of {plan_obj.slug} to {output}.")
