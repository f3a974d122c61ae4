from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actions.seed import SeedError, seed_plans_load
from portal.files import read_json_file

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed_plans.json"


class Command(BaseCommand):
    help = (
        "Load the seed plans (the current plan and an earlier business plan) "
        "from fixtures/seed_plans.json. Safe to run again: it changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="A seed plans file.")

    def handle(self, *args, file, **options):
        data = read_json_file(file)
        try:
            result = seed_plans_load(data=data)
        except SeedError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        except (TypeError, AttributeError, ValueError) as error:
            # A value of the wrong kind (a list where an object belongs, a null...) that the
            # loader's own checks did not name; the transaction has saved nothing.
            raise CommandError(
                f"Nothing was loaded. The file does not follow the seed format ({error})."
            ) from None
        self.stdout.write(result.summary())
