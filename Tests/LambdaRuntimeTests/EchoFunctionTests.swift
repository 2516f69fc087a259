import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation
import Testing

@Suite("EchoFunction, built and run as a child process against a local Runtime API")
struct EchoFunctionTests {
    private func start(
        _ extra: [String: String] = [:], server configuration: RuntimeAPIServer.Configuration = .init()
    ) throws -> (RuntimeAPIServer, ChildFunction) {
        try startEcho(extra, server: configuration)
    }

    @Test("echoes the JSON event it receives")
    func echoes() async throws {
        let (server, child) = try start()
        defer { child.terminate() }
        let event = #"{"hello":"world","n":[1,2,3]}"#
        #expect(await server.invoke(Array(event.utf8)).text == event)
        #expect(await server.invoke(Array("[]".utf8)).text == "[]")
    }

    @Test("{\"throw\": message} is posted as Function.EchoError and the next invocation is served")
    func throwsOnRequest() async throws {
        let (server, child) = try start()
        defer { child.terminate() }
        let failed = await server.invoke(Array(#"{"throw":"boom"}"#.utf8))
        #expect(failed.errorType == "Function.EchoError")
        #expect(failed.errorObject?["errorMessage"] as? String == "boom")
        #expect(await server.invoke(Array("{}".utf8)).text == "{}")
    }

    @Test("{\"bytes\": N} answers a JSON string of N characters")
    func answersBytes() async throws {
        let (server, child) = try start()
        defer { child.terminate() }
        let text = try #require(await server.invoke(Array(#"{"bytes":1000}"#.utf8)).text)
        #expect(text == "\"" + String(repeating: "x", count: 1000) + "\"")
    }

    @Test("a response over Lambda's limit is a function error, and the function keeps serving")
    func oversized() async throws {
        let (server, child) = try start()
        defer { child.terminate() }
        let result = await server.invoke(Array(#"{"bytes":6291555}"#.utf8))
        #expect(result.errorType == "Function.ResponseSizeTooLarge")
        #expect(await server.invoke(Array("1".utf8)).text == "1")
    }

    @Test("without AWS_LAMBDA_RUNTIME_API it prints a clear message to stderr and exits 1")
    func missingRuntimeAPI() async throws {
        let child = try ChildFunction(product: "EchoFunction", environment: [:])
        #expect(await child.waitForExit() == .exited(1))
        #expect(child.stderr.contains("AWS_LAMBDA_RUNTIME_API is not set"))
    }

    @Test("invalid configuration is posted to /runtime/init/error, then the process exits 1")
    func invalidConfiguration() async throws {
        let (server, child) = try start(["ECHO_MAX_BYTES": "lots"])
        #expect(await child.waitForExit() == .exited(1))
        let recorded = try #require(server.initErrors.first)
        #expect(recorded.type == "Runtime.InvalidConfiguration")
        #expect(String(decoding: recorded.body, as: UTF8.self).contains("ECHO_MAX_BYTES"))
        #expect(server.firstNextUptimeNanoseconds == nil)
    }

    @Test("a 500 from the Runtime API makes the process exit 1")
    func serverErrorExits() async throws {
        let (server, child) = try start()
        #expect(await server.waitForFirstNext())
        server.failNextRequest(status: 500)
        server.dropConnections()
        #expect(await child.waitForExit() == .exited(1))
        #expect(child.stderr.contains("500"))
    }

    @Test("a connection dropped while waiting on /next is reopened and the event is served")
    func reconnects() async throws {
        let (server, child) = try start()
        defer { child.terminate() }
        #expect(await server.waitForFirstNext())
        server.dropConnections()
        #expect(await server.invoke(Array("\"again\"".utf8)).text == "\"again\"")
        #expect(server.acceptedConnections == 2)
    }

    @Test("SIGTERM stops it, even when its parent started it with termination signals blocked")
    func stopsOnSIGTERM() async throws {
        let (server, child) = try start()
        #expect(await server.waitForFirstNext())
        kill(child.pid, SIGTERM)
        _ = await child.waitForExit(timeout: .seconds(5))
        #expect(child.process.exitStatus == .signalled(SIGTERM))
    }

    @Test("JSON log lines parse and carry timestamp, level, message and request id")
    func jsonLogs() async throws {
        let (server, child) = try start(["AWS_LAMBDA_LOG_FORMAT": "JSON"])
        let result = await server.invoke(Array(#"{"throw":"line\nbreak \"quoted\""}"#.utf8))
        child.terminate()
        let lines = child.stderr.split(separator: "\n").filter { $0.contains("invocation failed") }
        let line = try #require(lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "ERROR")
        #expect((object["message"] as? String)?.contains("line\nbreak \"quoted\"") == true)
        #expect(object["requestId"] as? String != nil)
        #expect(object["errorType"] as? String == "Function.EchoError")
        #expect((object["timestamp"] as? String)?.hasSuffix("Z") == true)
        #expect(result.errorType == "Function.EchoError")
    }

    @Test("AWS_LAMBDA_LOG_LEVEL filters lines below it")
    func levelFilter() async throws {
        let (server, child) = try start(["AWS_LAMBDA_LOG_LEVEL": "FATAL"])
        _ = await server.invoke(Array(#"{"throw":"quiet"}"#.utf8))
        child.terminate()
        #expect(!child.stderr.contains("invocation failed"))
    }

    @Test("the secret key and session token never reach the logs")
    func secretsRedacted() async throws {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"
        let (server, child) = try start(["AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token])
        _ = await server.invoke(Array(#"{"throw":"leaked \#(secret) and \#(token)"}"#.utf8))
        child.terminate()
        #expect(child.stderr.contains("invocation failed"))
        #expect(child.stderr.contains("[REDACTED]"))
        #expect(!child.stderr.contains(secret))
        #expect(!child.stderr.contains(token))
    }
}
