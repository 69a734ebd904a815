"""The report's domain and its storage: exact money, targets, derived values, SQLite, services.

Nothing in this package imports Qt; the editor, the exports and the command line all go through
the public functions here.
"""
