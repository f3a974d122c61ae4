"""Finding, exporting and erasing one person's data (see docs/data-protection.md).

The places that hold personal data are found from the models themselves, so a model added
later is covered without changes here: every foreign key or many-to-many link to the user
model (authorship, history_user, memberships, admin log), every field named `contact_name`
(named contacts, in the live tables and in their history), and every text field of the
project's models and their history where a person's name is written in any of the usual ways
("Jane Doe", "Ms Doe", "Mrs. Jane Doe", "J. Doe", "Doe, Jane", "Jane Doe, ASB officer").
Erasure replaces only the ways of writing the name that the officer confirms from the
preview, so that a common surname elsewhere is not blanked by accident.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import models, transaction
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import DataErasure, KnownAddress, SignInAttempt

CONTACT_FIELD = "contact_name"
PROJECT_APPS = ("themes", "actions", "reports")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
REMOVED = "[name removed]"


def user_links():
    """[(model, field)] for every concrete foreign key to the user model."""
    user_model = get_user_model()
    return [
        (model, model_field)
        for model in apps.get_models(include_auto_created=True)
        for model_field in model._meta.concrete_fields
        if model_field.is_relation and model_field.related_model is user_model
    ]


def contact_fields():
    """[model] for every model with a named-contact field, history tables included."""
    return [
        model
        for model in apps.get_models()
        if any(f.name == CONTACT_FIELD for f in model._meta.concrete_fields)
    ]


def name_variants(name):
    """The usual ways of writing `name`: in full, with a title before it or before the
    surname, with the first name as an initial, surname first."""
    words = name.split()
    if not words:
        return []
    variants = [" ".join(words)]
    last = words[-1]
    variants += [f"{title} {last}" for title in TITLES]
    if len(words) > 1:
        first = words[0]
        variants += [f"{title} {' '.join(words)}" for title in TITLES]
        variants += [f"{first[0]} {last}", f"{last}, {first}"]
    return variants


def name_pattern(variants):
    """One case-insensitive pattern for the variants, each a whole word or words, with any
    spacing between words and an optional full stop after a title or initial."""
    alternatives = sorted(
        {r"\.?\s+".join(re.escape(word) for word in variant.split()) for variant in variants},
        key=len,
        reverse=True,
    )
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def text_fields():
    """[(model, [text field names])] for every model of the project's apps and their
    history, and the admin's log."""
    found = []
    for model in [*apps.get_models(), LogEntry]:
        if model is not LogEntry and model._meta.app_label not in PROJECT_APPS:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if names:
            found.append((model, names))
    return found


@dataclass(frozen=True)
class NameMatch:
    model: str  # "actions.HistoricalProgressUpdate"
    pk: object
    field: str
    written: str  # the name as the text writes it, "Mrs. Doe"
    excerpt: str


def name_matches(name, variants=None):
    """Every place a text field writes `name` in one of its variants (or in `variants`),
    live and history tables alike: one query per model."""
    variants = variants or name_variants(name)
    pattern = name_pattern(variants)
    if pattern is None:
        return []
    # Every variant holds one of these words: the database narrows the rows down first.
    words = {
        word.rstrip(",.")
        for variant in variants
        for word in (variant.split()[0], variant.split()[-1])
        if len(word.rstrip(",.")) > 1 and word.rstrip(",.") not in TITLES
    }
    matches = []
    for model, names in text_fields():
        rows = model._default_manager.filter(_any_contains(names, words))
        for row in rows.values("pk", *names).order_by("pk"):
            for name_field in names:
                text = row[name_field] or ""
                for found in pattern.finditer(text):
                    start, end = max(found.start() - 40, 0), found.end() + 40
                    matches.append(
                        NameMatch(
                            model._meta.label,
                            row["pk"],
                            name_field,
                            found.group(0),
                            text[start:end].replace("\n", " "),
                        )
                    )
    return matches


def _any_contains(names, words):
    condition = Q()
    for name_field in names:
        for word in words:
            condition |= Q(**{f"{name_field}__icontains": word})
    return condition


def name_preview(name):
    """{the name as written: [NameMatch]}, for an officer to confirm which to erase."""
    grouped = defaultdict(list)
    for match in name_matches(name):
        grouped[" ".join(match.written.split())].append(match)
    return dict(sorted(grouped.items()))


# Two-factor devices are exported without their secrets: an export is a file that travels,
# and a secret in it would make codes for the account.
SECRET_FIELDS = {TOTPDevice: ["key"], StaticDevice: []}
_DEVICE_FIELDS = ["user", "name", "confirmed", "created_at", "last_used_at"]


def _rows(queryset):
    if queryset.model in SECRET_FIELDS:
        return serializers.serialize("python", queryset.order_by("pk"), fields=_DEVICE_FIELDS)
    return serializers.serialize("python", queryset.order_by("pk"))


def _contact_filter(name):
    return {f"{CONTACT_FIELD}__iexact": name.strip()}


def account_find(username):
    return get_user_model().objects.filter(username=username).first()


def personal_data_export(*, username=None, contact=None):
    """Everything the portal holds about one account and/or one named contact, as plain
    data ready for JSON."""
    export = {}
    if username is not None:
        user = account_find(username)
        export["account"] = None
        if user is not None:
            export["account"] = {
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "is_active": user.is_active,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "groups": sorted(user.groups.values_list("name", flat=True)),
            }
            references = {}
            for model, link in user_links():
                rows = _rows(model._default_manager.filter(**{link.name: user}))
                if rows:
                    references[f"{model._meta.label} ({link.name})"] = rows
            export["records_linked_to_the_account"] = references
        export["failed_sign_ins"] = list(
            SignInAttempt.objects.filter(username=username.strip().lower())
            .order_by("attempted_at")
            .values("username", "ip_address", "kind", "attempted_at")
        )
        export["known_sign_in_addresses"] = list(
            KnownAddress.objects.filter(username=username.strip().lower())
            .order_by("signed_in_at")
            .values("username", "ip_address", "signed_in_at")
        )
    if contact is not None:
        export["named_contact"] = {
            model._meta.label: _rows(model._default_manager.filter(**_contact_filter(contact)))
            for model in contact_fields()
        }
        export["name_written_in_text"] = [
            {
                "record": match.model,
                "pk": match.pk,
                "field": match.field,
                "written": match.written,
                "excerpt": match.excerpt,
            }
            for match in name_matches(contact)
        ]
    return export


@dataclass
class ErasureReport:
    changes: dict = field(default_factory=dict)  # description -> rows changed

    def add(self, description, count):
        if count:
            self.changes[description] = self.changes.get(description, 0) + count

    def lines(self):
        return [f"{description}: {count}" for description, count in self.changes.items()]


def _names_erase(written, report):
    """Replace each confirmed way of writing a name, wherever text holds it: a named-contact
    field that holds it is emptied (it names the person), other text keeps everything else."""
    pattern = name_pattern(written)
    if pattern is None:
        return
    by_model = defaultdict(list)
    for match in name_matches(written[0], variants=written):
        by_model[match.model].append(match)
    for label, found in by_model.items():
        model = LogEntry if label == LogEntry._meta.label else apps.get_model(label)
        rows = model._default_manager.in_bulk({match.pk for match in found})
        for row in rows.values():
            changes = {}
            for name_field in {match.field for match in found if match.pk == row.pk}:
                if name_field == CONTACT_FIELD:
                    changes[CONTACT_FIELD] = ""
                    if hasattr(row, "contact_is_public"):
                        changes["contact_is_public"] = False
                else:
                    changes[name_field] = pattern.sub(REMOVED, getattr(row, name_field))
            # update(), not save(): a save would write a new history row, a fresh copy of
            # the very data being erased.
            model._default_manager.filter(pk=row.pk).update(**changes)
        report.add(f"name removed from {label}", len(rows))


def _contacts_erase(name, report):
    for model in contact_fields():
        updates = {CONTACT_FIELD: ""}
        if any(f.name == "contact_is_public" for f in model._meta.concrete_fields):
            updates["contact_is_public"] = False
        # QuerySet.update() on purpose: saving would write a new history row, a fresh copy
        # of the very data being erased.
        count = model._default_manager.filter(**_contact_filter(name)).update(**updates)
        report.add(f"named contact removed from {model._meta.label}", count)


def _account_erase(user, report):
    for model, link in user_links():
        rows = model._default_manager.filter(**{link.name: user})
        if link.null:
            detached = rows.update(**{link.name: None})
            report.add(f"{model._meta.label}.{link.name} detached", detached)
        elif model._meta.auto_created:  # memberships: partner members, groups, permissions
            report.add(f"{model._meta.label} rows removed", rows.delete()[0])
        # Other required links (the admin's log) stay, pointing at the anonymised account.
    user_type = ContentType.objects.get_for_model(user)
    report.add(
        "admin log entries about the account renamed",
        LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk))
        .exclude(object_repr=f"erased-{user.pk}")
        .update(object_repr=f"erased-{user.pk}"),
    )
    sessions = [
        s.pk for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    report.add("sessions ended", Session.objects.filter(pk__in=sessions).delete()[0])
    report.add(
        "failed sign-in records deleted",
        SignInAttempt.objects.filter(username=user.username.lower()).delete()[0],
    )
    report.add(
        "known sign-in addresses deleted",
        KnownAddress.objects.filter(username=user.username.lower()).delete()[0],
    )
    for device_model in SECRET_FIELDS:
        report.add(
            f"{device_model._meta.label} deleted",
            device_model.objects.filter(user=user).delete()[0],
        )
    anonymous = {
        "username": f"erased-{user.pk}",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": False,
        "is_staff": False,
        "is_superuser": False,
        "last_login": None,
    }
    if any(getattr(user, name) != value for name, value in anonymous.items()):
        for name, value in anonymous.items():
            setattr(user, name, value)
        user.set_unusable_password()
        user.save()
        report.add("account anonymised and deactivated", 1)


@transaction.atomic
def personal_data_erase(*, username=None, contact=None, written=(), dry_run=False):
    """Anonymise an account (its updates keep their text but lose their author) and/or
    remove a named contact everywhere, history included; replace the name in every text
    field where it is written as the contact's or the account holder's full name or as one
    of `written` (the ways of writing it the officer confirmed from name_preview). Safe to
    run twice. With dry_run, report what would change and change nothing."""
    report = ErasureReport()
    names = [contact] if contact else []
    if username is not None:
        user = account_find(username)
        if user is not None:
            full_name = user.get_full_name().strip()
            if full_name:
                names.append(full_name)
            _account_erase(user, report)
        else:
            report.add(
                "failed sign-in records deleted",
                SignInAttempt.objects.filter(username=username.strip().lower()).delete()[0],
            )
            report.add(
                "known sign-in addresses deleted",
                KnownAddress.objects.filter(username=username.strip().lower()).delete()[0],
            )
    for name in names:
        _contacts_erase(name, report)
    confirmed = [*(name.strip() for name in names), *(text.strip() for text in written)]
    _names_erase([text for text in confirmed if text], report)
    if dry_run:
        transaction.set_rollback(True)
    elif report.changes:
        DataErasure.objects.create(rows_changed=sum(report.changes.values()))
    return report
