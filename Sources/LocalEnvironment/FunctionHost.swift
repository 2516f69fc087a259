#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLocalRuntimeAPI
import EventSourcingLoopbackHTTP
import Foundation

/// One function as Lambda runs it: its `bootstrap` a child process under a Runtime API of its own, one
/// invocation at a time, each bounded by the function's timeout.
///
/// As in Lambda: an invocation that runs past the timeout fails and the process is replaced; a process that
/// exits mid-invocation fails that invocation with `Runtime.ExitError`; a new process is started whenever the
/// old one is gone: at once, then after 1, 2, 4 … up to 30 s while each new one dies within 10 s of starting.
/// Unlike Lambda, which would go on trying at each invocation, the host gives up once `maximumFailedStarts` new
/// processes in a row have ended before asking for work (an init error, a crash at start, an executable that cannot
/// be spawned): the function cannot run, and saying so beats failing every invocation at its timeout. It then
/// starts no other, fails what waits for the function, and sets `failure`.
public final class FunctionHost: @unchecked Sendable {
    /// How many new processes in a row may end before asking for work before the host gives up (about 3 s of tries).
    public static let maximumFailedStarts = 3

    /// The function's name, as the template and the console log call it.
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
    private var givenUp: LocalEnvironmentError?

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
        DetachedThread.start { [self] in superviseProcesses() }
    }

    /// The process running now (it changes when one is replaced).
    public var currentProcess: ChildProcess {
        state.lock()
        defer { state.unlock() }
        return process
    }

    /// Why the host gave up on its function (`maximumFailedStarts`), or nil while it runs it.
    public var failure: LocalEnvironmentError? {
        state.lock()
        defer { state.unlock() }
        return givenUp
    }

    /// Invokes the function with `event` and waits for its answer (from a plain thread); `onStream` hears of a
    /// streamed response as it arrives.
    public func invokeBlocking(_ event: [UInt8], onStream: (@Sendable (ResponseStreamEvent) -> Void)? = nil) -> InvocationResult {
        let process = currentProcess
        return settle(runtimeAPI.invokeBlocking(event, timeout: timeout, onStream: onStream), process)
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
            log.write(name, "Task timed out after \(String(format: "%.2f", timeout / .seconds(1))) seconds; replacing the process")
            if process === currentProcess { process.signal(SIGKILL) }
        }
        return result
    }

    private func superviseProcesses() {
        var failedStarts = 0
        var quickDeaths = 0
        var started = Date()
        // What the Runtime API had seen before the current process started (the first one has asked for work).
        var seen = (nextRequests: 0, initErrors: 0)
        var ending = waitForCurrentProcess()
        while let ended = ending {
            let message = "the runtime process \(ended) before answering"
            if runtimeAPI.failInFlight(type: "Runtime.ExitError", message: message) {
                log.write(name, "invocation failed: \(message) (Runtime.ExitError)")
            }
            let initErrors = runtimeAPI.initErrors
            let how = ended + (initErrors.count > seen.initErrors ? Self.describe(initErrors.last) : "")
            failedStarts = runtimeAPI.nextRequests > seen.nextRequests ? 0 : failedStarts + 1
            if failedStarts == Self.maximumFailedStarts {
                giveUp(how: how)
                break
            }
            // Replaced at once; but a process that keeps dying young is restarted less and less often.
            quickDeaths = Date().timeIntervalSince(started) < 10 ? quickDeaths + 1 : 1
            let delay = quickDeaths <= 1 ? 0 : min(Double(1 << min(quickDeaths - 2, 5)), 30)
            log.write(name, "process \(how); " + (delay == 0 ? "starting a new one" : "starting a new one in \(Int(delay)) s"))
            seen = (runtimeAPI.nextRequests, initErrors.count)
            var spawnFailure: String?
            state.lock()
            _ = state.wait(until: Date(timeIntervalSinceNow: delay))
            // Spawned under the lock, so that `stop` cannot miss the new process.
            if !stopping {
                do {
                    process = try ChildProcess(name: name, executable: executable, environment: environment, log: log)
                } catch {
                    spawnFailure = "could not be spawned (\(error))"
                }
                started = Date()
            }
            state.unlock()
            ending = spawnFailure ?? waitForCurrentProcess()
        }
        state.lock()
        monitorDone = true
        state.broadcast()
        state.unlock()
    }

    /// Waits until the current process ends; how it ended, or nil once the host is stopping.
    private func waitForCurrentProcess() -> String? {
        let current = currentProcess
        var ended: ChildProcess.Termination?
        while ended == nil { ended = current.wait(timeout: 1) }
        state.lock()
        defer { state.unlock() }
        return stopping ? nil : ended!.description
    }

    /// Stops trying: what waits for the function fails now rather than at its timeout.
    private func giveUp(how: String) {
        let reason = "\(Self.maximumFailedStarts) processes in a row ended before asking for work"
        log.write(name, "process \(how); \(reason): not starting another")
        state.lock()
        givenUp = .functionCannotRestart(name, "\(reason), the last one \(how)")
        state.unlock()
        runtimeAPI.shutdown()
    }

    private static func describe(_ initError: RecordedInitError?) -> String {
        guard let initError else { return "" }
        return " after posting an init error: \(initError.type): \(String(decoding: initError.body, as: UTF8.self))"
    }
}
