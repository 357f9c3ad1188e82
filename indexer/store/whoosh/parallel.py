"""Whoosh's writer in several processes, made to stop with the run, never to outlive it.

Whoosh's MpWriter starts its writer processes with the first documents; when the run is
cancelled it only flags them, so they go on waiting for work, and Python waits for them
at exit: a run that failed half way never ended. Here a cancelled run stops them, and they
leave Ctrl-C to the run (which says it stopped, in Vietnamese, instead of a traceback from
each writer process).
"""

from __future__ import annotations

import signal

from whoosh.multiproc import MpWriter, SubWriterTask


class _SubWriter(SubWriterTask):
    """One writer process; Ctrl-C is the run's to handle (it stops this process)."""

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        super().run()


class ParallelWriter(MpWriter):
    """MpWriter whose writer processes are stopped when the run is cancelled."""

    def _new_task(self) -> _SubWriter:
        task = _SubWriter(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
            task.join()
        super().cancel()
