from django.core.management.base import BaseCommand

from actions.models import ReportingRound
from reports.services import round_freeze_after_closing, round_refreeze_from_records


class Command(BaseCommand):
    help = (
        "Freeze the figures of reporting rounds that were closed before figures were kept "
        "(for example the seed plans' rounds), from the records of each round: each action's "
        "status is the one its update in the round, or the latest before it, gave. Rounds "
        "already frozen are left alone, so it is safe to run again; --refresh freezes again "
        "the rounds that were frozen after closing (never those frozen when they closed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the rounds only.")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Also freeze again, from their records, rounds frozen after they had closed.",
        )

    def handle(self, *args, dry_run=False, refresh=False, **options):
        closed = ReportingRound.objects.filter(state=ReportingRound.State.CLOSED)
        rounds = closed.filter(snapshot__isnull=True)
        if refresh:
            rounds = closed.filter(snapshot__isnull=True) | closed.filter(
                snapshot__is_after_the_fact=True
            )
        frozen = 0
        for round in rounds.select_related("plan", "snapshot").order_by("plan__start_year", "pk"):
            if dry_run:
                self.stdout.write(f"Would freeze {round}")
                continue
            if getattr(round, "snapshot", None) is not None:
                done = round_refreeze_from_records(round=round)
            else:
                done = round_freeze_after_closing(round=round)
            if done:
                frozen += 1
                self.stdout.write(f"Froze {round}")
        if not dry_run:
            self.stdout.write(f"{frozen} round(s) frozen.")
