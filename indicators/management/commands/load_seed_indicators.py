from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.seed import SeedIndicatorError, seed_indicators_load
from portal.files import read_json_file

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed_indicators.json"


class Command(BaseCommand):
    help = (
        "Load the outcome indicators the seed plans name (fixtures/seed_indicators.json), with "
        "no figures and no targets. Run after load_seed_plans. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="A seed file.")

    def handle(self, *args, file, **options):
        data = read_json_file(file)
        try:
            created, changed = seed_indicators_load(data=data)
        except SeedIndicatorError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if not created and not changed:
            self.stdout.write("Nothing to do: the database already matches the seed indicators.")
        else:
            self.stdout.write(f"Seed indicators loaded: created {created}, changed {changed}.")
