from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: pages that gather several parts (home pages, the pairs board and
    dashboard, the pair page, the organisation admin's pages) and the demo data."""

    name = "mentoring.site"
    label = "site"
