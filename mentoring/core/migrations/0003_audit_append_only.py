"""The audit table refuses UPDATE and DELETE on PostgreSQL.

Two ways through, both narrow: ``core.audit.audit_retention_delete`` sets
``mentorpolku.audit_retention`` for its own transaction to delete old entries (and logs that
it did); and deleting a person's account may blank the entry's link to that account
(``actor`` is SET_NULL) while the entry itself stays as it was. A database owner can still
drop the trigger: this guards against the application and its operators' slips, not against
the database's superuser. SQLite (development, tests) has no trigger; the model refuses there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('mentorpolku.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.created_at, NEW.action, NEW.content_type_id, NEW.object_id, NEW.data)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.created_at, OLD.action, OLD.content_type_id, OLD.object_id, OLD.data)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log cannot be changed or deleted (%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: "%" is plpgsql's

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_done_by")]

    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
