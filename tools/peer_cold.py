"""A booth at power-on: the kiosk's first slide from a cold disk cache, beside the floor's.

The peer benchmark (../shared/peers/) times "first slide on screen" with every file already in
memory (warm). A booth switched on in the morning reads everything from its disk (cold). This
command times both, for peer C (a bare PySide6 window: the floor) and peer D (this kiosk),
taking turns in one run so that their ratio holds on a busy machine:

    python3 tools/peer_cold.py                          # as root, from the project root
    python3 tools/peer_cold.py --runs 3 --window 10     # quicker, rougher
    python3 tools/peer_cold.py --first-start            # also F: the kiosk with nothing kept
    python3 tools/peer_cold.py --compare OTHER/bin/kiosk   # also E: another kiosk build
    python3 tools/peer_cold.py --load 2                 # with two busy loops running
    python3 tools/peer_cold.py --reads --first-start    # what each one opens, cold (strace)

First it prepares what ``../shared/peers/bench.sh`` prepares for C and D (the packages of its
setup.sh but Chromium's, its small venv, the deck of make_deck.py and make_deck_d.py, and the
kiosk ``pip install``ed from --src into a venv of its own, ``.kvenv-<commit>``, made again
when the checkout has changes; --kiosk-bin names an installed ``kiosk`` instead). Then, in
that venv's Python, it imports bench.py and runs, after a discarded warm-up round, ``--runs``
rounds of: C cold, C warm, D cold, D warm (and F, E), the order turned round every other
round. Cold: the page cache is dropped (``sync; echo 3 > /proc/sys/vm/drop_caches``) once the
virtual screen is up, just before the peer is started, so every file it reads comes from the
disk; warm: the same peer again at once. Each run is bench.py's ``one_run``: first slide on
screen, then CPU and memory over ``--window`` seconds of slides cycling; the kiosk's own
report of its first paint (``KIOSK_FIRST_FRAME_PROBE=keep``) and the bytes each peer had the
disk read by its first slide (``/proc/PID/io``) are added.

D plays as a booth does: from its second start on, the first slide of its last start is on
screen before the kiosk has loaded (kiosk/ui/start_frame.py; the warm-up round keeps it). F is
the same kiosk given an empty cache folder each run: its very first start, or a changed deck.

Results in --out (default ../shared/peers/results-cold): summary.md (the tables), runs.csv,
logs/, and reads.md with --reads. Needs root (drop_caches), Debian 12 (apt), a free X display
(--display, default :97).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
PEERS = PROJECT.parent / "shared" / "peers"
PEER_NAMES = {"C": "a bare PySide6 window (the floor)", "D": "this kiosk",
              "F": "this kiosk at its first start (no frame kept from a last start)",
              "E": "the kiosk given with --compare"}
#: Packages of setup.sh that C and D do without.
NOT_NEEDED = {"chromium", "xdotool", "imagemagick"}
DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured rounds (default 5)")
    parser.add_argument("--window", type=float, default=30.0,
                        help="seconds of slides cycling for CPU and memory (default 30)")
    parser.add_argument("--out", type=Path, default=PEERS / "results-cold",
                        help="results folder (default ../shared/peers/results-cold)")
    parser.add_argument("--peers-dir", type=Path, default=PEERS,
                        help="the peer benchmark's folder (default ../shared/peers)")
    parser.add_argument("--src", type=Path, default=Path(os.environ.get("KIOSK_SRC", PROJECT)),
                        help="the kiosk checkout to install and time (default: this one)")
    parser.add_argument("--kiosk-bin", type=Path,
                        help="time this installed `kiosk` instead of installing --src")
    parser.add_argument("--display", default=":97", help="X display to use (default :97)")
    parser.add_argument("--no-warmup", action="store_true", help="skip the warm-up round")
    parser.add_argument("--first-start", action="store_true",
                        help="also time the kiosk with an empty cache folder each run (F): "
                        "no frame kept from its last start, as at a booth's first start")
    parser.add_argument("--compare", type=Path, metavar="KIOSK",
                        help="also time this other installed `kiosk` (E), in the same turns")
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="keep N busy loops running meanwhile (a machine under load)")
    parser.add_argument("--reads", action="store_true",
                        help="instead of timing: list what each peer opens from a cold cache "
                        "up to its first slide (strace), grouped, into reads.md")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ---------------------------------------------------------------- preparing
def _sh(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, check=True, text=True,
                          capture_output=True)
    return done.stdout.strip()


def _missing_packages(setup: Path) -> list[str]:
    """setup.sh's packages, less Chromium's, that are not installed."""
    found = re.search(r'APT_PKGS="([^"]*)"', setup.read_text())
    wanted = found.group(1).split() if found else []
    missing = []
    for name in wanted:
        if name in NOT_NEEDED:
            continue
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name],
                                capture_output=True, text=True).stdout
        if "install ok installed" not in status:
            missing.append(name)
    return missing


def _kiosk_venv(peers: Path, src: Path) -> Path:
    """The kiosk installed from ``src`` as bench.sh installs it; its ``kiosk`` program."""
    try:
        rev = _sh("git", "-C", src, "rev-parse", "--short", "HEAD")
        dirty = bool(_sh("git", "-C", src, "status", "--porcelain"))
    except (subprocess.CalledProcessError, FileNotFoundError):
        rev, dirty = "worktree", True
    venv = peers / f".kvenv-{rev}"
    if dirty:
        shutil.rmtree(venv, ignore_errors=True)
    program = venv / "bin" / "kiosk"
    if not program.exists():
        print(f"installing the kiosk from {src} into {venv}", flush=True)
        _sh(sys.executable, "-m", "venv", venv)
        _sh(venv / "bin" / "pip", "install", "-q", src)
    os.environ["KIOSK_REV"] = rev + (" (with changes)" if dirty else "")
    return program


def prepare(peers: Path, src: Path, kiosk_bin: Path | None) -> Path:
    """What bench.sh prepares for C and D; the kiosk program to time."""
    missing = _missing_packages(peers / "setup.sh")
    if missing:
        print("apt: installing", *missing, flush=True)
        _sh("apt-get", "update")
        _sh("apt-get", "install", "-y", "--no-install-recommends", *missing)
    python = peers / ".venv" / "bin" / "python"
    if not python.exists():
        _sh(sys.executable, "-m", "venv", peers / ".venv")
    if subprocess.run([python, "-c", "import PIL, PySide6, Xlib"]).returncode:
        _sh(python, "-m", "pip", "install", "-q", "-r", peers / "requirements.txt")
    _sh(python, peers / "make_deck.py", cwd=peers)
    _sh(python, peers / "make_deck_d.py", cwd=peers)
    if kiosk_bin is not None:
        os.environ.setdefault("KIOSK_REV", str(kiosk_bin))
        return kiosk_bin.resolve()
    return _kiosk_venv(peers, src.resolve())


# ---------------------------------------------------------------- measuring
def drop_page_cache() -> None:
    """Every file's pages out of memory (those mapped by running programs stay)."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def _load_bench(peers: Path) -> Any:
    spec = importlib.util.spec_from_file_location("bench", peers / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _read_bytes(bench: Any, root: int) -> int:
    """Bytes the peer's processes made the kernel fetch from the disk (their ``io``)."""
    total = 0
    for pid in bench.tree_pids(root):
        try:
            text = Path(f"/proc/{pid}/io").read_text()
        except OSError:
            continue
        total += int(re.search(r"^read_bytes: (\d+)", text, re.M).group(1))  # type: ignore[union-attr]
    return total


class Timed:
    """bench.py's ``one_run``, cold or warm: drops the page cache after the virtual screen is
    up, and notes the bytes read from the disk up to the first slide (the first call of
    ``tree_cpu_s`` after it is seen)."""

    def __init__(self, bench: Any) -> None:
        self.bench = bench
        self.start_xvfb: Callable[[], Any] = bench.start_xvfb
        self.tree_cpu_s: Callable[[int], Any] = bench.tree_cpu_s
        self.first: dict[int, tuple[float, int]] = {}  # pid -> (seen at, bytes read)
        bench.tree_cpu_s = self._tree_cpu_s

    def _tree_cpu_s(self, root: int) -> Any:
        if root not in self.first:
            self.first[root] = (time.time(), _read_bytes(self.bench, root))
        return self.tree_cpu_s(root)

    def _cold_xvfb(self) -> Any:
        started = self.start_xvfb()
        drop_page_cache()
        return started

    def run(self, peer: str, label: str, cold: bool, kiosks: dict[str, Path]
            ) -> dict[str, Any]:
        """One run of ``peer``: C, or a kiosk of ``kiosks`` (bench.py's peer D)."""
        self.first = {}
        first_start = peer == "F"
        if first_start:  # (read by the kiosk from bench.py's copy of this environment)
            os.environ["KIOSK_CACHE_DIR"] = tempfile.mkdtemp(prefix="kiosk-cache-")
        if peer in kiosks:
            os.environ["KIOSK_BIN"] = str(kiosks[peer])
        self.bench.start_xvfb = self._cold_xvfb if cold else self.start_xvfb
        try:
            row: dict[str, Any] = self.bench.one_run("C" if peer == "C" else "D",
                                                     f"{label}-{peer}", None)
        finally:
            self.bench.start_xvfb = self.start_xvfb
            if first_start:
                shutil.rmtree(os.environ.pop("KIOSK_CACHE_DIR"), ignore_errors=True)
        row.update(label=label, peer=peer, cache="cold" if cold else "warm")
        seen = self.first.get(row["pid"])
        if seen is not None:
            row["read_from_disk_mb"] = round(seen[1] / 1e6, 1)
            painted = _kiosk_painted(self.bench.LOGS / f"{label}-{peer}_{row_peer(peer)}.log")
            if painted is not None and "first_paint_screen_ms" in row:
                row["first_paint_app_ms"] = round(
                    row["first_paint_screen_ms"] - (seen[0] - painted) * 1000, 1)
        return row


def row_peer(peer: str) -> str:
    """The letter bench.py knows the peer by (every kiosk is its D)."""
    return "C" if peer == "C" else "D"


def _kiosk_painted(log: Path) -> float | None:
    """When the kiosk says it painted its first slide (``KIOSK_FIRST_FRAME_PROBE``)."""
    found = re.search(r"^first-frame ([\d.]+)", log.read_text(errors="replace"), re.M)
    return float(found.group(1)) if found else None


def schedule(runs: int, warmup: bool, peers: str = "CD") -> list[tuple[str, str, bool]]:
    """(round, peer, cold) in order: each peer cold then warm at once; the peers take turns
    at going first (the order turned round every other round)."""
    rounds = [("warmup", 0)] if warmup else []
    rounds += [(f"run{n}", n) for n in range(1, runs + 1)]
    order: list[tuple[str, str, bool]] = []
    for label, n in rounds:
        for peer in (peers if n % 2 else peers[::-1]):
            order += [(label, peer, True), (label, peer, False)]
    return order


def measure(args: argparse.Namespace) -> None:
    if os.geteuid() != 0:
        sys.exit("peer_cold.py drops the page cache: run it as root")
    bench = _load_bench(args.peers_dir)
    bench.RES, bench.LOGS = args.out, args.out / "logs"
    bench.DISPLAY, bench.WINDOW_S = args.display, args.window
    bench.LOGS.mkdir(parents=True, exist_ok=True)
    bench.TMP.mkdir(parents=True, exist_ok=True)
    kiosks = {"D": Path(os.environ["KIOSK_BIN"])}
    if args.first_start:
        kiosks["F"] = kiosks["D"]
    if args.compare:
        kiosks["E"] = args.compare.resolve()
    if args.reads:
        (args.out / "reads.md").write_text(reads(bench, kiosks, args.out))
        print((args.out / "reads.md").read_text())
        return
    os.environ["KIOSK_FIRST_FRAME_PROBE"] = "keep"  # the kiosk says when it painted
    timed = Timed(bench)
    rows = []
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(args.load)]
    try:
        for label, peer, cold in schedule(args.runs, not args.no_warmup, "C" + "".join(kiosks)):
            row = timed.run(peer, label, cold, kiosks)
            rows.append(row)
            print(json.dumps(row), flush=True)
            time.sleep(2)  # let the machine settle between runs
    finally:
        for process in busy:
            process.kill()
            process.wait()
    _write(args.out, rows, _meta(args), bench.med_range)


# ---------------------------------------------------------------- what is read
#: Groups of the files a peer opens, tried in order: (name, test on the path).
GROUPS: list[tuple[str, Callable[[str], bool]]] = [
    ("the deck", lambda p: "/deck/" in p),
    ("the frame kept from the last start", lambda p: p.endswith("start-frame.bin")),
    ("fonts and their configuration", lambda p: bool(re.search(
        r"\.(ttf|otf|ttc|pfb|pcf)(\.gz)?$|fontconfig|/fonts?/", p))),
    ("the kiosk's own modules and data", lambda p: "/kiosk/" in p),
    ("PySide6 and Qt (libraries, plugins)", lambda p: "PySide6" in p or "shiboken6" in p),
    ("other Python packages", lambda p: "site-packages" in p),
    ("Python: interpreter and standard library", lambda p: "python3" in p or "/python" in p),
    ("other shared libraries", lambda p: ".so" in p),
    ("anything else", lambda p: True),
]


def opened_until(trace: Path, marker: str) -> list[str]:
    """The files (not folders) an strace log shows opened before ``marker`` was written."""
    found: dict[str, None] = {}
    for line in trace.read_text(errors="replace").splitlines():
        if "write(" in line and marker in line:
            break
        hit = re.search(r'(?:openat\([^,]+, |execve\()"([^"]+)".*\) = \d+', line)
        if hit and os.path.isfile(hit.group(1)) and not hit.group(1).startswith(
                ("/proc", "/sys", "/dev")):
            found.setdefault(os.path.realpath(hit.group(1)))
    return list(found)


def _traced(bench: Any, peer: str, kiosks: dict[str, Path], out: Path) -> Path:
    """One cold start of ``peer`` under strace, to its first slide."""
    xvfb, display = bench.start_xvfb()
    trace = out / f"reads-{peer}.strace"
    env = dict(os.environ, DISPLAY=bench.DISPLAY, HOME=str(bench.TMP / "home"),
               XDG_CACHE_HOME=str(bench.TMP / "home" / ".cache"),
               XDG_CONFIG_HOME=str(bench.TMP / "home" / ".config"), KIOSK_FIRST_FRAME_PROBE="1")
    data = tempfile.mkdtemp(prefix="kiosk-data-")
    if peer == "F":
        env["KIOSK_CACHE_DIR"] = tempfile.mkdtemp(prefix="kiosk-cache-")
    command = bench.peer_cmd(row_peer(peer), data)
    if peer != "C":
        command[0] = str(kiosks[peer])
    if peer == "D":  # a start first, to keep its frame for this one (as the warm-up does)
        subprocess.run(command, env=env, capture_output=True, timeout=120, cwd=str(bench.HERE))
        shutil.rmtree(data, ignore_errors=True)  # (a fresh data folder, and no wait for the
        data = tempfile.mkdtemp(prefix="kiosk-data-")  # start just before it)
        command = [*command[:-1], data]
    drop_page_cache()
    process = subprocess.Popen(["strace", "-f", "-e", "trace=openat,execve,write", "-o",
                                str(trace), *command], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True,
                               cwd=str(bench.HERE))
    try:
        for line in process.stdout or []:
            if line.startswith(("first-frame", "BENCH firstpaint")):
                break
    finally:
        os.killpg(process.pid, 9)
        process.wait()
        bench.stop_xvfb(xvfb, display)
        for folder in (data, env.get("KIOSK_CACHE_DIR")):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    return trace


def reads(bench: Any, kiosks: dict[str, Path], out: Path) -> str:
    """A table a peer: the files opened up to the first slide, by group, with their sizes."""
    if shutil.which("strace") is None:
        _sh("apt-get", "install", "-y", "--no-install-recommends", "strace")
    lines = ["| peer | group | files | size, MB |", "|---|---|---|---|"]
    for peer in ["C", *kiosks]:
        trace = _traced(bench, peer, kiosks, out)
        marker = "start-frame" if peer == "D" and "start-frame" in trace.read_text(
            errors="replace") else "firstpaint" if peer == "C" else "first-frame"
        sizes: dict[str, list[int]] = {}
        for path in opened_until(trace, marker):
            group = next(name for name, test in GROUPS if test(path))
            sizes.setdefault(group, []).append(os.path.getsize(path))
        for name, _test in GROUPS:
            if name in sizes:
                lines.append(f"| {peer} | {name} | {len(sizes[name])} "
                             f"| {sum(sizes[name]) / 1e6:.1f} |")
        total = [size for group in sizes.values() for size in group]
        lines.append(f"| {peer} | **all** (to `{marker}`) | {len(total)} "
                     f"| {sum(total) / 1e6:.1f} |")
    return "\n".join(lines) + ("\n\nSizes are of the whole files opened; less is read "
                               "(a library's untouched pages stay on the disk).\n")


# ---------------------------------------------------------------- the tables
def _meta(args: argparse.Namespace) -> dict[str, object]:
    def first_line(command: str) -> str:
        out = subprocess.run(command, shell=True, capture_output=True, text=True).stdout
        return (out.strip().splitlines() or ["?"])[0]
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "kernel": first_line("uname -r"),
            "cpu": first_line("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
            "cores": os.cpu_count(), "load average at the end": first_line("cat /proc/loadavg"),
            "kiosk (peer D)": os.environ.get("KIOSK_REV", "-"),
            "runs per peer and cache": args.runs, "cycling window s": args.window,
            "busy loops running meanwhile": args.load,
            "E (--compare)": str(args.compare or "-"),
            "warm-up round (discarded)": not args.no_warmup}


def _measured(rows: list[dict[str, Any]], peer: str, cache: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["peer"] == peer and r["cache"] == cache
            and not r["label"].startswith("warmup") and "error" not in r]


def summary(rows: list[dict[str, Any]], med_range: Callable[..., str], window: float,
            meta: dict[str, object]) -> str:
    """The markdown tables: each peer warm and cold, then D/C run by run."""
    w = f"{window:g} s"
    lines = ["| peer | first slide warm, ms | first slide cold, ms | painted (own report) warm, ms "
             "| cold, ms | read from disk cold, MB "
             f"| startup CPU s warm | startup CPU s cold | PSS after {w}, MB | RSS, MB "
             f"| CPU s over {w} | Xvfb CPU s, same {w} |", "|---|" + "---|" * 11]
    peers = [p for p in PEER_NAMES if any(r["peer"] == p for r in rows)]
    for peer in peers:
        warm, cold = _measured(rows, peer, "warm"), _measured(rows, peer, "cold")
        both = warm + cold

        def col(rs: list[dict[str, Any]], key: str, fmt: str = "{:.0f}") -> str:
            return str(med_range([r.get(key) for r in rs], fmt))
        lines.append(
            f"| {peer}: {PEER_NAMES[peer]} (n={len(warm)}+{len(cold)}) "
            f"| {col(warm, 'first_paint_screen_ms')} | {col(cold, 'first_paint_screen_ms')} "
            f"| {col(warm, 'first_paint_app_ms')} | {col(cold, 'first_paint_app_ms')} "
            f"| {col(cold, 'read_from_disk_mb', '{:.1f}')} "
            f"| {col(warm, 'startup_cpu_s', '{:.2f}')} | {col(cold, 'startup_cpu_s', '{:.2f}')} "
            f"| {col(both, 'pss_mb_sum')} | {col(both, 'rss_mb_sum')} "
            f"| {col(both, 'cpu_s_window', '{:.2f}')} "
            f"| {col(both, 'xvfb_cpu_s_window', '{:.2f}')} |")
    kiosks = peers[1:]
    columns = [(k, cache) for k in kiosks for cache in ("warm", "cold")]
    lines += ["", "median (min–max) of the measured runs; CPU and memory over warm and cold "
                  "runs together.", "",
              "| round | " + " | ".join(f"{k}/C {cache}" for k, cache in columns) + " |",
              "|---|" + "---|" * len(columns)]
    ratios: dict[tuple[str, str], list[float]] = {c: [] for c in columns}
    labels = sorted({r["label"] for r in rows} - {"warmup"}, key=lambda s: int(s[3:]))
    for label in labels:
        cells = []
        for kiosk, cache in columns:
            pair = {r["peer"]: r["first_paint_screen_ms"] for r in rows if r["label"] == label
                    and r["cache"] == cache and "error" not in r}
            if "C" in pair and kiosk in pair:
                ratios[kiosk, cache].append(pair[kiosk] / pair["C"])
                cells.append(f"{pair[kiosk] / pair['C']:.2f}")
            else:
                cells.append("n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| median (range) | " + " | ".join(
        str(med_range(ratios[c], "{:.2f}")) for c in columns) + " |")
    errors = [r for r in rows if "error" in r]
    if errors:
        lines += ["", "Failed runs: " + "; ".join(
            f"{r['label']} {r['peer']}: {r['error']}" for r in errors)]
    lines += ["", *(f"- {k}: {v}" for k, v in meta.items())]
    return "\n".join(lines) + "\n"


def _write(out: Path, rows: list[dict[str, Any]], meta: dict[str, object],
           med_range: Callable[..., str]) -> None:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    with open(out / "runs.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    text = summary(rows, med_range, float(str(meta["cycling window s"])), meta)
    (out / "summary.md").write_text(text)
    print(text)


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    if args.measure:
        measure(args)
        return
    if os.geteuid() != 0:
        sys.exit("peer_cold.py drops the page cache: run it as root")
    args.out.mkdir(parents=True, exist_ok=True)
    program = prepare(args.peers_dir, args.src, args.kiosk_bin)
    python = args.peers_dir / ".venv" / "bin" / "python"  # has PIL and Xlib for bench.py
    os.environ["KIOSK_BIN"] = str(program)
    forwarded = ["--runs", str(args.runs), "--window", str(args.window), "--out",
                 str(args.out.resolve()), "--peers-dir", str(args.peers_dir.resolve()),
                 "--display", args.display, "--load", str(args.load),
                 *(["--first-start"] if args.first_start else []),
                 *(["--reads"] if args.reads else []),
                 *(["--compare", str(args.compare.resolve())] if args.compare else []),
                 *(["--no-warmup"] if args.no_warmup else [])]
    os.execv(python, [str(python), str(Path(__file__).resolve()), "--measure", *forwarded])


if __name__ == "__main__":
    main()
