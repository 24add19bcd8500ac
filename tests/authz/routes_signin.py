"""Signing in, out, passwords and two-step verification: django-allauth's pages
(mentoring/accounts/signin/urls.py). They answer anonymous visitors; the MFA pages are each
person's own."""

from .routes import LOGIN, Route

ROUTES = {
    "account_login": Route(expect={"anon": 200, "*": 302}),
    "account_logout": Route(method="post", expect={"*": 302}),
    "account_inactive": Route(expect={"*": 200}),
    "account_signup": Route(expect={"anon": 200, "*": 302}),
    "account_reauthenticate": Route(expect={"anon": LOGIN, "*": 200}),
    "account_change_password": Route(expect={"anon": LOGIN, "*": 200}),
    "account_set_password": Route(expect={"anon": LOGIN, "*": 302}),
    "account_reset_password": Route(expect={"*": 200}),
    "account_reset_password_done": Route(expect={"*": 200}),
    "account_reset_password_from_key": Route(
        kwargs=lambda w: {"uidb36": "1", "key": "bad-key"}, expect={"*": 200}
    ),
    "account_reset_password_from_key_done": Route(expect={"*": 200}),
    "mfa_index": Route(expect={"anon": LOGIN, "*": 200}),
    # Only during a login that waits for its second step; otherwise back to the start.
    "mfa_authenticate": Route(expect={"*": 302}),
    # Confirming access with a code: for those with an authenticator app (the cast's
    # supervisors and admin); the others confirm with their password.
    "mfa_reauthenticate": Route(
        expect={"anon": LOGIN, "outsider": 200, "sup_a": 200, "sup_b": 200, "admin": 200, "*": 302}
    ),
    # Changes to one's factors first ask to confirm access (a login a moment ago counts).
    "mfa_activate_totp": Route(expect={"*": 302}),
    "mfa_deactivate_totp": Route(
        expect={"worker_b": 404, "other_member": 404, "mentor": 404, "actor": 404, "*": 302}
    ),
    # No recovery codes in the cast (they come with setting the app up in the browser).
    "mfa_view_recovery_codes": Route(expect={"anon": LOGIN, "*": 404}),
    "mfa_download_recovery_codes": Route(expect={"anon": LOGIN, "*": 404}),
    "mfa_generate_recovery_codes": Route(expect={"*": 302}),
    "mfa_list_webauthn": Route(expect={"anon": LOGIN, "*": 200}),
    "mfa_add_webauthn": Route(expect={"*": 302}),
    "mfa_edit_webauthn": Route(kwargs=lambda w: {"pk": 1}, expect={"*": 302}),
    "mfa_remove_webauthn": Route(kwargs=lambda w: {"pk": 1}, expect={"*": 302}),
    # Posted by the passkey button of the login page; a GET goes back.
    "mfa_login_webauthn": Route(expect={"*": 302}),
    "mfa_reauthenticate_webauthn": Route(expect={"*": 302}),
    # Single sign-on (tests/accounts/test_sso.py): the world's organisation has none set up,
    # so its provider does not exist.
    "openid_connect_login": Route(
        kwargs=lambda w: {"provider_id": str(w.cast.organisation.pk)}, expect={"*": 404}
    ),
    "openid_connect_callback": Route(
        kwargs=lambda w: {"provider_id": str(w.cast.organisation.pk)}, expect={"*": 404}
    ),
    # Confirming access at one's provider: only one the person's account is linked to (none
    # in the cast); anonymous visitors are sent to log in.
    "sso_reauthenticate": Route(
        kwargs=lambda w: {"provider_id": str(w.cast.organisation.pk)},
        expect={"anon": LOGIN, "*": 404},
    ),
    "socialaccount_login_cancelled": Route(expect={"*": 200}),
    # A sign-in that failed at the provider: allauth answers 401 with its explanation.
    "socialaccount_login_error": Route(expect={"*": 401}),
}
