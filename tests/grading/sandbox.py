"""Runs one untrusted command so that it cannot outlive, flood or starve the grader.

Student code may fork, detach (setsid, double fork, daemon()), loop forever, print
without end or allocate without bound. `run()` contains all of it:
  - the grader is a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER): every process
    the command starts, however it detaches, stays a descendant of the grader, so it can
    be found and killed;
  - output goes to a file (never a pipe that a leftover process could hold open), capped
    by RLIMIT_FSIZE; writes past the cap fail and the report says so;
  - limits: a process count (a pids cgroup where the grader may make one, else
    RLIMIT_NPROC, which root ignores, so the watchdog counts too), memory (the watchdog
    sums the resident memory of the whole tree; RLIMIT_AS as a backstop outside sanitizer
    builds, whose shadow memory needs terabytes of address space), CPU time, no core files;
  - run as root (CI, containers), the command gets a user id of its own, unused by anyone
    else, so a stray `kill(-1, SIGKILL)` in student code reaches only its own processes,
    never the grader, CI or another grader running beside it; RLIMIT_NPROC then applies;
  - a watchdog polls the tree: past the time limit, the process limit or the memory
    limit, it kills everything;
  - when the command ends, or on a timeout, Ctrl-C or SIGTERM, the whole tree is
    frozen (SIGSTOP) and killed (SIGKILL), and every process is reaped; the result says
    how many processes were left behind.
"""
from __future__ import annotations

import ctypes
import dataclasses
import os
import resource
import signal
import subprocess
import time
from pathlib import Path

OUTPUT_CAP = 8 << 20          # bytes of output kept per test
MEMORY_CAP = 2 << 30          # resident bytes of the whole process tree
ADDRESS_SPACE_CAP = 16 << 30  # RLIMIT_AS backstop (not under sanitizers)
PROCESS_CAP = 200             # live processes of the tree
POLL_SECONDS = 0.02

PR_SET_CHILD_SUBREAPER = 36
_subreaper = False


def become_subreaper() -> None:
    """Orphans of our descendants are re-parented to us instead of to init (Linux 3.4+)."""
    global _subreaper
    if _subreaper or not Path("/proc/self/stat").exists():
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        _subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        _subreaper = False


@dataclasses.dataclass
class Outcome:
    returncode: int | None = None   # None: killed by the grader (see `killed_because`)
    killed_because: str = ""        # "timeout" | "processes" | "memory" | "interrupted" | ""
    output: str = ""
    output_cut: bool = False
    leftovers: int = 0              # processes still running when the command ended
    seconds: float = 0.0


class Interrupted(Exception):
    """Ctrl-C or SIGTERM arrived while a command ran; everything it started is gone."""


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, resident pages) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2:].split()  # the name may hold spaces and parentheses
    return int(fields[1]), int(fields[21])


def descendants(root: int | None = None) -> dict[int, int]:
    """pid -> resident pages of every descendant of `root` (default: this process)."""
    root = os.getpid() if root is None else root
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            info = _stat(int(entry.name))
            if info:
                parents[int(entry.name)], resident[int(entry.name)] = info
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found: dict[int, int] = {}
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        if pid not in found:
            found[pid] = resident[pid]
            stack.extend(children.get(pid, []))
    return found


def _reap_all() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_tree(group: int | None = None) -> int:
    """Kills every descendant of the grader; returns how many there were (zombies
    excluded). Freezes them first, so a fork loop cannot outrun the killing."""
    if group is not None:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    seen: set[int] = set()
    for _ in range(100):
        alive = [pid for pid in descendants() if not _is_zombie(pid)]
        if not alive:
            break
        seen.update(alive)
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in alive:
                try:
                    os.kill(pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
        _reap_all()
        time.sleep(0.005)
    _reap_all()
    return len(seen)


def _is_zombie(pid: int) -> bool:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return text[text.rfind(")") + 2:].startswith("Z")


class _PidsCgroup:
    """A pids cgroup (v2 or v1) that caps the live processes of one command, where the
    grader may create one (root, or a delegated subtree); otherwise does nothing."""

    def __init__(self, limit: int):
        self.path: Path | None = None
        for base in (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup")):
            if not (base / "cgroup.procs").exists() or not os.access(base, os.W_OK):
                continue
            if base == Path("/sys/fs/cgroup") and "pids" not in _read(base / "cgroup.subtree_control"):
                continue
            path = base / f"course-grader-{os.getpid()}-{time.monotonic_ns()}"
            try:
                path.mkdir()
                (path / "pids.max").write_text(str(limit))
                self.path = path
                return
            except OSError:
                try:
                    path.rmdir()
                except OSError:
                    pass

    def join(self) -> None:
        """Called in the child, before exec: moves it into the cgroup."""
        if self.path:
            try:
                (self.path / "cgroup.procs").write_text(str(os.getpid()))
            except OSError:
                pass

    def remove(self) -> None:
        if self.path:
            try:
                self.path.rmdir()
            except OSError:
                pass


def private_uid() -> int | None:
    """A user id for one grader's tests when the grader runs as root: no account has it
    (ids 61000-64999, below Debian's nobody), and graders running side by side (CTest -j)
    get different ones. None when not root, or when COURSE_GRADER_AS_ROOT=1 asks for
    the old behaviour."""
    if os.geteuid() != 0 or os.environ.get("COURSE_GRADER_AS_ROOT") == "1":
        return None
    return 61000 + os.getpid() % 4000


def reachable_by_others(program: str) -> bool:
    """Whether a user with no rights of its own can run `program` (every folder on the way
    searchable by others, the file executable by others). Not so, say, under root's 0700
    home: then the test runs as the grader's own user."""
    import shutil
    import stat
    found = shutil.which(program) or program
    path = Path(found).resolve()
    try:
        if not path.stat().st_mode & stat.S_IXOTH:
            return False
        return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.parents)
    except OSError:
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def threads_of(uid: int) -> int:
    """How many threads `uid` runs now. On Linux RLIMIT_NPROC counts a user's threads, not
    processes: a desktop's browser and editor may hold hundreds, so the cap starts above them."""
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += len(os.listdir(f"/proc/{entry.name}/task"))
        except OSError:
            pass  # it ended meanwhile
    return count


def run(command: list[str], *, timeout: float, env: dict[str, str], cwd: str, output_path: Path,
        sanitized: bool = False, process_cap: int = PROCESS_CAP, memory_cap: int = MEMORY_CAP) -> Outcome:
    """Runs `command` contained (see the module's docstring) and returns what happened."""
    become_subreaper()
    cgroup = _PidsCgroup(process_cap)
    cpu_seconds = int(timeout * (os.cpu_count() or 1) * 2 + 10)
    programs = [part for part in command if part.startswith("/") and Path(part).is_file()] or command[:1]
    uid = private_uid() if all(reachable_by_others(p) for p in programs) else None
    if uid is not None:  # the test writes its report, its output and any timelines as that user
        timelines = [Path(env["COURSE_TIMELINE_DIR"])] if env.get("COURSE_TIMELINE_DIR") else []
        for path in (Path(cwd), output_path, *timelines):
            if not path.exists():
                path.touch()
            os.chown(path, uid, uid)

    user_threads = threads_of(os.getuid()) if uid is None and os.geteuid() != 0 else 0

    def limit_child() -> None:
        cgroup.join()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the cap, writes fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_CAP, OUTPUT_CAP))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        if not sanitized:
            resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            resource.setrlimit(resource.RLIMIT_NPROC, (process_cap, process_cap))
        elif os.geteuid() != 0:  # the user's own threads count against the limit too
            resource.setrlimit(resource.RLIMIT_NPROC, (user_threads + process_cap,) * 2)

    outcome = Outcome()
    started = time.monotonic()
    interrupted = False
    page = os.sysconf("SC_PAGE_SIZE")
    with open(output_path, "wb") as sink:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                   env=env, cwd=cwd, start_new_session=True, preexec_fn=limit_child)
    try:
        while True:
            if process.poll() is not None:
                outcome.returncode = process.returncode
                break
            elapsed = time.monotonic() - started
            tree = descendants()
            if elapsed > timeout:
                outcome.killed_because = "timeout"
            elif len(tree) > process_cap:
                outcome.killed_because = "processes"
            elif sum(tree.values()) * page > memory_cap:
                outcome.killed_because = "memory"
            if outcome.killed_because:
                break
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        interrupted = True
        outcome.killed_because = "interrupted"
    finally:
        # Whatever happened, nothing the command started survives it.
        leftovers = [pid for pid in descendants() if pid != process.pid and not _is_zombie(pid)]
        kill_tree(process.pid)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        cgroup.remove()
        outcome.leftovers = len(leftovers) if outcome.returncode is not None else 0
        outcome.seconds = time.monotonic() - started

    size = output_path.stat().st_size
    outcome.output_cut = size >= OUTPUT_CAP
    with open(output_path, "rb") as kept:
        if size > 256 << 10:  # keep the start and the end of a long output
            head = kept.read(128 << 10)
            kept.seek(size - (128 << 10))
            data = head + b"\n[... output cut ...]\n" + kept.read()
        else:
            data = kept.read()
    outcome.output = data.decode("utf-8", errors="replace")
    if interrupted:
        raise Interrupted()
    return outcome
