"""A real OpenID Connect provider for the SSO tests: a second, tiny Django site with
django-oauth-toolkit, run in its own process (``serve``) with its own SQLite file and a fresh
RSA key. ``tests/accounts/sso_provider.py`` starts it for a test run."""
