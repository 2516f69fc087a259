import Foundation
import Synchronization

/// `tls_server.py`: an HTTPS server on loopback with a certificate of its own, counting its TLS connections and the
/// requests on each.
public final class TLSServer: @unchecked Sendable {
    /// What the server does with a request.
    public enum Mode: Sendable {
        /// Answers every request with one `GetItem` item.
        case answerItem
        /// As `answerItem`, except that the second request on each connection is read and left unanswered, the
        /// connection closed: a kept connection its peer dropped while the client was idle.
        case dropSecondRequest
        /// Sends each request on to the plain-HTTP DynamoDB at this endpoint (moto) and returns its answer: a TLS
        /// front, as DynamoDB's own endpoint is.
        case forward(to: String)
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
    /// What `stop` returned, once it has run.
    private let seen = Mutex<[String]?>(nil)
    /// The port it listens on, on 127.0.0.1.
    public let port: Int

    /// Starts the server and waits until it listens, its certificate for the address 127.0.0.1 or, given
    /// `certificateName`, for that DNS name only. It blocks for that time: start it off the cooperative pool.
    public init(mode: Mode = .answerItem, certificateName: String? = nil) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("tls_server.py").path
        process.arguments = ["python3", script, directory.path] + {
            switch mode {
            case .answerItem: []
            case .dropSecondRequest: ["--drop-second"]
            case .forward(let endpoint): ["--forward", endpoint]
            }
        }() + (certificateName.map { ["--name", $0] } ?? [])
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let first = String(decoding: output.fileHandleForReading.readLine(), as: UTF8.self)
        guard first.hasPrefix("listening "), let port = Int(first.dropFirst("listening ".count)) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "tls_server.py said \(first)"])
        }
        self.port = port
    }

    /// Its endpoint, `https://127.0.0.1:PORT`.
    public var endpoint: String { "https://127.0.0.1:\(port)" }

    /// The PEM file of its self-signed certificate, for a client to trust.
    public var certificate: String { directory.appendingPathComponent("cert.pem").path }

    /// Stops the server and returns what it saw: `connection N` and `request N` lines (and `forward failed: …`). Blocks
    /// until it has exited; called again, returns the same lines.
    public func stop() -> [String] {
        seen.withLock { seen in
            if let seen { return seen }
            try? input.fileHandleForWriting.close()
            // Read to the end before waiting: a server with more to say than a pipe holds would otherwise never exit.
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
            seen = text.split(separator: "\n").map(String.init)
            return seen!
        }
    }
}

extension FileHandle {
    /// The bytes up to the next newline (which is consumed, not returned).
    fileprivate func readLine() -> [UInt8] {
        var line: [UInt8] = []
        while let byte = try? read(upToCount: 1)?.first, byte != 10 { line.append(byte) }
        return line
    }
}
