"""TLS for every way out: servers are checked against the operating system's certificate
store, also on a computer where the OpenSSL the app was built with looks for certificates in
places that computer does not have. Real HTTPS on 127.0.0.1; no Qt here."""

from __future__ import annotations

import ssl
import sys
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kiosk.messages.store import MessageStore
from kiosk.sync import tls
from kiosk.sync.email import EmailTarget
from kiosk.sync.outbox import Outbox
from kiosk.sync.targets import Result, WebhookTarget
from kiosk.sync.tls import Untrusted, client_context, trusted
from tests.receiver import Receiver, serve

trustme = pytest.importorskip("trustme")
on_linux = pytest.mark.skipif(sys.platform != "linux",
                              reason="only Linux keeps its certificate store in a file")


def _openssl_looks_in(monkeypatch: pytest.MonkeyPatch, file: Path, folder: Path) -> None:
    """Where OpenSSL's own default looks (a frozen app's OpenSSL may look in a folder of the
    computer it was built on)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(file))
    monkeypatch.setenv("SSL_CERT_DIR", str(folder))


def _email() -> EmailTarget:
    return EmailTarget("mail.example.org", 587, "starttls", "", "", "booth@example.org",
                       "office@example.org", "Messages", 3600)


@on_linux
def test_every_way_out_trusts_the_systems_store_where_openssl_looks_elsewhere(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("truststore")
    try:
        trusted(client_context())
    except Untrusted:
        pytest.skip("this computer has no certificate store")
    _openssl_looks_in(monkeypatch, tmp_path / "absent.pem", tmp_path / "absent")
    assert ssl.create_default_context().cert_store_stats()["x509_ca"] == 0  # Python's own
    for context in (WebhookTarget("https://example.org/kiosk").context, _email().context):
        assert "in the system's store" in trusted(context)


class _Stats:
    """A context that, like truststore's, asks the system instead of counting its own."""

    def cert_store_stats(self) -> dict[str, int]:
        raise NotImplementedError


def test_a_context_that_trusts_no_authority_is_refused() -> None:
    with pytest.raises(Untrusted):
        trusted(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    trustme.CA().configure_trust(context)
    assert trusted(context) == "1 certificate authority loaded"


@on_linux
def test_an_empty_system_store_is_refused(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    pytest.importorskip("truststore")
    (tmp_path / "empty.pem").write_text("")
    (tmp_path / "empty").mkdir()
    _openssl_looks_in(monkeypatch, tmp_path / "empty.pem", tmp_path / "empty")
    with pytest.raises(Untrusted, match="none in the system's store"):
        trusted(client_context())


def test_windows_root_store_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    context: Any = _Stats()
    monkeypatch.setattr(ssl, "enum_certificates", lambda store: [], raising=False)
    with pytest.raises(Untrusted, match="Windows"):
        trusted(context, platform="win32")
    monkeypatch.setattr(ssl, "enum_certificates",
                        lambda store: [(b"...", "x509_asn", True)] * 3, raising=False)
    assert trusted(context, platform="win32") == "3 certificate authorities in Windows' root store"


def test_macs_root_store_must_be_there(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    context: Any = _Stats()
    monkeypatch.setattr(tls, "MAC_ROOTS", tmp_path / "SystemRootCertificates.keychain")
    with pytest.raises(Untrusted, match="missing"):
        trusted(context, platform="darwin")
    tls.MAC_ROOTS.write_bytes(b"kych")
    assert trusted(context, platform="darwin") == "macOS' root store"


@pytest.mark.parametrize("with_truststore", [True, False])
def test_the_context_checks_certificates_and_names(monkeypatch: pytest.MonkeyPatch,
                                                   with_truststore: bool) -> None:
    if with_truststore:
        truststore = pytest.importorskip("truststore")
    else:
        monkeypatch.setitem(sys.modules, "truststore", None)  # as where it is not installed
    context = client_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert isinstance(context, truststore.SSLContext) if with_truststore else (
        type(context) is ssl.SSLContext)


@pytest.fixture
def https(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[tuple[str, Receiver, Any]]:
    """A receiver on 127.0.0.1 whose certificate comes from an authority this computer's
    store holds (on Linux: the file OpenSSL is told to read)."""
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(tmp_path / "system.pem"))
    (tmp_path / "certs").mkdir()
    _openssl_looks_in(monkeypatch, tmp_path / "system.pem", tmp_path / "certs")
    receiver = Receiver()
    server: ThreadingHTTPServer = serve(receiver)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(served)
    server.socket = served.wrap_socket(server.socket, server_side=True)
    yield f"https://127.0.0.1:{server.server_port}/kiosk", receiver, served
    server.shutdown()
    server.server_close()


@on_linux
def test_a_webhook_with_no_context_of_its_own_is_checked_against_the_system(
        https: tuple[str, Receiver, Any], tmp_path: Path) -> None:
    url, receiver, served = https
    store = MessageStore(tmp_path / "data", kiosk_id="booth-1")
    ids = [store.add({"message": f"hope {i}"}) for i in range(3)]
    batch = Outbox(store).next_batch("webhook", 10)
    store.close()
    outcome = WebhookTarget(url, timeout=5).deliver(batch, "booth-1")
    assert outcome.result is Result.DELIVERED, outcome.detail
    assert sorted(receiver.messages) == sorted(ids)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(served)  # a certificate from elsewhere
    outcome = WebhookTarget(url, timeout=5).deliver(batch, "booth-1")
    assert outcome.result is Result.RETRY and "not trusted" in outcome.detail
    assert receiver.requests == 1
