"""Erasing a person, as far as the accounts part holds them: the user row, their calendar
address, invitations to their email, the sign-in records kept under it, their second
factors and their single sign-on links.

The row itself stays (its id holds counts, hours and the audit log together) but it no longer
names, reaches or lets in anyone. Called by ``mentoring.site.erasure.person_erase``, inside its
transaction, after the parts above have done their share.
"""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import CalendarFeed, Invitation

# A reserved top-level domain (RFC 2606): no mail can ever reach an erased person's address.
ERASED_EMAIL_DOMAIN = "erased.invalid"


def erased_name() -> str:
    """The name an erased person is shown by, in the site's language (stored once)."""
    with translation.override(settings.DEFAULT_LANGUAGE):
        return gettext("Removed person")


def user_anonymise(*, user) -> None:
    """Replace the name, email and phone, make the account unusable and forget what came with
    the address: the calendar address, invitations not yet used (withdrawn), the email and name
    on used ones, the sign-in records kept under the email, allauth's record of the address
    (verified or not) and every second factor (an authenticator app's secret, recovery codes,
    passkeys: each says which devices the person used) and the SSO links."""
    old_email = user.email
    user.name = erased_name()
    user.email = f"erased-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
    user.phone = ""
    user.language = settings.DEFAULT_LANGUAGE
    user.muted_reminders = []
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    # Also ends every session: a session holds a hash of the password it was opened with.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    CalendarFeed.objects.filter(user=user).delete()
    # The app's secret, the recovery codes and the passkeys: nobody may sign in as them again,
    # and a passkey's name is the person's own words.
    Authenticator.objects.filter(user=user).delete()
    # The links to their accounts at the organisations' sign-in services (SSO): the same
    # person signing in there again is not let back into the erased row.
    SocialAccount.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=old_email, accepted_at__isnull=True).delete()
    Invitation.objects.filter(Q(email__iexact=old_email) | Q(accepted_by=user)).update(
        email=user.email, name="", phone="", started_in_field=None, shifts=[]
    )
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=old_email).delete()
    EmailAddress.objects.filter(Q(user=user) | Q(email__iexact=old_email)).delete()
