"""One Chancery per store: a second launch on the same store raises the first one's window."""

from __future__ import annotations

import getpass
import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500


def server_name(db_path: Path) -> str:
    """The local server name for a store: its resolved path and the user, hashed.

    The user is part of it because on Unix the name is a socket file in a shared temp
    folder, and one user's Chancery must not block another's.
    """
    resolved = os.path.normcase(str(Path(db_path).resolve()))
    digest = hashlib.sha256(f"{getpass.getuser()}\0{resolved}".encode()).hexdigest()
    return f"chancery-{digest[:24]}"


class SingleInstance(QObject):
    """Claims a store for this process; emits ``activation_requested`` when a later
    launch on the same store asks this one to come to the front."""

    activation_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server: QLocalServer | None = None

    def claim(self, db_path: Path) -> bool:
        """True if this process may use the store; False if another Chancery has it open,
        after asking that one to raise its window."""
        name = server_name(db_path)
        if _ask_to_activate(name):
            return False
        # Nobody answered: whatever is left under the name is a crashed instance's socket.
        QLocalServer.removeServer(name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            # Another launch won the race in between: defer to it.
            if _ask_to_activate(name):
                server.deleteLater()
                return False
            # No guard can be had (odd temp folder); the store's own locking still keeps
            # two writers safe, so run rather than refuse.
            server.deleteLater()
            return True
        server.newConnection.connect(self._on_new_connection)
        self.release()
        self._server = server
        return True

    def release(self) -> None:
        """Give the store up, e.g. before opening another one."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    @Slot()
    def _on_new_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while (sock := server.nextPendingConnection()) is not None:
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)
            self._read(sock)  # the message may have arrived with the connection

    def _read(self, sock: QLocalSocket) -> None:
        if ACTIVATE.strip() in bytes(sock.readAll().data()):
            self.activation_requested.emit()


def _ask_to_activate(name: str) -> bool:
    """Send the activation message to a live instance; False if none is listening."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    sock.write(ACTIVATE)
    sock.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    sock.disconnectFromServer()
    if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        sock.waitForDisconnected(CONNECT_TIMEOUT_MS)
    return True
