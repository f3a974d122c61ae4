"""The partnership's identity for every page: `{{ partnership.name }}` and friends."""

from django.conf import settings
from django.core.cache import cache

from portal.page_cache import data_version
from themes.models import Partnership


def current_partnership():
    """The partnership, kept per version of the data (none or one query when the cache is
    on; one query when SHARED_CONTENT_CACHE_SECONDS is 0)."""
    seconds = settings.SHARED_CONTENT_CACHE_SECONDS
    if not seconds:
        return Partnership.current()
    key = f"partnership:1:{data_version()}"
    partnership = cache.get(key)
    if partnership is None:
        partnership = Partnership.current()
        cache.set(key, partnership, seconds)
    return partnership


def partnership(request):
    # A page's content rendered apart from its layout (portal.page_cache.shared_content)
    # runs the context processors again, for a stand-in request that shares
    # `csp_per_request` with the real one: look the partnership up once per request.
    once = request.__dict__.setdefault("csp_per_request", {})
    if "partnership" not in once:
        once["partnership"] = current_partnership()
    return {"partnership": once["partnership"]}
