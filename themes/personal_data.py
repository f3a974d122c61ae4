"""Finding, exporting and erasing one person's data (see docs/data-protection.md).

The places that hold personal data are found from the models themselves, so a model added
later is covered without changes here: every foreign key or many-to-many link to the user
model (authorship, history_user, memberships, admin log) and every field named
`contact_name` (named contacts, in the live tables and in their history).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import transaction

from themes.models import SignInAttempt

CONTACT_FIELD = "contact_name"


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


def _rows(queryset):
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
            .values("username", "ip_address", "attempted_at")
        )
    if contact is not None:
        export["named_contact"] = {
            model._meta.label: _rows(model._default_manager.filter(**_contact_filter(contact)))
            for model in contact_fields()
        }
    return export


@dataclass
class ErasureReport:
    changes: dict = field(default_factory=dict)  # description -> rows changed

    def add(self, description, count):
        if count:
            self.changes[description] = self.changes.get(description, 0) + count

    def lines(self):
        return [f"{description}: {count}" for description, count in self.changes.items()]


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
def personal_data_erase(*, username=None, contact=None, dry_run=False):
    """Anonymise an account (its updates keep their text but lose their author) and/or
    remove a named contact everywhere, history included. Safe to run twice. With dry_run,
    report what would change and change nothing."""
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
    for name in names:
        _contacts_erase(name, report)
    if dry_run:
        transaction.set_rollback(True)
    return report
