from .invitations import (  # noqa: F401
    invitations,
    invite_many,
    request_accept,
    request_decline,
)
from .programmes import (  # noqa: F401
    programme_create,
    programme_detail,
    programme_edit,
    programme_list,
    programme_present,
    programme_qr,
    programme_signup_switch,
    short_link,
    themes,
)
from .signups import (  # noqa: F401
    invite,
    signup,
    signup_edit,
    signup_on_behalf,
    signups,
    withdraw,
)
