from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Write the whole database, history included, to FILE (.xml, or .xml.gz/.bz2/.xz to "
        "compress) from one consistent snapshot. Restore it with restore_database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            path = database_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size} bytes).")
