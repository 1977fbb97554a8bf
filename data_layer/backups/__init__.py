"""Backups, restores, point-in-time recovery and recovery drills of the service's data
(README "Backups and recovery").

- :func:`run_backup` (``python -m assistant backup``, beat daily): ``pg_dump`` in one
  snapshot, a ``pg_basebackup`` when the server archives WAL, every MongoDB collection
  with its indexes, a manifest; then retention.
- :func:`run_restore` (``python -m assistant restore``): into new databases, optionally
  to a moment (``to_time``) from a base backup and the archived WAL.
- :func:`run_drill` (``python -m assistant backup drill``, beat weekly): the latest
  backup restored into scratch databases and compared with its manifest, recorded.
"""

from data_layer.backups.backup import BackupReport, Progress, prune, run_backup
from data_layer.backups.drill import DrillReport, run_drill
from data_layer.backups.errors import BackupError, RestoreRefused
from data_layer.backups.manifest import Manifest
from data_layer.backups.restore import RestoreReport, run_restore
from data_layer.backups.runs import BackupsHealth, backups_health
from data_layer.backups.targets import backup_target

__all__ = [
    "BackupError",
    "BackupReport",
    "BackupsHealth",
    "DrillReport",
    "Manifest",
    "Progress",
    "RestoreRefused",
    "RestoreReport",
    "backup_target",
    "backups_health",
    "prune",
    "run_backup",
    "run_drill",
    "run_restore",
]
