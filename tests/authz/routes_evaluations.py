from .routes import LOGIN, Route

ROUTES = {
    # Only the pair's two members answer; supervisors and admins never do (404, as outsiders).
    "evaluations:answer": Route(
        kwargs=lambda w: {"meeting_id": w.evaluation_meeting.pk},
        expect={"anon": LOGIN, "mentor": 200, "actor": 200, "*": 404},
    ),
    # The list of reports: for supervisors (of any unit) and organisation admins.
    "evaluations:reports": Route(
        expect={
            "anon": LOGIN,
            "sup_a": 200,
            "sup_b": 200,
            "outsider": 200,
            "admin": 200,
            "*": 404,
        }
    ),
    # A programme's report: its units' supervisors and the organisation admin.
    "evaluations:report": Route(
        kwargs=lambda w: {"programme_id": w.programme.pk},
        expect={"anon": LOGIN, "sup_a": 200, "admin": 200, "*": 404},
    ),
    # The organisation-wide report: the organisation admin only.
    "evaluations:org_report": Route(
        kwargs=lambda w: {"organisation_id": w.cast.organisation.pk},
        expect={"anon": LOGIN, "admin": 200, "*": 404},
    ),
}
