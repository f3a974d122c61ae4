from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from actions.services import reminder_send, reminders_due


class Command(BaseCommand):
    help = (
        "Email each partner lead whose actions lack an update in an open reporting round: one "
        "email per person listing all of them, never twice in one day. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be emailed; send nothing."
        )

    def handle(self, *args, dry_run, **options):
        today = timezone.localdate()
        due = reminders_due(today=today)
        for recipient, items in sorted(due.items(), key=lambda pair: pair[0].username):
            if not dry_run:
                reminder_send(
                    recipient=recipient, items=items, today=today, site_url=settings.SITE_URL
                )
            verb = "Would remind" if dry_run else "Reminded"
            numbers = ", ".join(str(action.number) for _round, action in items)
            self.stdout.write(f"{verb} {recipient.username} <{recipient.email}>: actions {numbers}")
        if not due:
            self.stdout.write("Nobody needs a reminder today.")
