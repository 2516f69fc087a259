/// Why the local environment could not start, or a component of it failed: each says what to do about it.
public enum LocalEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A child process could not be started.
    case spawn(String, String)
    /// The HTTP front's port is taken (or cannot be bound).
    case portUnavailable(UInt16, String)
    /// moto did not answer in time; the detail holds what it printed.
    case motoDidNotStart(String)
    /// A function exited (or never asked for work) before it was ready; the detail is its init error.
    case functionDidNotStart(String, String)
    /// The template settings file is missing, unreadable or does not name what is needed.
    case settings(String)
    /// A function's executable is not there: it has not been built.
    case notBuilt(String)
    /// The dead-letter file cannot be opened for appending.
    case deadLetterFile(String, String)
    /// A child the running environment cannot do without (moto) has ended.
    case childDied(String, ChildProcess.Termination)
    /// A function's host gave up on it: its new processes keep ending before they ask for work.
    case functionCannotRestart(String, String)

    public var description: String {
        switch self {
        case .spawn(let name, let reason): "could not start \(name): \(reason)"
        case .portUnavailable(let port, let reason): "cannot listen on 127.0.0.1:\(port) (\(reason)); choose another port with --port N"
        case .motoDidNotStart(let detail): "moto (DynamoDB) did not start: \(detail)"
        case .functionDidNotStart(let name, let detail): "\(name) did not start: \(detail)"
        case .settings(let detail): "template settings: \(detail)"
        case .notBuilt(let path): "\(path) is not built: run `swift build` (scripts/dev does)"
        case .deadLetterFile(let path, let reason): "cannot open the dead-letter file \(path) (\(reason)); choose another with --dead-letters PATH"
        case .childDied(let name, let termination): "\(name) has died: \(termination)"
        case .functionCannotRestart(let name, let detail): "\(name) cannot be restarted: \(detail)"
        }
    }
}
