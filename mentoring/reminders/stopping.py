"""A worker told to stop (SIGTERM: a deployment, ``docker stop``) finishes the message in
flight and starts no other: the rest of its rows go back to pending for the next worker.

Celery's warm shutdown waits for the running tasks, but a task is a batch of messages, and
each may wait up to ``EMAIL_DATA_REPLY_TIMEOUT`` for a slow server; killing the child
instead would cut a conversation the server may already have taken (a repeat). So the main
process passes the SIGTERM on to its children, and a child that is sending only notes it:
the send loop asks ``requested()`` before each message, and the task returns. An idle
child (or one running another task) stops at once, as before.
"""

import os
import signal
import threading
from contextlib import contextmanager

from billiard.process import active_children
from celery.signals import worker_process_init, worker_shutting_down

_requested = threading.Event()
_pool_child = threading.Event()  # this process is a Celery worker's pool process


def requested() -> bool:
    return _requested.is_set()


def _note(signum, frame) -> None:
    _requested.set()


@contextmanager
def sending():
    """While the block runs (a send task, in the worker process's main thread), a SIGTERM
    only notes the request; billiard's own handler (exit at once) is back afterwards, and
    the warm shutdown ends the process once the task has returned."""
    if not _pool_child.is_set() or threading.current_thread() is not threading.main_thread():
        yield  # a web process or a test sending eagerly: its own SIGTERM handling stays
        return
    previous = signal.signal(signal.SIGTERM, _note)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@worker_process_init.connect(dispatch_uid="reminders.pool_child")
def _in_a_pool_child(**kwargs) -> None:
    _pool_child.set()


@worker_shutting_down.connect(dispatch_uid="reminders.tell_the_children")
def _tell_the_children(sig=None, how=None, **kwargs) -> None:
    """The main process was told to stop (warm): its pool's children are told too, so that
    a send task in the middle of a batch stops after its message in flight."""
    if how != "Warm":
        return
    for child in active_children():
        try:
            os.kill(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
