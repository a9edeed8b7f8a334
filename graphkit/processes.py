"""Work run in a child process, bounded in time and memory, so that it cannot take the
command down with it: a query that crashes, runs for ever or grows without end ends in
a clean error instead. Children also end with their parent (:func:`die_with_parent`):
a killed graphkit leaves no server listening and no worker computing.

Examples
--------
>>> run_isolated(lambda: b"ciao", timeout=30)
b'ciao'
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from graphkit.errors import GraphkitError, ProcessCrashError, TimeLimitError

#: The C library, loaded before any fork (a child between fork and exec should not load it).
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Have Linux send *sig* to this process when its parent ends (killed, even by SIGKILL);
    whether that could be arranged (Linux only).

    Call it first thing in a child: a forked worker, or the ``preexec_fn`` of a
    :class:`subprocess.Popen`. The signal comes when the *thread* that started the child
    ends, so start long-lived children from a thread that lives as long as they should.
    """
    if _LIBC is None:
        return False
    parent = os.getppid()
    if _LIBC.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:  # the parent ended before the request was made
        os.kill(os.getpid(), sig)
    return True


def physical_memory() -> int | None:
    """Bytes of memory of this machine, if the system says.

    Examples
    --------
    >>> (physical_memory() or 1) > 0
    True
    """
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def default_memory() -> int | None:
    """Bytes a child may allocate beyond what it inherits: half of the machine's memory."""
    total = physical_memory()
    return total // 2 if total else None


def _data_size() -> int | None:
    """Bytes of this process's private data (``VmData``), on Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def limit_memory(extra: int) -> bool:
    """Let this process allocate at most *extra* more bytes of private data (Linux); whether
    the limit could be set. Past it, an allocation fails: Python raises MemoryError, Rust
    and C++ code abort."""
    try:
        import resource
    except ImportError:
        return False
    current = _data_size()
    if current is None or not hasattr(resource, "RLIMIT_DATA"):
        return False
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (current + extra, current + extra))
    except (ValueError, OSError):
        return False
    return True


def ending(code: int | None) -> str:
    """How a child process ended, from its exit code, for a message.

    Examples
    --------
    >>> ending(-9), ending(1)
    ('was killed by signal SIGKILL', 'ended with exit status 1')
    """
    if code is None:
        return "did not end"
    if code < 0:
        try:
            return f"was killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"ended with exit status {code}"


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """For the length of the block, SIGTERM and SIGHUP (a ``timeout``, a closed terminal,
    a cancelled job) raise ``KeyboardInterrupt`` in the main thread, as Ctrl-C does, so that
    what the block started is undone on the way out (children ended, temporary files
    removed) instead of left behind by a process that simply dies.

    Examples
    --------
    >>> with stopped_by_signals():
    ...     signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    True
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    names = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, interrupt) for number in names}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def outcome_of(exc: BaseException) -> tuple[str, object]:
    """What a child process tells its parent of the exception that ended its work (see
    :func:`raise_outcome`): a graphkit error by class and message, running out of memory,
    a system error (a full disk) by its number and words, or a bug by its traceback.
    Exceptions themselves are not sent: many cannot be rebuilt from their pickle."""
    if isinstance(exc, GraphkitError):
        return "error", (type(exc), str(exc))
    if isinstance(exc, MemoryError):
        return "memory", None
    if isinstance(exc, OSError) and exc.errno is not None:
        return "os", (exc.errno, exc.strerror)
    return "bug", "".join(traceback.format_exception(exc))


def raise_outcome(kind: str, detail: object, what: str) -> NoReturn:
    """Raise in the parent what the child reported (:func:`outcome_of`) of *what* it did.

    Examples
    --------
    >>> raise_outcome(*outcome_of(GraphkitError("no such file")), what="the import")
    Traceback (most recent call last):
    graphkit.errors.GraphkitError: no such file
    """
    if kind == "error":
        cls, text = detail
        error = cls.__new__(cls)  # its message as the child wrote it, whatever its arguments
        Exception.__init__(error, text)
        raise error
    if kind == "memory":
        raise ProcessCrashError(f"{what} ran out of memory")
    if kind == "os":
        raise OSError(*detail)
    raise RuntimeError(f"{what} failed in its child process:\n{detail}")


def run_isolated(task: Callable[[], bytes], *, timeout: float,
                 memory: int | None = None, what: str = "the work") -> bytes:
    """Run *task* in a forked child process and return the bytes it returns.

    Parameters
    ----------
    task : callable
        Runs in the child (inheriting everything in memory: nothing is pickled but the
        result, which goes through a temporary file).
    timeout : float
        Seconds after which the child is killed.
    memory : int, optional
        Bytes the child may allocate beyond what it inherits (half of the machine's
        memory by default).
    what : str
        What the task is, for messages (``"the query"``).

    Raises
    ------
    TimeLimitError
        When *task* did not finish within *timeout*.
    ProcessCrashError
        When the child died (a crash, or memory exhausted).
    GraphkitError
        Whatever :class:`GraphkitError` *task* raised, raised again here.

    Where ``fork`` is not available (Windows), *task* runs in this process, unbounded.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return task()
    memory = default_memory() if memory is None else memory
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryFile() as output:

        def child() -> None:
            die_with_parent(signal.SIGKILL)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # an engine dying of exhaustion writes to stderr; we say why
            if memory:
                limit_memory(memory)
            try:
                output.write(task())
                output.flush()
                sender.send(("ok", None))
            except BaseException as exc:  # an error, exhaustion or a bug: the parent says which
                sender.send(outcome_of(exc))

        process = context.Process(target=child)  # not a daemon: it may have children
        process.start()
        sender.close()
        try:
            finished = receiver.poll(timeout)
            message = receiver.recv() if finished else None
        except EOFError:  # the child died without a word
            message = None
        except BaseException:  # Ctrl-C
            process.kill()
            raise
        finally:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join()
        if not finished:
            raise TimeLimitError(f"{what} did not finish within {timeout:g} s: stopped")
        if message is None or message[0] == "memory":
            exhausted = message is not None or process.exitcode == -signal.SIGABRT
            if exhausted and memory:
                raise ProcessCrashError(f"{what} needed more than {memory / 2**30:.1f} GB of "
                                         "memory: stopped")
            raise ProcessCrashError(f"{what} crashed: its process {ending(process.exitcode)}")
        kind, detail = message
        if kind != "ok":
            raise_outcome(kind, detail, what)
        output.seek(0)
        return output.read()
