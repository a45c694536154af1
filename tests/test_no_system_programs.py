"""The suite needs nothing but Python: the guard in conftest.py fails any test that starts
poppler's programs, whether they are installed or not, in this process or in a child."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Launches

TESTS = Path(__file__).parent

LAUNCHERS: dict[str, Callable[[], object]] = {
    "a list": lambda: subprocess.run(["pdftotext", "packet.pdf", "-"], check=False),
    "a full path": lambda: subprocess.run(["/usr/bin/pdftoppm", "-png", "packet.pdf", "page"],
                                          check=False),
    "a shell": lambda: subprocess.run("pdffonts packet.pdf | head -3", shell=True, check=False),
    "os.system": lambda: os.system("true && pdftotext packet.pdf -"),
    "os.posix_spawnp": lambda: os.posix_spawnp("pdffonts", ["pdffonts", "packet.pdf"], {}),
}


@pytest.mark.parametrize("how", LAUNCHERS)
def test_starting_a_poppler_program_in_the_tests_is_refused(how: str, launches: Launches) -> None:
    with pytest.raises(RuntimeError, match=r"a test started pdf(totext|toppm|fonts)"):
        LAUNCHERS[how]()
    assert len(launches.take()) == 1


def test_a_child_process_that_starts_one_is_caught_too(launches: Launches) -> None:
    code = "import subprocess; raise SystemExit(subprocess.run(['pdffonts', 'p.pdf']).returncode)"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=False)
    assert child.returncode == 127
    assert "pdffonts is not a dependency of the tests" in child.stderr
    assert launches.take() == ["pdffonts"]


def test_other_programs_and_words_that_only_mention_poppler_are_let_through(
        launches: Launches) -> None:
    done = subprocess.run(["echo", "pdftotext"], capture_output=True, text=True, check=True)
    assert done.stdout == "pdftotext\n"
    assert subprocess.run("echo pdftotext.txt", shell=True, check=True,
                          capture_output=True).returncode == 0
    assert launches.take() == []


def test_a_test_that_starts_one_fails_even_if_it_hides_the_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(support=(TESTS / "support.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_inner='''
        import subprocess, sys

        def test_reads_with_pdftotext():
            subprocess.run(["pdftotext", "packet.pdf", "-"])

        def test_hides_the_error():
            try:
                subprocess.run(["pdffonts", "packet.pdf"])
            except Exception:
                pass

        def test_a_child_starts_pdftoppm():
            subprocess.run([sys.executable, "-c",
                            "import subprocess; subprocess.run(['pdftoppm', '-v'])"])

        def test_reads_with_python():
            pass
        ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    # The one that lets the error out fails; all three are failed again at teardown, so the two
    # that hide it (in a try or in a child process) cannot pass.
    result.assert_outcomes(failed=1, passed=3, errors=3)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_hides_the_error*",
                                 "*this test started pdffonts*",
                                 "*ERROR at teardown of test_a_child_starts_pdftoppm*",
                                 "*this test started pdftoppm*"])
