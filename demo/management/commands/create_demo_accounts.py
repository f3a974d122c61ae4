from django.core.management.base import BaseCommand

from demo.accounts import demo_accounts_create


class Command(BaseCommand):
    help = (
        "Create the demo accounts (an administrator, a partner lead and an Executive member) "
        "and print their passwords. Existing accounts are left as they are unless "
        "--reset-passwords is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo accounts new passwords and print them.",
        )

    def handle(self, *args, reset_passwords, **options):
        for account in demo_accounts_create(reset_passwords=reset_passwords):
            if account.password:
                self.stdout.write(
                    f"{account.description}: username “{account.username}”, "
                    f"password “{account.password}”"
                )
            else:
                self.stdout.write(
                    f"{account.description}: username “{account.username}” already exists "
                    "(password unchanged; run with --reset-passwords for a new one)"
                )
