#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LoopbackHTTP

/// Talks to the Lambda Runtime API over one keep-alive HTTP/1.1 connection.
///
/// Blocking I/O with no timeout: `/next` may wait for minutes while the sandbox is frozen, and a thread
/// blocked in `recv` burns no CPU. A lost connection is reopened and the request sent again, a bounded number
/// of times (`retryDelaysMilliseconds`); then the error ends the process, as Lambda expects.
final class RuntimeAPIClient {
    /// What `/response` can come back with, short of ending the process.
    enum PostOutcome: Equatable {
        case accepted
        /// 413: Lambda has already failed this invocation; log and go on.
        case tooLarge
        /// 400 or 403: the answer was refused (unknown id, or answered already).
        case refused(Int)
    }

    private let host: String
    private let port: UInt16
    private let hostHeader: String
    private let retryDelaysMilliseconds: [Int]
    private var socket: TCPSocket?
    private var reader: HTTPReader?

    private static let base = "/2018-06-01/runtime"

    init(endpoint: String, retryDelaysMilliseconds: [Int] = [10, 50, 250]) throws(RuntimeAPIError) {
        guard let colon = endpoint.lastIndex(of: ":"),
              let port = UInt16(endpoint[endpoint.index(after: colon)...]), colon != endpoint.startIndex
        else { throw .invalidEndpoint(endpoint) }
        var host = String(endpoint[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        self.port = port
        self.hostHeader = endpoint
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
        let path = Self.base + "/invocation/\(requestID)/response"
        return try outcome(of: exchange(method: "POST", path: path, body: body), path: path)
    }

    /// Posts an invocation error.
    func postError(requestID: String, report: ErrorReport) throws(RuntimeAPIError) -> PostOutcome {
        let path = Self.base + "/invocation/\(requestID)/error"
        let headers: HTTPHeaders = ["Lambda-Runtime-Function-Error-Type": report.type, "Content-Type": "application/json"]
        return try outcome(of: exchange(method: "POST", path: path, headers: headers, body: report.json), path: path)
    }

    /// Posts an initialisation error; the caller exits afterwards.
    func postInitError(report: ErrorReport) throws(RuntimeAPIError) -> PostOutcome {
        let path = Self.base + "/init/error"
        let headers: HTTPHeaders = ["Lambda-Runtime-Function-Error-Type": report.type, "Content-Type": "application/json"]
        return try outcome(of: exchange(method: "POST", path: path, headers: headers, body: report.json), path: path)
    }

    private func outcome(of response: HTTPMessage, path: String) throws(RuntimeAPIError) -> PostOutcome {
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
        var attempt = 0
        while true {
            do {
                if socket == nil {
                    let opened = try TCPSocket.connect(host: host, port: port)
                    socket = opened
                    reader = HTTPReader(socket: opened)
                }
                try socket!.send(request)
                guard let response = try reader!.readMessage() else {
                    throw HTTPReader.Failure.parse(.truncated)
                }
                if response.wantsClose { disconnect() }
                return response
            } catch let failure as HTTPReader.Failure {
                disconnect()
                if case .parse(let error) = failure, error != .truncated {
                    throw .malformedResponse(error.description)
                }
                try backOff(&attempt, after: failure.description)
            } catch let error as SocketError {
                disconnect()
                try backOff(&attempt, after: error.description)
            } catch {
                disconnect()
                try backOff(&attempt, after: String(describing: error))
            }
        }
    }

    private func backOff(_ attempt: inout Int, after failure: String) throws(RuntimeAPIError) {
        guard attempt < retryDelaysMilliseconds.count else {
            throw .connectionLost(attempts: attempt + 1, underlying: failure)
        }
        usleep(useconds_t(retryDelaysMilliseconds[attempt] * 1000))
        attempt += 1
    }

    private func disconnect() {
        socket?.close()
        socket = nil
        reader = nil
    }
}
