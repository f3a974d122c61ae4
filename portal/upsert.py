"""Save records only where they differ, with history saying why and who.

Shared by the loaders that bring whole plans in (the seed plans, spreadsheet imports): every
object is matched on its natural key and saved only when a value differs, so loading the same
data twice writes nothing, not even a history row.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError


class RecordError(Exception):
    """A record breaks a rule; the message says which record and why."""


@dataclass
class Upserter:
    """Writes records for one load and counts what it created and changed.

    `reason` is the history change reason (at most 100 characters); `user`, when given, is
    recorded as the history user (otherwise the request's user, if any, is).
    """

    reason: str
    user: object = None
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    error_class = RecordError

    def _mark(self, obj):
        obj._change_reason = self.reason[:100]
        if self.user is not None:
            obj._history_user = self.user

    def validate(self, obj, where):
        """Check `obj` against its fields and constraints; RecordError names what is wrong."""
        try:
            obj.full_clean()
        except ValidationError as error:
            messages = "; ".join(
                f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                for name, errors in error.message_dict.items()
            )
            raise self.error_class(f"{where}: {messages}") from None

    def save(self, obj, where, outcome):
        """Validate `obj` (its constraints included), save it and count it as `outcome`."""
        self.validate(obj, where)
        self._mark(obj)
        obj.save()
        if outcome == "created":
            self.created[type(obj).__name__] += 1
        elif outcome == "changed":
            self.changed[type(obj).__name__] += 1
        return obj

    def upsert(self, model, lookup, values, where):
        """Create the object matched by `lookup`, or update it only if `values` differ."""
        obj = model.objects.filter(**lookup).first()
        return self.upsert_existing(model, obj, lookup, values, where)

    def upsert_existing(self, model, obj, lookup, values, where):
        """Like `upsert`, for a caller that already fetched `obj` (None when there is none)."""
        if obj is None:
            return self.save(model(**lookup, **values), where, "created")
        if any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            self.save(obj, where, "changed")
        return obj

    def sync_leads(self, link_model, owner_field, owner, partners, where):
        """Make `owner`'s ordered lead partners exactly `partners`; True if they changed."""
        links = list(link_model.objects.filter(**{owner_field: owner}).order_by("position"))
        if [link.partner_id for link in links] == [partner.pk for partner in partners]:
            return False
        for link in links:
            self._mark(link)
            link.delete()
        for position, partner in enumerate(partners, start=1):
            link = link_model(**{owner_field: owner}, partner=partner, position=position)
            self.save(link, where, "created")
        return True
