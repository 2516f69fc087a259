import Foundation

/// A runtime under test, started with `posix_spawn` so that the clock starts as close to exec as it can.
final class ChildProcess {
    let pid: pid_t
    /// `DispatchTime` uptime, in nanoseconds, just before the spawn.
    let spawnedAt: UInt64

    init(command: [String], environment: [String: String]) throws {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = command.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (arguments + variables).forEach { free($0) } }
        var pid: pid_t = 0
        spawnedAt = DispatchTime.now().uptimeNanoseconds
        let status = posix_spawnp(&pid, command[0], &fileActions, nil, arguments, variables)
        guard status == 0 else { throw BenchmarkError("cannot start \(command[0]): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    /// CPU time used by all its threads, in nanoseconds (from `/proc/PID/task/*/schedstat`).
    var cpuNanoseconds: UInt64 {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { total, task in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8)) ?? ""
            return total + (text.split(separator: " ").first.flatMap { UInt64($0) } ?? 0)
        }
    }

    /// Peak resident set size, in bytes (`VmHWM`).
    var maxResidentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
    }

    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
