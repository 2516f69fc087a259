import EventSourcingLoopbackHTTP
import Foundation

/// A local implementation of the Lambda Runtime API (`2018-06-01`), faithful enough to test a runtime against.
///
/// - `GET /runtime/invocation/next` blocks until `invoke` queues an event, then answers it with the request
///   id, deadline, function ARN, trace id and (when given) client context, Cognito identity and tenant id headers.
///   A client that disconnects while waiting loses nothing: the event stays queued for the next `/next`. Up to
///   `maxConcurrency` events are out at once (Lambda Managed Instances), one per connection; a `/next` on a
///   connection gives up the event handed out on it and not answered (with one at a time, any event out).
/// - `POST /runtime/invocation/{id}/response` and `/error` answer 202 for an invocation in flight, 400 for an
///   id never issued, 403 for one not in flight (answered already, or not yet handed out); a response over
///   `maxResponseBytes` gets 413 and fails the invocation. A streamed response (see `receiveStream`) is read as
///   it arrives, up to `maxStreamedResponseBytes`.
/// - `POST /runtime/init/error` is recorded (`initErrors`) and answered 202.
///
/// One thread per connection, blocking sockets, HTTP/1.1 keep-alive, `TCP_NODELAY`.
public final class RuntimeAPIServer: @unchecked Sendable {
    /// How the server behaves.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port: UInt16 = 0
        /// The function name in the ARN handed out.
        public var functionName = "function"
        /// Lambda's limit on a buffered response body.
        public var maxResponseBytes = 6_291_556
        /// The limit on a streamed response (200 MiB in Lambda today, a soft limit); lower it to test the limit cheaply.
        public var maxStreamedResponseBytes = 200 * 1024 * 1024
        /// How many invocations may be out at once: 1, or what `AWS_LAMBDA_MAX_CONCURRENCY` says under Managed Instances.
        public var maxConcurrency = 1

        /// A configuration; every argument has Lambda's value by default.
        public init(
            port: UInt16 = 0, functionName: String = "function", maxResponseBytes: Int = 6_291_556,
            maxStreamedResponseBytes: Int = 200 * 1024 * 1024, maxConcurrency: Int = 1
        ) {
            self.port = port
            self.functionName = functionName
            self.maxResponseBytes = maxResponseBytes
            self.maxStreamedResponseBytes = maxStreamedResponseBytes
            self.maxConcurrency = maxConcurrency
        }
    }

    /// How many requests `requests` keeps (the most recent).
    public static let requestLogLength = 1_000

    /// The configuration it runs with.
    public let configuration: Configuration
    /// The bound port.
    public let port: UInt16
    /// `host:port`, the value for `AWS_LAMBDA_RUNTIME_API`.
    public var endpoint: String { "\(configuration.host):\(port)" }

    private let server: ConnectionServer
    let state = NSCondition()
    private var queue: [PendingInvocation] = []
    /// The invocations handed out and not answered, with the connection each went out on.
    private var inFlight: [String: (invocation: PendingInvocation, connection: Int)] = [:]
    private var mostInFlight = 0
    private var issued: Set<String> = []
    private var recordedInitErrors: [RecordedInitError] = []
    private var recordedRequests: [RecordedRequest] = []
    private var injectedStatuses: [Int] = []
    /// When the invocations `invoke` queued time out, watched by a thread of the server's own: a timer task would
    /// wait for a thread of Swift's cooperative pool, which callers blocking in tests can keep busy for seconds.
    private var deadlines: [(deadline: ContinuousClock.Instant, invocation: PendingInvocation)] = []
    private var watchingDeadlines = false
    private var connections = 0
    private var firstNext: UInt64?
    private var nextCount = 0
    private var stopped = false

    /// Starts listening with `configuration`.
    public init(_ configuration: Configuration = Configuration()) throws {
        self.configuration = configuration
        server = try ConnectionServer(host: configuration.host, port: configuration.port)
        port = server.port
        server.start { [self] socket in serve(socket) }
    }

    deinit { shutdown() }

    // MARK: - Driving invocations

    /// Queues `event` and waits for the runtime's answer, or for `timeout` to pass. `requestID` (unique) is made up
    /// when not given; `tenantID` is sent as `Lambda-Runtime-Aws-Tenant-Id`; `onStream` hears of a streamed response
    /// as it arrives.
    public func invoke(
        _ event: [UInt8], timeout: Duration = .seconds(30), traceID: String? = nil, clientContext: String? = nil,
        cognitoIdentity: String? = nil, tenantID: String? = nil, requestID: String? = nil,
        onStream: (@Sendable (ResponseStreamEvent) -> Void)? = nil
    ) async -> InvocationResult {
        await withCheckedContinuation { continuation in
            let headers = Self.optionalHeaders(clientContext: clientContext, cognitoIdentity: cognitoIdentity, tenantID: tenantID)
            let pending = enqueue(event, timeout: timeout, requestID: requestID, traceID: traceID, headers: headers, onStream: onStream) {
                continuation.resume(returning: $0)
            }
            expire(pending, at: .now + timeout)
        }
    }

    /// `invoke` for callers on a plain thread (the benchmark, the HTTP front): no task hops on the measured path.
    public func invokeBlocking(
        _ event: [UInt8], timeout: Duration = .seconds(30), onStream: (@Sendable (ResponseStreamEvent) -> Void)? = nil
    ) -> InvocationResult {
        let done = NSCondition()
        nonisolated(unsafe) var result: InvocationResult?
        let pending = enqueue(event, timeout: timeout, requestID: nil, traceID: nil, headers: [], onStream: onStream) { outcome in
            done.lock()
            result = outcome
            done.signal()
            done.unlock()
        }
        let limit = Date(timeIntervalSinceNow: timeout / .seconds(1))
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

    /// The requests handled so far, in the order they were handled (the last `requestLogLength`); one that
    /// closed its connection is among them.
    public var requests: [RecordedRequest] {
        state.lock()
        defer { state.unlock() }
        return recordedRequests
    }

    /// The request ids of the events queued and not yet handed out, oldest first.
    public var queuedRequestIDs: [String] {
        state.lock()
        defer { state.unlock() }
        return queue.map(\.requestID)
    }

    /// The most invocations that have been out at once.
    public var mostInvocationsInFlight: Int {
        state.lock()
        defer { state.unlock() }
        return mostInFlight
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

    /// Waits until `count` `/next` requests have arrived (the runtime is ready), or `timeout` passes.
    @discardableResult
    public func waitForFirstNext(count: Int = 1, timeout: Duration = .seconds(10)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if nextRequests >= count { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return nextRequests >= count
    }

    /// Fails the invocations a runtime holds, if any, with an error of `type`: what Lambda does when the runtime
    /// process exits mid-invocation (`Runtime.ExitError`). Returns whether there were any.
    @discardableResult
    public func failInFlight(type: String, message: String) -> Bool {
        state.lock()
        let held = inFlight.values.map(\.invocation)
        inFlight.removeAll()
        state.broadcast()
        state.unlock()
        for pending in held { pending.complete(.error(type: type, body: Self.errorBody(type, message))) }
        return !held.isEmpty
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
        let waiting = queue + inFlight.values.map(\.invocation)
        queue.removeAll()
        inFlight.removeAll()
        state.broadcast()
        state.unlock()
        server.stop()
        for pending in waiting { pending.complete(.serverStopped) }
    }

    // MARK: - Internals

    private static func optionalHeaders(clientContext: String?, cognitoIdentity: String?, tenantID: String?) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let clientContext { headers.append(("Lambda-Runtime-Client-Context", clientContext)) }
        if let cognitoIdentity { headers.append(("Lambda-Runtime-Cognito-Identity", cognitoIdentity)) }
        if let tenantID { headers.append(("Lambda-Runtime-Aws-Tenant-Id", tenantID)) }
        return headers
    }

    private func enqueue(
        _ event: [UInt8], timeout: Duration, requestID: String?, traceID: String?, headers optional: [(String, String)],
        onStream: (@Sendable (ResponseStreamEvent) -> Void)?, onComplete: @escaping @Sendable (InvocationResult) -> Void
    ) -> PendingInvocation {
        let requestID = requestID ?? UUID().uuidString.lowercased()
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(timeout / .milliseconds(1))
        let headers: [(String, String)] = [
            ("Lambda-Runtime-Aws-Request-Id", requestID),
            ("Lambda-Runtime-Deadline-Ms", String(deadline)),
            ("Lambda-Runtime-Invoked-Function-Arn",
             "arn:aws:lambda:us-east-1:000000000000:function:\(configuration.functionName)"),
            ("Lambda-Runtime-Trace-Id", traceID ?? Self.makeTraceID()),
        ] + optional
        let pending = PendingInvocation(
            requestID: requestID, event: event, deadlineMilliseconds: deadline, headers: headers, onStream: onStream,
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

    /// Fails `pending` as timed out at `deadline`, if it is not over by then.
    private func expire(_ pending: PendingInvocation, at deadline: ContinuousClock.Instant) {
        state.lock()
        deadlines.append((deadline, pending))
        let start = !watchingDeadlines
        watchingDeadlines = true
        state.broadcast()
        state.unlock()
        if start { DetachedThread.start { [self] in watchDeadlines() } }
    }

    /// Expires what is due, then sleeps until the next deadline; ends with the server.
    private func watchDeadlines() {
        state.lock()
        while !stopped {
            let now = ContinuousClock.now
            let due = deadlines.filter { $0.deadline <= now }.map(\.invocation)
            if due.isEmpty {
                let next = deadlines.map(\.deadline).min() ?? now + .seconds(1)
                _ = state.wait(until: Date(timeIntervalSinceNow: min((next - now) / .seconds(1), 1)))
                continue
            }
            deadlines.removeAll { $0.deadline <= now }
            state.unlock()
            for pending in due { expire(pending) }
            state.lock()
        }
        state.unlock()
    }

    private func expire(_ pending: PendingInvocation) {
        state.lock()
        queue.removeAll { $0 === pending }
        if inFlight[pending.requestID]?.invocation === pending { inFlight[pending.requestID] = nil }
        state.broadcast()
        state.unlock()
        pending.complete(.timedOut)
    }

    private func serve(_ socket: TCPSocket) {
        state.lock()
        connections += 1
        let connection = connections
        state.unlock()
        let reader = HTTPReader(socket: socket)
        while true {
            guard var request = try? reader.readHead() else { return }
            let received = DispatchTime.now().uptimeNanoseconds
            let outcome: Outcome
            if let id = streamedResponseID(request) {
                outcome = receiveStream(request, id: id, reader: reader, socket: socket)
            } else {
                do {
                    try reader.readBody(into: &request)
                } catch {
                    return
                }
                outcome = route(request, socket: socket, connection: connection)
            }
            // Before the reply goes out: the runtime may act on it before this thread runs again.
            record(request, connection: connection, received: received)
            switch outcome {
            case .reply(let status, let headers, let body):
                do {
                    try socket.send(HTTPWriter.response(status: status, headers: headers, body: body))
                } catch {
                    return
                }
            case .sent: break
            case .close: return
            }
        }
    }

    private func record(_ request: HTTPMessage, connection: Int, received: UInt64) {
        let entry = RecordedRequest(
            method: request.method, target: request.target, connection: connection, receivedUptimeNanoseconds: received,
            handledUptimeNanoseconds: DispatchTime.now().uptimeNanoseconds)
        state.lock()
        if recordedRequests.count == Self.requestLogLength { recordedRequests.removeFirst() }
        recordedRequests.append(entry)
        state.unlock()
    }

    typealias Reply = (Int, HTTPHeaders, [UInt8])

    /// What to do after a request: reply, nothing more (the reply went out already), or close the connection.
    enum Outcome {
        case reply(Int, HTTPHeaders, [UInt8])
        case sent
        case close

        init(_ reply: Reply) { self = .reply(reply.0, reply.1, reply.2) }
    }

    /// The path's parts when it is `/2018-06-01/runtime/invocation/{id}/{kind}`.
    static func invocationPath(_ target: String) -> (id: String, kind: String)? {
        let parts = target.split(separator: "?")[0].split(separator: "/").map(String.init)
        guard parts.count == 5, parts[..<3] == ["2018-06-01", "runtime", "invocation"] else { return nil }
        return (parts[3], parts[4])
    }

    /// A fault injected for the next request, if any.
    func injectedStatus() -> Int? {
        state.lock()
        defer { state.unlock() }
        return injectedStatuses.isEmpty ? nil : injectedStatuses.removeFirst()
    }

    private func route(_ request: HTTPMessage, socket: TCPSocket, connection: Int) -> Outcome {
        if let injected = injectedStatus() { return .reply(injected, [:], []) }
        let invocation = Self.invocationPath(request.target)
        switch (request.method, invocation?.kind ?? request.target.split(separator: "?")[0].description) {
        case ("GET", "/2018-06-01/runtime/invocation/next"):
            return nextInvocation(socket: socket, connection: connection)
        case ("POST", "response") where invocation != nil:
            return Outcome(answer(invocation!.id) { pending in
                if request.body.count > configuration.maxResponseBytes {
                    pending.complete(.responseTooLarge(size: request.body.count))
                    return (413, [:], Self.errorBody("RequestEntityTooLarge", "response of \(request.body.count) bytes exceeds the limit of \(configuration.maxResponseBytes)"))
                }
                pending.complete(.response(request.body))
                return Self.accepted
            })
        case ("POST", "error") where invocation != nil:
            return Outcome(answer(invocation!.id) { pending in
                let type = request.headers["Lambda-Runtime-Function-Error-Type"] ?? "Unhandled"
                pending.complete(.error(type: type, body: request.body))
                return Self.accepted
            })
        case ("POST", "/2018-06-01/runtime/init/error"):
            state.lock()
            recordedInitErrors.append(RecordedInitError(
                type: request.headers["Lambda-Runtime-Function-Error-Type"] ?? "Unhandled", body: request.body))
            state.unlock()
            return Outcome(Self.accepted)
        default:
            return .reply(404, [:], Self.errorBody("InvalidRequest", "no such route: \(request.method) \(request.target)"))
        }
    }

    static let accepted: Reply = (202, [:], Array(#"{"status":"OK"}"#.utf8))

    private func nextInvocation(socket: TCPSocket, connection: Int) -> Outcome {
        state.lock()
        if firstNext == nil { firstNext = DispatchTime.now().uptimeNanoseconds }
        nextCount += 1
        // A runtime that asks for more work on a connection has given up on the invocation it got there; one serving
        // a single invocation at a time (perhaps on a new connection) has given up on whatever it held.
        let abandoned = inFlight.filter { $0.value.connection == connection || configuration.maxConcurrency == 1 }
        for id in abandoned.keys { inFlight[id] = nil }
        while queue.isEmpty || inFlight.count >= configuration.maxConcurrency {
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
        inFlight[pending.requestID] = (pending, connection)
        mostInFlight = max(mostInFlight, inFlight.count)
        state.unlock()
        for held in abandoned.values {
            held.invocation.complete(.error(type: "Runtime.NoAnswer", body: Self.errorBody("Runtime.NoAnswer", "the runtime asked for the next event without answering this one")))
        }

        var headers = HTTPHeaders()
        for (name, value) in pending.headers { headers.add(name, value) }
        headers.add("Content-Type", "application/json")
        do {
            try socket.send(HTTPWriter.response(status: 200, headers: headers, body: pending.event))
        } catch {
            state.lock()
            if inFlight[pending.requestID]?.invocation === pending { inFlight[pending.requestID] = nil }
            queue.insert(pending, at: 0)
            state.broadcast()
            state.unlock()
            return .close
        }
        return .sent
    }

    /// Takes the invocation `id` out of flight for its answer and runs `accept` with it; 400 for an id never issued,
    /// 403 for one not in flight.
    func answer(_ id: String, _ accept: (PendingInvocation) -> Reply) -> Reply {
        state.lock()
        guard issued.contains(id) else {
            state.unlock()
            return (400, [:], Self.errorBody("InvalidRequestID", "unknown request id \(id)"))
        }
        guard let pending = inFlight.removeValue(forKey: id)?.invocation else {
            state.unlock()
            return (403, [:], Self.errorBody("InvalidStateTransition", "request \(id) is not awaiting an answer"))
        }
        state.broadcast()  // a slot is free for a waiting /next
        state.unlock()
        return accept(pending)
    }

    /// A Runtime API error body; the message may hold anything (a request target, say) and is escaped.
    static func errorBody(_ type: String, _ message: String) -> [UInt8] {
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
