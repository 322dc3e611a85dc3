from django.db import migrations

# PostgreSQL: the CV's full-text vector stored as a generated column with its own GIN index, so a
# search or a rank reads the vector instead of parsing each CV's text again (the expression
# index of migration 0004 answered a match, but every rank and every row checked outside the
# index parsed the text). Read through `selectors.cvs.StoredCVVector`. SQLite searches with
# `icontains` and gets nothing here.
FORWARD = [
    "ALTER TABLE applications_cvdocument ADD COLUMN IF NOT EXISTS text_search tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS cv_text_search ON applications_cvdocument USING gin (text_search)",
    "DROP INDEX IF EXISTS cv_text_fts",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS cv_text_fts ON applications_cvdocument "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, '')))",
    "DROP INDEX IF EXISTS cv_text_search",
    "ALTER TABLE applications_cvdocument DROP COLUMN IF EXISTS text_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("applications", "0016_application_board_order")]
    operations = [migrations.RunPython(forward, backward)]
