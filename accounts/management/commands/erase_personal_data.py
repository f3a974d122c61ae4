from django.core.management.base import BaseCommand, CommandError

from accounts.personal_data import account_find, name_preview, personal_data_erase


class Command(BaseCommand):
    help = (
        "Erase one person's data: anonymise and deactivate the account USERNAME (its updates "
        "keep their text but lose their author, in history too) and remove the named contact "
        "--contact NAME (and any contact named as the account holder) everywhere, with the "
        "full name wherever text writes it. First lists the other ways the name is written "
        '("Ms Smith", "J. Smith"); repeat the command with --variant for each to erase '
        "too. One transaction; safe to run twice; --dry-run shows what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account's username")
        parser.add_argument("--contact", help="a named contact, as written on actions")
        parser.add_argument(
            "--variant",
            action="append",
            default=[],
            help="another way the name is written, as the preview lists it (repeatable)",
        )
        parser.add_argument("--dry-run", action="store_true", help="change nothing")

    def handle(self, *args, username=None, contact=None, variant=(), dry_run=False, **options):
        if username is None and contact is None:
            raise CommandError("Give a USERNAME, a --contact NAME, or both.")
        self._preview(username, contact, variant)
        report = personal_data_erase(
            username=username, contact=contact, written=variant, dry_run=dry_run
        )
        prefix = "Would change" if dry_run else "Changed"
        if not report.changes:
            self.stdout.write("Nothing to erase: no data matches (already erased?).")
        for line in report.lines():
            self.stdout.write(f"{prefix} {line}")

    def _preview(self, username, contact, confirmed):
        names = [contact] if contact else []
        user = account_find(username) if username else None
        if user is not None and user.get_full_name().strip():
            names.append(user.get_full_name().strip())
        always = {name.strip().casefold() for name in names}
        chosen = {text.strip().casefold() for text in confirmed}
        for name in names:
            for written, matches in name_preview(name).items():
                if written.casefold() in always:
                    continue
                places = ", ".join(f"{m.model} {m.pk} {m.field}" for m in matches[:3])
                more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
                state = "erased" if written.casefold() in chosen else "kept unless confirmed"
                self.stdout.write(
                    f'Also written as "{written}" ({state}): {places}{more}. '
                    f'To erase it too: --variant "{written}"'
                )
