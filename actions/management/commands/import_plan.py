from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.import_services import (
    ImportRefused,
    default_round,
    plan_import_apply,
    unresolved_problems,
)
from actions.imports import (
    COLUMNS_BY_KEY,
    CREATE,
    IGNORE,
    MAX_FILE_SIZE,
    READ_COLUMNS,
    ROLE,
    ImportFileError,
    import_preview,
    normalise,
    parse_rows,
    read_table,
    too_large_message,
)
from actions.models import PlanImportChoices
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
            "--column",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help='Which field a column fills, e.g. --column "Key actions=text" (fields: '
            + ", ".join(c.key for c in READ_COLUMNS)
            + ", or ignore). Other headings are guessed, as on the preview page.",
        )
        parser.add_argument(
            "--sheet", help="The worksheet to read (default: the first with headings)."
        )
        parser.add_argument(
            "--round", help="The round of progress in a file without a Round column."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported progress (read it first: --dry-run prints it); without "
            "it, progress is imported as submitted, waiting on the review page.",
        )
        parser.add_argument(
            "--publish-flagged",
            action="store_true",
            help="Publish progress whose public summary may identify someone (the words are "
            "checked); without it such progress is imported as submitted, for review.",
        )

    def handle(
        self,
        *args,
        file,
        plan,
        dry_run,
        create_missing,
        user,
        publish=False,
        publish_flagged=False,
        column=(),
        sheet=None,
        round=None,
        **options,
    ):
        plan_obj = Plan.objects.filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"There is no plan with the slug “{plan}”.")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"There is no user called “{user}”.")
        table = self._read(file, self._columns(column), sheet)
        round_name = round or default_round(plan_obj)
        parsed = parse_rows(table, default_round=round_name)
        for heading in table.headings:
            field = COLUMNS_BY_KEY[heading.key].heading if heading.key else "not imported"
            guess = " (guessed)" if heading.guessed else ""
            self.stdout.write(f"Column {heading.letter} “{heading.text}”: {field}{guess}")
        for note in table.notes:
            self.stdout.write(note)
        memory = PlanImportChoices.objects.filter(plan=plan_obj).first()
        partner_mapping = dict(memory.partners) if memory else {}
        theme_mapping = {}
        first = import_preview(plan=plan_obj, parsed=parsed, partner_mapping=partner_mapping)
        for item in first.unknown_partners:
            if item.is_role and item.key not in partner_mapping:
                partner_mapping[item.key] = ROLE
        if create_missing:
            partner_mapping.update(
                {
                    u.key: CREATE
                    for u in first.unknown_partners
                    if u.can_create and u.key not in partner_mapping
                }
            )
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
                publish=publish,
                publish_flagged=publish_flagged,
                default_round=round_name,
            )
        except ImportRefused as refused:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(str(p) for p in refused.problems)
            ) from None
        self.stdout.write(
            f"Imported {file.name} into {plan_obj.slug}: {outcome.created} created, "
            f"{outcome.changed} changed, {outcome.unchanged} unchanged."
        )
        if outcome.held:
            hint = "" if publish else " (--publish publishes it)"
            self.stdout.write(
                f"Progress held for review, submitted and not public: {len(outcome.held)}{hint}"
            )
        for held in outcome.flagged:
            self.stdout.write(f"Held for review, its public summary may identify someone: {held}")

    def _columns(self, options):
        columns = {}
        for option in options:
            heading, sep, key = option.rpartition("=")
            key = key.strip()
            if not sep or (key not in COLUMNS_BY_KEY and key != IGNORE):
                raise CommandError(
                    f"--column “{option}”: write it as HEADING=FIELD, the field one of "
                    + ", ".join(c.key for c in READ_COLUMNS)
                    + f", or {IGNORE}."
                )
            columns[normalise(heading)] = key
        return columns

    def _read(self, file, columns, sheet):
        try:
            if file.stat().st_size > MAX_FILE_SIZE:
                raise CommandError(too_large_message())
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            return read_table(data, columns=columns, sheet=sheet)
        except ImportFileError as error:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(str(p) for p in error.problems)
            ) from None
