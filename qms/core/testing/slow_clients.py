"""Slow clients ("slowloris"): connections that drip a request's headers a byte a second.

Shared by the regression test (`qms/core/tests/test_security_slow_clients.py`) and the
benchmark (`bench/slow_clients.py`). Plain sockets and a thread; no Django.
"""

from __future__ import annotations

import socket
import threading


class SlowClients:
    """Connections that send a request line, then one header byte a second, forever."""

    def __init__(self, port: int, count: int, *, timeout: float = 30) -> None:
        self.sockets = [
            socket.create_connection(("127.0.0.1", port), timeout=timeout) for _ in range(count)
        ]
        for sock in self.sockets:
            sock.sendall(b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _drip(self) -> None:
        while not self.stopped.wait(1.0):
            for sock in self.sockets:
                try:
                    sock.sendall(b"a")
                except OSError:
                    pass

    def still_open(self) -> int:
        """How many slow connections the server has not closed."""
        open_ = 0
        for sock in self.sockets:
            sock.setblocking(False)
            try:
                open_ += sock.recv(1, socket.MSG_PEEK) != b""
            except BlockingIOError:
                open_ += 1
            except OSError:
                pass
            finally:
                sock.setblocking(True)
        return open_

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()
