import EventSourcingLocalEnvironment
import Foundation

/// A built executable of this package, run as Lambda runs a `bootstrap`: a child process with its own
/// environment, its output kept. It starts with SIGTERM and SIGINT blocked, as a parent's Dispatch thread can leave
/// them across `exec`, so that every test shows the runtime unblocks them itself.
public final class ChildFunction: Sendable {
    /// The process.
    public let process: ChildProcess

    /// The directory holding this package's built products (the test bundle sits beside them).
    public static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The built product `product`.
    public convenience init(product: String, environment: [String: String]) throws {
        try self.init(executable: Self.productsDirectory.appendingPathComponent(product), environment: environment)
    }

    /// Any executable, such as a `bootstrap` unzipped from `dist/`.
    public init(executable: URL, environment: [String: String]) throws {
        process = try ChildProcess(
            name: executable.lastPathComponent, executable: executable.path, environment: environment, output: .captured,
            signals: .terminationBlocked)
    }

    /// Its process id.
    public var pid: pid_t { process.pid }

    /// Everything written to stdout and stderr so far.
    public var stderr: String { process.output }

    /// Waits for the process to exit (SIGKILL after `timeout`, so a stuck child fails the test instead of hanging
    /// it) and returns how it ended.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(10)) async -> ChildProcess.Termination {
        let end = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { process.signal(SIGKILL) }
        return process.wait(timeout: 5) ?? .signalled(SIGKILL)
    }

    /// SIGTERM, then SIGKILL if it is still running a second later.
    public func terminate() {
        process.stop(grace: 1)
    }
}
