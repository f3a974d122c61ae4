"""Every route of the URL configuration, with a real URL for each, for the security tests.

Routes are found by walking Django's resolver, so a view added later is covered without
editing these tests. Each route's parameters are filled with values from the database: a
plan's slug, a theme or action number, a row's primary key (the first value for which a
superuser does not get a 404 is kept).
"""

import itertools
import re
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from themes.models import Plan

# Tables that may change on any request: sessions (saved on every request) and failed
# sign-ins (a refused password is recorded by design).
VOLATILE_TABLES = {"sessions.session", "accounts.signinattempt"}

# Pages anyone may open without signing in: the one list of public routes, read by the URL
# walk (tests/trust/test_url_walk.py), the public pages' own tests and the leak crawls.
PUBLIC_ROUTES = {
    "public:home",
    "public:plan_list",
    "public:plan_detail",
    "public:statement_list",
    "public:theme_detail",
    "public:action_list",
    "public:action_detail",
    "actions:document_download",  # files of actions in public plans only
    "public:action_list_csv",  # open data: public fields of public plans' actions
    "public:action_list_json",
    "public:plan_feed",  # published updates only
    "public:theme_feed",
    "public:open_data",
    "public:sitemap",
    "public:robots_txt",
    "public:status_list",  # what the statuses mean
    "public:accessibility",  # the information pages, as officers wrote them
    "public:privacy",
    "public:cookies",
    "public:contact",
    "public:partnership_css",  # the partnership's name, colour and logo
    "public:favicon",
    "public:logo",
    "indicators:indicator_list",  # outcome indicators and their published figures
    "indicators:indicator_detail",
    "indicators:values_download_csv",
    "indicators:values_download_json",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "sign_in_unlock",  # the emailed link that lifts an account-wide sign-in pause
    "password_reset_complete",
    "admin:login",
    "healthz",
}

# Pages any signed-in account may open, whatever its role.
ANY_ACCOUNT_ROUTES = {
    "actions:my_actions",  # lists only the actions of the account's own partners
    "actions:start_page",  # only redirects, to the dashboards or to My actions
    "password_change",
    "password_change_done",
    "logout",
    # Each account's own second factor: its status, code, set-up and recovery codes.
    "two_factor",
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_recovery_codes",
}


@dataclass
class Route:
    key: str  # "public:plan_detail", or the pattern for unnamed routes
    pattern: str
    callback: object
    is_regex: bool
    parameters: list = field(default_factory=list)  # [(name or index, converter or None)]

    @property
    def is_admin(self):
        return self.pattern.startswith("admin/")

    @property
    def admin_model(self):
        """The model an admin route is about, from its path ("admin/actions/action/...")."""
        parts = self.pattern.split("/")
        if len(parts) > 3 and parts[0] == "admin":
            try:
                return apps.get_model(parts[1], parts[2])
            except (LookupError, ValueError):
                return None
        return None

    def __str__(self):
        return self.key


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            child_namespace = namespace
            if entry.namespace:
                child_namespace = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + str(entry.pattern), child_namespace)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            is_regex = isinstance(entry.pattern, RegexPattern)
            if is_regex:
                groups = re.findall(r"\((\?P<(\w+)>)?[^)]*\)", str(entry.pattern))
                parameters = [(name or index, None) for index, (_, name) in enumerate(groups)]
            else:
                parameters = list(entry.pattern.converters.items())
            yield Route(
                key=f"{namespace}{entry.name}" if entry.name else pattern,
                pattern=pattern,
                callback=entry.callback,
                is_regex=is_regex,
                parameters=parameters,
            )


def all_routes():
    return list(_walk(get_resolver()))


def _local_apps():
    base = str(settings.BASE_DIR)
    return [
        config
        for config in apps.get_app_configs()
        if config.path.startswith(base) and "site-packages" not in config.path
    ]


def _primary_keys():
    """A few primary keys of every model of the project's own apps, smallest first."""
    keys = set()
    for config in _local_apps():
        for model in config.get_models():
            for row in model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]:
                keys.add(row)
    return sorted(key for key in keys if isinstance(key, int))[:12]


def _other_slugs():
    """A few slugs of every other model of the project's own apps that has one."""
    slugs = []
    for config in _local_apps():
        for model in config.get_models():
            fields = {f.name for f in model._meta.concrete_fields}
            if "slug" in fields and model is not Plan and not model.__name__.startswith("Hist"):
                slugs += model._default_manager.order_by("pk").values_list("slug", flat=True)[:3]
    return slugs


def _candidates(route, name, converter):
    """Values to try for one parameter, most likely first."""
    model = route.admin_model
    # django-otp's device pages ("<int:pk>/config/") name the device's key `pk`.
    if route.is_admin and model is not None and name in ("object_id", "id", "pk", 0):
        first = model._default_manager.order_by("pk").first()
        return [str(first.pk) if first else "1"]
    if route.is_admin and model is not None and name == 1:  # simple_history's history_id
        first = model._default_manager.order_by("pk").first()
        history = getattr(first, "history", None)
        row = history.order_by("history_id").first() if history is not None else None
        return [str(row.history_id) if row else "1"]
    if name == "app_label":
        return ["themes"]
    if name == "url":
        return ["no-such-page/"]
    if "format" in str(name):
        return ["csv", "xlsx", "json", "pdf"]
    if name == "uidb64":
        return ["MQ"]
    if name == "token":
        return ["set-password"]
    if name == "slug" or "slug" in str(name):
        plans = Plan.objects.public().order_by("-state", "pk").values_list("slug", flat=True)
        return list(dict.fromkeys([*plans, *_other_slugs()])) or ["no-such-slug"]
    type_name = type(converter).__name__ if converter is not None else ""
    if type_name == "UUIDConverter":
        return [uuid.uuid4()]
    if type_name == "IntConverter" or name in ("pk", "id", "number") or str(name).endswith("_pk"):
        if name == "number":
            return [1, 2, 3]
        return _primary_keys() or [1]
    if type_name == "PathConverter" or type_name == "SlugConverter":
        return ["x"]
    return ["x"]


def _build(route, values):
    if route.is_regex:
        index = itertools.count()

        def substitute(match):
            value = values[next(index)]
            return str(value)

        path = re.sub(r"\((\?P<\w+>)?[^)]*\)", substitute, route.pattern)
        path = path.replace("^", "").replace("$", "")
    else:
        path = route.pattern
        for (name, converter), value in zip(route.parameters, values, strict=True):
            text = str(converter.to_url(value) if converter is not None else value)
            path = re.sub(rf"<(\w+:)?{name}>", text, path, count=1)
    return "/" + path


# Which candidate each route's parameters took last time, by position in the candidate lists:
# the tests build the same data, so the same positions usually fit again (and are checked).
_CHOSEN_POSITIONS = {}


def route_urls(client=None, limit=25):
    """[(route, url)] for every reachable route; shadowed routes (an earlier pattern answers
    the same path) are left out. With a signed-in `client`, parameters are chosen so that
    the page exists where possible."""
    result = []
    for route in all_routes():
        options = [_candidates(route, name, conv) for name, conv in route.parameters]
        chosen = None
        if client is not None and route.parameters:
            positions = _CHOSEN_POSITIONS.get(route.key)
            if positions and all(p < len(o) for p, o in zip(positions, options, strict=True)):
                url = _build(route, [o[p] for p, o in zip(positions, options, strict=True)])
                if client.get(url).status_code != 404:
                    chosen = url
        if chosen is None:
            indexed = [list(enumerate(o)) for o in options]
            for combination in itertools.islice(itertools.product(*indexed), limit):
                url = _build(route, [value for _, value in combination])
                chosen = chosen or url
                if client is None or not route.parameters:
                    break
                if client.get(url).status_code != 404:
                    chosen = url
                    _CHOSEN_POSITIONS[route.key] = [position for position, _ in combination]
                    break
        match = resolve(chosen.split("?")[0])
        if match.func is not route.callback and match.func != route.callback:
            continue  # shadowed by an earlier pattern
        result.append((route, chosen))
    return result


def table_counts():
    """{model label: row count} for every table but the volatile ones: a cheap fingerprint
    of the database. Every model users edit keeps history, so a change to a row adds a
    historical row and shows here too."""
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in VOLATILE_TABLES and model._meta.managed
    }


def changed_tables(before, after):
    return {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
