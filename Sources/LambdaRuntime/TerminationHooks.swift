#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLoopbackHTTP
import Synchronization

/// What runs when SIGTERM arrives: the hooks registered with `LambdaInitContext.onTermination`, for at most
/// `gracePeriod`; then SIGTERM's default action ends the process, as it would have without hooks (a parent such as
/// `scripts/dev` sees "killed by SIGTERM").
///
/// A signal handler may do almost nothing safely, so it only writes a byte to a pipe. A thread waiting on that pipe
/// runs the hooks in a task of their own (the loop's thread may be blocked on `/next` or busy with an invocation)
/// and waits for them, up to the grace period. Nothing is installed until the first hook is registered: a
/// function without hooks keeps SIGTERM's default action and starts no thread.
final class TerminationHooks: Sendable {
    /// The process's hooks: signals are the process's too.
    static let shared = TerminationHooks()

    /// How long the hooks may run in all. Lambda sends SIGKILL a few hundred milliseconds after SIGTERM (500 ms
    /// with an internal extension registered); this leaves room to flush logs and exit before that.
    static let gracePeriod: Duration = .milliseconds(300)

    typealias Hook = @Sendable () async throws -> Void

    /// A hook and the logger for what it throws; the hooks form a list, newest first (not an array of tuples,
    /// whose metadata would be looked up at run time during start-up).
    private final class Registration: Sendable {
        let hook: Hook
        let logger: LambdaLogger
        let earlier: Registration?

        init(_ hook: @escaping Hook, logger: LambdaLogger, earlier: Registration?) {
            self.hook = hook
            self.logger = logger
            self.earlier = earlier
        }
    }

    private struct State {
        var newest: Registration?
        var installed = false
    }

    private let state = Mutex(State())

    /// The pipe's write end, for the signal handler; -1 until installed.
    private static let signalDescriptor = Atomic<Int32>(-1)

    /// Adds `hook`; the first one installs the SIGTERM handler and its thread.
    func add(_ hook: @escaping Hook, logger: LambdaLogger) {
        let first = state.withLock { state in
            state.newest = Registration(hook, logger: logger, earlier: state.newest)
            defer { state.installed = true }
            return !state.installed
        }
        if first { install(logger: logger) }
    }

    private func install(logger: LambdaLogger) {
        var ends: (Int32, Int32) = (-1, -1)
        let opened = withUnsafeMutableBytes(of: &ends) { pipe($0.baseAddress!.assumingMemoryBound(to: Int32.self)) }
        guard opened == 0 else {
            logger.error("termination hooks cannot run: pipe failed (errno \(errno))")
            return
        }
        // A child the function starts must not hold them.
        _ = fcntl(ends.0, F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends.1, F_SETFD, FD_CLOEXEC)
        let readEnd = ends.0
        Self.signalDescriptor.store(ends.1, ordering: .releasing)
        guard DetachedThread.start({ [self] in waitForSignal(on: readEnd) }) else {
            logger.error("termination hooks cannot run: no thread to run them")
            return
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno  // the interrupted code may be about to read errno
            var byte: UInt8 = 1
            _ = write(TerminationHooks.signalDescriptor.load(ordering: .acquiring), &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGTERM, &action, nil)
    }

    private func waitForSignal(on descriptor: Int32) {
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) < 0 && errno == EINTR {}
        var hooks: [Registration] = []
        var next = state.withLock { $0.newest }
        while let registration = next {
            hooks.insert(registration, at: 0)
            next = registration.earlier
        }
        let done = Completion()
        Task.detached { [hooks] in
            for registration in hooks {
                do {
                    try await registration.hook()
                } catch {
                    let report = ErrorReport(error)
                    registration.logger.error("a termination hook failed: \(report.message)", metadata: ["errorType": report.type])
                }
            }
            done.flag.store(true, ordering: .releasing)
        }
        let deadline = ContinuousClock.now + Self.gracePeriod
        while !done.flag.load(ordering: .acquiring) && ContinuousClock.now < deadline { usleep(1_000) }
        if !done.flag.load(ordering: .acquiring), let logger = hooks.first?.logger {
            logger.warn("the termination hooks did not finish within \(Self.gracePeriod); ending the process")
        }
        signal(SIGTERM, SIG_DFL)
        raise(SIGTERM)
    }

    /// Set once every hook has returned.
    private final class Completion: Sendable {
        let flag = Atomic<Bool>(false)
    }
}
