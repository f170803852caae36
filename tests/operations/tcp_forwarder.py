"""A TCP forwarder the two-server test puts between one app server and PostgreSQL, to cut that
server's database connection without touching the database: ``python tcp_forwarder.py LISTEN TARGET``.

SIGUSR1 cuts: every open connection is closed and new ones are refused (the listening socket is
closed), as when a network link fails. SIGUSR2 restores: it listens again. SIGTERM ends it.
"""

import selectors
import signal
import socket
import sys

CHUNK = 65536


class Forwarder:
    def __init__(self, listen_port: int, target_port: int):
        self.listen_port, self.target_port = listen_port, target_port
        self.selector = selectors.DefaultSelector()
        self.peers = {}
        self.listener = None
        self.wanted = "open"
        self.running = True
        self.listen()

    def listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.listen_port))
        listener.listen(64)
        listener.setblocking(False)
        self.selector.register(listener, selectors.EVENT_READ)
        self.listener = listener

    def cut(self):
        if self.listener is not None:
            self.selector.unregister(self.listener)
            self.listener.close()
            self.listener = None
        for connection in list(self.peers):
            self.close(connection)

    def close(self, connection):
        peer = self.peers.pop(connection, None)
        for end in (connection, peer):
            if end is None:
                continue
            try:
                self.selector.unregister(end)
            except (KeyError, ValueError):
                pass
            end.close()
            self.peers.pop(end, None)

    def accept(self):
        client, _address = self.listener.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
        except OSError:
            client.close()
            return
        for end in (client, upstream):
            end.setblocking(True)
            self.selector.register(end, selectors.EVENT_READ)
        self.peers[client], self.peers[upstream] = upstream, client

    def pump(self, connection):
        try:
            data = connection.recv(CHUNK)
            if data:
                self.peers[connection].sendall(data)
                return
        except OSError:
            pass
        self.close(connection)

    def run(self):
        while self.running:
            if self.wanted == "cut" and self.listener is not None:
                self.cut()
            elif self.wanted == "open" and self.listener is None:
                self.listen()
            for key, _events in self.selector.select(timeout=0.1):
                if key.fileobj is self.listener:
                    self.accept()
                elif key.fileobj in self.peers:
                    self.pump(key.fileobj)
        self.cut()


def main():
    forwarder = Forwarder(int(sys.argv[1]), int(sys.argv[2]))
    signal.signal(signal.SIGUSR1, lambda *_: setattr(forwarder, "wanted", "cut"))
    signal.signal(signal.SIGUSR2, lambda *_: setattr(forwarder, "wanted", "open"))
    signal.signal(signal.SIGTERM, lambda *_: setattr(forwarder, "running", False))
    print("listening", flush=True)
    forwarder.run()


if __name__ == "__main__":
    main()
