"""`kiosk --self-test` checks that messages can be sent safely: a computer whose certificate
store is empty or cannot be read fails it, in one plain sentence."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.ui.tools.self_test import self_test
from tests.decks import ROOT

trustme = pytest.importorskip("trustme")


def _self_test(tmp_path: Path, capsys: pytest.CaptureFixture[str],
               tls: Callable[[], ssl.SSLContext]) -> tuple[int, str, str]:
    """The self-test's exit code, its whole report, and its line about TLS."""
    code = self_test(None, str(tmp_path / "kiosk.yaml"), tls=tls)
    report = capsys.readouterr().out
    line = next(line for line in report.splitlines() if line.split()[1:2] == ["tls"])
    return code, report, line


def test_a_context_that_trusts_no_authority_fails_the_self_test(
        qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, line = _self_test(tmp_path, capsys,
                                    lambda: ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    assert code == 1
    assert line.split()[0] == "FAIL" and "trusts no certificate authority" in line
    assert line.endswith("so no message can be sent safely over the internet")
    assert report.strip().endswith("self-test failed: 1 problem(s)")


def test_a_context_that_trusts_an_authority_passes(
        qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def context() -> ssl.SSLContext:
        made = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        trustme.CA().configure_trust(made)
        return made

    code, report, line = _self_test(tmp_path, capsys, context)
    assert code == 0, report
    assert line.split()[0] == "ok" and "1 certificate authority loaded" in line


def test_a_store_that_cannot_be_read_fails_in_a_sentence(
        qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def unreadable() -> ssl.SSLContext:
        raise ssl.SSLError("the certificate file is damaged")

    code, _report, line = _self_test(tmp_path, capsys, unreadable)
    assert code == 1 and "trusted certificates could not be read" in line
    assert "the certificate file is damaged" in line


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux keeps its store in a file")
def test_the_kiosk_with_an_empty_certificate_store_fails_its_self_test(tmp_path: Path) -> None:
    pytest.importorskip("truststore")
    (tmp_path / "empty.pem").write_text("")
    (tmp_path / "certs").mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), KIOSK_DATA_DIR=str(tmp_path / "data"),
               SSL_CERT_FILE=str(tmp_path / "empty.pem"), SSL_CERT_DIR=str(tmp_path / "certs"))
    done = subprocess.run([sys.executable, "-m", "kiosk", "--self-test",
                           "--config", str(tmp_path / "kiosk.yaml")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    tls = next(line for line in done.stdout.splitlines() if line.split()[1:2] == ["tls"])
    assert "FAIL" in tls and "trusts no certificate authority" in tls
    assert done.stdout.strip().endswith("self-test failed: 1 problem(s)")
