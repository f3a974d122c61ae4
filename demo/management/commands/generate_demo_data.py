from django.core.management.base import BaseCommand, CommandError

from demo.generator import DemoDataError, DemoSize, demo_data_generate

DEFAULTS = DemoSize()


class Command(BaseCommand):
    help = (
        "Generate synthetic partners, lead accounts, plans, themes, actions, reporting rounds, "
        "progress updates, statements and commitments, with their history, for demonstrations "
        "and load tests. The same --seed gives the same content. Generated plans, partners "
        "and accounts start with “demo-”; the command refuses to run twice unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actions",
            type=int,
            default=DEFAULTS.actions,
            help=f"Actions in all (spread evenly over the plans; default {DEFAULTS.actions}).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=DEFAULTS.rounds,
            help=f"Quarterly reporting rounds per plan (default {DEFAULTS.rounds}).",
        )
        parser.add_argument(
            "--plans",
            type=int,
            default=DEFAULTS.plans,
            help=f"Plans: one current, the rest archived (default {DEFAULTS.plans}).",
        )
        parser.add_argument(
            "--partners",
            type=int,
            default=DEFAULTS.partners,
            help=f"Partner organisations and teams (default {DEFAULTS.partners}).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete previously generated data (and only that) first.",
        )

    def handle(self, *args, actions, rounds, plans, partners, seed, replace, **options):
        size = DemoSize(actions=actions, rounds=rounds, plans=plans, partners=partners)
        verbose = options["verbosity"] > 1
        try:
            result = demo_data_generate(
                size=size,
                seed=seed,
                replace=replace,
                progress=self.stdout.write if verbose else None,
            )
        except DemoDataError as error:
            raise CommandError(str(error)) from None
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(result.summary())
