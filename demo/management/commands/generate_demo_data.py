from django.core.management.base import BaseCommand, CommandError

from demo.generator import DemoDataError, DemoSize, demo_data_generate

DEFAULTS = DemoSize()
# How much of each to generate: the size options, with their help.
SIZE_HELP = {
    "actions": "Actions in all (spread evenly over the plans; default {default}).",
    "rounds": "Quarterly reporting rounds per plan (default {default}).",
    "plans": "Plans: one current, the rest archived (default {default}).",
    "partners": "Partner organisations and teams (default {default}).",
}


class Command(BaseCommand):
    help = (
        "Generate synthetic partners, lead accounts, plans, themes, actions, reporting rounds, "
        "progress updates, statements and commitments, with their history, for demonstrations "
        "and load tests. The same --seed gives the same content. Generated plans, partners "
        "and accounts start with “demo-”; the command refuses to run twice unless --replace."
    )

    def add_arguments(self, parser):
        for name, help_text in SIZE_HELP.items():
            default = getattr(DEFAULTS, name)
            parser.add_argument(
                f"--{name}", type=int, default=default, help=help_text.format(default=default)
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
