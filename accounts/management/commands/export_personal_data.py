import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from accounts.personal_data import personal_data_export


class Command(BaseCommand):
    help = (
        "Print as JSON everything the portal holds about one account (USERNAME) and/or one "
        "named contact (--contact NAME), history included: for a subject access request."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account's username")
        parser.add_argument("--contact", help="a named contact, as written on actions")

    def handle(self, *args, username=None, contact=None, **options):
        if username is None and contact is None:
            raise CommandError("Give a USERNAME, a --contact NAME, or both.")
        export = personal_data_export(username=username, contact=contact)
        self.stdout.write(json.dumps(export, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
