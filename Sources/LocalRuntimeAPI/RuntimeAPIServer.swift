import Foundation
import LoopbackHTTP

/// A local implementation of the Lambda Runtime API (`2018-06-01`), faithful enough to test a runtime against.
///
/// - `GET /runtime/invocation/next` blocks until `invoke` queues an event, then answers it with the request
///   id, deadline, function ARN, trace id and (when given) client context and Cognito identity headers.
///   A client that disconnects while waiting loses nothing: the event stays queued for the next `/next`.
/// - `POST /runtime/invocation/{id}/response` and `/error` answer 202 for the invocation in flight, 400 for an
///   id never issued, 403 for one not in flight (answered already, or not yet handed out); a response over
///   `maxResponseBytes` gets 413 and fails the invocation.
/// - `POST /runtime/init/error` is recorded (`initErrors`) and answered 202.
///
/// One thread per connection, blocking sockets, HTTP/1.1 keep-alive, `TCP_NODELAY`.
public final class RuntimeAPIServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port: UInt16 = 0
        public var functionName = "function"
        /// Lambda's limit on a response body.
        public var maxResponseBytes = 6_291_556

        public init(port: UInt16 = 0, functionName: String = "function", maxResponseBytes: Int = 6_291_556) {
            self.port = port
            self.functionName = functionName
            self.maxResponseBytes = maxResponseBytes
        }
    }

    public let configuration: Configuration
    /// The bound port.
    public let port: UInt16
    /// `host:port`, the value for `AWS_LAMBDA_RUNTIME_API`.
    public var endpoint: String { "\(configuration.host):\(port)" }

    private let server: ConnectionServer
    private let state = NSCondition()
    private var queue: [PendingInvocation] = []
    private var inFlight: PendingInvocation?
    private var issued: Set<String> = []
    private var recordedInitErrors: [RecordedInitError] = []
    private var injectedStatuses: [Int] = []
    private var firstNext: UInt64?
    private var nextCount = 0
    private var stopped = false

    public init(_ configuration: Configuration = Configuration()) throws {
        self.configuration = configuration
        server = try ConnectionServer(host: configuration.host, port: configuration.port)
        port = server.port
        server.start { [self] socket in serve(socket) }
    }

    deinit { shutdown() }

    // MARK: - Driving invocations

    /// Queues `event` and waits for the runtime's answer, or for `timeout` to pass.
    public func invoke(
        _ event: [UInt8], timeout: Duration = .seconds(30), traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil
    ) async -> InvocationResult {
        await withCheckedContinuation { continuation in
            let pending = enqueue(
                event, timeout: timeout, traceID: traceID, clientContext: clientContext,
                cognitoIdentity: cognitoIdentity
            ) { continuation.resume(returning: $0) }
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(pending)
            }
        }
    }

    /// `invoke` for callers on a plain thread (the benchmark): no task hops on the measured path.
    public func invokeBlocking(_ event: [UInt8], timeout: Duration = .seconds(30)) -> InvocationResult {
        let done = NSCondition()
        nonisolated(unsafe) var result: InvocationResult?
        let pending = enqueue(event, timeout: timeout, traceID: nil, clientContext: nil, cognitoIdentity: nil) { outcome in
            done.lock()
            result = outcome
            done.signal()
            done.unlock()
        }
        let limit = Date(timeIntervalSinceNow: timeout.seconds)
        done.lock()
        while result == nil {
            if !done.wait(until: limit) { break }
        }
        done.unlock()
        if result == nil { expire(pending) }
        done.lock()
        defer { done.unlock() }
        return result ?? .timedOut
    }

    /// The init errors posted so far, oldest first.
    public var initErrors: [RecordedInitError] {
        state.lock()
        defer { state.unlock() }
        return recordedInitErrors
    }

    /// The request ids of the events queued and not yet handed out, oldest first.
    public var queuedRequestIDs: [String] {
        state.lock()
        defer { state.unlock() }
        return queue.map(\.requestID)
    }

    /// How many connections runtimes have opened so far (1 for a runtime that keeps its connection alive).
    public var acceptedConnections: Int { server.acceptedConnections }

    /// Monotonic time (nanoseconds, `DispatchTime` clock) of the first `/next` request, if any came.
    public var firstNextUptimeNanoseconds: UInt64? {
        state.lock()
        defer { state.unlock() }
        return firstNext
    }

    /// How many `/next` requests have arrived so far (a runtime process that added none never asked for work).
    public var nextRequests: Int {
        state.lock()
        defer { state.unlock() }
        return nextCount
    }

    /// Waits until a `/next` request has arrived (the runtime is ready), or `timeout` passes.
    @discardableResult
    public func waitForFirstNext(timeout: Duration = .seconds(10)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if firstNextUptimeNanoseconds != nil { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return firstNextUptimeNanoseconds != nil
    }

    /// Fails the invocation a runtime holds, if any, with an error of `type`: what Lambda does when the runtime
    /// process exits mid-invocation (`Runtime.ExitError`). Returns whether there was one.
    @discardableResult
    public func failInFlight(type: String, message: String) -> Bool {
        state.lock()
        let pending = inFlight
        inFlight = nil
        state.unlock()
        pending?.complete(.error(type: type, body: Self.errorBody(type, message)))
        return pending != nil
    }

    // MARK: - Fault injection (tests)

    /// Answers the next request (whatever it is) with `status` and an empty body.
    public func failNextRequest(status: Int) {
        state.lock()
        injectedStatuses.append(status)
        state.unlock()
    }

    /// Closes every client connection, as a network fault would; queued events stay queued.
    public func dropConnections() {
        server.closeConnections()
    }

    /// Stops accepting, closes every connection and fails the invocations still waiting.
    public func shutdown() {
        state.lock()
        if stopped {
            state.unlock()
            return
        }
        stopped = true
        let waiting = queue + (inFlight.map { [$0] } ?? [])
        queue.removeAll()
        inFlight = nil
        state.broadcast()
        state.unlock()
        server.stop()
        for pending in waiting { pending.complete(.serverStopped) }
    }

    // MARK: - Internals

    private func enqueue(
        _ event: [UInt8], timeout: Duration, traceID: String?, clientContext: String?, cognitoIdentity: String?,
        onComplete: @escaping @Sendable (InvocationResult) -> Void
    ) -> PendingInvocation {
        let requestID = UUID().uuidString.lowercased()
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(timeout.seconds * 1000)
        var headers: [(String, String)] = [
            ("Lambda-Runtime-Aws-Request-Id", requestID),
            ("Lambda-Runtime-Deadline-Ms", String(deadline)),
            ("Lambda-Runtime-Invoked-Function-Arn",
             "arn:aws:lambda:us-east-1:000000000000:function:\(configuration.functionName)"),
            ("Lambda-Runtime-Trace-Id", traceID ?? Self.makeTraceID()),
        ]
        if let clientContext { headers.append(("Lambda-Runtime-Client-Context", clientContext)) }
        if let cognitoIdentity { headers.append(("Lambda-Runtime-Cognito-Identity", cognitoIdentity)) }
        let pending = PendingInvocation(
            requestID: requestID, event: event, deadlineMilliseconds: deadline, headers: headers,
            onComplete: onComplete)
        state.lock()
        if stopped {
            state.unlock()
            pending.complete(.serverStopped)
            return pending
        }
        issued.insert(requestID)
        queue.append(pending)
        state.broadcast()
        state.unlock()
        return pending
    }

    private func expire(_ pending: PendingInvocation) {
        state.lock()
        queue.removeAll { $0 === pending }
        if inFlight === pending { inFlight = nil }
        state.unlock()
        pending.complete(.timedOut)
    }

    private func serve(_ socket: TCPSocket) {
        let reader = HTTPReader(socket: socket)
        while true {
            guard let request = try? reader.readMessage() else { return }
            switch route(request, socket: socket) {
            case .reply(let status, let headers, let body):
                do {
                    try socket.send(HTTPWriter.response(status: status, headers: headers, body: body))
                } catch {
                    return
                }
            case .sent: continue
            case .close: return
            }
        }
    }

    private typealias Reply = (Int, HTTPHeaders, [UInt8])

    /// What to do after a request: reply, nothing more (the reply went out already), or close the connection.
    private enum Outcome {
        case reply(Int, HTTPHeaders, [UInt8])
        case sent
        case close

        init(_ reply: Reply) { self = .reply(reply.0, reply.1, reply.2) }
    }

    private func route(_ request: HTTPMessage, socket: TCPSocket) -> Outcome {
        state.lock()
        let injected = injectedStatuses.isEmpty ? nil : injectedStatuses.removeFirst()
        state.unlock()
        if let injected { return .reply(injected, [:], []) }

        let parts = request.target.split(separator: "?")[0].split(separator: "/").map(String.init)
        let invocation = parts.count == 5 && parts[..<3] == ["2018-06-01", "runtime", "invocation"]
        switch (request.method, invocation ? parts[4] : parts.joined(separator: "/")) {
        case ("GET", "2018-06-01/runtime/invocation/next"):
            return nextInvocation(socket: socket)
        case ("POST", "response") where invocation:
            return Outcome(answer(parts[3]) { pending in
                if request.body.count > configuration.maxResponseBytes {
                    pending.complete(.responseTooLarge(size: request.body.count))
                    return (413, [:], Self.errorBody("RequestEntityTooLarge", "response of \(request.body.count) bytes exceeds the limit of \(configuration.maxResponseBytes)"))
                }
                pending.complete(.response(request.body))
                return (202, [:], Array(#"{"status":"OK"}"#.utf8))
            })
        case ("POST", "error") where invocation:
            return Outcome(answer(parts[3]) { pending in
                let type = request.headers["Lambda-Runtime-Function-Error-Type"] ?? "Unhandled"
                pending.complete(.error(type: type, body: request.body))
                return (202, [:], Array(#"{"status":"OK"}"#.utf8))
            })
        case ("POST", "2018-06-01/runtime/init/error"):
            state.lock()
            recordedInitErrors.append(RecordedInitError(
                type: request.headers["Lambda-Runtime-Function-Error-Type"] ?? "Unhandled", body: request.body))
            state.unlock()
            return .reply(202, [:], Array(#"{"status":"OK"}"#.utf8))
        default:
            return .reply(404, [:], Self.errorBody("InvalidRequest", "no such route: \(request.method) \(request.target)"))
        }
    }

    private func nextInvocation(socket: TCPSocket) -> Outcome {
        state.lock()
        if firstNext == nil { firstNext = DispatchTime.now().uptimeNanoseconds }
        nextCount += 1
        while queue.isEmpty {
            if stopped {
                state.unlock()
                return .close
            }
            // Wake up now and then to notice a client that gave up waiting, so its event is not handed to nobody.
            _ = state.wait(until: Date(timeIntervalSinceNow: 0.1))
            if queue.isEmpty && socket.peerHasClosed {
                state.unlock()
                return .close
            }
        }
        let pending = queue.removeFirst()
        // A runtime that asks for more work has given up on the invocation it held.
        let abandoned = inFlight
        inFlight = pending
        state.unlock()
        abandoned?.complete(.error(type: "Runtime.NoAnswer", body: Self.errorBody("Runtime.NoAnswer", "the runtime asked for the next event without answering this one")))

        var headers = HTTPHeaders()
        for (name, value) in pending.headers { headers.add(name, value) }
        headers.add("Content-Type", "application/json")
        do {
            try socket.send(HTTPWriter.response(status: 200, headers: headers, body: pending.event))
        } catch {
            state.lock()
            if inFlight === pending { inFlight = nil }
            queue.insert(pending, at: 0)
            state.broadcast()
            state.unlock()
            return .close
        }
        return .sent
    }

    private func answer(_ id: String, _ accept: (PendingInvocation) -> Reply) -> Reply {
        state.lock()
        guard issued.contains(id) else {
            state.unlock()
            return (400, [:], Self.errorBody("InvalidRequestID", "unknown request id \(id)"))
        }
        guard let pending = inFlight, pending.requestID == id else {
            state.unlock()
            return (403, [:], Self.errorBody("InvalidStateTransition", "request \(id) is not awaiting an answer"))
        }
        inFlight = nil
        state.unlock()
        return accept(pending)
    }

    /// A Runtime API error body; the message may hold anything (a request target, say) and is escaped.
    private static func errorBody(_ type: String, _ message: String) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(["errorType": type, "errorMessage": message])) ?? Data())
    }

    private static func makeTraceID() -> String {
        let epoch = String(Int(Date().timeIntervalSince1970), radix: 16)
        func hex(_ count: Int) -> String {
            let digits = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            return String((String(repeating: "0", count: 16) + digits).suffix(min(count, 16)))
                + (count > 16 ? hex(count - 16) : "")
        }
        return "Root=1-\(epoch)-\(hex(24));Parent=\(hex(16));Sampled=0"
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
