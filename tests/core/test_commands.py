import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_migrate_locked_leaves_nothing_to_migrate():
    call_command("migrate_locked", verbosity=0)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    if connection.vendor == "postgresql":  # the lock is released
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
            assert cursor.fetchone()[0] == 0


def test_compile_translations_writes_mo_files(tmp_path):
    import polib

    from mentoring.core import i18n

    po = tmp_path / "locale" / "fi" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid="Home", msgstr="Etusivu"))
    catalogue.save(str(po))
    assert i18n.compile_all(tmp_path) == [po.with_suffix(".mo")]
    assert polib.mofile(str(po.with_suffix(".mo"))).find("Home").msgstr == "Etusivu"
    assert i18n.compile_all(tmp_path) == []  # up to date: nothing rewritten
    call_command("compile_translations", verbosity=0)  # the project's own catalogues
