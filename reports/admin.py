"""Admin registrations of the reports app, one module per feature."""

from reports import indicator_admin  # noqa: F401
