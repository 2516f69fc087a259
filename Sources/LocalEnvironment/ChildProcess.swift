#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLoopbackHTTP
import Foundation

/// A child process — of the local environment, a test or a benchmark: the one way this repository starts one.
///
/// Its stdout and stderr go, line by line, to the console under the child's name, or are kept, or thrown away. It runs
/// in a process group of its own, with SIGINT and SIGTERM at their default action — unblocked, so that the
/// environment decides when it stops (Ctrl-C reaches the environment, which stops its children in order) and a
/// signal always can stop it; or blocked, to show that a program unblocks them itself (as a parent's Dispatch thread
/// can leave them blocked across `exec`). Waiting for it needs a condition variable, which `Mutex` does not offer:
/// hence `@unchecked Sendable`, every field behind `state`.
public final class ChildProcess: @unchecked Sendable {
    /// Where the child's output goes.
    public enum Output: Sendable {
        /// Each line to the console, as `[name] …`.
        case console(ConsoleLog)
        /// Kept: `output` is everything written so far.
        case captured
        /// Thrown away, for benchmarks timing a start.
        case discarded
    }

    /// The signal mask the child starts with.
    public enum Signals: Sendable {
        /// Nothing blocked.
        case unblocked
        /// SIGTERM and SIGINT blocked: the program must unblock them to be stoppable.
        case terminationBlocked
    }

    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        /// How it ended, in words, naming SIGKILL and SIGTERM.
        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)" + (signal == SIGKILL ? " (SIGKILL)" : signal == SIGTERM ? " (SIGTERM)" : "")
            }
        }
    }

    private static let spawning = NSLock()

    /// The name its console lines carry.
    public let name: String
    /// Its process id.
    public let pid: pid_t
    /// `DispatchTime` uptime, in nanoseconds, just before the spawn: a start timed from as close to `exec` as can be.
    public let spawnedUptimeNanoseconds: UInt64
    private let state = NSCondition()
    private var termination: Termination?
    private var outputClosed = false
    private var kept: [UInt8] = []

    /// Starts `executable` with `arguments` and exactly `environment`; its output lines go to `log` as `[name] …`.
    public convenience init(name: String, executable: String, arguments: [String] = [], environment: [String: String], log: ConsoleLog) throws(LocalEnvironmentError) {
        try self.init(name: name, executable: executable, arguments: arguments, environment: environment, output: .console(log))
    }

    /// Starts `executable` with `arguments` and exactly `environment`, its output going to `output`.
    public init(
        name: String, executable: String, arguments: [String] = [], environment: [String: String], output: Output,
        signals: Signals = .unblocked
    ) throws(LocalEnvironmentError) {
        self.name = name
        // Spawns are serialised, so that no other child inherits this pipe between `pipe` and `FD_CLOEXEC`.
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .spawn(name, String(cString: strerror(errno))) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if case .discarded = output {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        if case .terminationBlocked = signals {
            sigaddset(&mask, SIGTERM)
            sigaddset(&mask, SIGINT)
        }
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        spawnedUptimeNanoseconds = DispatchTime.now().uptimeNanoseconds
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard status == 0 else {
            close(readEnd)
            throw .spawn(name, "\(executable): \(String(cString: strerror(status)))")
        }
        pid = child

        DetachedThread.start { [self] in forward(readEnd, to: output) }
        DetachedThread.start { [self] in reap() }
    }

    /// Everything the child wrote, when its output is `captured`.
    public var output: String {
        state.lock()
        defer { state.unlock() }
        return String(decoding: kept, as: UTF8.self)
    }

    /// CPU time used by all its threads so far, in nanoseconds (`/proc/PID/task/*/schedstat`).
    public var cpuNanoseconds: UInt64 {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { total, task in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8)) ?? ""
            return total + (text.split(separator: " ").first.flatMap { UInt64($0) } ?? 0)
        }
    }

    /// Its peak resident set size so far, in bytes (`VmHWM`).
    public var maxResidentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
    }

    /// How the child ended, or nil while it runs.
    public var exitStatus: Termination? {
        state.lock()
        defer { state.unlock() }
        return termination
    }

    /// True until the child has ended.
    public var isRunning: Bool { exitStatus == nil }

    /// Waits until the child has exited and its last output line is on the console, or `timeout` passes.
    /// (A grandchild that kept the output open is not waited for beyond half a second.)
    @discardableResult
    public func wait(timeout: Double) -> Termination? {
        let limit = Date(timeIntervalSinceNow: timeout)
        state.lock()
        defer { state.unlock() }
        while termination == nil {
            if !state.wait(until: limit) { return nil }
        }
        let drained = Date(timeIntervalSinceNow: 0.5)
        while !outputClosed {
            if !state.wait(until: drained) { break }
        }
        return termination
    }

    /// SIGTERM, then SIGKILL if it is still running after `grace` seconds; returns once it is gone.
    @discardableResult
    public func stop(grace: Double = 3) -> Termination {
        if isRunning { kill(pid, SIGTERM) }
        if let ended = wait(timeout: grace) { return ended }
        kill(pid, SIGKILL)
        while true {
            if let ended = wait(timeout: 1) { return ended }
        }
    }

    /// Sends `signal` to the child (nothing once it has exited).
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    private func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let ended: Termination = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        state.lock()
        termination = ended
        state.broadcast()
        state.unlock()
    }

    private func forward(_ descriptor: Int32, to output: Output) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            switch output {
            case .console(let log):
                pending += buffer[..<count]
                if let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) {
                    log.write(name, String(decoding: pending[...lastNewline], as: UTF8.self))
                    pending.removeSubrange(...lastNewline)
                }
            case .captured, .discarded:
                state.lock()
                kept += buffer[..<count]
                state.unlock()
            }
        }
        if case .console(let log) = output, !pending.isEmpty { log.write(name, String(decoding: pending, as: UTF8.self)) }
        close(descriptor)
        state.lock()
        outputClosed = true
        state.broadcast()
        state.unlock()
    }
}
