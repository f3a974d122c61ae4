from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.import_services import ImportRefused, plan_import_apply, unresolved_problems
from actions.imports import (
    CREATE,
    MAX_FILE_SIZE,
    ImportFileError,
    import_preview,
    parse_rows,
    read_table,
    too_large_message,
)
from themes.models import Plan


def preview_lines(preview):
    """The preview as lines of text."""
    lines = [
        f"Actions to create: {len(preview.creates)}",
        f"Actions to change: {len(preview.changes)}",
        f"Actions unchanged: {len(preview.unchanged)}",
    ]
    lines += [
        f"  create {p.parsed.number}: {p.parsed.text.splitlines()[0][:70]}" for p in preview.creates
    ]
    lines += [f"  change {p.parsed.number}: {', '.join(p.changes)}" for p in preview.changes]
    if preview.new_rounds:
        lines.append("Reporting rounds to create: " + "; ".join(r.name for r in preview.new_rounds))
    for item in preview.unknown_partners + preview.unknown_themes:
        kind = "lead partner" if item.kind == "partner" else "theme"
        if item.creates:
            lines.append(f"New {kind} to create: {item.choice}")
    if preview.empty_rows:
        lines.append(f"Empty rows skipped: {preview.empty_rows}")
    if preview.not_in_file:
        lines.append(
            f"Actions of the plan not in the file (left as they are): {preview.not_in_file}"
        )
    return lines


class Command(BaseCommand):
    help = (
        "Import a plan's actions and progress from a CSV or .xlsx file in the import format "
        "(docs/import-format.md). Prints what it would do; saves nothing when the file has a "
        "problem. Safe to run again: it changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument("--plan", required=True, help="The slug of the plan to import into.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create the partners and themes the file names that the portal does not have.",
        )
        parser.add_argument("--user", help="The username to record in the history as importer.")
        parser.add_argument(
            "--publish-flagged",
            action="store_true",
            help="Publish progress whose public summary may identify someone (the words are "
            "checked); without it such progress is imported as submitted, for review.",
        )

    def handle(
        self, *args, file, plan, dry_run, create_missing, user, publish_flagged=False, **options
    ):
        plan_obj = Plan.objects.filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"There is no plan with the slug “{plan}”.")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"There is no user called “{user}”.")
        table = self._read(file)
        parsed = parse_rows(table)
        partner_mapping, theme_mapping = {}, {}
        if create_missing:
            first = import_preview(plan=plan_obj, parsed=parsed)
            partner_mapping = {u.key: CREATE for u in first.unknown_partners if u.can_create}
            theme_mapping = {u.key: CREATE for u in first.unknown_themes if u.can_create}
        preview = import_preview(
            plan=plan_obj,
            parsed=parsed,
            partner_mapping=partner_mapping,
            theme_mapping=theme_mapping,
        )
        for line in preview_lines(preview):
            self.stdout.write(line)
        problems = [str(p) for p in preview.problems + unresolved_problems(preview)]
        if problems:
            hint = "" if create_missing else " (--create-missing creates unknown names)"
            raise CommandError(
                f"Nothing was imported: {len(problems)} problem(s){hint}.\n" + "\n".join(problems)
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            outcome = plan_import_apply(
                plan=plan_obj,
                rows=table,
                user=importer,
                partner_mapping=partner_mapping,
                theme_mapping=theme_mapping,
                source=file.name,
                publish_flagged=publish_flagged,
            )
        except ImportRefused as refused:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(str(p) for p in refused.problems)
            ) from None
        self.stdout.write(
            f"Imported {file.name} into {plan_obj.slug}: {outcome.created} created, "
            f"{outcome.changed} changed, {outcome.unchanged} unchanged."
        )
        for held in outcome.held:
            self.stdout.write(f"Held for review, its public summary may identify someone: {held}")

    def _read(self, file):
        try:
            if file.stat().st_size > MAX_FILE_SIZE:
                raise CommandError(too_large_message())
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            return read_table(data)
        except ImportFileError as error:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(str(p) for p in error.problems)
            ) from None
