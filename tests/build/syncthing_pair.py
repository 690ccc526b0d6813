"""Two Syncthing instances sharing a folder, a kiosk delivering into one side and `kiosk
collect` reading the other. Run ONLY inside a private network namespace (``unshare --net``):
it refuses to start when any interface but loopback exists. Prints one JSON line.

Every way Syncthing could reach beyond this machine is off: global and local discovery,
relays, NAT traversal, usage and crash reports, upgrades; the two devices know each other
only as tcp://127.0.0.1:<port>.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OFF = {"globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
       "relaysEnabled": "false", "natEnabled": "false", "urAccepted": "-1",
       "crashReportingEnabled": "false", "autoUpgradeIntervalH": "0", "startBrowser": "false",
       "globalAnnounceServer": "", "stunServer": "", "releasesURL": "", "urURL": "",
       "crashReportingURL": "", "announceLANAddresses": "false"}


def only_loopback() -> bool:
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True,
                           check=True).stdout
    names = [line.split(":")[1].strip() for line in links.splitlines() if line.strip()]
    return names == ["lo"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def generate(home: Path) -> str:
    done = subprocess.run(["syncthing", "generate", f"--home={home}", "--no-default-folder"],
                          capture_output=True, text=True, check=True)
    found = re.search(r"Device ID:\s*(\S+)", done.stdout + done.stderr)
    assert found, done.stdout + done.stderr
    return found.group(1)


def configure(home: Path, me: str, port: int, other: str, other_port: int,
              folder: Path) -> None:
    path = home / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    gui = root.find("gui")
    assert gui is not None
    gui.set("enabled", "false")
    options = root.find("options")
    assert options is not None
    options.find("listenAddress").text = f"tcp://127.0.0.1:{port}"  # type: ignore[union-attr]
    for key, value in OFF.items():
        node = options.find(key)
        if node is None:
            node = ET.SubElement(options, key)
        node.text = value
    peer = ET.SubElement(root, "device", id=other, name="peer", compression="metadata",
                         introducer="false")
    ET.SubElement(peer, "address").text = f"tcp://127.0.0.1:{other_port}"
    shared = ET.Element("folder", id="booths", label="booths", path=str(folder),
                        type="sendreceive", rescanIntervalS="2", fsWatcherEnabled="true",
                        fsWatcherDelayS="1")
    ET.SubElement(shared, "filesystemType").text = "basic"
    for device in (me, other):
        ET.SubElement(shared, "device", id=device)
    root.insert(0, shared)
    tree.write(path)
    (folder / ".stfolder").mkdir(parents=True, exist_ok=True)


def main(work: Path) -> int:
    if not only_loopback():
        print(json.dumps({"refused": "not in a private network namespace"}))
        return 2
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    from kiosk.messages.store import MessageStore
    from kiosk.platform.clock import ManualClock
    from kiosk.sync.fleet import collect, status_file
    from kiosk.sync.folder import FolderTarget
    from kiosk.sync.runner import SyncRunner

    homes = [work / "a" / "home", work / "b" / "home"]
    folders = [work / "a" / "Booths", work / "b" / "Booths"]
    ids = [generate(home) for home in homes]
    ports = [free_port(), free_port()]
    for i in (0, 1):
        configure(homes[i], ids[i], ports[i], ids[1 - i], ports[1 - i], folders[i])
    env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
    running = [subprocess.Popen(["syncthing", "serve", f"--home={home}", "--no-browser",
                                 "--no-restart", f"--logfile={home / 'log.txt'}"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for home in homes]
    try:
        messages = folders[0] / "messages"
        messages.mkdir(parents=True)
        store = MessageStore(work / "kiosk-data", "booth-7")
        sent = [store.add({"message": f"hope {i} សង្ឃឹម 🙏"}) for i in range(40)]
        started = time.monotonic()
        runner = SyncRunner(store, [FolderTarget(messages)], "booth-7", batch_size=10,
                            clock=ManualClock())
        runner.run_once()
        store.close()
        far = folders[1] / "messages"
        seen: list[str] = []
        status = False
        while time.monotonic() - started < 180:
            if far.is_dir():
                seen = [m.id for m in collect(far).messages]
                status = status_file(far, "booth-7").is_file()
                if sorted(seen) == sorted(sent) and status:
                    break
            time.sleep(0.5)
        print(json.dumps({"sent": len(sent), "collected": len(seen),
                          "once": len(seen) == len(set(seen)),
                          "same": sorted(seen) == sorted(sent), "status": status,
                          "seconds": round(time.monotonic() - started, 1),
                          "pids": [p.pid for p in running]}))
    finally:
        stop_all(running)
    return 0


def stop_all(running: list[subprocess.Popen[bytes]]) -> None:
    """Stop every process started, by its process id; kill one that does not stop."""
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

