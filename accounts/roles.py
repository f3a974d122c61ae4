"""Roles: Django groups with their permissions, and the rules of who may give which.

The permission names are written here as strings, so that this app imports no domain app;
`roles_ensure` reads them from the database after every migrate.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

OFFICERS = "CSP officers"
EXECUTIVE = "Executive"
PARTNER_LEADS = "Partner leads"

# The permissions that views and rules check, named for what they allow. Views and templates
# use these names (templates as `perms.<app>.<codename>`), never the strings.
VIEW_INTERNAL_PAGES = "themes.view_internal_pages"
MANAGE_ACCOUNTS = "themes.manage_accounts"
PUBLISH_UPDATES = "actions.publish_progressupdate"
ADD_ACTIONS = "actions.add_action"
CHANGE_ACTIONS = "actions.change_action"
VIEW_DOCUMENTS = "actions.view_linkeddocument"
ADD_UPDATES = "actions.add_progressupdate"
CHANGE_UPDATES = "actions.change_progressupdate"
ADD_ROUNDS = "actions.add_reportinground"
CHANGE_ROUNDS = "actions.change_reportinground"


def is_officer(user):
    """Whether `user` is a CSP officer: officers are who may publish progress updates."""
    return user.has_perm(PUBLISH_UPDATES)


class Role(models.TextChoices):
    """The roles an account may be given on the portal's account pages; each is a group."""

    PARTNER_LEAD = PARTNER_LEADS, _("Partner lead")
    EXECUTIVE = EXECUTIVE, _("Executive")
    OFFICER = OFFICERS, _("Officer")


_EDITABLE_MODELS = {
    "themes": [
        "partner",
        "plan",
        "theme",
        "themelead",
        "priority",
        "residentstatement",
        "commitment",
        "partnership",
        "publicpage",
    ],
    "actions": ["action", "actionlead", "linkeddocument", "reportinground", "progressupdate"],
    "indicators": ["indicator", "indicatorvalue", "indicatortarget"],
}


def _model_permissions(verbs):
    return [
        f"{app}.{verb}_{model}"
        for app, models in _EDITABLE_MODELS.items()
        for model in models
        for verb in verbs
    ]


ROLE_PERMISSIONS = {
    # Officers run the plan: everything but deleting progress, which is never deleted. No
    # role holds a permission on accounts, groups or permissions: only the administrator (a
    # superuser) grants privileges, in the Django admin.
    OFFICERS: [
        *_model_permissions(["add", "change", "view"]),
        *[p for p in _model_permissions(["delete"]) if not p.endswith("_progressupdate")],
        VIEW_INTERNAL_PAGES,
        PUBLISH_UPDATES,
        MANAGE_ACCOUNTS,
    ],
    EXECUTIVE: [*_model_permissions(["view"]), VIEW_INTERNAL_PAGES],
    # What a lead may change is narrowed further to their own partners' actions.
    PARTNER_LEADS: [
        "actions.view_action",
        CHANGE_ACTIONS,
        ADD_UPDATES,
        CHANGE_UPDATES,
    ],
}


@transaction.atomic
def roles_ensure():
    """Create the role groups and give each exactly its permissions."""
    # After migrate, each app's permissions are created in INSTALLED_APPS order, so those of
    # apps listed after this one would not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
        groups[name] = group
    return groups


def account_role(account):
    """The account's role for the account pages: a Role, or None (reads prefetched groups)."""
    names = {group.name for group in account.groups.all()}
    for role in [Role.OFFICER, Role.EXECUTIVE, Role.PARTNER_LEAD]:
        if role.value in names:
            return role
    return None


def account_can_manage(account, user):
    """Whether `user` may change `account` on the portal's account pages.

    Nobody manages their own account or a superuser's there. Officers manage partner leads,
    Executive members and accounts without a role; officers' and staff accounts are left to
    the administrator, who may manage them too. Reads the account's prefetched groups."""
    if account.pk == user.pk or account.is_superuser or not user.has_perm(MANAGE_ACCOUNTS):
        return False
    if user.is_superuser:
        return True
    return not account.is_staff and account_role(account) != Role.OFFICER


def account_roles_for(user):
    """The roles `user` may give: an officer may not make other officers."""
    if user.is_superuser:
        return list(Role)
    return [Role.PARTNER_LEAD, Role.EXECUTIVE]


def role_set(*, account, role):
    groups = Group.objects.filter(name__in=Role.values)
    account.groups.remove(*[group for group in groups if group.name != role])
    account.groups.add(next(group for group in groups if group.name == role))
