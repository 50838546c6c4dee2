"""Backups of a whole Hadir: the database, every stored file, and a manifest of digests.

``hadir backup`` writes one archive; ``hadir restore`` puts it back into an empty data
directory or database; the worker makes them on a schedule (``HADIR_BACKUP_INTERVAL_HOURS``);
``hadir copy-to-postgres`` moves a SQLite database into PostgreSQL (docs/operations.md).
"""
