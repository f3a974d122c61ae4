import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from themes.models import Partnership

FIELDS = ["name", "short_name", "area", "contact_email", "website", "brand_colour"]


class Command(BaseCommand):
    help = (
        "Set the partnership's name, area, contact details and colour from a JSON file "
        "(fixtures/seed_partnership.json by default). Saves only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(Path(settings.BASE_DIR) / "fixtures/seed_partnership.json"),
        )

    def handle(self, *args, path, **options):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        partnership = Partnership.current()
        changed = [
            name for name in FIELDS if name in data and getattr(partnership, name) != data[name]
        ]
        for name in changed:
            setattr(partnership, name, data[name])
        if not changed and not partnership._state.adding:
            self.stdout.write("The partnership is already up to date.")
            return
        partnership.full_clean()
        partnership._change_reason = "Loaded from the seed file"
        partnership.save()
        self.stdout.write(f"Saved the partnership: {partnership.name}.")
