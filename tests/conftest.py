"""Shared fixtures: small data folders, where the seed texts are, a recording HTTP server."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
MINI_DIR = TESTS_DIR / "fixtures" / "mini"
SEEDS_DIR = REPO_DIR.parent / "shared" / "seeds"
CORPUS_DIR = REPO_DIR.parent / "shared" / "corpus"

# The cache of network measures (graphkit.algorithms.cache) of this session: a folder of its
# own, not the user's, removed at the end.
if "GRAPHKIT_CACHE" not in os.environ:
    os.environ["GRAPHKIT_CACHE"] = tempfile.mkdtemp(prefix="graphkit-test-cache-")
    atexit.register(shutil.rmtree, os.environ["GRAPHKIT_CACHE"], True)


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A writable copy of the tiny hand-made dataset."""
    target = tmp_path / "data"
    shutil.copytree(MINI_DIR, target)
    return target


@pytest.fixture
def seeds_dir() -> Path:
    """The five source press releases; tests using them skip where they are absent."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR} (they ship with the CI workspace, "
                    "not with a clone of graphkit)")
    return SEEDS_DIR


@pytest.fixture
def sources_dirs() -> tuple[Path, Path]:
    """The seed press releases and the corpus pages every document was curated from."""
    missing = [d for d in (SEEDS_DIR, CORPUS_DIR) if not d.is_dir()]
    if missing:
        pytest.skip(f"source texts not found at {', '.join(map(str, missing))} (they ship with "
                    "the CI workspace, not with a clone of graphkit)")
    return SEEDS_DIR, CORPUS_DIR


@dataclass
class Recorder:
    """A local HTTP server that records the requests it gets and answers an empty SPARQL
    result; stands for any address a hostile query or store could name."""

    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    answer = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            found.requests.append((self.command, self.path))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_POST = do_PUT = do_DELETE = _record

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found = Recorder(f"http://127.0.0.1:{server.server_address[1]}/sparql")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()
