"""TLS for every way out: servers are checked against the operating system's certificate store.

With truststore (a dependency), Windows and macOS check each server's certificate themselves,
as their browsers do, and Linux reads the distribution's certificate file wherever it is; so
the ready-made app trusts what the computer trusts, whatever OpenSSL it was built with.
Without truststore, Python's own default context is used.
"""

from __future__ import annotations

import socket
import ssl
import sys
from pathlib import Path

#: macOS keeps the authorities it trusts here (truststore asks macOS, which reads it).
MAC_ROOTS = Path("/System/Library/Keychains/SystemRootCertificates.keychain")


class Untrusted(Exception):
    """No certificate authority is trusted: no server's identity can be checked."""


def client_context() -> ssl.SSLContext:
    """A context for connecting to servers, checking their certificate and host name."""
    try:
        import truststore
    except ImportError:
        return ssl.create_default_context()
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def trusted(context: ssl.SSLContext, platform: str = sys.platform) -> str:
    """Which authorities ``context`` trusts, in a few words; :class:`Untrusted` when none."""
    try:
        count = context.cert_store_stats()["x509_ca"]
    except NotImplementedError:  # truststore: the system is asked at each connection
        return _system_store(context, platform)
    return _authorities(count, "loaded")


def _authorities(count: int, where: str) -> str:
    if count == 0:
        raise Untrusted(f"none {where}")
    return f"{count} certificate {'authority' if count == 1 else 'authorities'} {where}"


def _system_store(context: ssl.SSLContext, platform: str) -> str:
    if platform == "win32":
        # enum_certificates exists on Windows only, hence the look-up by name.
        roots = getattr(ssl, "enum_certificates")("ROOT")  # noqa: B009
        return _authorities(len(roots), "in Windows' root store")
    if platform == "darwin":
        if not MAC_ROOTS.is_file():
            raise Untrusted(f"macOS' root store is missing: {MAC_ROOTS}")
        return "macOS' root store"
    # Linux: truststore gives OpenSSL the system's file as a connection is made.
    with socket.socket() as raw, context.wrap_socket(
            raw, server_hostname="localhost", do_handshake_on_connect=False) as probe:
        return _authorities(probe.context.cert_store_stats()["x509_ca"],
                            "in the system's store")
