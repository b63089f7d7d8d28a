"""`qms worker`: run the background task worker (e-mails, reminders' notifications, …).

A thin wrapper around django-tasks' database worker (`db_worker`), with its options:
`--queue-name` (default "default"; "*" for every queue), `--batch` (run what is queued, then
exit), `--max-tasks N`, `--interval SECONDS`, `--no-startup-delay`, `--worker-id`,
`--reload`. Run one or more as a service (docs/operations/worker-and-reminders.md).

It needs the database task backend (`QMS_TASKS_BACKEND=database`, the default): with the
immediate backend tasks already run inside the request, and the command says so and exits 2.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run the background task worker (database queue); --batch runs what is queued and exits."

    def run_from_argv(self, argv: list[str]) -> None:
        backend = settings.TASKS.get("default", {}).get("BACKEND", "")
        if not str(backend).startswith("django_tasks_db."):
            self.stderr.write(
                "worker: tasks run without a queue (QMS_TASKS_BACKEND=immediate); "
                "set QMS_TASKS_BACKEND=database to use a worker"
            )
            raise SystemExit(2)
        super().run_from_argv(argv)
