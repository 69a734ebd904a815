"""The schema revisions this version of the program knows, oldest first.

Kept apart from Alembic so that opening an up-to-date file does not import Alembic at all;
a test checks that this list matches the migration scripts.
"""
KNOWN_REVISIONS = ("0001_initial", "0002_autoincrement", "0003_versions", "0004_forms", "0005_shared",
                   "0006_bigint_money")
HEAD_REVISION = KNOWN_REVISIONS[-1]
