"""Matching the partners and themes a file names with those of the portal: what is known,
what is not (with the closest existing one and what "create it" would make), and what each
unknown name resolves to. Reads nothing from the database itself."""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from actions.imports.columns import Problem, is_job_title, normalise
from actions.imports.rows import split_theme

CREATE = "create"
ROLE = "role"  # a lead name that is a job title: the action's lead role, not a partner


@dataclass(eq=False)
class NewPartner:
    name: str

    def __str__(self):
        return self.name


@dataclass(eq=False)
class NewTheme:
    number: int
    title: str

    def __str__(self):
        return f"{self.number}. {self.title}"


@dataclass(eq=False)
class UnknownName:
    """A partner or theme named in the file that matches none (or several) in the portal."""

    kind: str  # "partner" or "theme"
    key: str
    name: str  # as first written
    rows: list
    reason: str
    new: object = None  # the NewPartner or NewTheme that "create it" makes; None if it cannot
    suggestion: object = None  # the closest existing Partner or Theme
    choice: object = None  # what it resolves to: a Partner, Theme, NewPartner, NewTheme or None

    is_role: bool = False  # it reads as a job title

    @property
    def can_create(self):
        return self.new is not None

    @property
    def creates(self):
        return self.choice is not None and self.choice is self.new

    @property
    def as_role(self):
        return self.choice == ROLE

    @property
    def choice_value(self):
        """The choice as the form sends it: "create", "role" or a pk."""
        if self.choice is None:
            return ""
        if self.creates:
            return CREATE
        if self.as_role:
            return ROLE
        return str(self.choice.pk)


def _closest(name, options):
    """The option whose name is closest to `name` (options: {normalised name: object})."""
    close = difflib.get_close_matches(normalise(name), list(options), n=1, cutoff=0.8)
    return options[close[0]] if close else None


def resolve_choice(unknown, mapping, default, by_pk, problems):
    if mapping is not None and unknown.key in mapping:
        value = mapping[unknown.key]
    elif default in ("suggest", CREATE) and unknown.is_role:
        value = ROLE
    elif default == "suggest" and unknown.suggestion is not None and unknown.kind == "theme":
        value = unknown.suggestion.pk
    elif default == "suggest" and unknown.suggestion is not None:
        # A close name is offered, never chosen for the officer: "CSP Manager" is not the
        # "Community Safety Partnership".
        return None
    elif default in ("suggest", CREATE) and unknown.can_create:
        value = CREATE
    else:
        return None
    if value == ROLE and unknown.kind == "partner":
        return ROLE
    if value == CREATE:
        if not unknown.can_create:
            problems.append(
                Problem(
                    _("The %(kind)s “%(name)s” cannot be created: %(reason)s")
                    % {
                        "kind": _kind_name(unknown.kind),
                        "name": unknown.name,
                        "reason": unknown.reason,
                    },
                    row=unknown.rows[0],
                )
            )
            return None
        return unknown.new
    try:
        return by_pk.get(int(value))
    except (TypeError, ValueError):
        return None


def _kind_name(kind):
    return _("lead partner") if kind == "partner" else _("theme")


def match_themes(parsed, themes):
    by_number = {theme.number: theme for theme in themes}
    by_title = {}
    for theme in themes:
        by_title.setdefault(normalise(theme.title), []).append(theme)
    known = {}
    unknown = {}
    claimed = set(by_number)
    for action in parsed.actions:
        key = normalise(action.theme)
        if key in known:
            continue
        if key in unknown:
            unknown[key].rows.append(action.row)
            continue
        number, title = split_theme(action.theme)
        if number is not None:
            existing = by_number.get(number)
            if existing and (title is None or normalise(title) == normalise(existing.title)):
                known[key] = existing
                continue
            if existing:
                reason = _("theme %(number)s of this plan is “%(title)s”.") % {
                    "number": number,
                    "title": existing.title,
                }
                item = UnknownName("theme", key, action.theme, [action.row], reason)
                item.suggestion = existing
            else:
                item = UnknownName(
                    "theme",
                    key,
                    action.theme,
                    [action.row],
                    _("the plan has no theme %(number)s.") % {"number": number},
                )
                if title is None:
                    item.reason += " " + _("Give its title too, as in “3. Domestic abuse”.")
                elif number in claimed:
                    item.reason += " " + _("Another theme in the file has the same number.")
                else:
                    item.new = NewTheme(number, title)
                    claimed.add(number)
                item.suggestion = _closest(title or "", {normalise(t.title): t for t in themes})
        else:
            matches = by_title.get(key, [])
            if len(matches) == 1:
                known[key] = matches[0]
                continue
            item = UnknownName(
                "theme",
                key,
                action.theme,
                [action.row],
                _("the plan has no theme with this title."),
            )
            item.suggestion = _closest(title, {normalise(t.title): t for t in themes})
            item.new = NewTheme(None, title)
        unknown[key] = item
    # Themes given by title alone are numbered after every other theme.
    next_number = max(claimed, default=0) + 1
    for item in unknown.values():
        if item.new is not None and item.new.number is None:
            item.new.number = next_number
            next_number += 1
    return known, list(unknown.values())


def match_partners(parsed, partners):
    by_name = {}
    for partner in partners:
        by_name.setdefault(normalise(partner.full_name), []).append(partner)
    # Known aliases: a team by its own name ("People Directorate"), when no partner has that
    # as its full name and only one team answers to it.
    aliases = {}
    for partner in partners:
        aliases.setdefault(normalise(partner.name), []).append(partner)
    for alias, matches in aliases.items():
        if alias not in by_name and len(matches) == 1:
            by_name[alias] = matches
    options = {normalise(p.full_name): p for p in partners}
    known = {}
    unknown = {}
    for action in parsed.actions:
        for name in action.leads or []:
            key = normalise(name)
            if key in known:
                continue
            if key in unknown:
                if action.row not in unknown[key].rows:
                    unknown[key].rows.append(action.row)
                continue
            matches = by_name.get(key, [])
            if len(matches) == 1:
                known[key] = matches[0]
                continue
            if matches:
                item = UnknownName(
                    "partner",
                    key,
                    name,
                    [action.row],
                    _("%(count)s partners have this name: choose one.") % {"count": len(matches)},
                )
                item.suggestion = matches[0]
            else:
                item = UnknownName(
                    "partner", key, name, [action.row], _("no partner has this name.")
                )
                item.new = NewPartner(name)
                item.suggestion = _closest(name, options)
                if is_job_title(name):
                    item.is_role = True
                    item.reason = _("it reads as a job title: the action's lead role.")
                elif item.suggestion is not None:
                    item.reason = _("no partner has this name; the closest is “%(name)s”.") % {
                        "name": item.suggestion.full_name
                    }
            unknown[key] = item
    return known, list(unknown.values())
