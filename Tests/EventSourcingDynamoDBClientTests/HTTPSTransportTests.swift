import EventSourcingDynamoDBClient
import EventSourcingLoopbackHTTP
import EventSourcingTestSupport
import Foundation
import Testing

/// Runs this test binary's `child()` test alone, in a mount namespace of its own where the system's CA bundle (which
/// OpenSSL's default store reads) is the test server's certificate, as on Lambda the system's bundle is what the client trusts. Needs
/// `unshare` and user namespaces (or root).
private func runChild(endpoint: String, certificate: String) throws -> (status: Int32, output: String) {
    let bundle = "/etc/ssl/certs/ca-certificates.crt"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = [
        "--map-root-user", "--mount", "/bin/sh", "-c", #"mount --bind "$1" "$2" && shift 2 && exec "$@""#, "sh", certificate, bundle,
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path,
        "--testing-library", "swift-testing", "--filter", "HTTPSTransportTests/child",
    ]
    process.environment = ProcessInfo.processInfo.environment.merging(["HTTPS_CHECK_ENDPOINT": endpoint]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

/// True when a process can be given a mount namespace of its own here.
private let canIsolateMounts: Bool = {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    probe.arguments = ["--map-root-user", "--mount", "true"]
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()
    return probe.terminationStatus == 0
}()

private let childEndpoint = ProcessInfo.processInfo.environment["HTTPS_CHECK_ENDPOINT"]

@Suite("HTTPS (TLS on OpenSSL): one kept connection, a dead one replaced at once, certificates checked, deadlines kept")
struct HTTPSTransportTests {
    @Test("a server whose queue of connections is full, so that a connect is never answered, is given up at the deadline",
          .enabled(if: childEndpoint == nil), .timeLimit(.minutes(1)))
    func connectDeadline() async throws {
        let listener = try TCPListener(backlog: 0)
        defer { listener.close() }
        // Never accepted: the queue fills, and the kernel drops further connection attempts unanswered.
        let queued = (0..<4).compactMap { _ in try? TCPSocket.connect(host: "127.0.0.1", port: listener.port, until: .now + .milliseconds(200)) }
        defer { queued.forEach { $0.close() } }
        // The connect itself waits, and stops at its deadline with EAGAIN.
        let refused = #expect(throws: SocketError.self) {
            try TCPSocket.connect(host: "127.0.0.1", port: listener.port, until: .now + .milliseconds(200)).close()
        }
        #expect(refused?.code == EAGAIN, "\(String(describing: refused))")
        await expectTimeout(try client("http://127.0.0.1:\(listener.port)", trusting: Self.systemBundle, timeout: .milliseconds(300)))
    }

    /// The item every request to `tls_server.py` gets, and a request for it.
    private static let item: Item = ["pk": .s("a"), "n": .n("1")]
    private static let getItem = GetItemInput(tableName: "events", key: ["pk": .s("a")])
    private static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    /// Expects `client`'s call to fail as a timeout, well before the test's own limit.
    private func expectTimeout(_ client: DynamoDBClient) async {
        let started = ContinuousClock.now
        let error = await #expect(throws: DynamoDBError.self) { _ = try await client.getItem(Self.getItem) }
        guard case .timeout = error else { Issue.record("not a timeout: \(String(describing: error))"); return }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// Expects `client`'s call to be refused, the error saying `reason`.
    private func expectRefused(_ client: DynamoDBClient, saying reason: String) async {
        let error = await #expect(throws: DynamoDBError.self) { _ = try await client.getItem(Self.getItem) }
        #expect("\(String(describing: error))".contains(reason), "\(String(describing: error))")
    }

    /// A client of `endpoint` trusting `bundle`, one attempt per call.
    private func client(_ endpoint: String, trusting bundle: String, timeout: Duration = .seconds(5)) throws -> DynamoDBClient {
        DynamoDBClient(configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: try #require(URL(string: endpoint)),
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), retry: RetryPolicy(maxAttempts: 1),
            requestTimeout: timeout, certificateAuthorities: bundle))
    }

    @Test("a certificate that does not name the host is refused, even from a trusted issuer", .enabled(if: childEndpoint == nil))
    func refusesAnotherName() async throws {
        let server = try await offThePool { try TLSServer() }
        defer { Thread { _ = server.stop() }.start() }
        // The certificate names the address 127.0.0.1 only; "localhost" reaches the same server by another name.
        await expectRefused(try client("https://localhost:\(server.port)", trusting: server.certificate), saying: "hostname mismatch")
        #expect(try await client(server.endpoint, trusting: server.certificate).getItem(Self.getItem) == Self.item)
    }

    @Test("a certificate for the name localhost only: trusted at https://localhost, refused at the address it does not name",
          .enabled(if: childEndpoint == nil))
    func checksNamesAndAddressesApart() async throws {
        let server = try await offThePool { try TLSServer(certificateName: "localhost") }
        defer { Thread { _ = server.stop() }.start() }
        #expect(try await client("https://localhost:\(server.port)", trusting: server.certificate).getItem(Self.getItem) == Self.item)
        await expectRefused(try client(server.endpoint, trusting: server.certificate), saying: "IP address mismatch")
    }

    @Test("a server that accepts the connection and never answers the handshake is given up at the deadline",
          .enabled(if: childEndpoint == nil), .timeLimit(.minutes(1)))
    func handshakeDeadline() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        await expectTimeout(try client("https://127.0.0.1:\(listener.port)", trusting: Self.systemBundle, timeout: .milliseconds(300)))
    }

    @Test("calls spread over time share one TLS connection", .enabled(if: childEndpoint == nil && canIsolateMounts, "needs unshare"))
    func keepsOneConnection() async throws {
        let server = try await offThePool { try TLSServer() }
        let child = try await offThePool { try runChild(endpoint: "https://127.0.0.1:\(server.port)", certificate: server.certificate) }
        let seen = try await offThePool { server.stop() }
        #expect(child.status == 0, "\(child.output)")
        #expect(seen.filter { $0.hasPrefix("connection") } == ["connection 1"], "\(seen)")
        #expect(seen.filter { $0.hasPrefix("request") }.count == 6, "\(seen)")
    }

    @Test("a kept connection that dies with the request unanswered is replaced and the request sent again at once, uncounted",
          .enabled(if: childEndpoint == nil && canIsolateMounts, "needs unshare"))
    func replacesDeadConnection() async throws {
        // The second request on each connection is dropped: a reused connection is dead every other call. The child's
        // client makes one attempt per call, so only the transport sending it again can save a call.
        let server = try await offThePool { try TLSServer(mode: .dropSecondRequest) }
        let child = try await offThePool { try runChild(endpoint: "https://127.0.0.1:\(server.port)", certificate: server.certificate) }
        let seen = try await offThePool { server.stop() }
        #expect(child.status == 0, "\(child.output)")
        #expect(seen.filter { $0 == "request 2" }.count == 5, "\(seen)")  // five calls met a dead connection…
        #expect(seen.filter { $0.hasPrefix("request") }.count == 6 + 5, "\(seen)")  // …and each was sent again, whole
    }

    @Test("a bundle of certificates of its own: the server's is trusted through it, and another bundle refuses the server",
          .enabled(if: childEndpoint == nil))
    func certificateAuthorities() async throws {
        let server = try await offThePool { try TLSServer() }
        // Stopped off the pool: `waitUntilExit` spins, and the cooperative pool has as many threads as cores.
        defer { Thread { _ = server.stop() }.start() }
        func client(trusting bundle: String) throws -> DynamoDBClient { try self.client(server.endpoint, trusting: bundle) }
        // Trusted only through the file: the system's bundle does not hold this server's certificate.
        #expect(try await client(trusting: server.certificate).getItem(Self.getItem) == Self.item)
        // A bundle of real roots that did not sign it (Amazon's, as scripts/package ships): the handshake fails.
        await expectRefused(try client(trusting: "/usr/share/ca-certificates/mozilla/Amazon_Root_CA_1.crt"), saying: "the server's certificate was refused")
    }

    /// What the tests above run in a child process: six `GetItem` calls through the client's own HTTPS transport, one
    /// attempt each, with idle pauses as between Lambda invocations.
    @Test("(child process) six calls over HTTPS, one attempt each", .enabled(if: childEndpoint != nil, "run by the tests above"))
    func child() async throws {
        let client = DynamoDBClient(
            configuration: DynamoDBConfiguration(
                region: "us-east-1", endpoint: try #require(URL(string: childEndpoint ?? "")),
                credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), retry: RetryPolicy(maxAttempts: 1),
                requestTimeout: .seconds(30)))
        for call in 1...6 {
            #expect(try await client.getItem(Self.getItem) == Self.item)
            if call % 2 == 0 { try await Task.sleep(for: .seconds(1)) }
        }
        #expect(client.metrics.snapshot.attempts == 6)
    }
}
