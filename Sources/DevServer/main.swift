#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLocalEnvironment
import EventSourcingLoopbackHTTP
import Foundation
import Synchronization

// DevServer: the local environment `scripts/dev` starts (see README "Run it locally"). Not deployed.

let options: DevOptions
do {
    options = try DevOptions(CommandLine.arguments.dropFirst())
} catch {
    FileHandle.standardError.write(Data("DevServer: \(String(describing: error).escapedForConsole)\n\n\(DevOptions.usage)\n".utf8))
    exit(2)
}
if options.help {
    print(DevOptions.usage)
    exit(0)
}

// SIGINT and SIGTERM are taken by `sigwait` below, never by a handler: block them before any thread starts, so
// that every thread inherits the mask. Children get them unblocked (ChildProcess). A closed socket is an error, not
// a signal.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGINT)
sigaddset(&stopSignals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
signal(SIGPIPE, SIG_IGN)

let log = ConsoleLog()

/// Runs `work` on Swift's pool and waits for it on this (the main) thread.
func runAndWait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: T?
    Task {
        result = await work()
        done.signal()
    }
    done.wait()
    return result!
}

let started: Result<DevEnvironment, any Error> = runAndWait {
    do {
        return .success(try await DevEnvironment.start(options.configuration, log: log))
    } catch {
        return .failure(error)
    }
}
let environment: DevEnvironment
switch started {
case .success(let running):
    environment = running
case .failure(let error):
    log.write("dev", "error: \(error)")
    exit(1)
}
log.plain(Banner(environment).text)

/// What stops DevServer: a stop signal, or the death of a child the environment cannot do without.
enum StopReason: Sendable {
    case signal(Int32)
    case childDied
}

// Whichever comes first decides; the other is left waiting, and goes with the process.
let reason = Mutex<StopReason?>(nil)
let decided = DispatchSemaphore(value: 0)
DetachedThread.start { [stopSignals] in
    var signals = stopSignals
    var received: Int32 = 0
    sigwait(&signals, &received)
    reason.withLock { $0 = $0 ?? .signal(received) }
    decided.signal()
}
// Detached: a task started here would run on the main actor, whose thread waits below and would never run it.
Task.detached {
    // The environment has said which child died, and is stopping already.
    guard await environment.waitForChildDeath() != nil else { return }
    reason.withLock { $0 = $0 ?? .childDied }
    decided.signal()
}
decided.wait()
let stopReason = reason.withLock { $0! }
if case .signal(let received) = stopReason { log.write("dev", "\(received == SIGINT ? "SIGINT" : "SIGTERM"): stopping") }
runAndWait { await environment.stop() }
log.write("dev", "stopped: every child process has exited and every port is closed")
if case .childDied = stopReason { exit(1) }
exit(0)
