from django.core.management.base import BaseCommand

from actions.models import ReportingRound
from reports.services import round_freeze_after_closing


class Command(BaseCommand):
    help = (
        "Freeze the figures of reporting rounds that were closed before figures were kept "
        "(for example the seed plans' rounds), from the records as they stand now. Rounds "
        "already frozen are left alone, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the rounds only.")

    def handle(self, *args, dry_run=False, **options):
        rounds = ReportingRound.objects.filter(
            state=ReportingRound.State.CLOSED, snapshot__isnull=True
        ).select_related("plan")
        frozen = 0
        for round in rounds.order_by("plan__start_year", "pk"):
            if dry_run:
                self.stdout.write(f"Would freeze {round}")
                continue
            if round_freeze_after_closing(round=round):
                frozen += 1
                self.stdout.write(f"Froze {round}")
        if not dry_run:
            self.stdout.write(f"{frozen} round(s) frozen.")
