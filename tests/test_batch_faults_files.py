"""Issue 13, files and processes: what a batch does to the disk and to its workers when things go wrong.

Each test is named for a promise and failed before the fix: fields never shared between children,
nothing overwritten without --force, no link in the out-dir followed, one batch per out-dir,
workers never outliving the batch, and every fault a clear message with its own exit code.
"""

from __future__ import annotations

import csv
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from support import FIXTURES, run

CHECKOUT = Path(__file__).resolve().parent.parent
HERE = FIXTURES / "batch-faults"
THREE = HERE / "roster-three.csv"
THIRTY = HERE / "roster-thirty.csv"
DAY = ("--date", "2026-11-30")
JOBS = ("--jobs", "2")


def batch(roster: Path, out: Path, *args: object):  # type: ignore[no-untyped-def]
    return run("batch", roster, "--out-dir", out, *JOBS, *DAY, *args)


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def command(roster: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, str(CHECKOUT / "cli.py"), "batch", str(roster), "--out-dir", str(out),
            *JOBS, *DAY, *args]


# --- 2: form fields belong to one child ------------------------------------------------------------

def _full_name(field: dict) -> str:  # type: ignore[type-arg]
    parts = []
    while field is not None:
        if "/T" in field:
            parts.append(str(field["/T"]))
        field = field.get("/Parent")
        field = field.get_object() if field is not None else None
    return ".".join(reversed(parts))


def test_merged_fillable_file_never_gives_two_children_the_same_field_name(tmp_path: Path) -> None:
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    result = batch(THREE, out, "--fillable", "--merge", merged)
    assert result.exit_code == 0, result.output

    reader = PdfReader(merged)
    starts = [reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)]
    owner: dict[str, int] = {}
    widgets = 0
    for number, page in enumerate(reader.pages):
        child = sum(1 for start in starts if start <= number)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            widgets += 1
            name = _full_name(annot)
            assert owner.setdefault(name, child) == child, f"{name} is on two children's pages"
    assert widgets > 100  # the packets really are fillable
    assert len(set(owner.values())) == 3
    assert len(reader.get_fields() or {}) >= widgets  # every field found by its full name


def test_typing_into_one_childs_merged_packet_leaves_the_next_child_empty(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    raw = pytest.importorskip("pypdfium2.raw")
    import ctypes

    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    assert batch(THREE, out, "--fillable", "--merge", merged).exit_code == 0
    second = len(PdfReader(out / "002-ana.pdf").pages)
    second += second % 2  # padded to an even count

    def text(fn, *args) -> str:  # type: ignore[no-untyped-def]
        size = fn(*args, None, 0)
        buffer = ctypes.create_string_buffer(size)
        fn(*args, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
        return buffer.raw[:size].decode("utf-16-le").rstrip("\x00")

    pdf = pdfium.PdfDocument(merged)
    pdf.init_forms()
    env = pdf.formenv.raw

    def text_fields(index: int) -> list:  # type: ignore[type-arg]
        page = pdf[index]
        found = []
        for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, i)
            if raw.FPDFAnnot_GetFormFieldType(env, annot) == raw.FPDF_FORMFIELD_TEXTFIELD:
                found.append((page, annot))
        return found

    page, annot = next(field for index in range(second) for field in text_fields(index))
    raw.FORM_OnAfterLoadPage(page.raw, env)
    box = raw.FS_RECTF()
    raw.FPDFAnnot_GetRect(annot, box)
    x, y = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    raw.FORM_OnLButtonDown(env, page.raw, 0, x, y)
    raw.FORM_OnLButtonUp(env, page.raw, 0, x, y)
    typed = ctypes.create_string_buffer("Ana's answer\x00".encode("utf-16-le"))
    raw.FORM_ReplaceSelection(env, page.raw, ctypes.cast(typed, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FORM_ForceToKillFocus(env)

    assert text(raw.FPDFAnnot_GetFormFieldValue, env, annot) == "Ana's answer"
    third = second + len(PdfReader(out / "003-ben.pdf").pages)
    others = [text(raw.FPDFAnnot_GetFormFieldValue, env, a)
              for index in range(second, third) for _, a in text_fields(index)]
    assert others and all(value == "" for value in others)


# --- 3: nothing overwritten without --force --------------------------------------------------------

def test_merge_never_replaces_an_existing_file_without_force(tmp_path: Path) -> None:
    merged = tmp_path / "print.pdf"
    merged.write_bytes(b"%PDF-1.4 last week's print file")
    result = batch(THREE, tmp_path / "out", "--merge", merged)
    assert result.exit_code == 1
    assert f"error: {merged}: already exists; use --force to replace it" in result.stderr
    assert merged.read_bytes() == b"%PDF-1.4 last week's print file"
    assert not (tmp_path / "out").exists()  # refused before any work

    assert batch(THREE, tmp_path / "out", "--merge", merged, "--force").exit_code == 0
    assert len(PdfReader(merged).pages) > 10


def test_merge_never_replaces_a_childs_own_packet_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(THREE, out).exit_code == 0
    packet = out / "002-ana.pdf"
    before = packet.read_bytes()
    for extra in ((), ("--force",)):
        result = batch(THREE, out, "--merge", packet, *extra)
        assert result.exit_code == 1
        assert "a packet's name in the out-dir" in result.stderr
        assert packet.read_bytes() == before


def test_batch_keeps_a_hand_made_file_that_has_a_packets_name(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "003-ben.pdf"
    mine.write_bytes(b"Ben's scan from the clinic")
    result = batch(THREE, out)
    assert result.exit_code == 1
    assert mine.read_bytes() == b"Ben's scan from the clinic"
    assert f"{THREE}:3: 003-ben.pdf: a file of this name is already in the out-dir" in result.stderr
    assert [r["status"] for r in manifest(out)] == ["built", "failed", "built"]

    assert batch(THREE, out, "--force").exit_code == 0
    assert mine.read_bytes().startswith(b"%PDF-")


# --- 4: links in the out-dir are never followed ----------------------------------------------------

@pytest.mark.parametrize("name", [".manifest.csv.part", ".handouts-batch.tsv", "manifest.csv",
                                  "002-ana.pdf"])
def test_a_link_in_the_out_dir_is_never_written_through(tmp_path: Path, name: str) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.txt"
    out.mkdir()
    elsewhere.write_text("not yours\n")
    (out / name).symlink_to(elsewhere)
    result = batch(THREE, out)
    assert "Traceback" not in result.output
    assert elsewhere.read_text() == "not yours\n"
    assert result.exit_code in (0, 1)


def test_merge_force_replaces_a_link_not_the_file_it_points_to(tmp_path: Path) -> None:
    target, link = tmp_path / "precious.pdf", tmp_path / "print.pdf"
    target.write_bytes(b"%PDF-precious")
    link.symlink_to(target)
    assert batch(THREE, tmp_path / "out", "--merge", link, "--force").exit_code == 0
    assert target.read_bytes() == b"%PDF-precious"
    assert not link.is_symlink() and len(PdfReader(link).pages) > 10


# --- 5: one batch per out-dir ----------------------------------------------------------------------

def test_a_second_batch_into_a_busy_out_dir_says_so_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".handouts-batch.lock", "a") as held:  # as a running batch holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = batch(THREE, out)
    assert result.exit_code == 1
    assert "another batch is writing into this folder" in result.stderr
    assert not list(out.glob("*.pdf")) and not (out / "manifest.csv").exists()

    # Once it is gone (even killed: the kernel drops its lock), the folder is free again.
    assert batch(THREE, out).exit_code == 0


# --- 6: workers end with the batch; SIGTERM is Ctrl-C; leftovers are cleaned ------------------------

def _children(pid: int) -> set[int]:
    """Every process whose parent is `pid`, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _started(out: Path, proc: subprocess.Popen, packets: int = 2) -> set[int]:  # type: ignore[type-arg]
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf"))) < packets and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(proc.pid)
    assert workers, "the batch has no worker processes"
    return workers


@pytest.fixture
def reaped() -> Iterator[list[int]]:
    """Pids a test started; any still alive at the end are killed so nothing outlives the test."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_kill_9_of_the_batch_ends_its_workers_and_a_rerun_repairs(tmp_path: Path,
                                                                   reaped: list[int]) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(command(THIRTY, out), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers = _started(out, proc)
    reaped.extend(workers)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)], "workers outlived the batch"
    written = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    time.sleep(0.3)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == written  # nobody writes

    result = batch(THIRTY, out)
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 30
    assert not list(out.glob(".*.part"))
    assert [r["status"] for r in manifest(out)].count("failed") == 0


def test_a_worker_killed_by_the_system_still_leaves_a_manifest_of_the_rows_built(
        tmp_path: Path, reaped: list[int]) -> None:
    """Attack D19: a worker killed (the out-of-memory killer) ended the batch with exit 1 and
    no manifest.csv at all; the packets it had built were listed nowhere."""
    out = tmp_path / "out"
    proc = subprocess.Popen(command(THIRTY, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    workers = _started(out, proc, packets=3)
    reaped.extend(workers)
    for worker in workers:
        os.kill(worker, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr
    assert "worker process stopped unexpectedly" in stderr and "Traceback" not in stderr
    built = [r for r in manifest(out) if r["status"] == "built"]
    assert len(built) >= 1
    assert {r["file"] for r in built} <= {p.name for p in out.glob("*.pdf")}


def test_sigterm_stops_like_ctrl_c_with_a_manifest_and_exit_143(tmp_path: Path,
                                                                 reaped: list[int]) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(command(THIRTY, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    reaped.extend(_started(out, proc, packets=3))
    proc.terminate()
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    rows = manifest(out)
    built = [r for r in rows if r["status"] == "built"]
    assert 3 <= len(built) < 30
    assert sorted(r["file"] for r in built) == sorted(p.name for p in out.glob("*.pdf"))
    assert not list(out.glob(".*.part"))
    for row in built:
        assert len(PdfReader(out / row["file"]).pages) > 0


def test_a_killed_merge_leaves_a_part_file_the_next_run_removes(tmp_path: Path) -> None:
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    assert batch(THREE, out).exit_code == 0
    # What a merge killed half-way leaves: its temporary file, named for its (now dead) process.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = tmp_path / f".print.pdf.handouts-{dead}-0a1b2c3d.part"
    leftover.write_bytes(b"%PDF-" + b"x" * 100_000)
    foreign = tmp_path / ".print.pdf.mine.part"  # not named like ours: left alone
    foreign.write_bytes(b"keep")

    assert batch(THREE, out, "--merge", merged).exit_code == 0
    assert not leftover.exists()
    assert foreign.read_bytes() == b"keep"
    assert not list(tmp_path.glob(".print.pdf.handouts-*"))


# --- 7: faults of the disk and of kept packets ------------------------------------------------------

def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def test_a_full_disk_fails_rows_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "160k"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        (disk / "out").mkdir()
        with (disk / "filler").open("wb", buffering=0) as filler:  # full before the batch starts
            try:
                while True:
                    filler.write(b"x" * 4096)
            except OSError:
                pass
        result = batch(THREE, disk / "out")
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert "No space left on device" in result.stderr
        assert not list((disk / "out").glob("*.pdf"))  # nothing half-written left behind
    finally:
        _umount(disk)


def test_a_journal_write_on_a_full_disk_is_a_message_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handouts.batch import journal

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "_write_line", full)
    result = run("batch", THREE, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "No space left on device" in result.stderr


def test_a_read_only_out_dir_is_a_clear_message(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "1m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        (disk / "out").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = batch(THREE, disk / "out")
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert f"error: {disk / 'out'}: cannot write in this folder (Read-only file system)" \
            in result.stderr
    finally:
        _umount(disk)


def test_a_kept_packet_whose_bytes_were_damaged_is_rebuilt(tmp_path: Path) -> None:
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    assert batch(THREE, out).exit_code == 0
    packet = out / "003-ben.pdf"
    data = bytearray(packet.read_bytes())
    data[9:len(data) - 9] = b"\0" * (len(data) - 18)  # same size, damaged inside
    packet.write_bytes(bytes(data))

    result = batch(THREE, out, "--merge", merged)
    assert result.exit_code == 0, result.output
    assert "built 1, kept 2 from an earlier run" in result.stdout
    assert [r["status"] for r in manifest(out)] == ["kept", "built", "kept"]
    assert len(PdfReader(packet).pages) > 0 and len(PdfReader(merged).pages) > 10


# --- 8: only regular files are written as outputs --------------------------------------------------

@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_build_force_never_replaces_a_device_or_fifo(tmp_path: Path, kind: str) -> None:
    target = tmp_path / kind
    if kind == "device":
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
        except PermissionError:
            pytest.skip("making a device needs root")
    else:
        os.mkfifo(target)
    result = run("build", "-o", target, "--force", *DAY, "--sections", "contacts")
    assert result.exit_code == 1
    assert f"error: {target}: is not a regular file" in result.stderr
    mode = os.lstat(target).st_mode
    assert stat.S_ISCHR(mode) if kind == "device" else stat.S_ISFIFO(mode)


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_batch_merge_never_replaces_a_device_fifo_or_folder(tmp_path: Path, kind: str) -> None:
    target = tmp_path / kind
    if kind == "device":
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device needs root")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    result = batch(THREE, tmp_path / "out", "--merge", target, "--force")
    assert result.exit_code == (2 if kind == "folder" else 1)  # 2: click refuses a folder itself
    assert "Traceback" not in result.output
    assert str(target) in result.stderr
    assert not (tmp_path / "out").exists()


# --- 14: a bug is exit 3 and one line; a failed merge still reports the rows -------------------------

def test_an_unexpected_internal_error_is_one_line_and_exit_3(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import handouts.build

    def broken(*args: object, **kwargs: object) -> int:
        raise ZeroDivisionError("Mateo")

    monkeypatch.setattr(handouts.build, "make_packet", broken)
    result = run("build", "-o", tmp_path / "p.pdf")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    # Only the kind of error: its text could hold a child's name.
    assert lines == [("internal error: ZeroDivisionError; please report it "
                      "(HANDOUTS_DEBUG=1 shows the details)")]


def test_a_failed_merge_still_reports_the_rows_and_the_summary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handouts.batch import merge
    from handouts.errors import HandoutsError

    def fails(*args: object, **kwargs: object) -> int:
        raise HandoutsError("cannot write here (No space left on device)", file=tmp_path / "m.pdf")

    monkeypatch.setattr(merge, "merge_pdfs", fails)
    roster = tmp_path / "r.csv"
    roster.write_text("child_name,treatments\nAna,\nBen,chemo-therapy\n", encoding="utf-8")
    result = run("batch", roster, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY,
                 "--merge", tmp_path / "m.pdf")
    assert result.exit_code == 1
    assert "built 1, kept 0 from an earlier run, failed 1" in result.stdout
    assert f"{roster}:3: treatments[1]: unknown treatment" in result.stderr
    assert "m.pdf: cannot write here (No space left on device)" in result.stderr


# --- D27: a packet a family filled in and saved is theirs: a rerun keeps it and says so --------

def test_a_filled_in_and_saved_packet_is_kept_and_reported_not_rebuilt(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    out = tmp_path / "out"
    assert batch(THREE, out, "--fillable").exit_code == 0
    packet = out / "003-ben.pdf"
    reader = PdfReader(packet)
    name = next(n for n in reader.get_fields() or {} if "top-1" in n)
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(None, {name: "FAMILY ANSWER"}, auto_regenerate=False)
    writer.write(packet)
    filled = packet.read_bytes()

    result = batch(THREE, out, "--fillable")
    assert result.exit_code == 0, result.output
    assert packet.read_bytes() == filled
    assert "built 0, kept 3 from an earlier run" in result.stdout
    assert "kept 1 packet changed since it was built (filled in and saved?)" in result.stdout
    assert f"note: {THREE}:3: 003-ben.pdf: changed since it was built; kept as it is; --force" \
        in result.stderr
    rows = manifest(out)
    assert [r["status"] for r in rows] == ["kept", "kept", "kept"]
    assert "changed since it was built" in rows[1]["message"] and not rows[0]["message"]

    result = batch(THREE, out, "--fillable", "--force")
    assert "built 3" in result.stdout and packet.read_bytes() != filled


# --- D28, D29, D30: preview reads only a regular file, replaces pictures only with --force, and
# --- draws a huge page at a capped size ----------------------------------------------------------

@pytest.mark.parametrize(("kind", "what"), [("device", "a device"), ("fifo", "a pipe (FIFO)"),
                                            ("folder", "a folder")])
def test_preview_of_a_device_fifo_or_folder_is_one_clear_error(tmp_path: Path, kind: str,
                                                               what: str) -> None:
    target = tmp_path / "p.pdf"
    if kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    result = run("preview", target)
    assert result.exit_code == 1
    assert f"error: {target}: the PDF is not a regular file (it is {what})" in result.output
    assert not list(tmp_path.glob("*.png"))


def test_preview_and_build_preview_replace_existing_pictures_only_with_force(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    assert run("build", "--sections", "contacts", "-o", pdf, *DAY).exit_code == 0
    photo = tmp_path / "x-page-01.png"
    photo.write_bytes(b"MY PHOTO")

    for result in (run("preview", pdf),
                   run("build", "--sections", "contacts", "-o", pdf, "--preview", *DAY)):
        assert result.exit_code == 1
        assert f"error: {photo}: page pictures are already there" in result.output
        assert "--force" in result.output
    assert photo.read_bytes() == b"MY PHOTO"

    result = run("build", "--sections", "contacts", "-o", pdf, "--preview", "--force", *DAY)
    assert result.exit_code == 0, result.output
    assert photo.read_bytes().startswith(b"\x89PNG")
    photo.write_bytes(b"MY PHOTO")
    assert run("preview", pdf, "--force").exit_code == 0
    assert photo.read_bytes().startswith(b"\x89PNG")


def test_preview_of_a_huge_page_is_drawn_at_a_capped_size(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "giant.pdf"
    page = canvas.Canvas(str(pdf), pagesize=(14_400, 7_200))
    page.drawString(10, 10, "x")
    page.showPage()
    page.save()
    result = run("preview", pdf)
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "giant-page-01.png") as picture:
        assert picture.size == (2_000, 1_000)


# --- D14: a manifest.csv that cannot be written still leaves every row reported -----------------

def test_a_manifest_write_on_a_full_disk_still_reports_every_row_and_leaves_no_stale_manifest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from handouts.batch import manifest as manifest_module

    roster = tmp_path / "r.csv"
    roster.write_text("child_name,sections\nAna,contacts\n王小明,contacts\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY).exit_code == 1
    assert (out / "manifest.csv").is_file()

    class FullDisk:
        def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
            self.real = open(fd, *args, **kwargs)  # type: ignore[call-overload]  # noqa: SIM115

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.real.close()

    monkeypatch.setattr(manifest_module, "open", FullDisk, raising=False)
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, "--force", *DAY)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "built 1, kept 0 from an earlier run, failed 1" in result.stdout
    assert "manifest.csv could not be written" in result.stdout
    assert f"error: {roster}:3: child_name: " in result.stderr
    assert f"error: {out / 'manifest.csv'}: cannot write here (No space left on device)" in result.stderr
    assert not (out / "manifest.csv").exists()
    assert not list(out.glob("*.part"))
