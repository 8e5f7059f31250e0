"""Unit tests of the grader's verdicts: only a sealed report earns points, partial
credit is clamped, any signal has a name. Run by the course's check (grading.unit)."""
import json
import signal
import tempfile
import unittest
from pathlib import Path

import grade
import sandbox


def outcome(returncode=0, output="", killed=""):
    return sandbox.Outcome(returncode=returncode, killed_because=killed, output=output)


def entry(result="COMPLETED", secret="s3cret", **extra):
    return {"name": "Test", "result": result, "grading_secret": secret, **extra}


class Verdicts(unittest.TestCase):
    def judged(self, entries, out=None, kind="tests"):
        test = grade.TestResult("Suite.Test", 1, 3, {"kind": kind})
        grade.judge(test, out or outcome(), entries, 10)
        return test

    def test_printed_success_without_a_sealed_report_earns_nothing(self):
        test = self.judged([None], outcome(0, "[  PASSED  ] 1 test.\n"))
        self.assertEqual(test.earned, 0)
        self.assertIn("exited early (code 0)", test.reason)

    def test_a_report_without_this_runs_secret_is_ignored(self):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "r.json"
            report.write_text(json.dumps({"testsuites": [{"name": "Suite", "testsuite": [entry(secret="forged")]}]}))
            self.assertIsNone(grade.sealed_result(report, "Suite.Test", "s3cret"))
            self.assertIsNotNone(grade.sealed_result(report, "Suite.Test", "forged"))

    def test_fractions_are_clamped_and_only_for_speedup_tests(self):
        self.assertEqual(self.judged([entry(grading_fraction="5")], kind="speedup").earned, 3)
        self.assertEqual(self.judged([entry(grading_fraction="-2")], kind="speedup").earned, 0)
        self.assertEqual(self.judged([entry(grading_fraction="nan")], kind="speedup").earned, 0)
        self.assertEqual(self.judged([entry(grading_fraction="0.5")], kind="speedup").earned, 1.5)
        self.assertEqual(self.judged([entry(grading_fraction="0.1")], kind="tests").earned, 3)

    def test_only_the_harness_may_skip_and_only_a_speedup_test(self):
        self.assertEqual(self.judged([entry("SKIPPED")]).status, "failed")
        self.assertEqual(self.judged([entry("SKIPPED")], kind="speedup").status, "failed")
        self.assertEqual(self.judged([entry("SKIPPED", grading_skip="1")], kind="speedup").status, "skipped")

    def test_every_rank_must_pass(self):
        failing = entry(failures=[{"failure": "t.cpp:3\nExpected equality\n  a\nrank 2 lost its share"}])
        test = self.judged([entry(), failing], outcome(1))
        self.assertEqual(test.earned, 0)
        self.assertIn("rank 2 lost its share", test.reason)

    def test_real_time_signals_have_names(self):
        self.assertEqual(grade.signal_name(signal.SIGRTMIN + 1), "SIGRTMIN+1")
        test = self.judged([None], outcome(-(signal.SIGRTMIN + 1)))
        self.assertIn("crashed (SIGRTMIN+1)", test.reason)

    def test_the_tests_sentence_leads(self):
        text = grade.explain_failure("a/b/t.cpp:12\nExpected: (x) >= (8), actual: 1 vs 8\nat most 1 ran at once, 8 expected")
        self.assertTrue(text.startswith("at most 1 ran at once, 8 expected — Expected: (x) >= (8)"), text)
        self.assertTrue(text.endswith("(t.cpp:12)"))

    def test_cut_output_and_leftovers_are_reported(self):
        out = outcome(0)
        out.output_cut, out.leftovers = True, 3
        test = self.judged([entry()], out)
        self.assertEqual(test.earned, 3)
        self.assertIn("printed more than 8 MiB (cut)", test.reason)
        self.assertIn("left 3 processes running; they were killed", test.reason)


class Rubric(unittest.TestCase):
    def test_the_rubric_comes_from_the_sources(self):
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "t_test.cpp"
            source.write_text("GRADED_TEST(A, B, 2, 3) {\n}\n// GRADED_TEST(Not, Counted, 1, 1) in a comment\n")
            tests = grade.rubric({"binaries": [{"sources": [str(source)]}]})
            self.assertEqual([(t.name, t.task, t.points) for t in tests], [("A.B", 2, 3.0)])


class Files(unittest.TestCase):
    def test_results_are_written_atomically_in_gradescopes_format(self):
        lab = grade.LabResult("Lab 01", [grade.TestResult("A.B", 1, 2, earned=1, reason="partial credit (50%)")],
                              lab="01")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out" / "results.json"
            grade.write_results_json([lab], str(path))
            data = json.loads(path.read_text())
            self.assertEqual(data["score"], 1)
            self.assertEqual(set(data["tests"][0]), {"name", "number", "score", "max_score", "status", "output",
                                                     "visibility"})
            self.assertEqual([p.name for p in path.parent.iterdir()], ["results.json"])



class Classroom(unittest.TestCase):
    def test_the_workflow_grades_each_lab_as_its_own_step(self):
        import sys
        sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
        import instructor
        text = instructor.classroom_workflow(["00", "01"])
        self.assertEqual(text.count("uses: classroom-resources/autograding-command-grader@v1"), 2)
        self.assertIn("command: ./course test 01", text)
        self.assertIn("max-score: 20", text)  # lab 01's points, read from its test sources
        self.assertIn('LAB-01_RESULTS: "${{steps.lab-01.outputs.result}}"', text)
        self.assertIn("runners: lab-00,lab-01", text)


# Run as a user other than root: holds 300 threads of its own, as a desktop's browser would,
# then has the sandbox run a test that starts 150 threads, and one that tries 400.
CAP_PROBE = r"""
import os, sys, threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sandbox
from pathlib import Path
folder = Path(sys.argv[1])
starter = folder / "start_threads.py"
starter.write_text("import sys, threading\n"
                   "gate = threading.Event()\n"
                   "started = 0\n"
                   "try:\n"
                   "    for _ in range(int(sys.argv[1])):\n"
                   "        threading.Thread(target=gate.wait).start()\n"
                   "        started += 1\n"
                   "except RuntimeError:\n"
                   "    pass\n"
                   "gate.set()\n"
                   "print(started)\n")
gate = threading.Event()
mine = [threading.Thread(target=gate.wait) for _ in range(300)]
for thread in mine:
    thread.start()
try:
    for wanted in (150, 400):
        out = folder / f"out{wanted}"
        sandbox.run([sys.executable, str(starter), str(wanted)], timeout=30, env=dict(os.environ),
                    cwd=str(folder), output_path=out)
        print(wanted, out.read_text().strip())
finally:
    gate.set()
"""


class ProcessCap(unittest.TestCase):
    def test_a_users_own_threads_do_not_eat_the_tests_allowance(self):
        """Without a pids cgroup, the cap is RLIMIT_NPROC, which counts all of the user's
        threads: it must start above the ones the user already runs."""
        import os
        import shutil
        import subprocess
        import sys
        python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
        with tempfile.TemporaryDirectory() as folder:
            os.chmod(folder, 0o777)
            shutil.copy(Path(__file__).with_name("sandbox.py"), folder)
            probe = Path(folder) / "cap_probe.py"
            probe.write_text(CAP_PROBE)
            command = [python, str(probe), folder]
            if os.geteuid() == 0:  # as root the sandbox takes a user id of its own instead
                if shutil.which("setpriv") is None:
                    self.skipTest("setpriv is needed to run the probe as another user")
                command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        started = dict(line.split() for line in done.stdout.splitlines())
        self.assertEqual(started["150"], "150")  # the allowance is the test's own
        self.assertLess(int(started["400"]), 250)  # and it is still a cap


if __name__ == "__main__":
    unittest.main()
