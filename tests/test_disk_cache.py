"""What is kept on disk between runs (handouts/disk_cache.py, issue 16): the checked content
pack, and a clinic's QR code.

The cache must never serve a stale value or break a run: an edited data file or overlay is read
again, a damaged or unwritable cache is a miss, a pack with problems is never kept, two runs
filling it at once both get the right content, and nothing about a child is ever stored.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handouts import disk_cache
from handouts.errors import HandoutsError
from handouts.inputs import content as content_module
from handouts.inputs import content_cache
from handouts.inputs.content import load_content

from support import FIXTURES

OVERLAY = FIXTURES / "overlay-english-only"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(folder))
    return folder


def _packs(folder: Path) -> list[Path]:
    return sorted(folder.glob("content-*.pickle"))


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was read again")
    monkeypatch.setattr(content_module, "load", refuse)


def test_a_second_load_of_the_same_files_reads_no_yaml(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_content()
    assert len(_packs(cache)) == 1
    _no_yaml(monkeypatch)
    assert load_content() == first


def test_the_cached_pack_is_private_to_the_user(cache: Path) -> None:
    load_content()
    assert (_packs(cache)[0].stat().st_mode & 0o777) == 0o600
    assert (cache.stat().st_mode & 0o777) == 0o700


def test_an_edited_overlay_file_is_read_again(cache: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    shutil.copytree(OVERLAY, overlay)
    before = load_content([overlay])
    extra = overlay / "extra.yaml"
    extra.write_text(extra.read_text("utf-8").replace("about a fever", "about a cough"), "utf-8")
    after = load_content([overlay])
    question = next(q for q in after.questions if q.id == "clinic-english-only")
    assert question.text["en"] == "Who do we call at our clinic about a cough?"
    assert before != after
    assert len(_packs(cache)) == 2


def test_a_renamed_content_folder_is_a_new_pack(cache: Path, tmp_path: Path) -> None:
    """A pack records where its content came from (messages name the file)."""
    shutil.copytree(OVERLAY, tmp_path / "one")
    shutil.copytree(OVERLAY, tmp_path / "two")
    one = load_content([tmp_path / "one"])
    two = load_content([tmp_path / "two"])
    assert str(tmp_path / "two") in two.questions[-1].where
    assert one.questions[-1].where != two.questions[-1].where


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "another object"])
def test_a_damaged_pack_is_a_miss_and_is_written_again(
        cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    good = load_content()
    pack = _packs(cache)[0]
    data = pack.read_bytes()
    if damage == "truncated":
        pack.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        pack.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        pack.write_bytes(b"")
    else:
        import hashlib
        import pickle
        payload = disk_cache.FORMAT + pickle.dumps({"not": "content"})
        pack.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert load_content() == good
    _no_yaml(monkeypatch)
    assert load_content() == good  # written again, whole


def test_a_cache_folder_that_cannot_be_made_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(blocker / "cache"))
    assert load_content().questions
    assert blocker.read_text("utf-8") == "not a folder"


def test_an_empty_cache_setting_turns_the_cache_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert disk_cache.cache_dir() is None
    assert load_content().questions
    assert not list(tmp_path.iterdir())


def test_content_with_problems_is_never_cached(cache: Path) -> None:
    for _ in range(2):
        with pytest.raises(HandoutsError):
            load_content([FIXTURES / "overlay-broken"])
    assert _packs(cache) == []


def test_the_cache_keeps_a_few_packs_only(cache: Path, tmp_path: Path) -> None:
    for n in range(content_cache.KEEP + 3):
        overlay = tmp_path / f"overlay-{n}"
        shutil.copytree(OVERLAY, overlay)
        load_content([overlay])
    assert len(_packs(cache)) == content_cache.KEEP


def test_a_part_left_by_a_killed_run_is_cleared_later(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    left = cache / ".content-0123.pickle.4242-0a0b0c0d.part"
    left.write_bytes(b"half a pack")
    old = 1_000_000_000
    os.utime(left, (old, old))
    load_content()
    assert not left.exists()


def test_two_runs_filling_the_cache_at_once_both_get_the_content(cache: Path) -> None:
    code = ("from handouts.inputs.content import load_content; "
            "print(len(load_content().questions))")
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    counts = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert counts[0] == counts[1] == str(len(load_content().questions))
    assert len(_packs(cache)) == 1
    assert not list(cache.glob(".*.part"))


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_a_pack_name_that_is_not_a_regular_file_is_not_read(
        cache: Path, tmp_path: Path, kind: str) -> None:
    good = load_content()
    pack = _packs(cache)[0]
    pack.unlink()
    if kind == "link":
        pack.symlink_to("/dev/zero")
    else:
        os.mkfifo(pack)  # opening it for reading would wait for a writer forever
    assert load_content() == good



QR_CLINIC = FIXTURES / "layout-long-clinic.yaml"


def _build(out: Path) -> subprocess.CompletedProcess[str]:
    """A build in a fresh process, saying whether reportlab's barcode package was imported."""
    code = ("import sys\n"
            "from handouts.commands import main\n"
            "try:\n"
            f"    main(['build', '--clinic', {str(QR_CLINIC)!r}, '--child', 'Ana Lee',\n"
            f"          '--date', '2026-11-30', '-o', {str(out)!r}])\n"
            "except SystemExit as done:\n"
            "    print('barcode' if 'reportlab.graphics.barcode' in sys.modules else 'none')\n"
            "    raise\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=120)


def test_a_clinics_qr_code_is_encoded_once_and_drawn_the_same_from_the_cache(
        cache: Path, tmp_path: Path) -> None:
    first, second = _build(tmp_path / "first.pdf"), _build(tmp_path / "second.pdf")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split()[-1] == "barcode"
    assert second.stdout.split()[-1] == "none"  # from the cache: no encoder imported
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()
    assert len(list(cache.glob("qr-*.pickle"))) == 1


def test_a_damaged_qr_code_in_the_cache_is_encoded_again(cache: Path, tmp_path: Path) -> None:
    assert _build(tmp_path / "first.pdf").returncode == 0
    for file in cache.glob("qr-*.pickle"):
        file.write_bytes(file.read_bytes()[:-7])
    again = _build(tmp_path / "again.pdf")
    assert again.returncode == 0 and again.stdout.split()[-1] == "barcode"
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "again.pdf").read_bytes()


def test_nothing_about_a_child_reaches_the_cache(cache: Path, tmp_path: Path) -> None:
    profile = FIXTURES / "speed" / "hostile.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "handouts", "build", "--profile", str(profile), "--clinic",
         str(QR_CLINIC), "-o", str(tmp_path / "p.pdf")],
        capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    stored = b"".join(file.read_bytes() for file in cache.iterdir())
    for private in ("Ζωή", "Supercalifragilistic", "Coordinadora de enfermería"):
        assert private.encode() not in stored


# Found by the attack on issue 16 (each failed before its fix).

def test_no_home_folder_is_a_cache_miss_not_an_internal_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME unset and a user id with no passwd entry (a container's random uid)."""
    monkeypatch.delenv("HANDOUTS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home(cls: type) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert disk_cache.cache_dir() is None
    assert load_content().questions


def test_a_relative_xdg_cache_home_is_ignored_and_a_tilde_is_the_home_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HANDOUTS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relcache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert disk_cache.cache_dir() == tmp_path / ".cache" / "handouts"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "~/tilde")
    assert disk_cache.cache_dir() == tmp_path / "tilde"


def test_a_cached_pack_names_the_overlay_path_given_in_this_run(cache: Path,
                                                               tmp_path: Path) -> None:
    """Messages name the file by the path this run was given, not another run's."""
    first, second = tmp_path / "first-link", tmp_path / "second-link"
    first.symlink_to(OVERLAY.resolve(), target_is_directory=True)
    second.symlink_to(OVERLAY.resolve(), target_is_directory=True)
    load_content([first])
    content = load_content([second])
    where = next(q.where for q in content.questions if q.id == "clinic-english-only")
    assert where.startswith(str(second)), where


def test_a_pack_is_stored_only_if_its_files_did_not_change_while_they_were_read(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saving a file between the hash and the read must not store new content
    under the old bytes' name."""
    overlay = tmp_path / "overlay"
    shutil.copytree(OVERLAY, overlay)
    original = (overlay / "extra.yaml").read_text(encoding="utf-8")
    real_name = content_cache._name

    def saved_while_hashing(*args: object) -> str | None:
        name = real_name(*args)  # type: ignore[arg-type]
        (overlay / "extra.yaml").write_text(original.replace("a fever", "an EDIT"),
                                            encoding="utf-8")
        return name

    monkeypatch.setattr(content_cache, "_name", saved_while_hashing)
    load_content([overlay])
    monkeypatch.setattr(content_cache, "_name", real_name)
    (overlay / "extra.yaml").write_text(original, encoding="utf-8")
    content = load_content([overlay])
    text = next(q.text for q in content.questions if q.id == "clinic-english-only")
    assert text["en"] == "Who do we call at our clinic about a fever?", text


def test_a_pack_made_by_other_code_is_not_used(cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The version number never changes between commits: the code's own hash names packs."""
    load_content()
    monkeypatch.setattr(content_cache, "code_digest", lambda: "another program")
    _no_yaml(monkeypatch)
    with pytest.raises(AssertionError, match="read again"):
        load_content()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
@pytest.mark.parametrize("shared", ["folder", "file"])
def test_a_pack_others_can_write_is_never_unpickled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: str) -> None:
    """Loading a pickle runs whatever it says: a shared cache folder must not be trusted."""
    import hashlib
    import pickle

    folder = tmp_path / "cache"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(folder))
    load_content()
    pack = next(folder.glob("content-*.pickle"))
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, ...]:
            return (Path.write_text, (marker, "ran"))

    payload = disk_cache.FORMAT + pickle.dumps(Planted())
    pack.write_bytes(hashlib.sha256(payload).digest() + payload)
    (folder if shared == "folder" else pack).chmod(0o777 if shared == "folder" else 0o666)
    assert load_content().questions
    assert not marker.exists(), "a pack others could write was unpickled"



# Found by the second attack on issue 16 (each failed before its fix).

STARTER = Path(__file__).resolve().parent.parent / "data" / "starter"


def _starter_build(tmp_path: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "HANDOUTS_CACHE_DIR"} | env
    return subprocess.run(
        [sys.executable, "-m", "handouts", "build", "--profile", str(STARTER / "profile.yaml"),
         "--clinic", str(STARTER / "clinic.yaml"), "-o", str(tmp_path / "p.pdf"), "--force",
         *extra], capture_output=True, text=True, env=full, cwd=tmp_path, timeout=120, check=False)


def test_a_cache_folder_naming_an_unknown_users_home_is_no_cache_not_an_internal_error(
        tmp_path: Path) -> None:
    done = _starter_build(tmp_path, {"HANDOUTS_CACHE_DIR": "~nosuchuser-handouts/cache"})
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="bytes file names")
@pytest.mark.parametrize("where", ["folder", "file"])
def test_an_overlay_whose_name_is_not_utf8_builds_with_the_cache_as_without(
        tmp_path: Path, where: str) -> None:
    folder = Path(os.fsdecode(os.fsencode(str(tmp_path)) + (b"/ov\xff" if where == "folder"
                                                            else b"/ov")))
    folder.mkdir()
    name = "a.yaml" if where == "folder" else os.fsdecode(b"x\xfe.yaml")
    (folder / name).write_text("hide: []\n", encoding="utf-8")
    without = _starter_build(tmp_path, {"HANDOUTS_CACHE_DIR": ""}, "--content", str(folder))
    assert without.returncode == 0, without.stderr
    cached = _starter_build(tmp_path, {"HANDOUTS_CACHE_DIR": str(tmp_path / "cache")},
                            "--content", str(folder))
    assert cached.returncode == 0, cached.stderr


def test_a_qr_code_made_by_other_code_is_not_used(
        monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    from handouts.render import flowables

    names: list[str] = []
    real = disk_cache.read

    def spy(kind: str, name: str) -> object:
        names.append(name)
        return real(kind, name)

    monkeypatch.setattr(disk_cache, "read", spy)
    flowables._squares.cache_clear()
    flowables._squares("https://example.org/code")
    monkeypatch.setattr(flowables, "code_digest", lambda: "other code")
    flowables._squares.cache_clear()
    flowables._squares("https://example.org/code")
    flowables._squares.cache_clear()
    assert names[0] != names[1]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_no_folder_is_made_in_a_home_that_belongs_to_someone_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """root with another user's HOME (sudo -E) must not leave a root-owned ~/.cache there."""
    home = tmp_path / "alice"
    home.mkdir()
    os.chown(home, 4243, 4243)
    monkeypatch.delenv("HANDOUTS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert load_content().questions
    assert not (home / ".cache").exists()


def test_a_blank_cache_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", " ")
    assert disk_cache.cache_dir() is None
