"""Upload bounds on a real server socket: a slow body is cut off, an oversized one refused before reading."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")
uvicorn = pytest.importorskip("uvicorn", reason="the serve extra is not installed (pip install -e '.[serve]')")

from _serve_data import build_store  # noqa: E402

from newsledger.serve.app import Settings, create_app  # noqa: E402

TOKEN = "fictional-limits-token"


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    db: Path = tmp_path_factory.mktemp("limits") / "ledger.db"
    build_store(db)
    app = create_app(Settings(db=str(db), token=TOKEN, max_upload=1000, upload_seconds=1.0, analyze=False))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield free
    srv.should_exit = True
    thread.join(10)


def _post(port: int, length: int, body: bytes, pause: float = 0.0) -> str:
    head = (f"POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
            f"Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: {length}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head + body)
        time.sleep(pause)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            chunks.append(data)
            if b"\r\n\r\n" in b"".join(chunks) and b'"error"' in b"".join(chunks):
                break
        return b"".join(chunks).decode(errors="replace")


def test_slow_upload_is_cut_off(port: int) -> None:
    started = time.monotonic()
    answer = _post(port, 900, b"--xx\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n")
    assert answer.startswith("HTTP/1.1 408"), answer[:200]
    assert "took too long" in answer
    assert time.monotonic() - started < 8


def test_oversized_upload_is_refused_from_its_length(port: int) -> None:
    answer = _post(port, 10_000_000, b"")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
