"""Static files with hashed names, long cached by whitenoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites the names in JavaScript modules' `import` statements, so that
    portal.js loads GOV.UK Frontend's script under its hashed name (cached for a year)
    rather than under its plain one (which whitenoise must serve uncached)."""

    support_js_module_import_aggregation = True
