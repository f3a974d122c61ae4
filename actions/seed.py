"""Load plans from the seed file format (fixtures/seed_plans.json) into the database.

The format is documented in docs/seed-format.md. Loading is idempotent: every object is
matched on its natural key (partner slug, plan slug, theme number, action number, ...), saved
only when something differs, and the whole load runs in one transaction, so a file that breaks
a rule saves nothing.
"""

from django.db import transaction

from actions.models import (
    Action,
    ActionLead,
    LinkedDocument,
    ProgressUpdate,
    ReportingRound,
    Status,
)
from portal.upsert import RecordError, Upserter
from themes.models import (
    Commitment,
    Partner,
    Plan,
    Priority,
    ResidentStatement,
    Theme,
    ThemeLead,
)

CHANGE_REASON = "Loaded from the seed plans"


class SeedError(RecordError):
    """The seed data is malformed or breaks a rule; the message says where and why."""


class LoadResult(Upserter):
    error_class = SeedError

    def __init__(self):
        super().__init__(reason=CHANGE_REASON)

    def summary(self):
        if not self.created and not self.changed:
            return "Nothing to do: the database already matches the seed plans."
        parts = [f"created {n} {name}" for name, n in sorted(self.created.items())]
        parts += [f"changed {n} {name}" for name, n in sorted(self.changed.items())]
        return "Seed plans loaded: " + ", ".join(parts) + "."


def _require(mapping, key, where):
    try:
        return mapping[key]
    except (KeyError, TypeError):
        raise SeedError(f"{where}: missing “{key}”.") from None


def _unique_rows(rows, key, where):
    """The rows, refusing two that share a key: each would silently overwrite the other."""
    seen = set()
    for row in rows:
        value = _require(row, key, where)
        if value in seen:
            raise SeedError(f"{where} {value} appears twice in the file.")
        seen.add(value)
    return rows


def _upsert(model, lookup, values, where, result):
    return result.upsert(model, lookup, values, where)


def _sync_leads(link_model, owner_field, owner, partners, where, result):
    result.sync_leads(link_model, owner_field, owner, partners, where)


def _sync_m2m(manager, wanted):
    if set(manager.all()) != set(wanted):
        manager.set(wanted)


def _load_partners(rows, result):
    partners = {}
    for row in _unique_rows(rows, "slug", "partner"):
        slug = row["slug"]
        where = f"partner {slug}"
        parent_slug = row.get("parent")
        if parent_slug and parent_slug not in partners:
            raise SeedError(f"{where}: its parent “{parent_slug}” must be listed before it.")
        partners[slug] = _upsert(
            Partner,
            {"slug": slug},
            {
                "name": _require(row, "name", where),
                "parent": partners[parent_slug] if parent_slug else None,
                "is_statutory": bool(row.get("is_statutory", False)),
                "is_on_executive": bool(row.get("is_on_executive", False)),
            },
            where,
            result,
        )
    return partners


def _partners_for(slugs, partners, where):
    missing = [slug for slug in slugs if slug not in partners]
    if missing:
        raise SeedError(f"{where}: unknown lead partner {', '.join(missing)}.")
    return [partners[slug] for slug in slugs]


def _load_plan(row, partners, result):
    slug = _require(row, "slug", "plan")
    where = f"plan {slug}"
    plan = _upsert(
        Plan,
        {"slug": slug},
        {
            "title": _require(row, "title", where),
            "start_year": _require(row, "start_year", where),
            "end_year": _require(row, "end_year", where),
            "state": row.get("state", Plan.State.DRAFT),
            "summary": row.get("summary", ""),
        },
        where,
        result,
    )

    themes = {}
    for theme_row in _unique_rows(row.get("themes", []), "number", f"{where}, theme"):
        number = theme_row["number"]
        theme_where = f"{where}, theme {number}"
        theme = _upsert(
            Theme,
            {"plan": plan, "number": number},
            {
                "title": _require(theme_row, "title", theme_where),
                "description": theme_row.get("description", ""),
            },
            theme_where,
            result,
        )
        leads = _partners_for(theme_row.get("leads", []), partners, theme_where)
        _sync_leads(ThemeLead, "theme", theme, leads, theme_where, result)
        themes[number] = theme

    for priority_row in _unique_rows(row.get("priorities", []), "number", f"{where}, priority"):
        number = priority_row["number"]
        _upsert(
            Priority,
            {"plan": plan, "number": number},
            {
                "title": _require(priority_row, "title", f"{where}, priority {number}"),
                "description": priority_row.get("description", ""),
            },
            f"{where}, priority {number}",
            result,
        )

    rounds = {}
    for round_row in _unique_rows(row.get("rounds", []), "name", f"{where}, round"):
        name = round_row["name"]
        rounds[name] = _upsert(
            ReportingRound,
            {"plan": plan, "name": name},
            {"state": round_row.get("state", ReportingRound.State.CLOSED)},
            f"{where}, round {name}",
            result,
        )

    for action_row in _unique_rows(row.get("actions", []), "number", f"{where}, action"):
        _load_action(action_row, plan, themes, rounds, partners, where, result)

    for statement_row in _unique_rows(row.get("statements", []), "position", f"{where}, statement"):
        _load_statement(statement_row, plan, themes, where, result)
    return plan


def _load_action(row, plan, themes, rounds, partners, plan_where, result):
    number = _require(row, "number", f"{plan_where}, action")
    where = f"{plan_where}, action {number}"
    theme_number = _require(row, "theme", where)
    if theme_number not in themes:
        raise SeedError(f"{where}: theme {theme_number} is not in the plan.")
    contact = row.get("contact") or {}
    action = _upsert(
        Action,
        {"plan": plan, "number": number},
        {
            "theme": themes[theme_number],
            "text": _require(row, "text", where),
            "lead_role": row.get("lead_role", ""),
            "contact_name": contact.get("name", ""),
            "contact_is_public": bool(contact.get("is_public", False)),
            "status": row.get("status", Status.NOT_RECORDED),
        },
        where,
        result,
    )
    leads = _partners_for(row.get("leads", []), partners, where)
    _sync_leads(ActionLead, "action", action, leads, where, result)

    for position, document in enumerate(row.get("documents", []), start=1):
        _upsert(
            LinkedDocument,
            {"action": action, "position": position},
            {"title": _require(document, "title", where), "url": document.get("url", "")},
            f"{where}, document {position}",
            result,
        )

    for update in row.get("updates", []):
        round_name = _require(update, "round", f"{where}, update")
        if round_name not in rounds:
            raise SeedError(f"{where}: round “{round_name}” is not in the plan.")
        text = _require(update, "text", f"{where}, update")
        _upsert(
            ProgressUpdate,
            {"action": action, "round": rounds[round_name], "partner": None},
            {
                "narrative": text,
                "public_summary": text,
                "status": update.get("status", Status.NOT_RECORDED),
                # Published in the source document, which gives no date: kept without one.
                "state": ProgressUpdate.State.PUBLISHED,
            },
            f"{where}, update for {round_name}",
            result,
        )
    # Derived from the updates just loaded, so not counted as a change of its own.
    action.refresh_public_status()


def _load_statement(row, plan, themes, plan_where, result):
    position = _require(row, "position", f"{plan_where}, statement")
    where = f"{plan_where}, statement {position}"
    statement = _upsert(
        ResidentStatement,
        {"plan": plan, "position": position},
        {"text": _require(row, "text", where)},
        where,
        result,
    )
    commitment_rows = _unique_rows(row.get("commitments", []), "position", f"{where}, commitment")
    for commitment_row in commitment_rows:
        commitment_position = commitment_row["position"]
        commitment_where = f"{where}, commitment {commitment_position}"
        commitment = _upsert(
            Commitment,
            {"statement": statement, "position": commitment_position},
            {"text": _require(commitment_row, "text", commitment_where)},
            commitment_where,
            result,
        )
        theme_numbers = commitment_row.get("themes", [])
        unknown = [n for n in theme_numbers if n not in themes]
        if unknown:
            raise SeedError(f"{commitment_where}: unknown theme {unknown}.")
        _sync_m2m(commitment.themes, [themes[n] for n in theme_numbers])


@transaction.atomic
def seed_plans_load(*, data):
    """Create or update the partners and plans in `data`; all or nothing."""
    result = LoadResult()
    partners = _load_partners(_require(data, "partners", "seed file"), result)
    for plan_row in _unique_rows(_require(data, "plans", "seed file"), "slug", "plan"):
        _load_plan(plan_row, partners, result)
    return result
