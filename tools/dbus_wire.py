"""D-Bus, spoken directly over its socket: the wire format (marshalling, both byte orders)
and a connection that makes method calls and waits for their answers. Enough for a client of
the accessibility bus; no signals, no name of its own beyond the one the bus hands out."""

from __future__ import annotations

import os
import socket
import struct
from typing import Any

#: Each type code's alignment on the wire.
ALIGN = {"y": 1, "g": 1, "v": 1, "n": 2, "q": 2, "b": 4, "i": 4, "u": 4, "h": 4, "s": 4,
         "o": 4, "a": 4, "x": 8, "t": 8, "d": 8, "(": 8, "{": 8}
#: The ``struct`` format of each fixed-size type code.
FIXED = {"y": "B", "b": "I", "n": "h", "q": "H", "i": "i", "u": "I", "h": "I", "x": "q",
         "t": "Q", "d": "d"}


def _end_of_type(sig: str, i: int) -> int:
    """Where the complete type starting at ``sig[i]`` ends."""
    if sig[i] == "a":
        return _end_of_type(sig, i + 1)
    if sig[i] in "({":
        close, j = (")" if sig[i] == "(" else "}"), i + 1
        while sig[j] != close:
            j = _end_of_type(sig, j)
        return j + 1
    return i + 1


def complete_types(sig: str) -> list[str]:
    """A signature's complete types, in turn: ``"sa{sv}i"`` gives ``s``, ``a{sv}``, ``i``."""
    out, i = [], 0
    while i < len(sig):
        j = _end_of_type(sig, i)
        out.append(sig[i:j])
        i = j
    return out


class Writer:
    """D-Bus marshalling, little-endian."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def pad(self, n: int) -> None:
        self.buf.extend(b"\0" * (-len(self.buf) % n))

    def put(self, t: str, value: Any) -> None:
        c = t[0]
        self.pad(ALIGN[c])
        if c in FIXED:
            self.buf += struct.pack("<" + FIXED[c], value)
        elif c in "so":
            data = value.encode()
            self.buf += struct.pack("<I", len(data)) + data + b"\0"
        elif c == "g":
            data = value.encode()
            self.buf += bytes([len(data)]) + data + b"\0"
        elif c == "v":
            self.put("g", value[0])
            self.put(value[0], value[1])
        elif c == "a":
            at = len(self.buf)
            self.buf += b"\0\0\0\0"
            self.pad(ALIGN[t[1]])
            start = len(self.buf)
            for item in (value.items() if t[1] == "{" else value):
                self.put(t[1:], item)
            struct.pack_into("<I", self.buf, at, len(self.buf) - start)
        else:
            for sub, item in zip(complete_types(t[1:-1]), value, strict=True):
                self.put(sub, item)


class Reader:
    """D-Bus unmarshalling, either byte order."""

    def __init__(self, data: bytes, order: str, pos: int = 0) -> None:
        self.data, self.order, self.pos = data, order, pos

    def get(self, t: str) -> Any:
        c = t[0]
        self.pos += -self.pos % ALIGN[c]
        if c in FIXED:
            fmt = self.order + FIXED[c]
            (value,) = struct.unpack_from(fmt, self.data, self.pos)
            self.pos += struct.calcsize(fmt)
            return value
        if c in "sog":
            n = self.get("u") if c != "g" else self.get("y")
            text = self.data[self.pos:self.pos + n].decode("utf-8", "replace")
            self.pos += n + 1
            return text
        if c == "v":
            return self.get(self.get("g"))
        if c == "a":
            n = self.get("u")
            self.pos += -self.pos % ALIGN[t[1]]
            end, items = self.pos + n, []
            while self.pos < end:
                items.append(self.get(t[1:]))
            return dict(items) if t[1] == "{" else items
        return tuple(self.get(sub) for sub in complete_types(t[1:-1]))


class BusError(Exception):
    """The bus refused, closed, or answered a call with an error."""


class Bus:
    """One connection to a D-Bus bus: method calls, answered in turn."""

    def __init__(self, address: str) -> None:
        where = dict(part.split("=", 1) for part in address.split(":", 1)[1].split(","))
        path = where.get("path") or "\0" + where["abstract"]
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(path)
        self.sock.sendall(b"\0AUTH EXTERNAL " + str(os.getuid()).encode().hex().encode()
                          + b"\r\n")
        if not self._line().startswith(b"OK"):
            raise BusError(f"the bus at {address} refused this tool")
        self.sock.sendall(b"BEGIN\r\n")
        self.buffer, self.serial = b"", 0
        self.name = self.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus", "Hello")[0]

    def _line(self) -> bytes:
        data = b""
        while not data.endswith(b"\r\n"):
            data += self.sock.recv(1)
        return data

    def _take(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise BusError("the bus closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def call(self, dest: str, path: str, iface: str, member: str, sig: str = "",
             *args: Any) -> list[Any]:
        self.serial += 1
        body = Writer()
        for t, value in zip(complete_types(sig), args, strict=True):
            body.put(t, value)
        fields = [(1, ("o", path)), (2, ("s", iface)), (3, ("s", member)), (6, ("s", dest))]
        fields += [(8, ("g", sig))] if sig else []
        head = Writer()
        head.buf += struct.pack("<cBBBII", b"l", 1, 0, 1, len(body.buf), self.serial)
        head.put("a(yv)", fields)
        head.pad(8)
        self.sock.sendall(bytes(head.buf + body.buf))
        while True:
            kind, found, values = self._message()
            if kind in (2, 3) and found.get(5) == self.serial:
                if kind == 3:
                    raise BusError(f"{found.get(4)}: {values[:1]}")
                return values

    def _message(self) -> tuple[int, dict[int, Any], list[Any]]:
        fixed = self._take(16)
        order = "<" if fixed[:1] == b"l" else ">"
        body_length, _serial, fields_length = struct.unpack_from(order + "III", fixed, 4)
        head_rest = fields_length + (-(16 + fields_length) % 8)
        data = fixed + self._take(head_rest)
        found = dict(Reader(data, order, 12).get("a(yv)"))
        body = Reader(self._take(body_length), order)
        return fixed[1], found, [body.get(t) for t in complete_types(found.get(8, ""))]

