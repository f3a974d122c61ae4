from django.core.management.base import BaseCommand, CommandError

from themes.personal_data import personal_data_erase


class Command(BaseCommand):
    help = (
        "Erase one person's data: anonymise and deactivate the account USERNAME (its updates "
        "keep their text but lose their author, in history too) and remove the named contact "
        "--contact NAME (and any contact named as the account holder) everywhere. One "
        "transaction; safe to run twice; --dry-run shows what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account's username")
        parser.add_argument("--contact", help="a named contact, as written on actions")
        parser.add_argument("--dry-run", action="store_true", help="change nothing")

    def handle(self, *args, username=None, contact=None, dry_run=False, **options):
        if username is None and contact is None:
            raise CommandError("Give a USERNAME, a --contact NAME, or both.")
        report = personal_data_erase(username=username, contact=contact, dry_run=dry_run)
        prefix = "Would change" if dry_run else "Changed"
        if not report.changes:
            self.stdout.write("Nothing to erase: no data matches (already erased?).")
        for line in report.lines():
            self.stdout.write(f"{prefix} {line}")
