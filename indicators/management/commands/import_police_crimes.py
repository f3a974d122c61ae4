from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.police import PoliceFileError, police_crimes_import


class Command(BaseCommand):
    help = (
        "Count crimes in data.police.uk street-level CSV files (one per force per month) into "
        "the indicators that list those crime types, one figure per month (and per LSOA with "
        "--by-lsoa). Safe to run again: figures that already match are left alone. Import all "
        "the files of a month together: a month's figures are replaced by what these files say."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Street-level CSV files.")
        parser.add_argument(
            "--by-lsoa", action="store_true", help="Also write a figure for each LSOA."
        )
        parser.add_argument(
            "--lsoa-prefix",
            default="",
            help="Count only crimes in LSOAs whose name starts with this, e.g. “Anytown ”.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )

    def handle(self, *args, files, by_lsoa, lsoa_prefix, dry_run, **options):
        streams = []
        try:
            for path in files:
                streams.append((path.name, path.open(encoding="utf-8-sig", newline="")))
            result = police_crimes_import(
                files=streams, by_lsoa=by_lsoa, lsoa_prefix=lsoa_prefix, dry_run=dry_run
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
