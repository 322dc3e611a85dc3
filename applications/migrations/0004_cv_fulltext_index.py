from django.db import migrations

# PostgreSQL full-text search over CV text; SQLite falls back to a plain `icontains` scan.
# Replaced by the stored vector column `text_search` and its index (migration 0017).
CREATE = (
    "CREATE INDEX IF NOT EXISTS cv_text_fts ON applications_cvdocument "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, '')))"
)
DROP = "DROP INDEX IF EXISTS cv_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("applications", "0003_online_applications_and_cvs")]
    operations = [migrations.RunPython(create, drop)]
