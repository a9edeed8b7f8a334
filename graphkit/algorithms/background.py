"""Work in a forked process: a measure beside the others, the measures beside the exports.

No graph library here: a process that only waits for the result imports none.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

from graphkit.errors import ProcessCrashError
from graphkit.processes import die_with_parent, ending, outcome_of, raise_outcome

T = TypeVar("T")


def in_background(function: Callable[[], T], daemon: bool = True,
                  what: str = "the work in the background") -> Background[T]:
    """Start *function* in a forked process; calling what it returns waits for its value.

    Examples
    --------
    >>> in_background(lambda: 40 + 2)()
    42
    """
    return Background(function, daemon, what)


class Background(Generic[T]):
    """*function* running in a forked process; calling the object waits for its value.

    The process inherits everything (a graph, a dataset), so nothing but the result is
    pickled. A *daemon* process ends with its parent but may start no process of its own;
    a non-daemon one may (the measures spread over forked workers), and :meth:`cancel`
    ends it when its value is no longer wanted. Either ends when graphkit ends, even
    killed. Without ``fork``, *function* runs when its value is asked for.

    What ended the work in the process is raised again in the caller
    (:func:`graphkit.processes.raise_outcome`): an error of graphkit's or of the system as
    it was; running out of memory or dying as a
    :class:`~graphkit.errors.ProcessCrashError`, and a bug as a ``RuntimeError`` with its
    traceback, each naming *what* failed.
    """

    def __init__(self, function: Callable[[], T], daemon: bool = True,
                 what: str = "the work in the background") -> None:
        self.function: Callable[[], T] | None = function
        self.what = what
        self.process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)

        def run() -> None:
            die_with_parent(signal.SIGKILL)  # no computing on for nobody once graphkit ends
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # cancel() ends it at once
            try:
                sender.send(("ok", function()))
            except BaseException as exc:  # told to the parent, which raises it
                sender.send(outcome_of(exc))

        self.function = None
        self.process = context.Process(target=run, daemon=daemon)
        try:
            self.process.start()
        finally:
            sender.close()

    def __call__(self) -> T:
        if self.process is None:
            return self.function()
        try:
            kind, value = self.receiver.recv()
        except EOFError:  # the process died without answering (killed, out of memory)
            self.process.join()
            raise ProcessCrashError(f"{self.what} stopped before giving its result: its "
                                    f"process {ending(self.process.exitcode)} (out of "
                                    "memory?)") from None
        finally:
            self.receiver.close()
        self.process.join()
        if kind != "ok":
            raise_outcome(kind, value, self.what)
        return value

    def cancel(self) -> None:
        """End the process if it still runs (its value is not wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
