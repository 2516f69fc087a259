import Foundation

/// A built executable of this package, run as Lambda runs a `bootstrap`: a child process with its own
/// environment, its stdout and stderr captured.
public final class ChildFunction: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stderrData = Data()

    /// The directory holding this package's built products (the test bundle sits beside them).
    public static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    public convenience init(product: String, environment: [String: String]) throws {
        try self.init(executable: Self.productsDirectory.appendingPathComponent(product), environment: environment)
    }

    /// Any executable, such as a `bootstrap` unzipped from `dist/`.
    public init(executable: URL, environment: [String: String]) throws {
        process.executableURL = executable
        process.environment = environment
        process.standardOutput = output
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self else { return }
            self.lock.withLock { self.stderrData.append(chunk) }
        }
        try process.run()
    }

    /// Everything written to stderr so far.
    public var stderr: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    /// Waits for the process to exit (SIGKILL after `timeout`, so a stuck child fails the test instead of
    /// hanging it) and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(10)) async -> Int32 {
        let end = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? await Task.sleep(for: .milliseconds(20))  // let the last stderr bytes arrive
        return process.terminationStatus
    }

    /// SIGTERM, then SIGKILL if it is still running a second later.
    public func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
