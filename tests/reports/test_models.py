import pytest
from django.core.exceptions import ValidationError

from reports.models import RoundCommentary

pytestmark = pytest.mark.django_db


def test_a_commentary_cannot_be_empty(make_round):
    commentary = RoundCommentary(round=make_round(), text="")
    with pytest.raises(ValidationError, match="Write the commentary."):
        commentary.validate_constraints()


def test_a_round_has_one_commentary(make_round):
    round = make_round()
    RoundCommentary.objects.create(round=round, text="One.")
    with pytest.raises(ValidationError):
        RoundCommentary(round=round, text="Two.").validate_unique()


def test_the_frozen_copy_knows_when_an_update_was_corrected(scenario):
    update = scenario.q1_updates[1]
    copy = update.snapshots.get()
    assert not copy.differs_from(update)
    update.public_summary = "A new public summary."
    assert copy.differs_from(update)
