"""load_seed_plans refuses a broken or missing file with a clear message and saves nothing,
starting from an empty database."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from actions.models import Action
from themes.models import Partner, Plan

pytestmark = pytest.mark.django_db

SEED_FILE = settings.BASE_DIR / "fixtures" / "seed_plans.json"


def load(**options):
    out = StringIO()
    call_command("load_seed_plans", stdout=out, **options)
    return out.getvalue()


def test_a_file_that_breaks_a_rule_saves_nothing(tmp_path):
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    actions = data["plans"][1]["actions"]
    actions[-1]["number"] = actions[0]["number"]  # two actions numbered 1
    broken = tmp_path / "seed.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="action 1 appears twice in the file"):
        load(file=broken)
    assert not Plan.objects.exists()
    assert not Partner.objects.exists()


def test_an_unknown_lead_is_named(tmp_path):
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    data["plans"][1]["actions"][1]["leads"] = ["nobody"]
    broken = tmp_path / "seed.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="action 2: unknown lead partner nobody"):
        load(file=broken)
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{not json", "not a valid UTF-8 JSON file"), (b"\xff\xfe", "not a valid UTF-8 JSON")],
)
def test_a_file_that_is_not_json_is_refused_clearly(tmp_path, content, message):
    broken = tmp_path / "seed.json"
    broken.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        load(file=broken)


def test_a_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        load(file=tmp_path / "missing.json")
