import EventSourcingLocalRuntimeAPI
import EventSourcingLoopbackHTTP
import Foundation

/// The local stand-in for API Gateway's HTTP API: listens on `127.0.0.1:PORT`, matches each request to a route,
/// invokes the route's function with an HTTP API 2.0 event and answers with the function's response, as
/// `HTTPAPIEvent` and `GatewayResponse` describe. Keep-alive connections, one thread each; requests to one function
/// queue for its single process, as on a function with a reserved concurrency of 1.
///
/// A function that streams its response is relayed as it streams (`StreamRelay`), as a function URL would.
///
/// API Gateway's own answers: 404 `{"message":"Not Found"}` when no route matches, 413 for a body over 10 MB,
/// 500 when the function fails (the reason goes to the log); 400 for a request that is not well-formed HTTP/1.1, read
/// strictly (`HTTPReader`'s `strict`: control characters, bare CR or LF, differing `Content-Length`s, `Content-Length`
/// with `Transfer-Encoding`), as smuggled bytes must not reach a function or the console; 408 for a request that has
/// not arrived whole within `requestTimeout`. Each of these closes the connection; so does `requestTimeout` spent
/// idle between requests, or waiting for the client to take an answer.
public final class HTTPFront: Sendable {
    /// API Gateway's limit on a request body.
    public static let maxBodyBytes = 10 * 1024 * 1024

    /// The port it listens on (the one picked, when 0 was asked for).
    public let port: UInt16
    /// How long a request may take to arrive, counted from the end of the previous answer.
    public let requestTimeout: Duration
    private let server: ConnectionServer
    private let routes: RouteTable
    private let functions: [String: FunctionHost]
    private let log: ConsoleLog

    /// Listens on `127.0.0.1:port` (0 picks a free port).
    public init(
        port: UInt16, routes: RouteTable, functions: [String: FunctionHost], log: ConsoleLog, requestTimeout: Duration = .seconds(30)
    ) throws(LocalEnvironmentError) {
        do {
            server = try ConnectionServer(host: "127.0.0.1", port: port)
        } catch {
            throw .portUnavailable(port, error.description)
        }
        self.port = server.port
        self.requestTimeout = requestTimeout
        self.routes = routes
        self.functions = functions
        self.log = log
        server.start { [self] socket in serve(socket) }
    }

    /// Stops listening and closes every connection (a request in flight gets no answer).
    public func stop() {
        server.stop()
    }

    private func serve(_ socket: TCPSocket) {
        let timeout = requestTimeout / .seconds(1)
        socket.setTimeout(seconds: timeout)  // bounds each send: a client that does not read its answer
        let reader = HTTPReader(socket: socket, maxBodyBytes: Self.maxBodyBytes, strict: true)
        while true {
            let request: HTTPMessage
            do {
                guard let message = try reader.readMessage(deadline: .now + requestTimeout) else { return }
                request = message
            } catch {
                let answer: GatewayResponse
                var reason = error.description
                switch error {
                case .parse(.bodyTooLarge): answer = .gateway(413, "Request Entity Too Large")
                case .parse(.truncated), .socket, .timedOut(midMessage: false): return
                case .parse: answer = .gateway(400, "Bad Request")
                case .timedOut(midMessage: true):
                    answer = .gateway(408, "Request Timeout")
                    reason = "it did not complete within \(String(format: "%g", timeout)) s"
                }
                log.write("http", "rejected a request: \(reason)")
                _ = try? socket.send(HTTPWriter.response(status: answer.status, headers: answer.headers.adding("Connection", "close"), body: answer.body))
                // The rest of what the client sent is unread: closing now could reset the connection under the answer.
                socket.lingeringClose(deadline: .now + .seconds(1))
                return
            }
            let started = ContinuousClock.now
            let requestID = UUID().uuidString.lowercased()
            var ownHeaders: HTTPHeaders = ["apigw-requestid": requestID]
            if request.wantsClose { ownHeaders.add("Connection", "close") }
            let relay = StreamRelay(socket: socket, extraHeaders: ownHeaders)
            let elapsed = { String(format: "%.1f", (ContinuousClock.now - started) / .milliseconds(1)) }
            switch respond(to: request, requestID: requestID, relay: relay) {
            case .whole(let answer):
                var headers = answer.headers
                for field in ownHeaders { headers.add(field.name, field.value) }
                log.write("http", "\(request.method) \(request.target) → \(answer.status) (\(elapsed()) ms)"
                    + (answer.problem.map { ": \($0)" } ?? ""))
                do {
                    try socket.send(HTTPWriter.response(status: answer.status, headers: headers, body: answer.body))
                } catch {
                    return
                }
            case .streamed(let ending):
                log.write("http", "\(request.method) \(request.target) → \(ending.status), streamed (\(elapsed()) ms)"
                    + (ending.problem.map { ": cut off, \($0)" } ?? ""))
                if ending.problem != nil { return }
            }
            if request.wantsClose { return }
        }
    }

    /// An answer sent whole, or one relayed as the function streamed it.
    private enum Answer {
        case whole(GatewayResponse)
        case streamed(StreamRelay.Ending)
    }

    private func respond(to request: HTTPMessage, requestID: String, relay: StreamRelay) -> Answer {
        let (path, _) = HTTPAPIEvent.split(request.target)
        guard let match = routes.match(method: request.method, path: path) else { return .whole(.gateway(404, "Not Found")) }
        guard let function = functions[match.route.function] else {
            return .whole(.gateway(500, "Internal Server Error", problem: "the route's function \(match.route.function) is not running"))
        }
        let event = HTTPAPIEvent.make(for: request, match: match, host: "127.0.0.1:\(port)", requestID: requestID)
        guard let bytes = try? JSONEncoder().encode(event) else {
            return .whole(.gateway(500, "Internal Server Error", problem: "the request could not be encoded as an event"))
        }
        let result = function.invokeBlocking(Array(bytes), onStream: relay.handle)
        return relay.finish(result).map(Answer.streamed) ?? .whole(GatewayResponse(result))
    }
}

extension HTTPHeaders {
    func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.add(name, value)
        return copy
    }
}
