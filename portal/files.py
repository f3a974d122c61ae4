"""What the apps' management commands share."""

import json

from django.core.management.base import CommandError


def read_json_file(path):
    """The JSON in the UTF-8 file at `path`, or a CommandError that says what is wrong."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path} is not a valid UTF-8 JSON file: {error}.") from None
