import EventSourcingDynamoDBClient
import EventSourcingLoopbackHTTP
import Foundation
import Synchronization
import Testing

/// A DynamoDB-like HTTP/1.1 server on loopback, real sockets: it answers every `GetItem` with one item and keeps
/// the connection open, unless `misbehave` says otherwise for the n-th request (from 1) of a connection.
private final class KeepAliveServer: Sendable {
    enum Behaviour: Sendable {
        case answer
        /// Answer with `Connection: close`, then close.
        case answerAndClose
        /// Read the request, then close without a byte of answer (the connection died while the client was idle).
        case closeWithoutAnswer
        /// Send the first half of the answer, then close.
        case closeMidAnswer
        /// Read the request and never answer, keeping the connection open until the client closes it.
        case neverAnswer
    }

    /// A count the connection threads share.
    private final class Counter: Sendable {
        let value = Mutex(0)
    }

    let server: ConnectionServer
    private let requests = Counter()

    init(misbehave: @escaping @Sendable (_ requestOnConnection: Int) -> Behaviour = { _ in .answer }) throws {
        server = try ConnectionServer()
        let requests = self.requests
        server.start { socket in
            let reader = HTTPReader(socket: socket, strict: true)
            var count = 0
            while let request = try? reader.readMessage(), request.method == "POST" {
                count += 1
                requests.value.withLock { $0 += 1 }
                let body = Array(#"{"Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}"#.utf8)
                switch misbehave(count) {
                case .answer: try? socket.send(HTTPWriter.response(status: 200, headers: ["Content-Type": "application/x-amz-json-1.0"], body: body))
                case .answerAndClose:
                    try? socket.send(HTTPWriter.response(status: 200, headers: ["Connection": "close"], body: body))
                    return
                case .closeWithoutAnswer: return
                case .closeMidAnswer:
                    let response = HTTPWriter.response(status: 200, body: body)
                    try? socket.send(Array(response.prefix(response.count / 2)))
                    return
                case .neverAnswer:
                    // A request sent on this connection after all (it should have been closed) is counted.
                    if (try? reader.readMessage()) != nil { requests.value.withLock { $0 += 1 } }
                    return
                }
            }
        }
    }

    /// Requests received, answered or not.
    var requestCount: Int { requests.value.withLock { $0 } }

    /// A client of this server that makes one attempt per call, each bounded by `timeout`, on `transport` (by
    /// default one of its own).
    func client(timeout: Duration = .seconds(30), transport: SocketTransport? = nil) -> DynamoDBClient {
        DynamoDBClient(configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:\(server.port)")!,
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), retry: RetryPolicy(maxAttempts: 1),
            requestTimeout: timeout), transport: transport)  // 30 s by default: a loaded machine is slow, not broken
    }

    deinit { server.stop() }
}

private let get = GetItemInput(tableName: "events", key: ["pk": .s("a")])

@Suite("SocketTransport keeps connections alive, and replaces a dead one at once")
struct SocketTransportTests {
    @Test("a keep-alive server sees one connection for many requests, spread over time")
    func reusesConnection() async throws {
        let server = try KeepAliveServer()
        let client = server.client()
        for call in 1...20 {
            #expect(try await client.getItem(get) == ["pk": .s("a"), "n": .n("1")])
            if call % 5 == 0 { try await Task.sleep(for: .milliseconds(300)) }  // idle, as between invocations
        }
        #expect(server.server.acceptedConnections == 1)
        #expect(server.requestCount == 20)
    }

    @Test("a server that answers Connection: close gets a fresh connection for each request")
    func honoursConnectionClose() async throws {
        let server = try KeepAliveServer { _ in .answerAndClose }
        let client = server.client()
        for _ in 1...5 { _ = try await client.getItem(get) }
        #expect(server.server.acceptedConnections == 5)
    }

    @Test("a kept connection that dies with the request unanswered is replaced and the request sent again at once, uncounted")
    func retriesDeadConnectionAtOnce() async throws {
        // Every second request on a connection is dropped unanswered: a reused connection is dead every other call.
        let server = try KeepAliveServer { $0 == 2 ? .closeWithoutAnswer : .answer }
        // One attempt: the client has no retry (and no backoff) of its own, so only the transport's can save a call.
        let client = server.client()
        for _ in 1...6 { #expect(try await client.getItem(get) == ["pk": .s("a"), "n": .n("1")]) }
        #expect(client.metrics.snapshot.attempts == 6)
        #expect(server.requestCount == 6 + 5)  // the first call opened a connection; the next five each lost one
        #expect(server.server.acceptedConnections == 6)
    }

    @Test("a connection that breaks after part of the answer is not retried by the transport")
    func partialAnswerIsNotRetried() async throws {
        let server = try KeepAliveServer { _ in .closeMidAnswer }
        let client = server.client()
        await #expect(throws: DynamoDBError.self) { _ = try await client.getItem(get) }
        #expect(server.requestCount == 1)
    }

    @Test("a kept connection the server closed while the client was idle costs nothing: the call goes on a fresh one")
    func skipsClosedIdleConnection() async throws {
        let server = try KeepAliveServer()
        let client = server.client()
        _ = try await client.getItem(get)
        server.server.closeConnections()  // the server side goes away while the client is idle
        try await Task.sleep(for: .milliseconds(100))
        _ = try await client.getItem(get)
        #expect(server.requestCount == 2)
        #expect(server.server.acceptedConnections == 2)
    }

    @Test("a server that never answers: the call fails as a timeout at its deadline, and the connection is not kept",
          .timeLimit(.minutes(1)))
    func unansweredRequestTimesOut() async throws {
        let first = Mutex(true)  // the first request the server sees, on any connection
        let server = try KeepAliveServer { _ in first.withLock { isFirst in defer { isFirst = false }; return isFirst } ? .neverAnswer : .answer }
        let transport = SocketTransport()  // shared, so that a connection kept after the timeout would be reused
        let impatient = server.client(timeout: .milliseconds(300), transport: transport)
        let started = ContinuousClock.now
        await #expect {
            _ = try await impatient.getItem(get)
        } throws: { error in
            guard case DynamoDBError.timeout(operation: "GetItem") = error else { return false }
            return true
        }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        _ = try await server.client(transport: transport).getItem(get)
        // Kept, the first connection would have carried this request too (counted by the silent server: 3).
        #expect(server.requestCount == 2)
        #expect(server.server.acceptedConnections == 2)
    }
}
