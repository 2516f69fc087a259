import EventSourcingLocalRuntimeAPI
import EventSourcingLoopbackHTTP
import Synchronization

/// Relays a function's streamed response to the front's client as it arrives, as a function URL in
/// `RESPONSE_STREAM` mode does: a chunked HTTP response whose status and headers come from the stream's prelude
/// (content type `application/vnd.awslambda.http-integration-response`), or 200 `application/octet-stream` for a
/// stream without one; each chunk is sent on as it comes.
///
/// Once the status is sent it cannot change: if the function then fails (an error in the trailers, the streamed
/// limit, its timeout), the response is cut off, without its last chunk, so that the client can tell it is
/// incomplete. Before that (a prelude that never completes or does not parse), nothing has been sent and the front
/// answers as API Gateway would (`GatewayResponse`).
final class StreamRelay: Sendable {
    /// How a relayed response ended.
    struct Ending {
        /// The status sent.
        var status: Int
        /// Why it was cut off; nil when it ended whole.
        var problem: String?
    }

    private enum Phase {
        case waiting
        /// The bytes of the prelude so far.
        case prelude([UInt8])
        case relaying(status: Int)
        /// The prelude does not parse: nothing was sent.
        case invalid
        /// Sending to the client failed.
        case clientGone(status: Int)
    }

    private let socket: TCPSocket
    /// Headers of the front's own to add to the function's (`apigw-requestid`, `Connection: close`).
    private let extraHeaders: HTTPHeaders
    private let phase = Mutex(Phase.waiting)

    init(socket: TCPSocket, extraHeaders: HTTPHeaders) {
        self.socket = socket
        self.extraHeaders = extraHeaders
    }

    /// Takes the next part of the stream (on the Runtime API server's connection thread).
    func handle(_ event: ResponseStreamEvent) {
        phase.withLock { phase in
            switch (phase, event) {
            case (.waiting, .started(let contentType)):
                if contentType == GatewayResponse.httpIntegration {
                    phase = .prelude([])
                } else {
                    phase = start(status: 200, headers: ["Content-Type": "application/octet-stream"], first: [])
                }
            case (.prelude(var bytes), .chunk(let chunk)):
                bytes += chunk
                switch GatewayResponse.prelude(bytes) {
                case .incomplete: phase = .prelude(bytes)
                case .invalid: phase = .invalid
                case .complete(let head, let bodyStart):
                    phase = start(status: head.status, headers: head.headers, first: Array(bytes[bodyStart...]))
                }
            case (.relaying(let status), .chunk(let chunk)):
                phase = send(HTTPWriter.chunk(chunk), status: status)
            default:
                break
            }
        }
    }

    /// Ends the relay once the invocation is over: nil when nothing was sent (the front answers `result` as a whole).
    func finish(_ result: InvocationResult) -> Ending? {
        phase.withLock { phase -> Ending? in
            switch phase {
            case .waiting, .prelude, .invalid:
                return nil
            case .clientGone(let status):
                return Ending(status: status, problem: "the client went away")
            case .relaying(let status):
                guard case .streamed(let response) = result, response.failure == nil else {
                    return Ending(status: status, problem: GatewayResponse(result).problem ?? "the stream failed")
                }
                phase = send(HTTPWriter.lastChunk(), status: status)
                if case .clientGone = phase { return Ending(status: status, problem: "the client went away") }
                return Ending(status: status, problem: nil)
            }
        }
    }

    private func start(status: Int, headers: HTTPHeaders, first: [UInt8]) -> Phase {
        var all = headers
        for field in extraHeaders { all.add(field.name, field.value) }
        return send(HTTPWriter.chunkedResponseHead(status: status, headers: all) + HTTPWriter.chunk(first), status: status)
    }

    private func send(_ bytes: [UInt8], status: Int) -> Phase {
        do {
            try socket.send(bytes)
            return .relaying(status: status)
        } catch {
            return .clientGone(status: status)
        }
    }
}
