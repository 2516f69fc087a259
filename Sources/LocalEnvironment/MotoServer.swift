import EventSourcingLoopbackHTTP
import Foundation

/// moto's DynamoDB-compatible server on a free loopback port, as a child process (`scripts/lib/moto_serial.py`:
/// one request at a time, so conditional writes are atomic as in DynamoDB).
public final class MotoServer: Sendable {
    /// The server's child process.
    public let process: ChildProcess
    /// The loopback port it listens on.
    public let port: UInt16
    /// `http://127.0.0.1:PORT`, the value for `AWS_ENDPOINT_URL_DYNAMODB`.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts the server with `python3 script` and waits (up to `timeout` seconds) until it answers.
    public init(script: String, log: ConsoleLog, quiet: Bool = true, timeout: Double = 30) throws(LocalEnvironmentError) {
        let port = try FreePort.pick()
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process = try ChildProcess(
            name: "moto", executable: try Self.python(), arguments: [script, "127.0.0.1", String(port)] + (quiet ? ["--quiet"] : []),
            environment: environment, log: log)
        self.port = port
        let limit = Date(timeIntervalSinceNow: timeout)
        while !Self.answers(port) {
            if let ended = process.exitStatus { throw .motoDidNotStart("it \(ended); its output is above") }
            if Date() > limit {
                process.stop()
                throw .motoDidNotStart("no answer on port \(port) after \(Int(timeout)) s")
            }
            usleep(50_000)
        }
    }

    /// Stops the server.
    public func stop() {
        process.stop()
    }

    private static func answers(_ port: UInt16) -> Bool {
        guard let socket = try? TCPSocket.connect(host: "127.0.0.1", port: port) else { return false }
        defer { socket.close() }
        socket.setTimeout(seconds: 2)
        guard (try? socket.send(HTTPWriter.request(method: "GET", target: "/moto-api/", host: "127.0.0.1:\(port)"))) != nil else { return false }
        return (try? HTTPReader(socket: socket).readMessage())??.status == 200
    }

    private static func python() throws(LocalEnvironmentError) -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/python3"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw .spawn("moto", "python3 is not on PATH (scripts/dev installs what moto needs, but python3 must be there)")
    }
}
