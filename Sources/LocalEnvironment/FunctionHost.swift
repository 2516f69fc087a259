#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import LocalRuntimeAPI

/// One function as Lambda runs it: its `bootstrap` a child process under a Runtime API of its own, one
/// invocation at a time, each bounded by the function's timeout.
///
/// As in Lambda: an invocation that runs past the timeout fails and the process is replaced; a process that
/// exits mid-invocation fails that invocation with `Runtime.ExitError`; a new process is started whenever the
/// old one is gone: at once, then after 1, 2, 4 … up to 30 s while each new one dies within 10 s of starting.
public final class FunctionHost: @unchecked Sendable {
    public let name: String
    /// How long an invocation may run.
    public let timeout: Duration
    /// The function's local Runtime API.
    public let runtimeAPI: RuntimeAPIServer

    private let executable: String
    private let environment: [String: String]
    private let log: ConsoleLog
    private let state = NSCondition()
    private var process: ChildProcess
    private var stopping = false
    private var monitorDone = false

    /// Starts `executable` with `environment` (plus `AWS_LAMBDA_RUNTIME_API`) and waits until it asks for work.
    /// A process that exits first, having posted an init error or not, is a `functionDidNotStart` error.
    public init(
        name: String, executable: String, environment: [String: String], timeout: Duration, log: ConsoleLog,
        readyTimeout: Double = 30
    ) throws(LocalEnvironmentError) {
        self.name = name
        self.timeout = timeout
        self.executable = executable
        self.log = log
        do {
            runtimeAPI = try RuntimeAPIServer(.init(functionName: name))
        } catch {
            throw .spawn(name, "cannot start its Runtime API: \(error)")
        }
        self.environment = environment.merging(["AWS_LAMBDA_RUNTIME_API": runtimeAPI.endpoint]) { $1 }
        process = try ChildProcess(name: name, executable: executable, environment: self.environment, log: log)

        let limit = Date(timeIntervalSinceNow: readyTimeout)
        while runtimeAPI.firstNextUptimeNanoseconds == nil {
            if let ended = process.exitStatus {
                runtimeAPI.shutdown()
                throw .functionDidNotStart(name, "it \(ended)" + Self.describe(runtimeAPI.initErrors.last))
            }
            if Date() > limit {
                process.stop()
                runtimeAPI.shutdown()
                throw .functionDidNotStart(name, "it did not ask for work within \(Int(readyTimeout)) s")
            }
            usleep(5_000)
        }
        let monitor = Thread { [self] in superviseProcesses() }
        monitor.name = "\(name)-supervisor"
        monitor.start()
    }

    /// The process running now (it changes when one is replaced).
    public var currentProcess: ChildProcess {
        state.lock()
        defer { state.unlock() }
        return process
    }

    /// Invokes the function with `event` and waits for its answer (from a plain thread).
    public func invokeBlocking(_ event: [UInt8]) -> InvocationResult {
        let process = currentProcess
        return settle(runtimeAPI.invokeBlocking(event, timeout: timeout), process)
    }

    /// Invokes the function with `event` and waits for its answer.
    public func invoke(_ event: [UInt8]) async -> InvocationResult {
        let process = currentProcess
        return settle(await runtimeAPI.invoke(event, timeout: timeout), process)
    }

    /// Stops the process (SIGTERM, then SIGKILL after 3 s) and the Runtime API; invocations still waiting fail with
    /// `serverStopped`.
    public func stop() {
        state.lock()
        stopping = true
        let current = process
        state.broadcast()
        state.unlock()
        current.stop()
        runtimeAPI.shutdown()
        state.lock()
        while !monitorDone { _ = state.wait(until: Date(timeIntervalSinceNow: 0.1)) }
        state.unlock()
    }

    /// A timed-out invocation means a stuck process, which Lambda replaces: the process that was current when the
    /// invocation began, unless it has been replaced already.
    private func settle(_ result: InvocationResult, _ process: ChildProcess) -> InvocationResult {
        if result == .timedOut {
            log.write(name, "Task timed out after \(String(format: "%.2f", Double(timeout.components.seconds))) seconds; replacing the process")
            if process === currentProcess { process.signal(SIGKILL) }
        }
        return result
    }

    private func superviseProcesses() {
        var quickDeaths = 0
        var started = Date()
        while true {
            let current = currentProcess
            var ended: ChildProcess.Termination?
            while ended == nil { ended = current.wait(timeout: 1) }
            state.lock()
            if stopping {
                monitorDone = true
                state.broadcast()
                state.unlock()
                return
            }
            state.unlock()
            let message = "the runtime process \(ended!) before answering"
            if runtimeAPI.failInFlight(type: "Runtime.ExitError", message: message) {
                log.write(name, "invocation failed: \(message) (Runtime.ExitError)")
            }
            // Replaced at once; but a process that keeps dying young is restarted less and less often.
            quickDeaths = Date().timeIntervalSince(started) < 10 ? quickDeaths + 1 : 1
            let delay = quickDeaths <= 1 ? 0 : min(Double(1 << min(quickDeaths - 2, 5)), 30)
            log.write(name, "process \(ended!)\(Self.describe(runtimeAPI.initErrors.last)); "
                + (delay == 0 ? "starting a new one" : "starting a new one in \(Int(delay)) s"))
            state.lock()
            _ = state.wait(until: Date(timeIntervalSinceNow: delay))
            // Spawned under the lock, so that `stop` cannot miss the new process.
            if !stopping {
                do {
                    process = try ChildProcess(name: name, executable: executable, environment: environment, log: log)
                    started = Date()
                } catch {
                    log.write(name, "\(error)")
                }
            }
            state.unlock()
        }
    }

    private static func describe(_ initError: RecordedInitError?) -> String {
        guard let initError else { return "" }
        return " after posting an init error: \(initError.type): \(String(decoding: initError.body, as: UTF8.self))"
    }
}
