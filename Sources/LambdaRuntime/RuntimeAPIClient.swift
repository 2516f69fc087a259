#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLoopbackHTTP
import Synchronization

/// Talks to the Lambda Runtime API over one keep-alive HTTP/1.1 connection.
///
/// Blocking I/O with no timeout: `/next` may wait for minutes while the sandbox is frozen, and a thread
/// blocked in `recv` burns no CPU. A lost connection is reopened and the request sent again, a bounded number
/// of times (`retryDelaysMilliseconds`); then the error ends the process, as Lambda expects.
///
/// Each exchange holds the connection from request to answer. One loop owns a client; the only other user is the
/// handler's `LambdaResponseWriter`, while the loop waits for the handler.
final class RuntimeAPIClient: Sendable {
    /// What `/response` can come back with, short of ending the process.
    enum PostOutcome: Equatable, Sendable {
        case accepted
        /// 413: Lambda has already failed this invocation; log and go on.
        case tooLarge
        /// 400 or 403: the answer was refused (unknown id, or answered already).
        case refused(Int)

        /// The HTTP status it stands for.
        var status: Int {
            switch self {
            case .accepted: 202
            case .tooLarge: 413
            case .refused(let status): status
            }
        }

        /// Logs an answer that was not accepted: the invocation has failed, and nothing more can be done for it.
        func log(to logger: LambdaLogger) {
            switch self {
            case .accepted: break
            case .tooLarge:
                logger.error("the Runtime API refused the response as too large (413); the invocation has failed")
            case .refused(let status):
                logger.error("the Runtime API refused the answer with \(status)")
            }
        }
    }

    /// The socket and its reader, opened when first needed and again after a failure.
    struct Connection {
        var socket: TCPSocket?
        var reader: HTTPReader?
        /// Bytes of the streamed response sent since the last look for an early answer.
        var streamedSinceLook = 0

        mutating func open(host: String, port: UInt16) throws(SocketError) -> (TCPSocket, HTTPReader) {
            if let socket, let reader { return (socket, reader) }
            let opened = try TCPSocket.connect(host: host, port: port)
            let reader = HTTPReader(socket: opened)
            socket = opened
            self.reader = reader
            return (opened, reader)
        }

        mutating func close() {
            socket?.close()
            socket = nil
            reader = nil
        }
    }

    let hostHeader: String
    let connection = Mutex(Connection())
    private let host: String
    private let port: UInt16
    private let retryDelaysMilliseconds: [Int]

    static let base = "/2018-06-01/runtime"

    static func responsePath(_ requestID: String) -> String { base + "/invocation/\(requestID)/response" }

    convenience init(endpoint: String, retryDelaysMilliseconds: [Int] = [10, 50, 250]) throws(RuntimeAPIError) {
        guard let colon = endpoint.utf8.lastIndex(of: UInt8(ascii: ":")),
              let port = UInt16(endpoint[endpoint.index(after: colon)...]), colon != endpoint.startIndex
        else { throw .invalidEndpoint(endpoint) }
        var host = String(endpoint[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host, port: port, hostHeader: endpoint, retryDelaysMilliseconds: retryDelaysMilliseconds)
    }

    /// A client for the same Runtime API, with a connection of its own.
    func sibling() -> RuntimeAPIClient {
        RuntimeAPIClient(host: host, port: port, hostHeader: hostHeader, retryDelaysMilliseconds: retryDelaysMilliseconds)
    }

    private init(host: String, port: UInt16, hostHeader: String, retryDelaysMilliseconds: [Int]) {
        self.host = host
        self.port = port
        self.hostHeader = hostHeader
        self.retryDelaysMilliseconds = retryDelaysMilliseconds
    }

    /// Waits for the next event.
    func next() throws(RuntimeAPIError) -> Invocation {
        let path = Self.base + "/invocation/next"
        let response = try exchange(method: "GET", path: path)
        switch response.status {
        case 200: return try Invocation(response: response)
        case 500...599: throw .serverError(path: path)
        default: throw .unexpectedStatus(response.status, path: path)
        }
    }

    /// Posts the handler's response.
    func postResponse(requestID: String, body: [UInt8]) throws(RuntimeAPIError) -> PostOutcome {
        let path = Self.responsePath(requestID)
        return try outcome(of: exchange(method: "POST", path: path, body: body), path: path)
    }

    /// Posts an invocation error.
    func postError(requestID: String, report: ErrorReport) throws(RuntimeAPIError) -> PostOutcome {
        let path = Self.base + "/invocation/\(requestID)/error"
        let headers: HTTPHeaders = ["Lambda-Runtime-Function-Error-Type": report.type, "Content-Type": "application/json"]
        return try outcome(of: exchange(method: "POST", path: path, headers: headers, body: report.json), path: path)
    }

    /// Logs what a handler threw and posts it to `/error`.
    func reportFailure(_ error: any Error, requestID: String, logger: LambdaLogger) throws(RuntimeAPIError) -> PostOutcome {
        let report = ErrorReport(error)
        logger.error("invocation failed: \(report.message)", metadata: ["errorType": report.type])
        return try postError(requestID: requestID, report: report)
    }

    /// Posts an initialisation error; the caller exits afterwards.
    func postInitError(report: ErrorReport) throws(RuntimeAPIError) -> PostOutcome {
        let path = Self.base + "/init/error"
        let headers: HTTPHeaders = ["Lambda-Runtime-Function-Error-Type": report.type, "Content-Type": "application/json"]
        return try outcome(of: exchange(method: "POST", path: path, headers: headers, body: report.json), path: path)
    }

    func outcome(of response: HTTPMessage, path: String) throws(RuntimeAPIError) -> PostOutcome {
        switch response.status {
        case 202: return .accepted
        case 413: return .tooLarge
        case 400, 403: return .refused(response.status)
        case 500...599: throw .serverError(path: path)
        default: throw .unexpectedStatus(response.status, path: path)
        }
    }

    private func exchange(
        method: String, path: String, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) throws(RuntimeAPIError) -> HTTPMessage {
        let request = HTTPWriter.request(method: method, target: path, host: hostHeader, headers: headers, body: body)
        return try connection.withLock { connection throws(RuntimeAPIError) -> HTTPMessage in
            var attempt = 0
            while true {
                do {
                    let (socket, reader) = try connection.open(host: host, port: port)
                    try socket.send(request)
                    guard let response = try reader.readMessage() else {
                        throw HTTPReader.Failure.parse(.truncated)
                    }
                    if response.wantsClose { connection.close() }
                    return response
                } catch let failure as HTTPReader.Failure {
                    connection.close()
                    if case .parse(let error) = failure, error != .truncated {
                        throw .malformedResponse(error.description)
                    }
                    try backOff(&attempt, after: failure.description)
                } catch {
                    connection.close()
                    try backOff(&attempt, after: String(describing: error))
                }
            }
        }
    }

    /// Waits before the next attempt, or throws `connectionLost` once the attempts are used up.
    func backOff(_ attempt: inout Int, after failure: String) throws(RuntimeAPIError) {
        guard attempt < retryDelaysMilliseconds.count else {
            throw .connectionLost(attempts: attempt + 1, underlying: failure)
        }
        usleep(useconds_t(retryDelaysMilliseconds[attempt] * 1000))
        attempt += 1
    }

    /// Opens the connection if needed, retrying as `exchange` does.
    func openConnection(_ connection: inout Connection) throws(RuntimeAPIError) -> (TCPSocket, HTTPReader) {
        var attempt = 0
        while true {
            do {
                return try connection.open(host: host, port: port)
            } catch {
                try backOff(&attempt, after: error.description)
            }
        }
    }
}
