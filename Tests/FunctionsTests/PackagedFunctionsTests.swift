import EventSourcingDynamoDBClient
import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

/// The zips `scripts/package` made: `scripts/test` names their folder in `PACKAGED_FUNCTIONS_DIR` once it has packaged.
enum PackagedFunctions {
    static var directory: URL? {
        ProcessInfo.processInfo.environment["PACKAGED_FUNCTIONS_DIR"].map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    static var available: Bool { directory != nil && Moto.endpoint != nil && Moto.templateSettings != nil }

    /// The `bootstrap` in `<function>.zip`, unzipped into a folder of its own (`unzip`, as Lambda unpacks it).
    static func bootstrap(_ function: String) throws -> URL {
        let zip = try #require(directory).appendingPathComponent("\(function).zip")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packaged-\(function)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-q", zip.path, "-d", folder.path]
        try unzip.run()
        unzip.waitUntilExit()
        try #require(unzip.terminationStatus == 0, "unzip \(zip.path) exited \(unzip.terminationStatus)")
        return folder.appendingPathComponent("bootstrap")
    }
}

@Suite(
    "The zipped bootstraps from dist/, as Lambda would run them: under a local Runtime API, DynamoDB on moto",
    .enabled(if: PackagedFunctions.available, "needs PACKAGED_FUNCTIONS_DIR and moto: run scripts/test, which packages first")
)
struct PackagedFunctionsTests {
    @Test("the end-to-end scenario with the zipped bootstraps: commands, the stream batch, the read models back")
    func zippedFunctions() async throws {
        let bootstraps = try ["CommandFunction", "StreamProjector"].reduce(into: [String: URL]()) { $0[$1] = try PackagedFunctions.bootstrap($1) }
        defer {
            for bootstrap in bootstraps.values { try? FileManager.default.removeItem(at: bootstrap.deletingLastPathComponent()) }
        }
        try await EndToEndTests.scenario { function, environment in
            // Every symbol bound at load, not at first call: a reference this system's libraries cannot satisfy
            // (hypot@GLIBC_2.2.5, dlopen@GLIBC_2.34) stops the process at once.
            try ChildFunction(executable: try #require(bootstraps[function]), environment: environment.merging(["LD_BIND_NOW": "1"]) { $1 })
        }
    }

    /// The files process `pid` (or `self`) has mapped, from `/proc/PID/maps` (read to its end: it reports a size of 0).
    static func mappedFiles(_ pid: String) throws -> [Substring] {
        let maps = try #require(FileHandle(forReadingAtPath: "/proc/\(pid)/maps")).readToEnd() ?? Data()
        return String(decoding: maps, as: UTF8.self).split(separator: "\n").compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).last.flatMap { $0.hasPrefix("/") ? $0 : nil }
        }
    }

    /// Whether process `pid` ignores SIGPIPE (`SigIgn` in `/proc/PID/status`).
    static func ignoresSIGPIPE(_ pid: pid_t) throws -> Bool {
        let status = try #require(FileHandle(forReadingAtPath: "/proc/\(pid)/status")).readToEnd() ?? Data()
        let line = try #require(String(decoding: status, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("SigIgn:") })
        let mask = try #require(UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16))
        return mask & (1 << (UInt64(SIGPIPE) - 1)) != 0
    }

    /// Whether process `pid` has OpenSSL's libssl mapped.
    static func mapsOpenSSL(_ pid: pid_t) throws -> Bool {
        try mappedFiles(String(pid)).contains { $0.split(separator: "/").last?.hasPrefix("libssl.so") == true }
    }

    @Test("over plain HTTP the zipped CommandFunction serves a command without ever mapping OpenSSL")
    func plainHTTPWithoutOpenSSL() async throws {
        let bootstrap = try PackagedFunctions.bootstrap("CommandFunction")
        defer { try? FileManager.default.removeItem(at: bootstrap.deletingLastPathComponent()) }
        let deployment = try await Deployment()
        let api = try RuntimeAPIServer(.init(functionName: "CommandFunction"))
        let function = try ChildFunction(executable: bootstrap, environment: deployment.environment(api))
        defer { function.terminate() }

        let opened = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-http/open", body: "{}")))
        #expect(opened.statusCode == 201, "\(function.stderr)")
        #expect(try !Self.mapsOpenSSL(function.pid))
        #expect(try !Self.ignoresSIGPIPE(function.pid))  // started at its default, and left there
    }

    @Test("over HTTPS the zipped CommandFunction loads the system's OpenSSL and serves commands on one kept TLS connection")
    func overHTTPS() async throws {
        let bootstrap = try PackagedFunctions.bootstrap("CommandFunction")
        defer { try? FileManager.default.removeItem(at: bootstrap.deletingLastPathComponent()) }
        let deployment = try await Deployment()
        let moto = deployment.client.configuration.endpoint.absoluteString
        let front = try await offThePool { try TLSServer(mode: .forward(to: moto)) }
        defer { Thread { _ = front.stop() }.start() }  // if the test ends early; stopping again is a no-op
        let api = try RuntimeAPIServer(.init(functionName: "CommandFunction"))
        let function = try ChildFunction(executable: bootstrap, environment: deployment.environment(api, [
            "AWS_ENDPOINT_URL_DYNAMODB": front.endpoint, "AWS_CA_BUNDLE": front.certificate, "LD_BIND_NOW": "1",
        ]))
        defer { function.terminate() }

        let opened = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-tls/open", body: "{}")))
        #expect(opened.statusCode == 201, "\(function.stderr)")
        let deposited = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-tls/deposit", body: #"{"amount": 5}"#)))
        #expect(deposited.statusCode == 200 && object(deposited)["version"] as? Int == 2, "\(function.stderr)")
        #expect(try Self.mapsOpenSSL(function.pid))
        // OpenSSL writes with write(2): a connection the server closed must fail a write, not end the process.
        #expect(try Self.ignoresSIGPIPE(function.pid))
        function.terminate()
        let seen = try await offThePool { front.stop() }
        #expect(seen.filter { $0.hasPrefix("connection") } == ["connection 1"], "\(seen)")
        #expect(seen.filter { $0.hasPrefix("request") }.count >= 3, "\(seen)")
    }

    /// What stands in for `libssl.so.3` in a folder searched before the system's.
    enum BrokenOpenSSL: String, CaseIterable, Sendable {
        /// A real shared library (glibc's libm), without OpenSSL's functions.
        case withoutTLSFunctions = "libssl.so.3 has no function TLS_client_method"
        /// An empty file.
        case notALibrary = "HTTPS needs OpenSSL 3, and libssl.so.3 could not be loaded"

        func install(in folder: URL) throws {
            let path = folder.appendingPathComponent("libssl.so.3")
            switch self {
            case .withoutTLSFunctions:
                // The libm this test process has mapped, wherever this system keeps it; copied as the file itself, not
                // as a symbolic link, which would dangle and leave the system's libssl found.
                let libm = try #require(try PackagedFunctionsTests.mappedFiles("self").first {
                    $0.split(separator: "/").last?.hasPrefix("libm.so") == true
                })
                try FileManager.default.copyItem(at: URL(fileURLWithPath: String(libm)).resolvingSymlinksInPath(), to: path)
            case .notALibrary: try Data().write(to: path)
            }
        }
    }

    @Test("without a usable OpenSSL, a command over HTTPS is answered 503, its log line says why, nothing is sent; once the library is there, the next command is served",
          arguments: BrokenOpenSSL.allCases)
    func withoutOpenSSL(_ broken: BrokenOpenSSL) async throws {
        let bootstrap = try PackagedFunctions.bootstrap("CommandFunction")
        let folder = bootstrap.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        try broken.install(in: folder)
        let deployment = try await Deployment()
        let front = try await offThePool { try TLSServer(mode: .forward(to: deployment.client.configuration.endpoint.absoluteString)) }
        defer { Thread { _ = front.stop() }.start() }  // if the test ends early; stopping again is a no-op
        let api = try RuntimeAPIServer(.init(functionName: "CommandFunction"))
        let function = try ChildFunction(executable: bootstrap, environment: deployment.environment(api, [
            "AWS_ENDPOINT_URL_DYNAMODB": front.endpoint, "AWS_CA_BUNDLE": front.certificate, "LD_LIBRARY_PATH": folder.path,
        ]))
        defer { function.terminate() }

        let refused = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-nossl/open", body: "{}")))
        // As when DynamoDB cannot be reached: the client's retries, then 503. The reason is the operator's, not the caller's.
        #expect(refused.statusCode == 503 && !(refused.body ?? "").contains("libssl"), "\(refused)")
        let events = try await deployment.client.queryPages(QueryInput(
            tableName: deployment.eventsTable, keyConditionExpression: "pk = :pk",
            expressionAttributeValues: [":pk": .s("account#acc-nossl")])).allItems()
        #expect(events.isEmpty)

        // A failed load is not remembered: with the stand-in gone, the same process finds the system's OpenSSL.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("libssl.so.3"))
        let opened = try response(await api.invoke(Deployment.httpAPI("POST", "/accounts/acc-nossl/open", body: "{}")))
        #expect(opened.statusCode == 201, "\(function.stderr)")
        function.terminate()  // its output is whole once it has exited
        #expect(function.stderr.contains(broken.rawValue), "\(function.stderr)")
        // The one TLS connection is the served command's: the refused one sent nothing.
        let seen = try await offThePool { front.stop() }
        #expect(seen.filter { $0.hasPrefix("connection") } == ["connection 1"], "\(seen)")
    }
}
