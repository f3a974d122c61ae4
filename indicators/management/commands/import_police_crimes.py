from argparse import BooleanOptionalAction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.models import Indicator
from indicators.police import PoliceFileError, police_crimes_import


class Command(BaseCommand):
    help = (
        "Count crimes in data.police.uk street-level CSV files (one per force per month) into "
        "the indicators that list those crime types, one figure per month, in each "
        "indicator's own area and, where it asks, per LSOA (both set on the indicator and "
        "remembered; --lsoa-prefix and --by-lsoa change them for every such indicator). Safe "
        "to run again: figures that already match are left alone. Import all the files of a "
        "month together: a month's figures are replaced by what these files say."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Street-level CSV files.")
        parser.add_argument(
            "--by-lsoa",
            action=BooleanOptionalAction,
            default=None,
            help="Also write a figure for each LSOA (--no-by-lsoa: stop), from now on.",
        )
        parser.add_argument(
            "--lsoa-prefix",
            default=None,
            help="Count only crimes in LSOAs named after this area, e.g. “Anytown”, from now on "
            "(an empty value: every LSOA).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )

    def handle(self, *args, files, by_lsoa, lsoa_prefix, dry_run, **options):
        if lsoa_prefix is not None:
            lsoa_prefix = lsoa_prefix.strip()
            longest = Indicator._meta.get_field("police_lsoa_prefix").max_length
            if len(lsoa_prefix) > longest:
                raise CommandError(f"--lsoa-prefix is at most {longest} characters.")
        streams = []
        try:
            for path in files:
                streams.append((path.name, path.open(encoding="utf-8-sig", newline="")))
            result = police_crimes_import(
                files=streams,
                dry_run=dry_run,
                options={
                    "police_by_lsoa": by_lsoa,
                    "police_lsoa_prefix": lsoa_prefix,
                },
            )
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError("A file is not UTF-8 text. Nothing was imported.") from None
        except PoliceFileError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        finally:
            for _name, stream in streams:
                stream.close()
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(prefix + result.summary())
        if result.options_changed and not dry_run:
            names = ", ".join(indicator.name for indicator in result.options_changed)
            self.stdout.write(f"Options remembered for the next import: {names}.")
