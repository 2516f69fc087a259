"""Checks scripts/dev as a user meets it: runs it in the background on a free port, plays the README's quick-start
curl session against it (each `# →` line under a command must match a line of its output; `…` matches anything),
then stops it the two ways a user does (SIGTERM to the process; Ctrl-C, i.e. SIGINT to the whole process group)
and checks that every process it started is gone and every port it listened on is free. Also: when moto dies,
scripts/dev says so in one line and stops everything; when DevServer is killed outright its children still exit; a
taken port, a bad option and a template it cannot use locally are clear errors.

Prints one line per check and 'dev: N passed, N failed'; exits non-zero on any failure.
Usage: python3 scripts/lib/check_dev.py [README.md]
"""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

readme = sys.argv[1] if len(sys.argv) > 1 else "README.md"
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition or not detail else "\n" + detail))
    sys.stdout.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def descendants(root):
    """Every live process below `root`, as {pid: command line}."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
                parents[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as handle:
                        found[pid] = handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
                except OSError:
                    continue
                frontier.append(pid)
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def start(port):
    log = tempfile.NamedTemporaryFile("w+", prefix="dev-", suffix=".log", delete=False)
    process = subprocess.Popen(["scripts/dev", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return process, log.name


def output(path):
    with open(path, errors="replace") as handle:
        return handle.read()


def wait_ready(process, log, port, timeout=900):
    end = time.time() + timeout
    while time.time() < end:
        if f"Local environment ready on http://127.0.0.1:{port}" in output(log):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def listening_ports(log):
    text = output(log)
    return sorted({int(p) for p in re.findall(r"DynamoDB \(moto\) on http://127\.0\.0\.1:(\d+)", text)}
                  | {int(p) for p in re.findall(r"Runtime API 127\.0\.0\.1:(\d+)", text)})


def session(port):
    """The README's quick-start session: [(command, [expected line patterns])]."""
    with open(readme) as handle:
        text = handle.read()
    match = re.search(r"<!-- quick-start session -->\s*```sh\n(.*?)```", text, re.S)
    if not match:
        return []
    steps = []
    for line in match.group(1).splitlines():
        if line.startswith("curl "):
            steps.append((line.replace("127.0.0.1:3000", f"127.0.0.1:{port}"), []))
        elif line.startswith("# → ") and steps:
            pattern = "".join(".*" if part == "…" else re.escape(part) for part in re.split("(…)", line[4:]))
            steps[-1][1].append(re.compile(pattern))
    return steps


def stop_and_check(process, log, port, how, send, expected_status=0):
    tree = descendants(process.pid)
    ports = listening_ports(log) + [port]
    check(f"{how}: scripts/dev runs moto and both functions as its children",
          any("moto_serial.py" in c for c in tree.values()) and any(c.endswith("/CommandFunction") for c in tree.values())
          and any(c.endswith("/StreamProjector") for c in tree.values()), f"processes: {tree}")
    send()
    try:
        status = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        status = None
        process.kill()
    check(f"{how}: scripts/dev exits {expected_status} within 30 s", status == expected_status, f"status {status}; output:\n{output(log)[-3000:]}")
    time.sleep(0.2)
    left = {pid: command for pid, command in tree.items() if alive(pid)}
    check(f"{how}: no process it started is left ({len(tree)} were running)", not left, f"left: {left}")
    taken = [p for p in ports if not port_free(p)]
    check(f"{how}: every port it listened on is free ({', '.join(map(str, ports))})", not taken and len(ports) >= 4, f"taken: {taken}")
    check(f"{how}: it says it stopped everything", "[dev] stopped: every child process has exited" in output(log))
    for pid in left:
        os.kill(pid, signal.SIGKILL)


# 1. The quick-start session, then SIGTERM.
port = free_port()
process, log = start(port)
ready = wait_ready(process, log, port)
check("scripts/dev starts and says where it listens", ready, output(log)[-3000:])
if ready:
    steps = session(port)
    check("the README has a quick-start session to play", len(steps) >= 6, f"{len(steps)} curl commands found")
    for command, patterns in steps:
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
        lines = result.stdout.replace("\r", "").splitlines()
        missing = [p.pattern for p in patterns if not any(p.fullmatch(line) for line in lines)]
        check(f"README: {command.split(' -H')[0][:90]}", result.returncode == 0 and patterns and not missing,
              f"expected lines not seen: {missing}\noutput:\n{result.stdout}{result.stderr}")
    stop_and_check(process, log, port, "SIGTERM", lambda: process.send_signal(signal.SIGTERM))
else:
    process.kill()

# 2. Ctrl-C: the terminal sends SIGINT to the whole foreground process group.
port = free_port()
process, log = start(port)
if wait_ready(process, log, port):
    stop_and_check(process, log, port, "Ctrl-C", lambda: os.killpg(process.pid, signal.SIGINT))
else:
    check("Ctrl-C: scripts/dev starts", False, output(log)[-3000:])
    process.kill()

# 3. moto dies: scripts/dev names it and how it ended in one [dev] line, stops everything else, and exits 1.
port = free_port()
process, log = start(port)
if wait_ready(process, log, port):
    moto = [pid for pid, command in descendants(process.pid).items() if "moto_serial.py" in command]
    stop_and_check(process, log, port, "moto killed", lambda: os.kill(moto[0], signal.SIGKILL), expected_status=1)
    deaths = [line for line in output(log).splitlines() if line.startswith("[dev]") and line.endswith("stopping everything")]
    check("moto killed: one [dev] line says which child died and how", deaths == [
        "[dev] moto (DynamoDB) has died: killed by signal 9 (SIGKILL); stopping everything"], output(log)[-3000:])
else:
    check("moto killed: scripts/dev starts", False, output(log)[-3000:])
    process.kill()

# 4. DevServer killed outright (SIGKILL: no chance to stop anything): its children still go, on their own.
port = free_port()
process, log = start(port)
if wait_ready(process, log, port):
    tree = descendants(process.pid)
    process.kill()
    process.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(alive(pid) for pid in tree):
        time.sleep(0.1)
    left = {pid: command for pid, command in tree.items() if alive(pid)}
    check(f"SIGKILL: moto and the functions exit on their own when DevServer is gone ({len(tree)} were running)", tree and not left, f"left: {left}")
    for pid in left:
        os.kill(pid, signal.SIGKILL)
else:
    check("SIGKILL: scripts/dev starts", False, output(log)[-3000:])
    process.kill()

# 5. The port is taken: a clear error, a non-zero exit, nothing left behind.
with socket.socket() as blocker:
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    process, log = start(port)
    status = process.wait(timeout=120)
    text = output(log)
    check("a taken port: scripts/dev exits 1 saying so and how to choose another",
          status == 1 and f"cannot listen on 127.0.0.1:{port}" in text and "--port N" in text, f"status {status}\n{text[-2000:]}")
    check("a taken port: no process is left behind", not descendants(process.pid) and not any(
        f"moto_serial.py 127.0.0.1 {p}" in c for p in listening_ports(log) for c in descendants(1).values()))

# 6. Bad options: exit 2 with the reason and the usage, before anything starts.
bin_path = subprocess.run(["swift", "build", "--show-bin-path"], capture_output=True, text=True).stdout.strip()
for arguments, reason in [
    (["--port", "70000"], "--port must be a number from 0 to 65535, not 70000"),
    (["--port"], "--port needs a value"),
    (["--log-level", "LOUD"], "--log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, not LOUD"),
    (["--log-format", "XML"], "--log-format must be Text or JSON, not XML"),
    (["--stream-retries", "-1"], "--stream-retries must be a number ≥ 0, not -1"),
    (["--frobnicate"], "unknown argument --frobnicate"),
    (["--\x1b[31mred"], "unknown argument --\\x1b[31mred"),
]:
    result = subprocess.run([f"{bin_path}/DevServer", *arguments], capture_output=True, text=True, timeout=30)
    shown = " ".join(arguments).replace("\x1b", "\\x1b")
    check(f"DevServer {shown}: exit 2, saying why", result.returncode == 2 and reason in result.stderr
          and "usage: scripts/dev" in result.stderr and "\x1b" not in result.stderr, f"status {result.returncode}\n{ascii(result.stderr)}")
result = subprocess.run([f"{bin_path}/DevServer", "--help"], capture_output=True, text=True, timeout=30)
check("DevServer --help: the usage, exit 0", result.returncode == 0 and result.stdout.startswith("usage: scripts/dev"), result.stdout + result.stderr)

# 7. A template the local environment cannot read locally: template_settings.py says what and why.
for body, reason in [
    ("Parameters:\n  Needed:\n    Type: String\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
     "    Properties:\n      Environment:\n        Variables:\n          X: !Ref Needed\n", "parameter Needed has no default"),
    ("Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:\n"
     "          X: !GetAtt Q.Arn\n", "no local value for"),
    ("Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        S:\n          Type: DynamoDB\n"
     "          Properties:\n            Stream: arn:aws:dynamodb:stream\n            StartingPosition: LATEST\n", "a stream source must be !GetAtt TABLE.StreamArn"),
]:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as template:
        template.write(body)
    result = subprocess.run([sys.executable, "scripts/lib/template_settings.py", template.name], capture_output=True, text=True)
    check(f"template_settings.py refuses a template: {reason}", result.returncode != 0 and reason in result.stderr, result.stdout + result.stderr)
    os.unlink(template.name)

print(f"dev: {sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
