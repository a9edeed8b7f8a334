"""Work in a forked process: a measure beside the others, the measures beside the exports.

No graph library here: a process that only waits for the result imports none.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

from graphkit.errors import GraphkitError
from graphkit.processes import die_with_parent

T = TypeVar("T")


def in_background(function: Callable[[], T], daemon: bool = True) -> Background[T]:
    """Start *function* in a forked process; calling what it returns waits for its value.

    Examples
    --------
    >>> in_background(lambda: 40 + 2)()
    42
    """
    return Background(function, daemon)


class Background(Generic[T]):
    """*function* running in a forked process; calling the object waits for its value.

    The process inherits everything (a graph, a dataset), so nothing but the result is
    pickled. A *daemon* process ends with its parent but may start no process of its own;
    a non-daemon one may (the measures spread over forked workers), and :meth:`cancel`
    ends it when its value is no longer wanted. Without ``fork``, *function* runs when its
    value is asked for.
    """

    def __init__(self, function: Callable[[], T], daemon: bool = True) -> None:
        self.function: Callable[[], T] | None = function
        self.process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)

        def run() -> None:
            die_with_parent(signal.SIGKILL)  # no computing on for nobody once graphkit ends
            try:
                sender.send(function())
            except BaseException as exc:  # re-raised in the parent
                sender.send(exc)

        self.function = None
        self.process = context.Process(target=run, daemon=daemon)
        self.process.start()
        sender.close()

    def __call__(self) -> T:
        if self.process is None:
            return self.function()
        try:
            result = self.receiver.recv()
        except EOFError:  # the process died without answering (killed, out of memory)
            self.process.join()
            raise GraphkitError(f"the background process computing a measure ended with exit "
                                f"code {self.process.exitcode} before giving its result (out of "
                                "memory?)") from None
        finally:
            self.receiver.close()
        self.process.join()
        if isinstance(result, BaseException):
            raise result
        return result

    def cancel(self) -> None:
        """End the process if it still runs (its value is not wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
