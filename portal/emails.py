"""What every email of the portal may name, from the apps that hold it.

An app low in the import order (accounts) sends emails that should name the partnership,
which lives higher up (themes). Rather than import upwards, each app that holds something
emails may name registers a provider here when it starts, and a sender asks for all of them.
"""

_providers = []


def email_context_provider(provider):
    """Register `provider`, a function returning a dict for the templates of every email."""
    _providers.append(provider)
    return provider


def email_context():
    """Everything the registered providers give, merged (each may run a query)."""
    context = {}
    for provider in _providers:
        context.update(provider())
    return context
