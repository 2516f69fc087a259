import EventSourcingLocalEnvironment
import Foundation
import Testing

@Suite("A child process: its output prefixed line by line, its signals its own, its end observed")
struct ChildProcessTests {
    @Test("stdout and stderr reach the console as whole lines under the child's name; the exit status is kept")
    func output() async throws {
        let console = ConsoleCapture()
        let child = try ChildProcess(
            name: "shell", executable: "/bin/sh", arguments: ["-c", "echo one; echo two >&2; printf 'no newline'; exit 7"],
            environment: [:], log: console.log)
        #expect(child.wait(timeout: 10) == .exited(7))
        #expect(console.lines == ["[shell] one", "[shell] two", "[shell] no newline"])
    }

    @Test("what a terminal would obey in a child's output reaches the console escaped; tabs and CRLF line ends do not")
    func controlCharacters() async throws {
        let console = ConsoleCapture()
        let child = try ChildProcess(
            name: "shell", executable: "/usr/bin/printf",
            arguments: ["\\033[31mred\\033[0m\\a\\0\\177 a\\tb\\rover\\r\\n\\302\\233 \\342\\200\\256 caf\\303\\251\\n"], environment: [:], log: console.log)
        #expect(child.wait(timeout: 10) == .exited(0))
        #expect(console.lines == ["[shell] \\x1b[31mred\\x1b[0m\\x07\\x00\\x7f a\tb\\x0dover", "[shell] \\u{9B} \\u{202E} café"])
    }

    @Test("the child gets exactly the environment it is given")
    func environment() async throws {
        let console = ConsoleCapture()
        let child = try ChildProcess(name: "env", executable: "/usr/bin/env", environment: ["ONLY": "this"], log: console.log)
        #expect(child.wait(timeout: 10) == .exited(0))
        #expect(console.lines == ["[env] ONLY=this"])
    }

    @Test("SIGTERM stops a child even when the parent blocks it, and the child has a process group of its own")
    func signals() async throws {
        let console = ConsoleCapture()
        // Block SIGTERM on this thread, as DevServer does on every thread: the child must not inherit the mask.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let child = try ChildProcess(name: "sleeper", executable: "/bin/sleep", arguments: ["30"], environment: [:], log: console.log)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        #expect(getpgid(child.pid) == child.pid)
        #expect(child.isRunning)
        #expect(child.stop(grace: 5) == .signalled(SIGTERM))
        #expect(kill(child.pid, 0) == -1)  // reaped: the pid is gone
    }

    @Test("a child that ignores SIGTERM is killed after the grace period")
    func stubborn() async throws {
        let console = ConsoleCapture()
        let child = try ChildProcess(
            name: "stubborn", executable: "/bin/sh", arguments: ["-c", "trap '' TERM; echo ready; while true; do sleep 0.05; done"],
            environment: [:], log: console.log)
        #expect(await console.waitFor("[stubborn] ready"))
        #expect(child.stop(grace: 0.3) == .signalled(SIGKILL))
    }

    @Test("a missing executable is a clear error")
    func missing() throws {
        let console = ConsoleCapture()
        let error = #expect(throws: LocalEnvironmentError.self) {
            try ChildProcess(name: "ghost", executable: "/nonexistent/bootstrap", environment: [:], log: console.log)
        }
        #expect(error?.description == "could not start ghost: /nonexistent/bootstrap: No such file or directory")
    }
}
