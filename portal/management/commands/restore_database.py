from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Load a backup written by backup_database into a new, migrated, empty database, all "
        "or nothing. Refuses a database that already holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            database_restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}.")
