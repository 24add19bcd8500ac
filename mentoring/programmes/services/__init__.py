"""Programmes, sign-ups and themes. Every rule and change lives here: each function checks
who acts and what is allowed, runs in a transaction and leaves an audit entry."""

from .programmes import (
    default_dates,
    programme_create,
    programme_signup_close,
    programme_signup_open,
    programme_update,
    signup_can_open,
)
from .requests import (
    participation_request_accept,
    participation_request_create,
    participation_request_decline,
)
from .signups import signup_create, signup_update, signup_withdraw, years_in_field
from .themes import theme_create

__all__ = [
    "default_dates",
    "participation_request_accept",
    "participation_request_create",
    "participation_request_decline",
    "programme_create",
    "programme_signup_close",
    "programme_signup_open",
    "programme_update",
    "signup_can_open",
    "signup_create",
    "signup_update",
    "signup_withdraw",
    "theme_create",
    "years_in_field",
]
